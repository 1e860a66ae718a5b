// runSync against the embedded mock over real HTTP: plan, apply, state and safeguard.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import { OktaImportError, runImport } from "../../src/import/index.js";
import {
  OktaSyncSafeguardError,
  createMemoryStore,
  createSqliteStore,
  runSync,
} from "../../src/sync/index.js";
import type { SyncOptions, SyncProgress, SyncSnapshot, SyncStore } from "../../src/sync/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import {
  FAST,
  SOURCE_ID,
  bulkRequests,
  entityCounts,
  expectMockEquals,
  snapshot,
  sourceFor,
  startMock,
  user,
} from "./helpers.js";
import type { Snapshot } from "./helpers.js";

let mock: MockOkta;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

const dir = mkdtempSync(join(tmpdir(), "sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sync = (snap: SyncSnapshot, options: SyncOptions) =>
  runSync(sourceFor(mock), snap, { ...FAST, ...options });

/** Sessions created since request `from`. */
const sessionsCreated = (from = 0) =>
  mock.requests.slice(from).filter((r) => r.method === "POST" && r.path.endsWith("/sessions"))
    .length;

/** Seeds the mock and the store with `snap` as if an earlier sync had sent it. */
async function seed(snap: Snapshot, store: SyncStore): Promise<void> {
  mock.load(snap, SOURCE_ID);
  await sync(snap, { store, adopt: true });
}

describe("first and repeated syncs", () => {
  it("a first sync of 20,000 users equals an import; a second sends nothing at all", async () => {
    const snap = snapshot(20_000, 50);
    const reference = await startMock();
    try {
      await runImport(sourceFor(reference), snap, FAST);
      const store = createMemoryStore();
      const report = await sync(snap, { store });

      expect(report.outcome).toBe("applied");
      expect(report.plan.counts.users).toEqual({
        create: 20_000,
        update: 0,
        unchanged: 0,
        delete: 0,
      });
      const sent = bulkRequests(mock);
      const imported = bulkRequests(reference);
      expect(sent.length).toBe(imported.length);
      expect(entityCounts(sent)).toEqual(entityCounts(imported));
      expect(entityCounts(sent)).toEqual({
        "bulk-upsert": 20_000,
        "bulk-groups-upsert": 50,
        "bulk-group-memberships-upsert": 20_000,
      });
      const requestsToSessions = (m: MockOkta) =>
        m.requests.filter((r) => r.method === "POST" && r.path.endsWith("/sessions")).length;
      expect(requestsToSessions(mock)).toBe(requestsToSessions(reference));
      expect(report.import!.sessions).toHaveLength(requestsToSessions(mock));
      expect(report.confirmedSessions).toEqual(report.import!.sessions.map((s) => s.id));
      expectMockEquals(mock, snap);
      expectMockEquals(reference, snap);
      expect(await store.count("users")).toBe(20_000);
      expect(await store.count("memberships")).toBe(20_000);

      const before = mock.requests.length;
      const second = await sync(snap, { store });
      expect(second.outcome).toBe("unchanged");
      expect(second.plan.counts.users.unchanged).toBe(20_000);
      expect(mock.requests.length).toBe(before);
    } finally {
      await reference.close();
    }
  });

  it("sends exactly the changed profiles, removed users and moved memberships", async () => {
    const old = snapshot(20_000, 50);
    const store = createMemoryStore();
    await seed(old, store);
    expect(mock.requests).toHaveLength(0);

    const next = snapshot(20_000, 50);
    const changed = new Set<number>();
    const removed = new Set<number>();
    const moved = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      if (i % 200 === 5) removed.add(i);
      else if (i % 100 === 1) changed.add(i);
      else if (i % 133 === 7) moved.add(i);
    }
    next.users = next.users.flatMap((u, i) =>
      removed.has(i) ? [] : [changed.has(i) ? user(i, 1) : u],
    );
    const groupOf = (i: number) =>
      `g${String(moved.has(i) ? (i + 1) % 50 : i % 50).padStart(4, "0")}`;
    for (const m of next.memberships) m.memberExternalIds = [];
    for (let i = 0; i < 20_000; i++) {
      if (removed.has(i)) continue;
      next.memberships
        .find((m) => m.groupExternalId === groupOf(i))!
        .memberExternalIds.push(user(i).externalId);
    }
    expect(changed.size).toBe(200); // 1%
    expect(removed.size).toBe(100); // 0.5%
    expect(moved.size).toBe(148);

    const report = await sync(next, { store });
    const sent = bulkRequests(mock);
    expect(entityCounts(sent)).toEqual({
      "bulk-upsert": 200,
      "bulk-group-memberships-upsert": 148,
      "bulk-group-memberships-delete": 148 + 100,
      "bulk-delete": 100,
    });
    expect(sent.map((r) => r.path.slice(r.path.lastIndexOf("/") + 1))).toEqual([
      "bulk-upsert",
      "bulk-group-memberships-upsert",
      "bulk-group-memberships-delete",
      "bulk-delete",
    ]);
    expect(sessionsCreated()).toBe(1);
    expect(report.plan.counts.users).toEqual({
      create: 0,
      update: 200,
      unchanged: 19_700,
      delete: 100,
    });
    expect(report.plan.counts.memberships).toEqual({
      create: 148,
      update: 0,
      unchanged: 19_752,
      delete: 248,
    });
    expectMockEquals(mock, next);
    // Removed users are deactivated, not deleted (docs/okta-behaviour.md, "Import sessions").
    expect(mock.state(SOURCE_ID).users.filter((u) => u.status === "DEACTIVATED")).toHaveLength(100);

    const before = mock.requests.length;
    expect((await sync(next, { store })).outcome).toBe("unchanged");
    expect(mock.requests.length).toBe(before);
  });

  it("syncs groups and devices, deleting a group with its memberships", async () => {
    const store = createMemoryStore();
    const devices = (n: number, v = "") =>
      Array.from({ length: n }, (_, i) => ({
        externalId: `d${i}`,
        profile: { serialNumber: `SN${i}${v}`, platform: "MACOS", displayName: `Mac ${i}` },
      }));
    const first = { ...snapshot(30, 3), devices: devices(5) };
    await sync(first, { store });
    expect(mock.state(SOURCE_ID).devices).toHaveLength(5);

    const next = { ...snapshot(30, 3), devices: devices(4, "x") };
    next.groups.pop();
    next.memberships.pop();
    const start = mock.requests.length;
    await sync(next, { store, maxDeletePercent: 50 });
    expect(entityCounts(bulkRequests(mock, start))).toEqual({
      "bulk-devices-upsert": 4,
      "bulk-group-memberships-delete": 10,
      "bulk-groups-delete": 1,
      "bulk-devices-delete": 1,
    });
    expectMockEquals(mock, next);
    const state = mock.state(SOURCE_ID);
    expect(state.devices.map((d) => d.profile["serialNumber"]).sort()).toEqual([
      "SN0x",
      "SN1x",
      "SN2x",
      "SN3x",
    ]);
    expect(await store.count("memberships")).toBe(20);
  });
});

describe("deletes Okta already applied", () => {
  it("records a session of no-op deletes that Okta left CREATED and the importer cancelled", async () => {
    const store = createMemoryStore();
    // What an interrupted run leaves behind: a user marked as sent, which Okta never received.
    await store.commit({ put: [{ kind: "users", externalId: "ghost", fingerprint: null }] });
    const report = await sync(
      { users: [] },
      {
        store,
        allowMassDelete: true,
      },
    );
    expect(entityCounts(bulkRequests(mock))).toEqual({ "bulk-delete": 1 });
    expect(report.import!.sessions.map((s) => s.status)).toEqual(["CLOSED"]);
    expect(await store.count("users")).toBe(0);
    const before = mock.requests.length;
    expect((await sync({ users: [] }, { store })).outcome).toBe("unchanged");
    expect(mock.requests.length).toBe(before);
  });
});

describe("interrupted runs", () => {
  // 3,000 users in sessions of 3 requests of 200: five sessions of 600.
  const small = { maxRequestsPerSession: 3 } as const;
  const N = 3000;
  const upserted = (from: number) => entityCounts(bulkRequests(mock, from))["bulk-upsert"] ?? 0;

  it("converges after an abort in the middle of a session, redoing only what is missing", async () => {
    const snap = snapshot(N);
    const store = createMemoryStore();
    const controller = new AbortController();
    let uploadsInThird = 0;
    const onProgress = (p: SyncProgress) => {
      if (p.phase === "apply" && p.import.type === "uploaded" && p.import.sessions === 3) {
        if (++uploadsInThird === 2) controller.abort(new Error("stop"));
      }
    };
    const run = sync(snap, { store, ...small, signal: controller.signal, onProgress });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaImportError);
    expect((error as OktaImportError).reason).toBe("aborted");
    // Two sessions completed; the third was cancelled with 400 users uploaded, so Okta has none of them.
    const sessions = mock.state(SOURCE_ID).sessions.map((s) => s.status);
    expect(sessions).toEqual(["COMPLETED", "COMPLETED", "CLOSED"]);
    expect(mock.state(SOURCE_ID).users).toHaveLength(1200);
    expect(await confirmedUsers(store)).toBe(1200);

    const start = mock.requests.length;
    const rerun = await sync(snap, { store, ...small });
    expect(rerun.plan.counts.users).toEqual({
      create: 0,
      update: N - 1200,
      unchanged: 1200,
      delete: 0,
    });
    expect(upserted(start)).toBe(N - 1200);
    expectMockEquals(mock, snap);
    expect(await confirmedUsers(store)).toBe(N);
  });

  it("converges after a session ends in ERROR", async () => {
    const snap = snapshot(N);
    const store = createMemoryStore();
    const onProgress = (p: SyncProgress) => {
      if (p.phase === "confirmed") mock.failNextSessions(1);
    };
    const error = await sync(snap, { store, ...small, onProgress }).catch((e: unknown) => e);
    expect((error as OktaImportError).reason).toBe("session-error");
    expect(await confirmedUsers(store)).toBe(600);

    const start = mock.requests.length;
    await sync(snap, { store, ...small });
    expect(upserted(start)).toBe(N - 600);
    expectMockEquals(mock, snap);
  });

  it("after a stop while Okta processes, resends only that session, and trusts nothing unconfirmed", async () => {
    const v0 = snapshot(N);
    const v1 = { ...v0, users: v0.users.map((_, i) => user(i, 1)) };
    const store = createMemoryStore();
    await seed(v0, store);

    const stopAtSecondTrigger = () => {
      const controller = new AbortController();
      const onProgress = (p: SyncProgress) => {
        if (p.phase === "apply" && p.import.type === "triggered" && p.import.sessions === 2) {
          controller.abort(new Error("stop"));
        }
      };
      return { signal: controller.signal, onProgress };
    };
    const error = await sync(v1, { store, ...small, ...stopAtSecondTrigger() }).catch(
      (e: unknown) => e,
    );
    expect((error as OktaImportError).reason).toBe("aborted");
    await waitForCompleted(2);
    expect(await confirmedUsers(store)).toBe(600);

    // Same snapshot again: the second session (which Okta did complete) is the only duplicate work.
    const start = mock.requests.length;
    await sync(v1, { store, ...small });
    expect(upserted(start)).toBe(N - 600);
    expectMockEquals(mock, v1);

    // Stopped again, then the HR data is reverted: what Okta may hold from the stopped run is
    // not trusted, so everything it touched is sent back to v0.
    await sync(v0, { store, ...small, ...stopAtSecondTrigger() }).catch(() => undefined);
    await waitForCompleted(4 + 2);
    await sync(v0, { store, ...small });
    expectMockEquals(mock, v0);
  });

  async function waitForCompleted(n: number) {
    for (let i = 0; i < 200; i++) {
      const done = mock.state(SOURCE_ID).sessions.filter((s) => s.status === "COMPLETED").length;
      if (done >= n) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`fewer than ${n} sessions completed`);
  }
});

