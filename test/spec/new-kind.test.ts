// A bulk kind added to the spec alone reaches the client and the mock with no edit under src/: a
// temporary copy of the project gets the device operations again under a new kind, `things`,
// regenerates, builds, and runs a program against the built copy that uses the new kind through
// the typed `okta.raw`, through the wrapper's new methods, and against the mock.
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
import { writeFileSync } from "node:fs";

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
  const cli = async (...args: string[]) => {
    let stdout = "";
    let stderr = "";
    const code = await main(args, {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      env: { OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: mock.apiToken },
      isTTY: false,
    });
    return { code, stdout, stderr };
  };
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
