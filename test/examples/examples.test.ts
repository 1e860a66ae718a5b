// The examples run: each `main` against the embedded mock, checked by
// what the mock holds afterwards; and each file as a program (examples/run.mjs), both with
// OKTA_CLIENT_* pointing at a mock and with nothing set, where it must start its own mock.
// Type-checking them is tsc's job (tsconfig includes examples/).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main as bulkImport } from "../../examples/bulk-import-csv.js";
import { generateKey, main as oauthExample } from "../../examples/oauth-private-key.js";
import { main as realtimeSync } from "../../examples/realtime-sync.js";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";

const run = promisify(execFile);
const EXAMPLES = resolve(import.meta.dirname, "../../examples");

let mock: MockOkta;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "okta-examples-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => mock?.close());
const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
  const log = console.log;
  console.log = () => {};
  try {
    return await f();
  } finally {
    console.log = log;
  }
};

describe("bulk-import-csv", () => {
  it("imports the generated sample: users, a group per department, memberships", async () => {
    mock = await startMockOkta({ timeScale: 0.001 });
    const report = await quietly(() => bulkImport(mock.url, mock.apiToken, { pollInterval: 5 }));
    expect(report.counts).toMatchObject({ users: 1000, groups: 4, memberships: 1000 });
    const state = mock.state();
    expect(state.users).toHaveLength(1000);
    // A quoted field with a comma survives the CSV reader.
    expect(state.users.find((u) => u.externalId === "csv-00010")?.profile).toEqual({
      email: "csv-00010@example.com",
      userName: "csv-00010@example.com",
      firstName: "Ann10",
      lastName: "Smith, Jr.",
      department: "Finance",
      costCenter: "CC-3",
    });
    expect(state.groups.map((g) => g.profile["displayName"]).sort()).toEqual([
      "Engineering",
      "Finance",
      "Sales",
      "Support",
    ]);
    expect(
      state.memberships.find((m) => m.groupExternalId === "dept-sales")?.memberExternalIds,
    ).toHaveLength(250);
  });

  it("imports a given CSV: empty cells leave attributes out, quotes are unescaped", async () => {
    mock = await startMockOkta({ timeScale: 0.001 });
    const csv = join(dir, "given.csv");
    writeFileSync(
      csv,
      'externalId,email,userName,title\r\nq1,q1@example.com,q1,"The ""Boss"""\r\nq2,q2@example.com,,\r\n',
    );
    await quietly(() => bulkImport(mock.url, mock.apiToken, { csvPath: csv, pollInterval: 5 }));
    const profiles = Object.fromEntries(mock.state().users.map((u) => [u.externalId, u.profile]));
    expect(profiles).toEqual({
      q1: { email: "q1@example.com", userName: "q1", title: 'The "Boss"' },
      q2: { email: "q2@example.com" },
    });
  });
});

describe("realtime-sync", () => {
  it("creates, updates, moves and removes a user and a group; a rerun replaces", async () => {
    mock = await startMockOkta();
    const first = await quietly(() => realtimeSync(mock.url, mock.apiToken));
    expect(first[0]).toBe("created user rt-ada-lovelace");
    expect(first).toContain("group Analytical Engines has members rt-ada-lovelace");
    expect(first).toContain("renamed group to Engines");
    expect(first.at(-1)).toBe("group rt-analytical-engines is gone (404 E0000007)");
    const [user] = mock.state().users;
    expect(user).toMatchObject({ status: "DEACTIVATED", profile: { lastName: "Lovelace" } });
    expect(mock.state().groups).toEqual([]);
    const second = await quietly(() => realtimeSync(mock.url, mock.apiToken));
    expect(second[0]).toBe("replaced user rt-ada-lovelace");
  });
});

describe("oauth-private-key", () => {
  it("authenticates with a registered key: bearer tokens on the wire, never the API token", async () => {
    mock = await startMockOkta();
    const { privateKeyPem, publicJwk } = generateKey("k1");
    mock.registerClient({ clientId: "0oaTestApp", publicKey: publicJwk });
    const result = await quietly(() =>
      oauthExample(mock.url, { clientId: "0oaTestApp", privateKey: privateKeyPem, keyId: "k1" }),
    );
    expect(result).toEqual({ sessions: 0, userId: expect.stringMatching(/^00u/) });
    const tokenRequests = mock.requests.filter((r) => r.path === "/oauth2/v1/token");
    expect(tokenRequests.map((r) => r.status)).toEqual([200]);
    const api = mock.requests.filter((r) => r.path.startsWith("/api/"));
    expect(api.map((r) => r.headers["authorization"])).toEqual(api.map(() => "Bearer [REDACTED]"));
  });
});

// Each example as a program, the way the header comments say to run one from a checkout:
// `node examples/run.mjs <name>` (esbuild bundles it; examples are not compiled into dist/).
describe("as programs", () => {
  const programs = ["bulk-import-csv", "realtime-sync", "oauth-private-key"];

  /** Runs an example with only `env` (and PATH) set; returns its output. */
  const start = (name: string, env: Record<string, string>) =>
    run(process.execPath, [join(EXAMPLES, "run.mjs"), name], {
      env: { PATH: process.env["PATH"] ?? "", ...env },
      timeout: 30_000,
    });

  it.each(programs)("%s exits 0 with nothing set, on its own embedded mock", async (name) => {
    const { stdout } = await start(name, {});
    expect(stdout).toContain("using the embedded mock Okta");
  });

  it.each(["bulk-import-csv", "realtime-sync"])(
    "%s exits 0 against OKTA_CLIENT_ORGURL / OKTA_CLIENT_TOKEN",
    async (name) => {
      mock = await startMockOkta({ timeScale: 0.001 });
      const { stdout } = await start(name, {
        OKTA_CLIENT_ORGURL: mock.url,
        OKTA_CLIENT_TOKEN: mock.apiToken,
        OKTA_IMPORT_POLL_MS: "20",
      });
      expect(stdout).not.toContain("embedded mock");
      expect(mock.state().users.length).toBeGreaterThan(0);
    },
  );

  it("oauth-private-key exits 0 against OKTA_CLIENT_ORGURL with a client ID and key", async () => {
    mock = await startMockOkta();
    const { privateKeyPem, publicJwk } = generateKey("k2");
    mock.registerClient({ clientId: "0oaEnvApp", publicKey: publicJwk });
    const { stdout } = await start("oauth-private-key", {
      OKTA_CLIENT_ORGURL: mock.url,
      OKTA_CLIENT_CLIENTID: "0oaEnvApp",
      OKTA_CLIENT_PRIVATEKEY: privateKeyPem,
      OKTA_CLIENT_KEYID: "k2",
    });
    expect(stdout).toContain("created user oauth-example-user");
    expect(stdout).not.toContain(privateKeyPem.split("\n")[2]);
  });

  it("a failing example exits 1 with the error's message", async () => {
    mock = await startMockOkta();
    const failed = await start("realtime-sync", {
      OKTA_CLIENT_ORGURL: mock.url,
      OKTA_CLIENT_TOKEN: "00not-the-right-token",
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/OktaAuthenticationError: .* 401/);
  });
});
