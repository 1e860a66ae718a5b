// ONE contract suite, run against the memory, SQLite and Postgres stores: the state itself, the
// lease and the run history. What only one store does lives in store-sqlite / store-postgres tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createMemoryStore,
  createPostgresStore,
  createSqliteStore,
  OktaSyncLeaseError,
} from "../../src/sync/index.js";
import type { LeaseHolder, SyncEntityKind, SyncStore } from "../../src/sync/index.js";
import { dropSchemas, freshSchema, PG_SKIP_REASON, PG_URL } from "./pg.js";

const dir = mkdtempSync(join(tmpdir(), "sync-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(dropSchemas);
let files = 0;
const newFile = () => join(dir, `state-${files++}.db`);

async function all<T>(items: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** Opens a fresh state; `reopen` opens another connection to the same state (memory: the same). */
interface Maker {
  name: string;
  skip: boolean;
  fresh(): Promise<{ store: SyncStore; reopen(): Promise<SyncStore> }>;
}

const makers: Maker[] = [
  {
    name: "memory",
    skip: false,
    async fresh() {
      const store = createMemoryStore();
      return { store, reopen: async () => store };
    },
  },
  {
    name: "sqlite",
    skip: false,
    async fresh() {
      const path = newFile();
      return { store: await createSqliteStore(path), reopen: () => createSqliteStore(path) };
    },
  },
  {
    name: `postgres${PG_SKIP_REASON}`,
    skip: PG_URL === undefined,
    async fresh() {
      const schema = freshSchema();
      const open = () => createPostgresStore(PG_URL!, { schema });
      return { store: await open(), reopen: open };
    },
  },
];

const holder = (runId: string): LeaseHolder => ({
  runId,
  pid: 4242,
  host: "host-a",
  since: "2026-01-01T00:00:00.000Z",
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const maker of makers)
  describe.skipIf(maker.skip)(`${maker.name} store`, () => {
    const make = async () => (await maker.fresh()).store;

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

    it("lets one run hold the lease; a second is refused at once, naming the holder", async () => {
      const { store, reopen } = await maker.fresh();
      const other = await reopen();
      await store.lease!.acquire(holder("run-1"), 60_000);
      const refused = await Promise.resolve()
        .then(() => other.lease!.acquire({ ...holder("run-2"), pid: 7, host: "host-b" }, 60_000))
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OktaSyncLeaseError);
      expect((refused as OktaSyncLeaseError).reason).toBe("held");
      expect((refused as Error).message).toMatch(
        /another sync is running on this state: process 4242 on host host-a \(run run-1, since 2026-01-01T00:00:00.000Z\)/,
      );
      expect((refused as OktaSyncLeaseError).holder).toMatchObject({ runId: "run-1", pid: 4242 });
      // The holder may renew and take it again; after release the other run gets it.
      await store.lease!.renew("run-1", 60_000);
      await store.lease!.acquire(holder("run-1"), 60_000);
      await store.lease!.release("run-1");
      await other.lease!.acquire(holder("run-2"), 60_000);
      expect(await store.lease!.current()).toMatchObject({ runId: "run-2" });
      await other.lease!.release("run-1"); // not run-1's any more: a no-op
      expect(await store.lease!.current()).toMatchObject({ runId: "run-2" });
      await other.lease!.release("run-2");
      expect(await store.lease!.current()).toBeUndefined();
      if (other !== store) await other.close();
      await store.close();
    });

    it("takes over a lease only after it expired, and the old holder then finds it lost", async () => {
      const { store, reopen } = await maker.fresh();
      const other = await reopen();
      await store.lease!.acquire(holder("run-1"), 1500);
      await expect(
        Promise.resolve().then(() => other.lease!.acquire(holder("run-2"), 60_000)),
      ).rejects.toThrow(OktaSyncLeaseError);
      // Bounded wait past the TTL (the store's clock decides; allow for a loaded machine).
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ok = await Promise.resolve()
          .then(() => other.lease!.acquire(holder("run-2"), 60_000))
          .then(() => true)
          .catch(() => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error("lease never expired");
        await sleep(200);
      }
      const lost = await Promise.resolve()
        .then(() => store.lease!.renew("run-1", 60_000))
        .catch((e: unknown) => e);
      expect(lost).toBeInstanceOf(OktaSyncLeaseError);
      expect((lost as OktaSyncLeaseError).reason).toBe("lost");
      if (other !== store) {
        // A store whose lease was taken over refuses to commit (the new holder's state is the truth).
        await expect(
          Promise.resolve().then(() =>
            store.commit({ put: [{ kind: "users", externalId: "late", fingerprint: "x" }] }),
          ),
        ).rejects.toThrow(OktaSyncLeaseError);
        expect(await other.fingerprints("users", ["late"])).toEqual(new Map());
        await other.close();
      }
      await store.close();
    });

    it("records runs with their sessions, counts, outcome and the IDs they deleted", async () => {
      const { store } = await maker.fresh();
      const h = store.history!;
      const options = {
        dryRun: false,
        adopt: false,
        allowMassDelete: false,
        maxDeletePercent: 20,
        maxDeletes: null,
      };
      const start = (id: string) =>
        h.start({ id, startedAt: "2026-01-01T00:00:00.000Z", host: "h", pid: 1, options });
      await start("r1");
      await h.session("r1", { id: "s1", status: "CREATED" });
      await store.commit({
        put: [
          { kind: "users", externalId: "u1", fingerprint: "a" },
          { kind: "users", externalId: "u2", fingerprint: "b" },
          { kind: "groups", externalId: "g1", fingerprint: "c" },
        ],
      });
      await store.commit({
        deletedBy: "r1",
        remove: [
          { kind: "users", externalId: "u2" },
          { kind: "groups", externalId: "g1" },
        ],
      });
      await store.commit({ deletedBy: "r1", remove: [{ kind: "users", externalId: "u1" }] });
      expect(await h.openSessions("r2")).toEqual([{ runId: "r1", id: "s1", status: "CREATED" }]);
      expect(await h.openSessions("r1")).toEqual([]);
      const counts = {
        users: { create: 0, update: 0, unchanged: 0, delete: 2 },
        groups: { create: 0, update: 0, unchanged: 0, delete: 1 },
        devices: { create: 0, update: 0, unchanged: 0, delete: 0 },
        memberships: { create: 0, update: 0, unchanged: 0, delete: 0 },
      };
      await h.finish(
        "r1",
        {
          endedAt: "2026-01-01T00:01:00.000Z",
          outcome: "applied",
          counts,
          sessions: [
            { id: "s1", status: "COMPLETED" },
            { id: "s2", status: "CLOSED" },
          ],
        },
        10,
      );
      expect(await h.openSessions("r2")).toEqual([]);
      expect(await h.get("r1")).toEqual({
        id: "r1",
        startedAt: "2026-01-01T00:00:00.000Z",
        endedAt: "2026-01-01T00:01:00.000Z",
        outcome: "applied",
        host: "h",
        pid: 1,
        options,
        counts,
        sessions: [
          { id: "s1", status: "COMPLETED" },
          { id: "s2", status: "CLOSED" },
        ],
        deleted: { users: 2, groups: 1, devices: 0 },
      });
      expect(await all(h.deletedIds("r1"))).toEqual([
        { kind: "users", externalId: "u2" },
        { kind: "groups", externalId: "g1" },
        { kind: "users", externalId: "u1" },
      ]);
      await start("r2");
      await h.finish("r2", { endedAt: "x", outcome: "failed", error: "boom", sessions: [] }, 10);
      expect((await h.list(10)).map((r) => [r.id, r.outcome, r.error])).toEqual([
        ["r2", "failed", "boom"],
        ["r1", "applied", undefined],
      ]);
      expect((await h.list(1)).map((r) => r.id)).toEqual(["r2"]);
      expect(await h.get("nope")).toBeUndefined();
      await store.close();
    });

    it("keeps only the newest runs it is told to keep", async () => {
      const { store } = await maker.fresh();
      const h = store.history!;
      for (let i = 0; i < 5; i++) {
        const id = `r${i}`;
        await h.start({
          id,
          startedAt: `t${i}`,
          host: "h",
          pid: 1,
          options: {
            dryRun: true,
            adopt: false,
            allowMassDelete: false,
            maxDeletePercent: 20,
            maxDeletes: 5,
          },
        });
        await h.session(id, { id: `s${i}`, status: "CREATED" });
        await h.finish(id, { endedAt: `e${i}`, outcome: "dry-run", sessions: [] }, 3);
      }
      expect((await h.list(100)).map((r) => r.id)).toEqual(["r4", "r3", "r2"]);
      expect(await h.get("r0")).toBeUndefined();
      // The dropped runs' sessions go with them.
      expect((await h.openSessions("x")).map((s) => s.id)).toEqual(["s2", "s3", "s4"]);
      await store.close();
    });
  });
