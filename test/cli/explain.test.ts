// A CLI that explains itself: version, help with examples for every command and subcommand,
// unknown flags with the nearest valid one, configuration errors that name the flag or variable
// the user set and the fix, sessions as a table, and users update within Okta's requirements.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { SUBCOMMAND_HELP } from "../../src/cli/help.js";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { envFor, run, SOURCE_ID } from "./helpers.js";

let mock: MockOkta;
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const S = ["--source", SOURCE_ID];
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

describe("version and help", () => {
  test.each([["--version"], ["-v"], ["version"]])("%s prints the package version", async (flag) => {
    const result = await run([flag]);
    expect(result).toEqual({ code: 0, stdout: `okta-idsrc ${pkg.version}\n`, stderr: "" });
  });

  const commands = ["import", "sync", "sessions", "users", "groups", "mock", "inspect"];
  test.each(commands)("help %s and %s --help print the same help, with examples", async (c) => {
    const viaHelp = await run(["help", c]);
    const viaFlag = await run([c, "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(new RegExp(`^Usage: okta-idsrc ${c}`));
    expect(viaHelp.stdout).toMatch(new RegExp(`Examples?:\\n  okta-idsrc ${c} `));
  });

  const subcommands = Object.entries(SUBCOMMAND_HELP).flatMap(([c, subs]) =>
    Object.keys(subs).map((s) => [c, s] as const),
  );
  test.each(subcommands)("%s %s --help prints that subcommand's help and example", async (c, s) => {
    const viaFlag = await run([c, s, "--help"]);
    const viaHelp = await run(["help", c, s]);
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
    expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: okta-idsrc ${c} ${s}`));
    expect(viaFlag.stdout).toMatch(new RegExp(`Example:\\n  okta-idsrc ${c} ${s} `));
    expect(viaFlag.stdout).toContain("--org-url"); // the command's options follow
  });

  test("unknown commands and flags get our message and the nearest valid name", async () => {
    expect((await run(["improt"])).stderr).toContain(
      'unknown command "improt" (did you mean "import"?)',
    );
    const flag = await run(["import", "--user", "u.csv"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown flag --user; did you mean --users?");
    expect((await run(["sync", "--dryrun"])).stderr).toContain("did you mean --dry-run?");
    expect((await run(["users", "get", "x", "--sorce", "y"])).stderr).toContain(
      "did you mean --source?",
    );
    const missing = await run(["import", "--users"]);
    expect(missing.stderr).toContain("--users needs a value");
    expect(missing.stderr).not.toMatch(/ERR_PARSE_ARGS|Option '/);
  });
});

describe("configuration errors name what the user set and the fix", () => {
  const list = (env: Record<string, string>, ...flags: string[]) =>
    run(["sessions", "list", ...S, ...flags], { env: { OKTA_CLIENT_TOKEN: "t0k3n", ...env } });

  test.each([
    [
      { OKTA_CLIENT_ORGURL: "acme.okta.com" },
      'OKTA_CLIENT_ORGURL "acme.okta.com" has no https:// in front; use OKTA_CLIENT_ORGURL https://acme.okta.com',
    ],
    [
      { OKTA_CLIENT_ORGURL: "htps://acme.okta.com" },
      'OKTA_CLIENT_ORGURL "htps://acme.okta.com" must start with https://',
    ],
    [{ OKTA_CLIENT_ORGURL: "http://acme.okta.com" }, "use https://acme.okta.com"],
    [
      { OKTA_CLIENT_ORGURL: "https://acme-admin.okta.com" },
      "is the Admin Console's address, not the org URL; use https://acme.okta.com",
    ],
    [
      { OKTA_CLIENT_ORGURL: "https://acme-admin.okta.com/admin/dashboard" },
      "use https://acme.okta.com",
    ],
    [
      { OKTA_CLIENT_ORGURL: "https://acme.okta.com/api/v1" },
      '"https://acme.okta.com/api/v1" has a path; the org URL is the address alone; use https://acme.okta.com',
    ],
    [
      { OKTA_CLIENT_ORGURL: "https://acme.okta.com", OKTA_CLIENT_AUTHORIZATIONMODE: "oauth" },
      'OKTA_CLIENT_AUTHORIZATIONMODE "oauth" is not a mode; use SSWS, Bearer or PrivateKey',
    ],
  ])("%j", async (env, message) => {
    const result = await list(env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test("a flag is named as the flag; a token is never echoed", async () => {
    const flag = await list({}, "--org-url", "acme.okta.com");
    expect(flag.stderr).toContain('--org-url "acme.okta.com" has no https://');
    const prefixed = await run(["sessions", "list", ...S], {
      env: { OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: `SSWS ${mock.apiToken}` },
    });
    expect(prefixed.code).toBe(2);
    expect(prefixed.stderr).toContain(
      'OKTA_CLIENT_TOKEN starts with "SSWS "; give the token alone',
    );
    expect(prefixed.stderr).not.toContain(mock.apiToken);
    const viaFlag = await run([
      "sessions",
      "list",
      ...S,
      "--org-url",
      mock.url,
      "--token",
      `"${mock.apiToken}"`,
    ]);
    expect(viaFlag.stderr).toContain("--token contains spaces or quotes");
    expect(viaFlag.stderr).not.toContain(mock.apiToken);
  });
});

describe("sessions list", () => {
  test("a table with a count by default, the API's JSON with --json", async () => {
    const env = envFor(mock);
    expect((await run(["sessions", "list", ...S], { env })).stdout).toBe(
      "No active import sessions.\n",
    );
    const created = JSON.parse((await run(["sessions", "create", ...S], { env })).stdout);
    const table = (await run(["sessions", "list", ...S], { env })).stdout.split("\n");
    expect(table[0]).toMatch(/^ID\s+STATUS\s+TYPE\s+CREATED\s+LAST UPDATED$/);
    expect(table[1]).toMatch(new RegExp(`^${created.id}\\s+CREATED\\s+INCREMENTAL\\s+\\d{4}-`));
    expect(table[2]).toBe("1 session");
    const json = JSON.parse((await run(["sessions", "list", ...S, "--json"], { env })).stdout);
    expect(json.map((s: { id: string }) => s.id)).toEqual([created.id]);
  });
});

describe("users update", () => {
  test("says what Okta requires, and --keep-required sends only the given attributes plus those", async () => {
    const env = envFor(mock);
    mock.load({
      users: [
        {
          externalId: "U1",
          profile: { userName: "u1", email: "u1@example.com", department: "R&D", title: "Eng" },
        },
      ],
    });
    const plain = await run(["users", "update", "U1", ...S, "--set", "department=Ops"], { env });
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain(
      "Okta's update-user operation requires email and userName in the profile; this one lacks email and userName",
    );
    expect(plain.stderr).toContain("--keep-required");
    expect(mock.requests).toHaveLength(0);

    const kept = await run(
      ["users", "update", "U1", ...S, "--set", "department=Ops", "--keep-required"],
      { env },
    );
    expect(kept.code, kept.stderr).toBe(0);
    const patch = mock.requests.find((r) => r.method === "PATCH")!;
    expect(patch.body).toEqual({
      profile: { department: "Ops", email: "u1@example.com", userName: "u1" },
    });
  });
});