describe("safeguard", () => {
  it("refuses a snapshot missing 30% of users, naming the counts, and sends nothing", async () => {
    const store = createMemoryStore();
    await seed(snapshot(2000, 10), store);
    const truncated = snapshot(1400, 10);
    const error = await sync(truncated, { store }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncSafeguardError);
    const refusal = error as OktaSyncSafeguardError;
    expect(refusal.message).toMatch(
      /it would delete 600 of 2000 known users \(30\.0%\), more than maxDeletePercent 20/,
    );
    expect(refusal.message).toMatch(/allowMassDelete/);
    expect(refusal.violations.map((v) => [v.kind, v.deletes, v.known])).toEqual([
      ["users", 600, 2000],
      ["memberships", 600, 2000],
    ]);
    expect(mock.requests).toHaveLength(0);
    expect(await store.count("users")).toBe(2000);

    const report = await sync(truncated, { store, allowMassDelete: true });
    expect(report.plan.counts.users.delete).toBe(600);
    expectMockEquals(mock, truncated);
  });
});

describe("sqlite store", () => {
  it("keeps the state across a restart: the reopened file syncs only what changed", async () => {
    const path = join(dir, "state.db");
    const snap = snapshot(2000, 10);
    let store = await createSqliteStore(path);
    await sync(snap, { store });
    await store.close();

    store = await createSqliteStore(path);
    const before = mock.requests.length;
    expect((await sync(snap, { store })).outcome).toBe("unchanged");
    expect(mock.requests.length).toBe(before);

    const next = { ...snap, users: snap.users.map((u, i) => (i < 10 ? user(i, 2) : u)) };
    await sync(next, { store });
    expect(entityCounts(bulkRequests(mock, before))).toEqual({ "bulk-upsert": 10 });
    await store.close();
    expectMockEquals(mock, next);

    // The state file describes this source only: another source is refused before anything is sent.
    store = await createSqliteStore(path);
    const other = createIdentitySourceClient({
      orgUrl: mock.url,
      token: mock.apiToken,
    }).identitySource("0oaOTHER");
    const count = mock.requests.length;
    await expect(runSync(other, next, { store })).rejects.toThrow(
      /belongs to identity source 0oa3l6l6WK6h0R0QW0g4/,
    );
    expect(mock.requests.length).toBe(count);
    await store.close();
  });
});

