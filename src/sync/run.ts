// runSync: plan (one pass over the snapshot), guard, then apply through the importer, recording in
// the store only what Okta confirmed.
import { runImport } from "../import/index.js";
import type { ImportOptions, ImportSource } from "../import/index.js";
import { adoptPlan, importData, markUnconfirmed } from "./apply.js";
import { createConfirmer } from "./confirm.js";
import { planSync } from "./plan.js";
import { safeguardLimits, safeguardViolations } from "./safeguard.js";
import { OktaSyncSafeguardError } from "./errors.js";
import { createDiskStaging, createMemoryStaging } from "./staging.js";
import type { SyncOptions, SyncPlan, SyncReport, SyncSnapshot } from "./types.js";
import { beginRun, DEFAULT_KEEP_RUNS, DEFAULT_LEASE_TTL_MS, runOptions } from "./run-guard.js";

/**
 * Brings the identity source in line with `snapshot`, sending only what changed since the last run
 * recorded in `options.store`, deleting what left the snapshot, and refusing mass deletes.
 * @example
 * const store = await createSqliteStore("sync-state.db");
 * const report = await runSync(okta.identitySource(id), { users, groups, memberships }, { store });
 */
export async function runSync(
  source: ImportSource,
  snapshot: SyncSnapshot,
  options: SyncOptions,
): Promise<SyncReport> {
  // The lease, the run's history record and stale-session recovery (run-guard.ts) wrap the run.
  const { leaseTtlMs = DEFAULT_LEASE_TTL_MS, keepRuns = DEFAULT_KEEP_RUNS, ...rest } = options;
  if (!rest.store || typeof rest.store.commit !== "function") {
    throw new TypeError("options.store is required");
  }
  const run = await beginRun(rest.store, source, {
    options: runOptions(rest),
    identitySourceId: sourceIdOf(source),
    leaseTtlMs: positive("leaseTtlMs", leaseTtlMs),
    keepRuns: positive("keepRuns", keepRuns),
    signal: rest.signal,
    sends: rest.dryRun !== true && rest.adopt !== true,
    onWait: (holder) => rest.onProgress?.({ phase: "lease-wait", holder }),
  });
  try {
    const callerCreated = rest.onSessionCreated;
    const report = await syncOnce(source, snapshot, run.id, {
      ...rest,
      signal: run.signal,
      // The history records each session before the importer uploads to it (crash recovery).
      onSessionCreated: async (sessionId) => {
        await run.onSessionCreated(sessionId);
        await callerCreated?.(sessionId);
      },
      onProgress: (p) => {
        run.progress(p);
        rest.onProgress?.(p);
      },
    });
    await run.end({ report });
    return { ...report, runId: run.id };
  } catch (error) {
    await run.end({ error });
    // A lost lease aborts the run's signal with the lease error: that is the error to report.
    throw run.signal.aborted && !rest.signal?.aborted ? (run.signal.reason as unknown) : error;
  }
}

const sourceIdOf = (source: ImportSource): string | undefined => {
  const id = (source as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
};

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive integer (got ${String(value)})`);
  }
  return value;
}

async function syncOnce(
  source: ImportSource,
  snapshot: SyncSnapshot,
  runId: string,
  options: SyncOptions,
): Promise<Omit<SyncReport, "runId">> {
  const started = Date.now();
  const {
    store,
    dryRun = false,
    adopt = false,
    maxDeletePercent,
    maxDeletes,
    allowMassDelete = false,
    sampleSize = 10,
    staging: where,
    onProgress,
    ...importOptions
  } = options;
  if (!store || typeof store.commit !== "function") {
    throw new TypeError("options.store is required");
  }
  if (dryRun && adopt) throw new TypeError("dryRun and adopt cannot be combined");
  if (!(sampleSize >= 0)) throw new RangeError("sampleSize must be >= 0");
  const limits = safeguardLimits({
    ...(maxDeletePercent !== undefined ? { maxDeletePercent } : {}),
    ...(maxDeletes !== undefined ? { maxDeletes } : {}),
  });

  // The client's identity source carries its ID; a structural source without one is not checked.
  const sourceId = (source as { id?: unknown }).id;
  if (typeof sourceId === "string") await store.bindSource?.(sourceId);

  const staging =
    (where ?? store.staging ?? "disk") === "memory"
      ? createMemoryStaging()
      : await createDiskStaging();
  try {
    const plan = await planSync(store, snapshot, staging, {
      sampleSize,
      signal: options.signal,
      onProgress,
    });
    const violations = safeguardViolations(plan, limits);
    const report = (
      outcome: SyncReport["outcome"],
      extra?: Partial<SyncReport>,
    ): Omit<SyncReport, "runId"> => ({
      plan,
      outcome,
      safeguard: violations,
      confirmedSessions: [],
      ...extra,
      durationMs: Date.now() - started,
    });
    if (dryRun) return report("dry-run");
    if (adopt) {
      await adoptPlan(store, staging);
      return report("adopted");
    }
    if (violations.length > 0 && !allowMassDelete) {
      throw new OktaSyncSafeguardError(violations, plan);
    }
    if (!hasChanges(plan)) return report("unchanged");

    options.signal?.throwIfAborted();
    onProgress?.({ phase: "planned", plan });
    await markUnconfirmed(store, staging);
    const confirmer = createConfirmer(store, runId, (sessionId, entities) =>
      onProgress?.({ phase: "confirmed", sessionId, entities }),
    );
    const callerHook = importOptions.onSessionCompleted;
    const applyOptions: ImportOptions = {
      ...importOptions,
      // The store records each session Okta confirmed, in Okta's order, before the import goes on.
      onSessionCompleted: async (session, entities) => {
        await confirmer.onSessionCompleted(session, entities);
        await callerHook?.(session, entities);
      },
      ...(onProgress ? { onProgress: (p) => onProgress({ phase: "apply", import: p }) } : {}),
    };
    const result = await runImport(source, importData(plan, staging), applyOptions);
    return report("applied", { import: result, confirmedSessions: [...confirmer.confirmed] });
  } finally {
    await staging.close();
  }
}

function hasChanges(plan: SyncPlan): boolean {
  return plan.kinds.some((k) => {
    const c = plan.counts[k];
    return c.create + c.update + c.delete > 0;
  });
}
