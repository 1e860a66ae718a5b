// One sync at a time per state, across real processes: a second `okta-idsrc sync` on a state in use
// refuses at once naming the holder; after a holder is killed (kill -9), a plain rerun on the same
// host waits for the lease to expire, never less, then cancels the dead run's session and converges.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresStore, createSqliteStore } from "../../src/sync/index.js";
import type { SyncRunRecord, SyncStore } from "../../src/sync/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { SOURCE_ID, expectMockEquals, snapshot, startMock } from "./helpers.js";
import type { Snapshot } from "./helpers.js";
import { dropSchemas, freshSchema, PG_SKIP_REASON, PG_URL } from "./pg.js";
import { buildCli, killAll, runCli, startCli } from "./support/cli-process.js";

const dir = mkdtempSync(join(tmpdir(), "sync-lease-"));
let mock: MockOkta;
beforeAll(async () => {
  mock = await startMock();
  await buildCli();
}, 60_000);
afterAll(async () => {
  killAll();
  await mock.close();
  await dropSchemas();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let files = 0;

function usersCsv(snap: Snapshot): string {
  const path = join(dir, `users-${files++}.csv`);
  const columns = Object.keys(snap.users[0]!.profile);
  const rows = snap.users.map((u) => [u.externalId, ...columns.map((c) => u.profile[c]!)]);
  writeFileSync(path, [["externalId", ...columns], ...rows].map((r) => r.join(",")).join("\n"));
  return path;
}

/** Polls `check` every 50 ms for at most `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

interface StateKind {
  name: string;
  skip: boolean;
  /** --state flags for a fresh state, and a way to open it from the test. */
  fresh(): { flags: string[]; open(): Promise<SyncStore> };
}

const kinds: StateKind[] = [
  {
    name: "sqlite",
    skip: false,
    fresh() {
      const path = join(dir, `state-${files++}.db`);
      return { flags: ["--state", path], open: () => createSqliteStore(path) };
    },
  },
  {
    name: `postgres${PG_SKIP_REASON}`,
    skip: PG_URL === undefined,
    fresh() {
      const schema = freshSchema();
      return {
        flags: ["--state", PG_URL!, "--state-schema", schema],
        open: () => createPostgresStore(PG_URL!, { schema }),
      };
    },
  },
];

const env = () => ({ OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: mock.apiToken });
const syncArgs = (users: string, state: string[], extra: string[] = []) => [
  "sync",
  "--source",
  SOURCE_ID,
  "--users",
  users,
  ...state,
  "--poll-interval",
  "20",
  ...extra,
];

/** The lease as the state records it. */
async function current(state: { open(): Promise<SyncStore> }) {
  const store = await state.open();
  try {
    return await store.lease!.current();
  } finally {
    await store.close();
  }
}

async function history(state: string[]): Promise<SyncRunRecord[]> {
  const r = await runCli(["sync", "history", ...state, "--json"], env());
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { runs: SyncRunRecord[] }).runs;
}

for (const kind of kinds) {
  describe.skipIf(kind.skip)(`${kind.name} state shared by two processes`, () => {
    it("refuses a second sync at once, naming the running one's process and host", async () => {
      mock.reset();
      const snap = snapshot(600);
      const users = usersCsv(snap);
      const state = kind.fresh();
      // Slow uploads keep the first run busy (3 uploads, 4.5 s) long enough to start the second
      // on a loaded machine.
      mock.setFaults({ path: /bulk-upsert/, latencyMs: 1500 });
      try {
        const first = startCli(syncArgs(users, state.flags), env());
        const store = await state.open();
        try {
          await until("the first run's lease", async () => {
            const lease = await Promise.resolve(store.lease!.current()).catch(() => undefined);
            return lease !== undefined;
          });
        } finally {
          await store.close();
        }
        const started = Date.now();
        const second = await runCli(syncArgs(users, state.flags), env());
        expect(second.code).toBe(1);
        expect(second.stderr).toContain(
          `another sync is running on this state: process ${first.pid} on host ${hostname()}`,
        );
        // "At once": well before the first run ends or any lease could expire.
        expect(Date.now() - started).toBeLessThan(30_000);
        const done = await first.done;
        expect(done.code, done.stderr).toBe(0);
      } finally {
        mock.setFaults(undefined);
      }
      expectMockEquals(mock, { ...snap, groups: [], memberships: [] });
      const again = await runCli(syncArgs(users, state.flags), env());
      expect(again.stdout).toContain("Nothing changed");
      // The refused run never got the lease, so it left no record.
      const runs = await history(state.flags);
      expect(runs.map((r) => r.outcome)).toEqual(["unchanged", "applied"]);
    }, 90_000);

    it("after kill -9 of the holder, a plain rerun waits out its lease, then cancels its session and converges", async () => {
      mock.reset();
      const snap = snapshot(600);
      const users = usersCsv(snap);
      const state = kind.fresh();
      // Long enough that the first rerun starts well within it, even on a loaded machine.
      const ttl = ["--lease-ttl", "6"];
      // The first upload is accepted, the second hangs: the run is killed mid-session.
      mock.setFaults([{ path: /bulk-upsert/, latencyMs: 1500 }]);
      const holder = startCli(syncArgs(users, state.flags, ttl), env());
      await until("an upload the mock accepted", () =>
        mock.state(SOURCE_ID).sessions.some((s) => s.status === "IN_PROGRESS"),
      );
      holder.child.kill("SIGKILL");
      await holder.done;
      mock.setFaults(undefined);
      const dead = mock.state(SOURCE_ID).sessions.find((s) => s.status === "IN_PROGRESS")!;
      const lease = (await current(state))!;
      expect(lease.pid).toBe(holder.pid);

      // A plain rerun on this host sees that the holder's process is gone and waits for its lease
      // to expire (never less), then takes over: the first request it sends comes after expiry.
      const from = mock.requests.length;
      const rerun = await runCli(syncArgs(users, state.flags, ttl), env());
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stderr).toContain(
        `process ${holder.pid} on this host (run ${lease.runId}, since ${lease.since}) holds the ` +
          "state's lease but is no longer running; waiting until its lease expires at",
      );
      const expiry = Date.parse(lease.expiresAt);
      expect(mock.requests[from]!.receivedAt).toBeGreaterThanOrEqual(expiry);

      // The dead run's session was cancelled by the rerun, and Okta now holds exactly the input.
      expect(mock.state(SOURCE_ID).sessions.find((s) => s.id === dead.id)!.status).toBe("CLOSED");
      expectMockEquals(mock, { ...snap, groups: [], memberships: [] });
      const again = await runCli(syncArgs(users, state.flags, ttl), env());
      expect(again.stdout).toContain("Nothing changed");
      const runs = await history(state.flags);
      const killed = runs.at(-1)!;
      expect(killed.outcome).toBe("running");
      expect(killed.pid).toBe(holder.pid);
      expect(killed.sessions).toContainEqual({ id: dead.id, status: "CLOSED" });
      expect(runs[1]!.outcome).toBe("applied");
      expect(runs[0]!.outcome).toBe("unchanged");
    }, 120_000);
  });
}
