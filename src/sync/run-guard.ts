// What wraps every sync run: the store's lease (one run at a time, renewed while the run lasts),
// the run's history record, and recovery of sessions a crashed run left open. runSync calls
// beginRun before planning and end() after, whatever happened in between.
import type { ImportProgress, ImportSource } from "../import/index.js";
import { OktaSyncSafeguardError } from "./errors.js";
import { hostName, isAlive } from "./node-builtins.js";
import { OktaSyncLeaseError } from "./state-errors.js";
import { FINAL_SESSION_STATUSES } from "./store.js";
import type {
  LeaseHolder,
  LeaseState,
  SyncLease,
  SyncRunOptions,
  SyncRunRecord,
  SyncRunSession,
  SyncStore,
} from "./store.js";
import type { SyncOptions, SyncProgress, SyncReport } from "./types.js";

/** @default 60000: a crashed run blocks the next one for at most a minute. */
export const DEFAULT_LEASE_TTL_MS = 60_000;
/** @default 1000 runs kept in the history. */
export const DEFAULT_KEEP_RUNS = 1000;

export interface RunGuardOptions {
  options: SyncRunOptions;
  identitySourceId: string | undefined;
  leaseTtlMs: number;
  keepRuns: number;
  signal: AbortSignal | undefined;
  /** The run may open sessions: recover those a crashed run left open. */
  sends: boolean;
  /** Called while waiting for the lease of a holder whose process has died on this host. */
  onWait?: (holder: LeaseState) => void;
}

export interface RunGuard {
  readonly id: string;
  /** Aborts when the caller's signal does, or when the lease is lost. */
  readonly signal: AbortSignal;
  /** Pass to the importer: records each session the run opens before anything is uploaded to it. */
  onSessionCreated(sessionId: string): Promise<void>;
  /** Feed every sync progress event through this (it records sessions as they open). */
  progress(p: SyncProgress): void;
  /** Records the outcome, stops renewing and releases the lease. Never throws the run's error. */
  end(result: { report: Omit<SyncReport, "runId"> } | { error: unknown }): Promise<void>;
}

/** The options a run's history records, defaults applied. */
export function runOptions(o: SyncOptions): SyncRunOptions {
  return {
    dryRun: o.dryRun === true,
    adopt: o.adopt === true,
    allowMassDelete: o.allowMassDelete === true,
    maxDeletePercent: o.maxDeletePercent ?? 20,
    maxDeletes: o.maxDeletes === undefined || o.maxDeletes === Infinity ? null : o.maxDeletes,
  };
}

/** A random run ID (also the lease token). */
function newRunId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Takes the store's lease (throws OktaSyncLeaseError if another run holds it), records the run's
 * start, and cancels sessions earlier runs of this store opened and never finished.
 */
export async function beginRun(
  store: SyncStore,
  source: ImportSource,
  o: RunGuardOptions,
): Promise<RunGuard> {
  const id = newRunId();
  const since = new Date().toISOString();
  const pid = globalThis.process?.pid ?? 0;
  const host = await hostName();
  const lease = store.lease;
  const history = store.history;
  const lost = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, lost.signal]) : lost.signal;

  if (lease) {
    await acquireLease(lease, { runId: id, pid, host, since }, o.leaseTtlMs, o.signal, o.onWait);
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown> | unknown) => {
    if (!(p instanceof Promise)) return;
    const settled = p.catch(() => {}).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  let started = false;
  try {
    if (lease) {
      // Renewed three times per TTL, so one slow renewal does not let the lease lapse.
      timer = setInterval(
        () => {
          track(
            Promise.resolve()
              .then(() => lease.renew(id, o.leaseTtlMs))
              .catch((e: unknown) => {
                if (e instanceof OktaSyncLeaseError) lost.abort(e);
              }),
          );
        },
        Math.max(1, Math.floor(o.leaseTtlMs / 3)),
      );
      (timer as { unref?: () => void }).unref?.();
    }
    await history?.start({
      id,
      startedAt: since,
      host,
      pid,
      ...(o.identitySourceId !== undefined ? { identitySourceId: o.identitySourceId } : {}),
      options: o.options,
    });
    started = history !== undefined;
    if (history && o.sends) await recoverSessions(store, source, id, signal);
  } catch (e) {
    if (timer) clearInterval(timer);
    try {
      if (started) {
        const end = { endedAt: new Date().toISOString(), error: messageOf(e), sessions: [] };
        await history!.finish(id, { ...end, outcome: "failed" }, o.keepRuns);
      }
    } finally {
      await lease?.release(id);
    }
    throw e;
  }

  const sessions = new Map<string, string>();
  let counts: SyncRunRecord["counts"];

  // Recorded (and awaited) through the importer's onSessionCreated hook as soon as Okta answers,
  // before the first upload: a crash right after leaves the next run a session to cancel, not one
  // it cannot prove is its own.
  const onSessionCreated = async (sessionId: string): Promise<void> => {
    if (!history || !o.sends) return;
    if (!sessions.has(sessionId)) sessions.set(sessionId, "CREATED");
    await history.session(id, { id: sessionId, status: "CREATED" });
  };

  return {
    id,
    signal,
    onSessionCreated,
    progress(p) {
      if (p.phase === "planned") counts = p.plan.counts;
      if (p.phase !== "apply") return;
      const session = (p.import as ImportProgress).session;
      if (!session?.id) return;
      // The status only: onSessionCreated has already recorded (and awaited) the session itself;
      // every session's final status is recorded by end().
      sessions.set(session.id, session.status);
    },
    async end(result) {
      if (timer) clearInterval(timer);
      await Promise.all(pending);
      try {
        if (history) {
          const report = "report" in result ? result.report : undefined;
          const error = "error" in result ? result.error : undefined;
          const importReport =
            report?.import ?? (error as { report?: SyncReport["import"] } | undefined)?.report;
          for (const s of importReport?.sessions ?? []) sessions.set(s.id, s.status);
          const plan =
            report?.plan ?? (error instanceof OktaSyncSafeguardError ? error.plan : undefined);
          const final: SyncRunSession[] = [...sessions].map(([sid, status]) => ({
            id: sid,
            status,
          }));
          const planned = plan?.counts ?? counts;
          await history.finish(
            id,
            {
              endedAt: new Date().toISOString(),
              outcome: report
                ? report.outcome
                : error instanceof OktaSyncSafeguardError
                  ? "refused"
                  : "failed",
              ...(error !== undefined ? { error: messageOf(error) } : {}),
              ...(planned ? { counts: planned } : {}),
              sessions: final,
            },
            o.keepRuns,
          );
        }
      } finally {
        await lease?.release(id);
      }
    },
  };
}

