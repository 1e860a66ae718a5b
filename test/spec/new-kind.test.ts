// A bulk kind added to the spec alone reaches the client and the mock with no edit under src/: a
// temporary copy of the project gets the device operations again under a new kind, `things`,
// regenerates, builds, and runs a program against the built copy that uses the new kind through
// the typed `okta.raw`, through the wrapper's new methods, against the mock, through the importer,
// through incremental sync (memory and SQLite stores) and through the CLI's import and sync.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "ois-new-kind-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const rename = (text: string) =>
  text
    .replace(/Devices/g, "Things")
    .replace(/devices/g, "things")
    .replace(/Device/g, "Thing")
    .replace(/device/g, "thing");

/** Copies the device operations, schemas and examples of the spec in `dir` as `things`. */
function addThings(dir: string): void {
  const edit = (file: string, change: (text: string) => string) => {
    const path = join(dir, "openapi", file);
    const before = readFileSync(path, "utf8");
    const after = change(before);
    if (after === before) throw new Error(`nothing changed in ${file}`);
    writeFileSync(path, after);
  };
  const devices = readFileSync(join(dir, "openapi/components/schemas/devices.yaml"), "utf8");
  writeFileSync(join(dir, "openapi/components/schemas/things.yaml"), rename(devices));
  edit(
    "paths/bulk.yaml",
    (text) => `${text}\n${rename(text.slice(text.indexOf("devicesUpsert:")))}`,
  );
  // A top-level YAML key and its indented lines.
  const block = (text: string, key: string) => {
    const start = text.indexOf(`\n${key}:`) + 1;
    const next = text.slice(start + 1).search(/\n\S/);
    return text.slice(start, next === -1 ? text.length : start + 1 + next + 1);
  };
  edit("components/examples.yaml", (text) => {
    const copies = ["bulkDevicesUpsertPayload", "bulkDevicesDeletePayload"].map((key) =>
      rename(block(text, key)),
    );
    return `${text.trimEnd()}\n${copies.join("")}`;
  });
  edit("openapi.yaml", (text) => {
    const lines = text.split("\n");
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const paths = at(/bulk-devices-upsert:$/);
    const schemas = at(/^    BulkDeviceUpsertRequestBody:$/);
    const schemaLines = lines.slice(schemas, schemas + 8).map(rename);
    lines.splice(schemas + 8, 0, ...schemaLines);
    lines.splice(paths + 4, 0, ...lines.slice(paths, paths + 4).map(rename));
    return lines.join("\n");
  });
}

