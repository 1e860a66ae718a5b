// The single-operation commands, help, configuration and exit codes.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
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

describe("help and usage", () => {
  test.each([
    [["--help"]],
    [["import", "--help"]],
    [["sessions", "--help"]],
    [["users", "-h"]],
    [["groups", "--help"]],
    [["mock", "--help"]],
  ])("%j prints usage and exits 0", async (argv) => {
    const result = await run(argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: okta-idsrc/);
  });

  test.each([
    [[], /Usage/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["import", "--bogus"], /unknown flag --bogus/],
    [["import"], /nothing to import/],
    [
      ["import", "--users", "u.csv", "--concurrency", "0"],
      /--concurrency must be an integer >= 1 \(got "0"\)/,
    ],
    [
      ["import", "--users", "u.csv", "--active-session", "maybe"],
      /--active-session must be wait, cancel or fail/,
    ],
    [["sessions", "get"], /takes a session ID/],
    [["users", "explode", "x"], /unknown users command/],
    [["groups", "add-member", "g1"], /takes a group and a member/],
    [["mock", "--port", "0", "--cors-origin", "nope"], /--cors-origin needs an origin/],
  ])("%j is bad usage: exit 2", async (argv, message) => {
    const result = await run(argv, { env: envFor(mock) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test("missing configuration is exit 2 and names the variable", async () => {
    expect((await run(["sessions", "list", ...S])).stderr).toMatch(/OKTA_CLIENT_ORGURL/);
    const noToken = await run(["sessions", "list", ...S], {
      env: { OKTA_CLIENT_ORGURL: mock.url },
    });
    expect([noToken.code, noToken.stderr]).toEqual([2, expect.stringMatching(/OKTA_CLIENT_TOKEN/)]);
    const noSource = await run(["sessions", "list"], { env: envFor(mock) });
    expect([noSource.code, noSource.stderr]).toEqual([2, expect.stringMatching(/--source/)]);
    const pk = await run(["sessions", "list", ...S], {
      env: { OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_AUTHORIZATIONMODE: "PrivateKey" },
    });
    expect([pk.code, pk.stderr]).toEqual([2, expect.stringMatching(/OKTA_CLIENT_CLIENTID/)]);
  });

  test("flags override the environment", async () => {
    const result = await run(
      ["sessions", "list", ...S, "--org-url", mock.url, "--token", mock.apiToken, "--json"],
      {
        env: { OKTA_CLIENT_ORGURL: "https://wrong.example.com", OKTA_CLIENT_TOKEN: "wrong" },
      },
    );
    expect([result.code, result.stdout]).toEqual([0, "[]\n"]);
  });
});

describe("OAuth private key from the environment", () => {
  test("OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey signs in with the key and scopes", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256" };
    mock.registerClient({ clientId: "svc-app", publicKey: jwk as never });
    const env = {
      OKTA_CLIENT_ORGURL: mock.url,
      OKTA_CLIENT_AUTHORIZATIONMODE: "PrivateKey",
      OKTA_CLIENT_CLIENTID: "svc-app",
      OKTA_CLIENT_SCOPES: "okta.identitySources.read okta.identitySources.manage",
      OKTA_CLIENT_PRIVATEKEY: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      OKTA_CLIENT_KEYID: "k1",
    };
    const result = await run(["sessions", "create", ...S, "--json"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "CREATED" });
    expect(mock.requests.some((r) => r.path === "/oauth2/v1/token")).toBe(true);
    expect(result.stdout + result.stderr).not.toContain("PRIVATE KEY");
  });
});

describe("sessions", () => {
  test("create, list, get, delete; start of a CREATED session is an API error (exit 1)", async () => {
    const env = envFor(mock);
    const created = JSON.parse((await run(["sessions", "create", ...S], { env })).stdout);
    expect(created.status).toBe("CREATED");
    const listed = JSON.parse((await run(["sessions", "list", ...S, "--json"], { env })).stdout);
    expect(listed.map((s: { id: string }) => s.id)).toEqual([created.id]);
    const got = JSON.parse((await run(["sessions", "get", created.id, ...S], { env })).stdout);
    expect(got.id).toBe(created.id);
    const start = await run(["sessions", "start", created.id, ...S], { env });
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/400/);
    const deleted = await run(["sessions", "delete", created.id, ...S, "--json"], { env });
    expect([deleted.code, JSON.parse(deleted.stdout)]).toEqual([
      0,
      { ok: true, sessionId: created.id },
    ]);
    expect(mock.state().sessions.map((s) => s.status)).toEqual(["CLOSED"]);
  });
});

describe("users", () => {
  test("create, get, update, replace, delete", async () => {
    const env = envFor(mock);
    const create = await run(
      [
        "users",
        "create",
        "u1",
        ...S,
        "--profile",
        '{"email":"u1@example.com","userName":"u1"}',
        "--set",
        "department=R&D",
      ],
      { env },
    );
    expect(create.code).toBe(0);
    const got = JSON.parse((await run(["users", "get", "u1", ...S], { env })).stdout);
    expect(got.profile).toEqual({ email: "u1@example.com", userName: "u1", department: "R&D" });
    const update = await run(
      [
        "users",
        "update",
        "u1",
        ...S,
        "--set",
        "email=u1@example.com",
        "--set",
        "userName=u1",
        "--set",
        "title=Boss",
      ],
      { env },
    );
    expect(JSON.parse(update.stdout).profile).toMatchObject({ department: "R&D", title: "Boss" });
    const replace = await run(
      ["users", "replace", "u1", ...S, "--set", "email=new@example.com", "--set", "userName=u1"],
      { env },
    );
    expect(JSON.parse(replace.stdout).profile).toEqual({
      email: "new@example.com",
      userName: "u1",
    });
    expect((await run(["users", "delete", "u1", ...S], { env })).stdout).toBe("deleted user u1\n");
    const missing = await run(["users", "get", "nope", ...S], { env });
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/404/)]);
  });

  test("a profile the client rejects before sending is bad input: exit 2", async () => {
    const result = await run(["users", "create", "u1", ...S, "--set", "email=x@example.com"], {
      env: envFor(mock),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/userName/);
    expect(mock.requests).toEqual([]);
  });
});