/**
 * Takes the lease. A holder on this host whose process no longer exists (a kill -9, a crash) is
 * waited for until its lease expires, never less, so a plain rerun converges on its own; any
 * other holder, alive here or on another host, is refused at once.
 */
async function acquireLease(
  lease: SyncLease,
  holder: LeaseHolder,
  ttlMs: number,
  signal: AbortSignal | undefined,
  onWait: ((holder: LeaseState) => void) | undefined,
): Promise<void> {
  let deadline: number | undefined;
  for (;;) {
    try {
      await lease.acquire(holder, ttlMs);
      return;
    } catch (e) {
      const held = e instanceof OktaSyncLeaseError && e.reason === "held" ? e.holder : undefined;
      if (!held || held.host !== holder.host || held.pid === holder.pid || isAlive(held.pid)) {
        throw e;
      }
      // Bounded: the lease's own expiry by our clock, plus slack for a store whose clock differs.
      if (deadline === undefined) {
        deadline = Math.max(Date.parse(held.expiresAt), Date.now()) + DEAD_HOLDER_SLACK_MS;
        onWait?.(held);
      }
      if (Date.now() > deadline) throw e;
      const wait = Math.min(Math.max(Date.parse(held.expiresAt) - Date.now(), 0) + 50, 1000);
      await sleep(wait, signal);
    }
  }
}

/** How long past a dead holder's expiry (by our clock) a run keeps trying to take its lease. */
const DEAD_HOLDER_SLACK_MS = 10_000;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * Cancels the sessions earlier runs recorded and never saw finish. We hold the lease, so no other
 * run of this store is alive: a session still open for upload is a crashed run's, and would block
 * this run until Okta expires it (24 h). A TRIGGERED one is left to finish (it cannot be cancelled;
 * its entities were marked unconfirmed before sending, so this run resends them).
 */
async function recoverSessions(
  store: SyncStore,
  source: ImportSource,
  runId: string,
  signal: AbortSignal,
): Promise<void> {
  const history = store.history!;
  for (const s of await history.openSessions(runId)) {
    signal.throwIfAborted();
    let status: string;
    try {
      status = (await source.sessions.get(s.id, { signal })).status ?? "CREATED";
    } catch (e) {
      if ((e as { status?: unknown }).status === 404) {
        await history.session(s.runId, { id: s.id, status: "GONE" });
        continue;
      }
      throw e;
    }
    if (status === "CREATED" || status === "IN_PROGRESS") {
      await source.sessions.delete(s.id, { signal });
      status = "CLOSED";
    }
    await history.session(s.runId, { id: s.id, status });
  }
}

/** The store's view of open: any status that is not final. */
export function isOpenStatus(status: string): boolean {
  return !FINAL_SESSION_STATUSES.includes(status);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