// The program run against the built copy: what it prints is what the test asserts on.
const program = `
import { createIdentitySourceClient, OktaValidationError } from "./src/index.js";
import { startMockOkta } from "./src/testing/index.js";
import { main } from "./src/cli/main.js";
import { UPLOAD_ORDER } from "./src/import/index.js";
import { createMemoryStore, createSqliteStore, type SyncStore } from "./src/sync/index.js";
import { writeFileSync } from "node:fs";

// The CLI, run in this process against one mock.
const cliOn = (target: { url: string; apiToken: string }) => async (...args: string[]) => {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { OKTA_CLIENT_ORGURL: target.url, OKTA_CLIENT_TOKEN: target.apiToken },
    isTTY: false,
  });
  return { code, stdout, stderr };
};

const mock = await startMockOkta({ timeScale: 0.001 });
const out: Record<string, unknown> = {};
try {
  const okta = createIdentitySourceClient({ orgUrl: mock.url, token: mock.apiToken });
  const identitySourceId = mock.identitySourceIds[0]!;
  const source = okta.identitySource(identitySourceId);
  const thing = (i: number) => ({
    externalId: "THING" + i,
    profile: { serialNumber: "SN" + i, platform: "MACOS", displayName: "Thing " + i },
  });
  const session = await source.sessions.create();
  const path = { identitySourceId, sessionId: session.id! };
  const url = "/api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-things-upsert";

  // The typed raw client knows the new path and its body.
  const raw = await okta.raw.POST(url, { params: { path }, body: { profiles: [thing(1)] } });
  out.rawStatus = raw.response.status;

  // The mock refuses an invalid body with E0000001 naming the field...
  const bad = await okta.raw.POST(url, {
    params: { path },
    body: { profiles: [{ externalId: "T9", profile: { serialNumber: "S", platform: "X" } as never }] },
  });
  out.invalid = { status: bad.response.status, error: bad.error };
  // ...and more than 200 things per request.
  const many = Array.from({ length: 201 }, (_, i) => thing(i));
  const tooMany = await okta.raw.POST(url, { params: { path }, body: { profiles: many } });
  out.tooMany = { status: tooMany.response.status, error: tooMany.error };

  // The wrapper has methods for the new kind, checked before sending.
  await source.sessions.upsertThings(session.id!, [thing(2), thing(3)]);
  const refused = async (call: Promise<unknown>) =>
    call.then(
      () => "sent",
      (e: unknown) => (e instanceof OktaValidationError ? { field: e.field, message: e.message, limit: e.limit } : String(e)),
    );
  out.clientTooMany = await refused(source.sessions.upsertThings(session.id!, many));
  out.clientInvalid = await refused(
    source.sessions.upsertThings(session.id!, [{ ...thing(4), profile: { ...thing(4).profile, color: "red" } as never }]),
  );
  out.clientDeleteTooLong = await refused(source.sessions.deleteThings(session.id!, ["t".repeat(128)]));

  // Processed, the mock holds the things; a second session deletes one.
  const poll = async (id: string) => {
    for (let i = 0; i < 400; i++) {
      const s = await source.sessions.get(id);
      if (s.status === "COMPLETED" || s.status === "ERROR") return s.status;
      await new Promise((r) => setTimeout(r, 10));
    }
    return "TIMED OUT";
  };
  await source.sessions.startImport(session.id!);
  out.firstStatus = await poll(session.id!);
  out.thingsAfterUpsert = mock.state().things.map((t) => [t.externalId, t.profile]);
  const second = await source.sessions.create();
  await source.sessions.deleteThings(second.id!, ["THING2"]);
  await source.sessions.startImport(second.id!);
  out.secondStatus = await poll(second.id!);
  out.thingsAfterDelete = mock.state().things.map((t) => t.externalId);

  // The importer takes the new kind: upserts first, then its deletes, in sessions Okta completed.
  const imported = await source.import(
    { things: [thing(5), thing(6)], deletedThings: ["THING1"] },
    { pollInterval: 10 },
  );
  out.importCounts = { things: imported.counts.things, deletedThings: imported.counts.deletedThings };
  out.uploadOrder = UPLOAD_ORDER;
  out.importConfirmed = imported.sessions.every((s) => s.confirmed);
  out.thingsAfterImport = mock.state().things.map((t) => t.externalId);

  // So does the CLI, with --things and --delete-things flags it derived from the registry.
  writeFileSync("things.csv", "externalId,serialNumber,platform,displayName\\nTHING7,SN7,MACOS,Thing 7\\n");
  writeFileSync("bad-things.csv", "externalId,serialNumber,platform,displayName,color\\nTHING8,SN8,MACOS,Thing 8,red\\n");
  writeFileSync("gone-things.csv", "externalId\\nTHING3\\n");
  const cli = cliOn(mock);
  const common = ["--source", identitySourceId, "--poll-interval", "10"];
  const cliRun = await cli("import", ...common, "--things", "things.csv", "--delete-things", "gone-things.csv");
  out.cli = { code: cliRun.code, stdout: cliRun.stdout, stderr: cliRun.stderr };
  out.thingsAfterCli = mock.state().things.map((t) => t.externalId);
  const badRun = await cli("import", ...common, "--things", "bad-things.csv");
  out.cliBad = { code: badRun.code, stderr: badRun.stderr };
  out.cliHelp = (await cli("import", "--help")).stdout;
} finally {
  await mock.close();
}

// Sync keeps the new kind as it keeps devices: one identity source per store, on a mock of its own.
const sources = ["0oa3l6l6WK6h0R0QW0g5", "0oa3l6l6WK6h0R0QW0g6", "0oa3l6l6WK6h0R0QW0g7"];
const syncMock = await startMockOkta({ timeScale: 0.001, identitySourceIds: sources });
try {
  const okta = createIdentitySourceClient({ orgUrl: syncMock.url, token: syncMock.apiToken });
  const thing = (i: number, displayName = "Thing " + i) => ({
    externalId: "THING" + i,
    profile: { serialNumber: "SN" + i, platform: "MACOS", displayName },
  });
  const things = (id: string) => syncMock.state(id).things.map((t) => [t.externalId, t.profile.displayName]);
  const sessions = (id: string) => syncMock.state(id).sessions.length;
  const syncRuns = async (id: string, store: SyncStore) => {
    const source = okta.identitySource(id);
    const options = { store, pollInterval: 10, maxDeletePercent: 100 };
    const first = await source.sync({ things: [thing(1), thing(2), thing(3)] }, options);
    const afterFirst = { outcome: first.outcome, kinds: first.plan.kinds, counts: first.plan.counts.things, things: things(id), sessions: sessions(id) };
    const same = await source.sync({ things: [thing(3), thing(1), thing(2)] }, options);
    const afterSame = { outcome: same.outcome, sent: same.import !== undefined, counts: same.plan.counts.things, sessions: sessions(id) };
    const changed = await source.sync({ things: [thing(1, "Renamed"), thing(3)] }, options);
    const run = await store.history?.get(changed.runId);
    const afterChange = {
      outcome: changed.outcome,
      counts: changed.plan.counts.things,
      things: things(id),
      known: await store.count("things"),
      stored: (await store.fingerprints("things", ["THING1", "THING2", "THING3"])).size,
      deleted: run?.deleted,
    };
    return { afterFirst, afterSame, afterChange };
  };
  out.syncMemory = await syncRuns(sources[0]!, createMemoryStore());
  const sqlite = await createSqliteStore("things-state.db");
  try {
    out.syncSqlite = await syncRuns(sources[1]!, sqlite);
  } finally {
    await sqlite.close();
  }

  // okta-idsrc sync --things, with a SQLite state file.
  const cli = cliOn(syncMock);
  const common = ["--source", sources[2]!, "--poll-interval", "10", "--state", "things-cli.db"];
  writeFileSync("sync-things.csv", "externalId,serialNumber,platform,displayName\\nTHING1,SN1,MACOS,Thing 1\\nTHING2,SN2,MACOS,Thing 2\\n");
  const firstSync = await cli("sync", ...common, "--things", "sync-things.csv");
  const thingsAfterFirst = things(sources[2]!);
  const againSync = await cli("sync", ...common, "--things", "sync-things.csv");
  writeFileSync("sync-things.csv", "externalId,serialNumber,platform,displayName\\nTHING2,SN2,MACOS,Thing 2\\n");
  const lastSync = await cli("sync", ...common, "--things", "sync-things.csv", "--allow-mass-delete", "--json");
  const runId = lastSync.code === 0 ? JSON.parse(lastSync.stdout).runId : "none";
  out.cliSync = {
    first: { code: firstSync.code, stdout: firstSync.stdout, stderr: firstSync.stderr },
    thingsAfterFirst,
    again: { code: againSync.code, stdout: againSync.stdout },
    last: { code: lastSync.code, stderr: lastSync.stderr },
    thingsAfterLast: things(sources[2]!),
    show: (await cli("sync", "show", runId, "--state", "things-cli.db")).stdout,
    help: (await cli("sync", "--help")).stdout,
  };
} finally {
  await syncMock.close();
}
console.log(JSON.stringify(out));
`;

