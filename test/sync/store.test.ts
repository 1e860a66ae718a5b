// The same contract for both stores, plus what only the SQLite file does (restart, versioning).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { OktaError } from "../../src/client/errors.js";
import { createMemoryStore, createSqliteStore } from "../../src/sync/index.js";
import { loadSqlite } from "../../src/sync/load-sqlite.js";
import type { SyncEntityKind, SyncStore } from "../../src/sync/index.js";

const dir = mkdtempSync(join(tmpdir(), "sync-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `state-${files++}.db`);

async function all<T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

const makers: [string, () => Promise<SyncStore>][] = [
  ["memory", async () => createMemoryStore()],
  ["sqlite", () => createSqliteStore(newFile())],
];

describe.each(makers)("%s store", (_, make) => {
  it("records, overwrites and forgets entities per kind", async () => {
    const store = await make();
    await store.commit({
      put: [
        { kind: "users", externalId: "u1", fingerprint: "a" },
        { kind: "users", externalId: "u2", fingerprint: null },
        { kind: "groups", externalId: "u1", fingerprint: "g" },
      ],
    });
    await store.commit({
      put: [{ kind: "users", externalId: "u1", fingerprint: "b" }],
      remove: [{ kind: "users", externalId: "u2" }],
    });
    expect(await store.fingerprints("users", ["u1", "u2", "u3"])).toEqual(new Map([["u1", "b"]]));
    expect(await store.fingerprints("groups", ["u1"])).toEqual(new Map([["u1", "g"]]));
    expect(await store.count("users")).toBe(1);
    expect(await store.count("devices")).toBe(0);
    await store.close();
  });

  it("streams more entities than one page, each exactly once", async () => {
    const store = await make();
    const ids = Array.from({ length: 2500 }, (_, i) => `id-${i}`);
    await store.commit({
      put: ids.map((externalId) => ({ kind: "users", externalId, fingerprint: externalId })),
    });
    const seen = await all(store.entities("users"));
    expect(seen.map((e) => e.externalId).sort()).toEqual([...ids].sort());
    expect(seen.every((e) => e.fingerprint === e.externalId)).toBe(true);
    expect(await all(store.entities("groups"))).toEqual([]);
    await store.close();
  });

  it("keeps membership pairs with their confirmation, and forgets a group's pairs with it", async () => {
    const store = await make();
    const pairs = Array.from({ length: 1500 }, (_, i) => ({
      groupExternalId: `g${i % 3}`,
      memberExternalId: `u${i}`,
      confirmed: i % 2 === 0,
    }));
    await store.commit({
      put: [{ kind: "groups", externalId: "g0", fingerprint: "x" }],
      putMemberships: pairs,
    });
    expect(await store.count("memberships")).toBe(1500);
    expect(await all(store.memberships())).toHaveLength(1500);
    expect(
      await store.findMemberships([
        { groupExternalId: "g1", memberExternalId: "u1" },
        { groupExternalId: "g1", memberExternalId: "u2" },
        { groupExternalId: "g2", memberExternalId: "u2" },
      ]),
    ).toEqual([
      { groupExternalId: "g1", memberExternalId: "u1", confirmed: false },
      { groupExternalId: "g2", memberExternalId: "u2", confirmed: true },
    ]);
    await store.commit({
      remove: [{ kind: "groups", externalId: "g0" }],
      removeMemberships: [{ groupExternalId: "g1", memberExternalId: "u1" }],
    });
    const left = await all(store.memberships());
    expect(left).toHaveLength(1500 - 500 - 1);
    expect(left.some((m) => m.groupExternalId === "g0")).toBe(false);
    expect(await store.count("memberships")).toBe(999);
    await store.close();
  });

  it("belongs to the first identity source it is bound to", async () => {
    const store = await make();
    await store.bindSource!("0oaA");
    await store.bindSource!("0oaA");
    await expect(async () => store.bindSource!("0oaB")).rejects.toThrow(
      /belongs to identity source 0oaA, not 0oaB: use one state file per identity source/,
    );
    await store.close();
  });

  it("streams while the store is written to (commits land between pages)", async () => {
    const store = await make();
    const kind: SyncEntityKind = "devices";
    await store.commit({
      put: Array.from({ length: 1200 }, (_, i) => ({
        kind,
        externalId: `d${i}`,
        fingerprint: "f",
      })),
    });
    let n = 0;
    for await (const e of store.entities(kind)) {
      if (n++ === 0)
        await store.commit({
          put: [{ kind: "users", externalId: e.externalId, fingerprint: "x" }],
        });
    }
    expect(n).toBe(1200);
    await store.close();
  });
});

describe("sqlite store", () => {
  it("creates its file on first use, in WAL mode, with a schema version", async () => {
    const path = newFile();
    const store = await createSqliteStore(path);
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(1);
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
    db.pragma("user_version = 7");
    db.close();
    await expect(createSqliteStore(path)).rejects.toThrow(OktaError);
    await expect(createSqliteStore(path)).rejects.toThrow(/schema version 7.*upgrade/);
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
