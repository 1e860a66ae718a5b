// What only the SQLite file does: it survives restarts, carries our stamp and schema version, and
// refuses, before changing anything, any file that is not ours or a path that cannot exist.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { OktaError } from "../../src/core/errors.js";
import { createSqliteStore, OktaSyncStateError } from "../../src/sync/index.js";
import { loadSqlite } from "../../src/sync/load-sqlite.js";
import { SQLITE_APPLICATION_ID } from "../../src/sync/sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "sync-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `state-${files++}.db`);
const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Expects createSqliteStore(path) to refuse with `reason` and leave the file byte for byte. */
async function expectRefused(path: string, reason: string, message: RegExp) {
  const before = digest(path);
  const error = await createSqliteStore(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OktaSyncStateError);
  expect((error as OktaSyncStateError).reason).toBe(reason);
  expect((error as Error).message).toContain(path);
  expect((error as Error).message).toMatch(message);
  expect(digest(path)).toBe(before);
  expect(existsSync(`${path}-wal`)).toBe(false);
}

describe("sqlite store", () => {
  it("creates its file on first use, in WAL mode, with a schema version", async () => {
    const path = newFile();
    const store = await createSqliteStore(path);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(2);
    expect(db.pragma("application_id", { simple: true })).toBe(SQLITE_APPLICATION_ID);
    db.close();
  });

  it("survives a restart: a second process sees every committed change", async () => {
    const path = newFile();
    const first = await createSqliteStore(path);
    await first.commit({
      put: [{ kind: "users", externalId: "u1", fingerprint: "abc" }],
      putMemberships: [{ groupExternalId: "g", memberExternalId: "u1", confirmed: true }],
    });
    // Another connection sees the commit before the first one closes (it is durable in the WAL).
    await first.bindSource("0oaA");
    const second = await createSqliteStore(path);
    expect(await second.fingerprints("users", ["u1"])).toEqual(new Map([["u1", "abc"]]));
    await first.close();
    await second.close();
    const reopened = await createSqliteStore(path);
    await reopened.bindSource("0oaA");
    expect(await reopened.count("users")).toBe(1);
    expect(await reopened.count("memberships")).toBe(1);
    await expect(async () => reopened.bindSource("0oaB")).rejects.toThrow(
      /belongs to identity source 0oaA/,
    );
    await reopened.close();
  });

  it("applies a commit entirely or not at all", async () => {
    const store = await createSqliteStore(newFile());
    await store.commit({ put: [{ kind: "users", externalId: "u1", fingerprint: "a" }] });
    const bad = { kind: "users", externalId: null, fingerprint: "b" } as unknown as {
      kind: "users";
      externalId: string;
      fingerprint: string;
    };
    expect(() =>
      store.commit({
        remove: [{ kind: "users", externalId: "u1" }],
        put: [{ kind: "users", externalId: "u2", fingerprint: "c" }, bad],
      }),
    ).toThrow();
    expect(await store.fingerprints("users", ["u1", "u2"])).toEqual(new Map([["u1", "a"]]));
    await store.close();
  });

  it("refuses a state file written by a newer schema", async () => {
    const path = newFile();
    const db = new Database(path);
    db.pragma(`application_id = ${SQLITE_APPLICATION_ID}`);
    db.pragma("user_version = 7");
    db.close();
    await expect(createSqliteStore(path)).rejects.toThrow(OktaSyncStateError);
    await expect(createSqliteStore(path)).rejects.toThrow(/schema version 7.*upgrade/);
  });

  it("refuses another application's database with its own entities table, unchanged", async () => {
    const path = newFile();
    const db = new Database(path);
    db.exec(
      "CREATE TABLE entities (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO entities (name) VALUES ('x')",
    );
    db.close();
    await expectRefused(path, "foreign", /another application.*nothing was changed/);
    const after = new Database(path, { readonly: true });
    expect(after.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(after.prepare("SELECT name FROM sqlite_master ORDER BY name").pluck().all()).toEqual([
      "entities",
    ]);
    after.close();
  });

  it("refuses a foreign database in WAL mode without opening it (no -wal or -shm appears)", async () => {
    const path = newFile();
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE entities (external_id TEXT, fingerprint TEXT)");
    db.close();
    await expectRefused(path, "foreign", /another application/);
    expect(existsSync(`${path}-shm`)).toBe(false);
  });

  it("takes a schema-less database whose newest header is still in its WAL for empty", async () => {
    // What another run of ours sees while one creates the file (or after it dropped everything):
    // WAL content not yet checkpointed, no schema object, no stamp.
    const path = newFile();
    const other = new Database(path);
    other.pragma("journal_mode = WAL");
    other.pragma("wal_autocheckpoint = 0");
    other.exec("CREATE TABLE scratch (x); DROP TABLE scratch");
    try {
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      const store = await createSqliteStore(path);
      expect(await store.count("users")).toBe(0);
      await store.close();
    } finally {
      other.close();
    }
    const db = new Database(path, { readonly: true });
    expect(db.pragma("application_id", { simple: true })).toBe(SQLITE_APPLICATION_ID);
    db.close();
  });

  it("refuses a foreign database whose tables are still in its WAL", async () => {
    const path = newFile();
    const other = new Database(path);
    other.pragma("journal_mode = WAL");
    other.pragma("wal_autocheckpoint = 0");
    other.exec("CREATE TABLE entities (id INTEGER)");
    try {
      const error = await createSqliteStore(path).catch((e: unknown) => e);
      expect((error as OktaSyncStateError).reason).toBe("foreign");
      expect(other.prepare("SELECT name FROM sqlite_master").pluck().all()).toEqual(["entities"]);
    } finally {
      other.close();
    }
  });

  it("refuses a database stamped by another application even when it has no tables", async () => {
    const path = newFile();
    const db = new Database(path);
    db.pragma("application_id = 1234");
    db.close();
    await expectRefused(path, "foreign", /application_id 1234/);
  });

  it("refuses a database of ours in name only: our table names with a user_version of another", async () => {
    const path = newFile();
    const db = new Database(path);
    db.exec("CREATE TABLE meta (k TEXT); CREATE TABLE other (x)");
    db.pragma("user_version = 1");
    db.close();
    await expectRefused(path, "foreign", /another application/);
  });

  it("refuses a file that is not a database at all, unchanged", async () => {
    const path = newFile();
    writeFileSync(path, "externalId,email\nu1,a@example.com\n");
    const error = await createSqliteStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncStateError);
    expect(readFileSync(path, "utf8")).toBe("externalId,email\nu1,a@example.com\n");
  });

  it("names the path when its directory does not exist, and creates nothing", async () => {
    const path = join(dir, "no-such-dir", "state.db");
    const error = await createSqliteStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncStateError);
    expect((error as OktaSyncStateError).reason).toBe("missing-directory");
    expect((error as Error).message).toContain(path);
    expect(existsSync(join(dir, "no-such-dir"))).toBe(false);
  });

  it("uses an empty file (zero bytes) and stamps it", async () => {
    const path = newFile();
    writeFileSync(path, "");
    const store = await createSqliteStore(path);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("application_id", { simple: true })).toBe(SQLITE_APPLICATION_ID);
    db.close();
  });

  it("migrates a version-1 state written before the stamp, keeping its entities", async () => {
    const path = newFile();
    const db = new Database(path);
    db.exec(`
      CREATE TABLE entities (kind TEXT NOT NULL, external_id TEXT NOT NULL, fingerprint TEXT,
        PRIMARY KEY (kind, external_id)) WITHOUT ROWID;
      CREATE TABLE memberships (group_id TEXT NOT NULL, member_id TEXT NOT NULL,
        confirmed INTEGER NOT NULL, PRIMARY KEY (group_id, member_id)) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO entities VALUES ('users', 'u1', 'abc');
    `);
    db.pragma("user_version = 1");
    db.close();
    const store = await createSqliteStore(path);
    expect(await store.fingerprints("users", ["u1"])).toEqual(new Map([["u1", "abc"]]));
    expect(await store.history.list(5)).toEqual([]);
    await store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma("application_id", { simple: true })).toBe(SQLITE_APPLICATION_ID);
    expect(after.pragma("user_version", { simple: true })).toBe(2);
    after.close();
  });
});

describe("loading better-sqlite3", () => {
  it("explains how to install the optional peer dependency when it is missing", async () => {
    const missing = Object.assign(new Error("Cannot find package 'better-sqlite3'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const error = await loadSqlite(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaError);
    expect((error as Error).message).toContain("npm install better-sqlite3@12");
    expect((error as Error).cause).toBe(missing);
    expect(await loadSqlite()).toBe(Database);
  });
});