let dir: string;
let typeErrors: string[];
let result: Record<string, any>;

beforeAll(() => {
  dir = mkdtempSync(join(work, "p-"));
  for (const entry of ["openapi", "scripts", "src", "redocly.yaml", ".prettierrc.json"]) {
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  }
  for (const file of ["package.json", "tsconfig.json", "tsconfig.build.json"]) {
    cpSync(join(root, file), join(dir, file));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  addThings(dir);
  execFileSync("node", ["scripts/generate.mjs", "generated"], { cwd: dir, stdio: "pipe" });
  writeFileSync(join(dir, "things-check.ts"), program);
  writeFileSync(
    join(dir, "tsconfig.things.json"),
    JSON.stringify({
      extends: "./tsconfig.build.json",
      include: ["src", "generated", "things-check.ts"],
    }),
  );
  // tsc emits JavaScript even when it reports type errors; those are looked at below.
  try {
    execFileSync("node_modules/.bin/tsc", ["-p", "tsconfig.things.json"], {
      cwd: dir,
      encoding: "utf8",
      stdio: "pipe",
    });
    typeErrors = [];
  } catch (error: any) {
    typeErrors = String(error.stdout)
      .split("\n")
      .filter((line) => /error TS/.test(line));
  }
  const stdout = execFileSync("node", ["dist/things-check.js"], {
    cwd: dir,
    encoding: "utf8",
    stdio: "pipe",
  });
  result = JSON.parse(stdout.trim().split("\n").pop()!);
}, 240_000);

describe("a bulk kind added to the spec alone", () => {
  it("is generated into the registry and the rules", () => {
    const registry = readFileSync(join(dir, "generated/registry.ts"), "utf8");
    expect(registry).toContain('method: "upsertThings"');
    expect(registry).toContain('method: "deleteThings"');
    expect(readFileSync(join(dir, "generated/rules.ts"), "utf8")).toMatch(/things: \{/);
  });

  it("type-checks in the client, the mock and a program that uses it", () => {
    expect(typeErrors).toEqual([]);
  });

  it("answers a typed okta.raw call", () => {
    expect(result.rawStatus).toBe(202);
  });

  it("is validated by the mock: E0000001 naming the field, and the 200-entity rule", () => {
    expect(result.invalid.status).toBe(400);
    expect(result.invalid.error.errorCode).toBe("E0000001");
    expect(JSON.stringify(result.invalid.error)).toContain("profiles/0/profile/displayName");
    expect(result.tooMany.status).toBe(400);
    expect(result.tooMany.error.errorCode).toBe("E0000001");
    expect(result.tooMany.error.errorSummary).toMatch(/201 entities; at most 200 entities/);
  });

  it("gets wrapper methods that check before sending", () => {
    expect(result.clientTooMany).toEqual({
      field: "things",
      message: "things has 201 entries; the limit is 200 per request",
      limit: 200,
    });
    expect(result.clientInvalid).toMatchObject({
      field: "things[0].profile.color",
      message: expect.stringMatching(/is not allowed; the only attributes are serialNumber/),
    });
    expect(result.clientDeleteTooLong).toMatchObject({
      field: "deletedThings[0]",
      limit: 127,
    });
  });

  it("is held by the mock once processed, and deleted by its delete upload", () => {
    expect(result.firstStatus).toBe("COMPLETED");
    expect(result.thingsAfterUpsert).toEqual([
      ["THING1", { serialNumber: "SN1", platform: "MACOS", displayName: "Thing 1" }],
      ["THING2", { serialNumber: "SN2", platform: "MACOS", displayName: "Thing 2" }],
      ["THING3", { serialNumber: "SN3", platform: "MACOS", displayName: "Thing 3" }],
    ]);
    expect(result.secondStatus).toBe("COMPLETED");
    expect(result.thingsAfterDelete).toEqual(["THING1", "THING3"]);
  });

  it("is imported by source.import(): upserts, then deletes, in confirmed sessions", () => {
    expect(result.importCounts).toEqual({ things: 2, deletedThings: 1 });
    expect(result.importConfirmed).toBe(true);
    // Appended by the order's rule: after every other upsert, and after every other delete.
    expect(result.uploadOrder).toEqual([
      "users",
      "groups",
      "memberships",
      "devices",
      "things",
      "deletedMemberships",
      "deletedGroups",
      "deletedUsers",
      "deletedDevices",
      "deletedThings",
    ]);
    expect(result.thingsAfterImport).toEqual(["THING3", "THING5", "THING6"]);
  });

  it("is synced by source.sync() with a memory store and a SQLite store", () => {
    for (const [store, runs] of [
      ["memory", result.syncMemory],
      ["sqlite", result.syncSqlite],
    ]) {
      // The first run upserts every thing, in sessions Okta completed.
      expect(runs.afterFirst, store).toMatchObject({
        outcome: "applied",
        kinds: ["things"],
        counts: { create: 3, update: 0, unchanged: 0, delete: 0 },
        things: [
          ["THING1", "Thing 1"],
          ["THING2", "Thing 2"],
          ["THING3", "Thing 3"],
        ],
      });
      expect(runs.afterFirst.sessions, store).toBeGreaterThan(0);
      // The same things again (in another order): nothing is sent, no session is opened.
      expect(runs.afterSame, store).toEqual({
        outcome: "unchanged",
        sent: false,
        counts: { create: 0, update: 0, unchanged: 3, delete: 0 },
        sessions: runs.afterFirst.sessions,
      });
      // A changed thing is upserted, a removed one deleted, and the run counts the deletion.
      expect(runs.afterChange, store).toEqual({
        outcome: "applied",
        counts: { create: 0, update: 1, unchanged: 1, delete: 1 },
        things: [
          ["THING1", "Renamed"],
          ["THING3", "Thing 3"],
        ],
        known: 2,
        stored: 2,
        deleted: { users: 0, groups: 0, devices: 0, things: 1 },
      });
    }
  });

  it("is synced by okta-idsrc sync --things with a SQLite state file", () => {
    const { cliSync } = result;
    expect(cliSync.help).toMatch(/--things FILE +externalId, serialNumber, platform, displayName/);
    expect(cliSync.help).toMatch(/\[--devices FILE\] \[--things FILE\]/);
    expect(cliSync.first.code, cliSync.first.stderr).toBe(0);
    expect(cliSync.first.stdout).toMatch(/^things +2 +0 +0 +0 +0$/m);
    expect(cliSync.thingsAfterFirst).toEqual([
      ["THING1", "Thing 1"],
      ["THING2", "Thing 2"],
    ]);
    expect(cliSync.again.code).toBe(0);
    expect(cliSync.again.stdout).toMatch(/Nothing changed since the last sync/);
    expect(cliSync.last.code, cliSync.last.stderr).toBe(0);
    expect(cliSync.thingsAfterLast).toEqual([["THING2", "Thing 2"]]);
    expect(cliSync.show).toContain(
      "deleted   1 (users 0, groups 0, devices 0, things 1) confirmed by Okta",
    );
    expect(cliSync.show).toMatch(/^ +things THING1$/m);
  });

  it("is imported by okta-idsrc import --things and --delete-things", () => {
    expect(result.cliHelp).toMatch(
      /--things FILE +externalId, serialNumber, platform, displayName/,
    );
    expect(result.cliHelp).toMatch(/--delete-things FILE +externalId/);
    expect(result.cli.code).toBe(0);
    expect(result.cli.stdout).toMatch(/1 thing\b/);
    expect(result.cli.stdout).toMatch(/1 thing delete/);
    expect(result.thingsAfterCli).toEqual(["THING5", "THING6", "THING7"]);
    // A row the spec's rules refuse names its file, line and attribute; nothing is sent.
    expect(result.cliBad.code).toBe(2);
    expect(result.cliBad.stderr).toMatch(/bad-things\.csv:2: color is not a thing attribute/);
  });
});