describe("groups", () => {
  test("create, get, update, members, delete", async () => {
    const env = envFor(mock);
    mock.load({ users: ["u1", "u2", "u3"].map((externalId) => ({ externalId, profile: {} })) });
    const created = await run(
      [
        "groups",
        "create",
        "g1",
        ...S,
        "--display-name",
        "Engineering",
        "--description",
        "Builders",
      ],
      { env },
    );
    expect(JSON.parse(created.stdout)).toMatchObject({
      externalId: "g1",
      profile: { displayName: "Engineering" },
    });
    const updated = await run(["groups", "update", "g1", ...S, "--display-name", "Eng"], { env });
    expect(JSON.parse(updated.stdout).profile.displayName).toBe("Eng");
    for (const m of ["u1", "u2", "u3"]) {
      expect((await run(["groups", "add-member", "g1", m, ...S], { env })).code).toBe(0);
    }
    expect((await run(["groups", "remove-member", "g1", "u2", ...S], { env })).stdout).toBe(
      "removed u2 from g1\n",
    );
    expect(
      (await run(["groups", "list-members", "g1", ...S, "--limit", "1"], { env })).stdout,
    ).toBe("u1\nu3\n");
    const json = await run(["groups", "list-members", "g1", ...S, "--json"], { env });
    expect(JSON.parse(json.stdout)).toEqual(["u1", "u3"]);
    expect((await run(["groups", "get", "g1", ...S], { env })).code).toBe(0);
    expect((await run(["groups", "delete", "g1", ...S], { env })).code).toBe(0);
    expect((await run(["groups", "get", "g1", ...S], { env })).code).toBe(1);
  });
});

describe("mock", () => {
  test("serves the embedded mock until interrupted", async () => {
    const controller = new AbortController();
    let stdout = "";
    const { main } = await import("../../src/cli/main.js");
    const done = main(["mock", "--port", "0", "--time-scale", "0.001", "--token", "t0k"], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env: {},
      isTTY: false,
      signal: controller.signal,
    });
    while (!/listening on (\S+)/.test(stdout)) await new Promise((r) => setTimeout(r, 5));
    const url = /listening on (\S+)/.exec(stdout)![1]!;
    const answer = await fetch(`${url}/api/v1/identity-sources/${SOURCE_ID}/sessions`, {
      headers: { Authorization: "SSWS t0k" },
    });
    expect(answer.status).toBe(200);
    controller.abort();
    expect(await done).toBe(0);
  });

  test("bad mock options are usage errors", async () => {
    expect((await run(["mock", "--port", "many"])).code).toBe(2);
    expect((await run(["mock", "--frob"])).code).toBe(2);
  });
});

describe("okta-idsrc mock", () => {
  test("--cors-origin lets that origin's preflight through until interrupted", async () => {
    let stdout = "";
    const controller = new AbortController();
    const { main } = await import("../../src/cli/main.js");
    const done = main(["mock", "--port", "0", "--cors-origin", "http://localhost:5173"], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
      env: {},
      isTTY: false,
      signal: controller.signal,
    });
    try {
      for (let i = 0; i < 200 && !stdout.includes("Press Ctrl+C"); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(stdout).toContain("CORS allowed for: http://localhost:5173");
      const url = /listening on (\S+)/.exec(stdout)![1]!;
      const response = await fetch(`${url}/api/v1/identity-sources/${SOURCE_ID}/sessions`, {
        method: "OPTIONS",
        headers: { Origin: "http://localhost:5173", "Access-Control-Request-Method": "GET" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    } finally {
      controller.abort();
    }
    expect(await done).toBe(0);
  });
});