async function confirmedUsers(store: SyncStore): Promise<number> {
  let n = 0;
  for await (const e of store.entities("users")) if (e.fingerprint !== null) n++;
  return n;
}

describe("confirmations in Okta's order", () => {
  it("records each session through the importer's hook, in the order Okta applied them", async () => {
    const store = createMemoryStore();
    const snap = snapshot(1200, 4);
    const events: SyncProgress[] = [];
    const order: string[] = [];
    // Small sessions, so the plan takes several; the caller's own hook still runs after the store's.
    const report = await sync(snap, {
      store,
      maxRequestsPerSession: 2,
      onProgress: (p) => events.push(p),
      onSessionCompleted: (session) => void order.push(session.id),
    });
    expect(report.outcome).toBe("applied");
    const confirmed = events.flatMap((e) => (e.phase === "confirmed" ? [e.sessionId] : []));
    const created = mock.state(SOURCE_ID).sessions.map((s) => s.id);
    expect(created.length).toBeGreaterThan(3);
    expect(confirmed).toEqual(created);
    expect(report.confirmedSessions).toEqual(created);
    expect(order).toEqual(created);
    // Every confirmed session's entities are in the store: the next sync sends nothing.
    const again = await sync(snap, { store });
    expect(again.outcome).toBe("unchanged");
  });
});
