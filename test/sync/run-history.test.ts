// runSync with the lease and the history, in-process against the mock, on every store: what a run
// records after success, a failed session and a refused plan; one run at a time per store; a lost
// lease stops the run; and a session the store does not record as its own is never cancelled.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import { OktaImportError } from "../../src/import/index.js";
import type { ImportSource } from "../../src/import/index.js";
import {
  createMemoryStore,
  createPostgresStore,
  createSqliteStore,
  OktaSyncLeaseError,
  OktaSyncSafeguardError,
  runSync,
} from "../../src/sync/index.js";
import type { LeaseState, SyncStore } from "../../src/sync/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { FAST, SOURCE_ID, sourceFor, startMock, user } from "./helpers.js";
import { dropSchemas, freshSchema, PG_SKIP_REASON, PG_URL } from "./pg.js";

const dir = mkdtempSync(join(tmpdir(), "sync-history-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(dropSchemas);
let mock: MockOkta;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());
let files = 0;

const stores: { name: string; skip: boolean; make(): Promise<SyncStore> }[] = [
  { name: "memory", skip: false, make: async () => createMemoryStore() },
  {
    name: "sqlite",
    skip: false,
    make: () => createSqliteStore(join(dir, `s-${files++}.db`)),
  },
  {
    name: `postgres${PG_SKIP_REASON}`,
    skip: PG_URL === undefined,
    make: () => createPostgresStore(PG_URL!, { schema: freshSchema() }),
  },
];

const users = (n: number, version = 0) => Array.from({ length: n }, (_, i) => user(i, version));

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

for (const s of stores) {
  describe.skipIf(s.skip)(`runSync on the ${s.name} store`, () => {
    it("records a successful run: options, counts, sessions and the IDs Okta deleted", async () => {
      const store = await s.make();
      const source = sourceFor(mock);
      const first = await runSync(source, { users: users(30) }, { store, ...FAST });
      const second = await runSync(
        source,
        { users: users(27, 1) },
        { store, ...FAST, maxDeletes: 5 },
      );
      expect(second.runId).not.toBe(first.runId);
      const run = (await store.history!.get(second.runId))!;
      expect(run).toMatchObject({
        id: second.runId,
        outcome: "applied",
        identitySourceId: SOURCE_ID,
        pid: process.pid,
        options: {
          dryRun: false,
          adopt: false,
          allowMassDelete: false,
          maxDeletePercent: 20,
          maxDeletes: 5,
        },
        deleted: { users: 3, groups: 0, devices: 0 },
      });
      expect(run.counts!.users).toEqual({ create: 0, update: 27, unchanged: 0, delete: 3 });
      expect(Date.parse(run.endedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
      expect(run.sessions).toEqual(
        second.import!.sessions.map((x) => ({ id: x.id, status: "COMPLETED" })),
      );
      expect(await all(store.history!.deletedIds(second.runId))).toEqual(
        ["u000027", "u000028", "u000029"].map((externalId) => ({ kind: "users", externalId })),
      );
      // The lease is released after each run.
      expect(await store.lease!.current()).toBeUndefined();
      const list = await store.history!.list(10);
      expect(list.map((r) => r.id)).toEqual([second.runId, first.runId]);
      await store.close();
    });

    it("lists no deletes under an adoption: it sent nothing, so Okta confirmed none", async () => {
      const store = await s.make();
      const source = sourceFor(mock);
      await runSync(source, { users: users(5) }, { store, adopt: true });
      const adopted = await runSync(source, { users: users(4) }, { store, adopt: true });
      expect(adopted.plan.counts.users.delete).toBe(1);
      expect(await store.count("users")).toBe(4);
      const run = (await store.history!.get(adopted.runId))!;
      expect(run.deleted).toEqual({ users: 0, groups: 0, devices: 0 });
      expect(await all(store.history!.deletedIds(adopted.runId))).toEqual([]);
      await store.close();
    });

    it("records a failed run with its session's final status, and a refused plan with its counts", async () => {
      const store = await s.make();
      const source = sourceFor(mock);
      mock.failNextSessions(1);
      const failed = await runSync(source, { users: users(10) }, { store, ...FAST }).catch(
        (e: unknown) => e,
      );
      expect(failed).toBeInstanceOf(OktaImportError);
      const [run] = await store.history!.list(1);
      expect(run!.outcome).toBe("failed");
      expect(run!.error).toMatch(/^OktaImportError: /);
      expect(run!.sessions).toEqual([{ id: expect.any(String), status: "ERROR" }]);
      expect(run!.counts!.users.create).toBe(10);
      expect(await store.lease!.current()).toBeUndefined();

      await runSync(source, { users: users(10) }, { store, ...FAST });
      const refused = await runSync(source, { users: users(2) }, { store, ...FAST }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(OktaSyncSafeguardError);
      const [last] = await store.history!.list(1);
      expect(last!.outcome).toBe("refused");
      expect(last!.counts!.users.delete).toBe(8);
      expect(last!.sessions).toEqual([]);
      expect((await store.history!.list(10)).map((r) => r.outcome)).toEqual([
        "refused",
        "applied",
        "failed",
      ]);
      await store.close();
    });

    it("refuses a second run on the same store while the first holds the lease", async () => {
      const store = await s.make();
      const source = sourceFor(mock);
      mock.setFaults({ path: /bulk-upsert/, latencyMs: 300 });
      let second: unknown;
      const first = runSync(
        source,
        { users: users(20) },
        {
          store,
          ...FAST,
          onProgress: (p) => {
            if (p.phase === "planned") {
              second = runSync(source, { users: users(20) }, { store, ...FAST }).catch(
                (e: unknown) => e,
              );
            }
          },
        },
      );
      const report = await first;
      const error = await second;
      expect(error).toBeInstanceOf(OktaSyncLeaseError);
      expect((error as OktaSyncLeaseError).holder).toMatchObject({
        runId: report.runId,
        pid: process.pid,
      });
      expect(mock.state(SOURCE_ID).users).toHaveLength(20);
      await store.close();
    });

    it("records each session it opens before the first upload to it", async () => {
      const store = await s.make();
      const real = sourceFor(mock);
      const recordedAtUpload: boolean[] = [];
      const sessions = new Proxy(real.sessions, {
        get(target, prop) {
          const value = Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>;
          if (prop !== "upsertUsers") return value.bind(target);
          return async (id: string, ...rest: unknown[]) => {
            const open = await store.history!.openSessions("another run");
            recordedAtUpload.push(open.some((x) => x.id === id));
            return value.call(target, id, ...rest);
          };
        },
      });
      const source: ImportSource = Object.assign({ sessions }, { id: SOURCE_ID });
      await runSync(source, { users: users(450) }, { store, ...FAST });
      expect(recordedAtUpload).toEqual([true, true, true]);
      await store.close();
    });

    it("keeps only keepRuns runs", async () => {
      const store = await s.make();
      const source = sourceFor(mock);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(
          (await runSync(source, { users: users(3, i) }, { store, ...FAST, keepRuns: 2 })).runId,
        );
      }
      expect((await store.history!.list(10)).map((r) => r.id)).toEqual([ids[2], ids[1]]);
      await store.close();
    });

    it("never cancels an open session the store does not record as its own", async () => {
      const store = await s.make();
      const source = sourceFor(mock);
      const foreign = await source.sessions.create();
      const error = await runSync(
        source,
        { users: users(3) },
        { store, ...FAST, activeSession: "fail" },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OktaImportError);
      expect((error as OktaImportError).reason).toBe("active-session");
      const status = mock.state(SOURCE_ID).sessions.find((x) => x.id === foreign.id)!.status;
      expect(status).toBe("CREATED");
      // Nor on the next run.
      await runSync(source, { users: users(3) }, { store, ...FAST, activeSession: "fail" }).catch(
        () => {},
      );
      expect(mock.state(SOURCE_ID).sessions.find((x) => x.id === foreign.id)!.status).toBe(
        "CREATED",
      );
      await store.close();
    });
  });
}

describe("recovering a crashed run's sessions", () => {
  const dead = async (store: SyncStore, sessionId: string) => {
    await store.history!.start({
      id: "dead-run",
      startedAt: "2026-01-01T00:00:00.000Z",
      host: "h",
      pid: 1,
      options: {
        dryRun: false,
        adopt: false,
        allowMassDelete: false,
        maxDeletePercent: 20,
        maxDeletes: null,
      },
    });
    await store.history!.session("dead-run", { id: sessionId, status: "IN_PROGRESS" });
  };

  it("records a run that could not check them as failed, and releases the lease", async () => {
    const store = createMemoryStore();
    await dead(store, "s-unknown");
    const bad = createIdentitySourceClient({ orgUrl: mock.url, token: "wrong" }).identitySource(
      SOURCE_ID,
    );
    const error = await runSync(bad, { users: users(2) }, { store, ...FAST }).catch(
      (e: unknown) => e,
    );
    expect((error as { status?: number }).status).toBe(401);
    const [run] = await store.history!.list(1);
    expect(run!.outcome).toBe("failed");
    expect(run!.error).toContain("401");
    expect(store.lease!.current()).toBeUndefined();
    // Still open: the next run tries again.
    expect((await store.history!.openSessions("x")).map((x) => x.id)).toEqual(["s-unknown"]);
  });

  it("marks a session Okta no longer knows as gone, and goes on", async () => {
    const store = createMemoryStore();
    await dead(store, "s-unknown");
    const report = await runSync(sourceFor(mock), { users: users(2) }, { store, ...FAST });
    expect(report.outcome).toBe("applied");
    expect((await store.history!.get("dead-run"))!.sessions).toEqual([
      { id: "s-unknown", status: "GONE" },
    ]);
  });
});

describe("a lease whose holder is gone", () => {
  /** The pid of a process that has exited. */
  const deadPid = () =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.on("exit", () => resolve(child.pid!));
    });

  it("is waited for until it expires, never less, when the holder ran on this host", async () => {
    const store = createMemoryStore();
    const pid = await deadPid();
    store.lease!.acquire({ runId: "dead", pid, host: hostname(), since: "then" }, 1500);
    const expiry = Date.parse((store.lease!.current() as LeaseState).expiresAt);
    const waits: LeaseState[] = [];
    const report = await runSync(
      sourceFor(mock),
      { users: users(3) },
      { store, ...FAST, onProgress: (p) => p.phase === "lease-wait" && waits.push(p.holder) },
    );
    expect(report.outcome).toBe("applied");
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ runId: "dead", pid });
    expect(mock.requests[0]!.receivedAt).toBeGreaterThanOrEqual(expiry);
  });

  it("is refused at once when the holder ran on another host (its process cannot be seen)", async () => {
    const store = createMemoryStore();
    const pid = await deadPid();
    store.lease!.acquire({ runId: "far", pid, host: "another-host", since: "then" }, 60_000);
    const started = Date.now();
    const error = await runSync(sourceFor(mock), { users: users(3) }, { store, ...FAST }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OktaSyncLeaseError);
    expect((error as Error).message).toContain(`process ${pid} on host another-host`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("a lost lease", () => {
  it("stops the run with OktaSyncLeaseError, and the SQLite store refuses its later commits", async () => {
    const path = join(dir, `lost-${files++}.db`);
    const store = await createSqliteStore(path);
    const thief = await createSqliteStore(path);
    const source = sourceFor(mock);
    mock.setFaults({ path: /bulk-upsert/, latencyMs: 400 });
    const error = await runSync(
      source,
      { users: users(600) },
      {
        store,
        ...FAST,
        leaseTtlMs: 300,
        onProgress: (p) => {
          if (p.phase !== "planned") return;
          // Another process takes the lease over (as if this one had stalled past the TTL).
          const held = thief.lease.current() as LeaseState;
          thief.lease.release(held.runId);
          thief.lease.acquire({ ...held, runId: "thief", pid: 1 }, 60_000);
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncLeaseError);
    expect((error as OktaSyncLeaseError).reason).toBe("lost");
    expect((error as Error).message).toContain("run thief");
    // Its first commit was refused: nothing was recorded in the state the thief now owns, and
    // nothing was sent.
    expect(await thief.count("users")).toBe(0);
    expect(mock.requests.filter((r) => r.path.includes("/bulk-"))).toEqual([]);
    await store.close();
    await thief.close();
  });

  it("aborts the import when renewing fails (a store that cannot refuse commits)", async () => {
    const store = createMemoryStore();
    const source = sourceFor(mock);
    mock.setFaults({ path: /bulk-upsert/, latencyMs: 300 });
    const error = await runSync(
      source,
      { users: users(1000) },
      {
        store,
        ...FAST,
        leaseTtlMs: 150,
        onProgress: (p) => {
          if (p.phase !== "planned") return;
          const held = store.lease!.current() as {
            runId: string;
            pid: number;
            host: string;
            since: string;
          };
          store.lease!.release(held.runId);
          store.lease!.acquire({ ...held, runId: "thief" }, 60_000);
        },
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncLeaseError);
    expect((error as OktaSyncLeaseError).reason).toBe("lost");
    // Stopped early: far fewer than the 5 uploads 1,000 users need.
    expect(mock.requests.filter((r) => r.path.includes("/bulk-")).length).toBeLessThan(5);
    // The thief's lease is untouched by the stopped run.
    expect(store.lease!.current()).toMatchObject({ runId: "thief" });
  });
});

describe("source.sync", () => {
  it("returns the run ID of the store's history", async () => {
    const source = createIdentitySourceClient({
      orgUrl: mock.url,
      token: mock.apiToken,
    }).identitySource(SOURCE_ID);
    const store = createMemoryStore();
    const report = await source.sync({ users: users(2) }, { store, ...FAST });
    expect((await store.history!.get(report.runId))!.outcome).toBe("applied");
  });
});
