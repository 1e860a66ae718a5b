// State shared by the pieces of one import run.
import { OktaImportError } from "./errors.js";
import type { ImportFailureReason } from "./errors.js";
import type { Tracker } from "./tracker.js";
import type {
  ActiveSessionPolicy,
  ImportCallOptions,
  ImportReport,
  ImportSessionsApi,
} from "./types.js";

export interface Context {
  api: ImportSessionsApi;
  signal: AbortSignal | undefined;
  tracker: Tracker;
  policy: ActiveSessionPolicy;
  pollInterval: number;
  maxRetries: number;
  coolDownTimeout: number;
  /** IDs of the sessions this run created (never treated as someone else's active session). */
  own: Set<string>;
}

/** Per-call options: the run's signal, and retries counted into the report. */
export function callOptions(ctx: Context, extra?: ImportCallOptions): ImportCallOptions {
  return {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...extra,
    onRetry: (info) => {
      ctx.tracker.retry();
      extra?.onRetry?.(info);
      ctx.tracker.emit("retry", `retry ${info.attempt} (${info.reason}) in ${info.delayMs} ms`);
    },
  };
}

export function importError(
  ctx: Context,
  reason: ImportFailureReason,
  message: string,
  cause?: unknown,
): OktaImportError {
  const report = ctx.tracker.report();
  return new OktaImportError(
    reason,
    `${message} (${summarise(report)})`,
    report,
    cause === undefined ? undefined : { cause },
  );
}

function summarise(report: ImportReport): string {
  const done = report.sessions.filter((s) => s.status === "COMPLETED").map((s) => s.id);
  const sent = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  return (
    `sessions completed: ${done.length ? done.join(", ") : "none"}; ` +
    `sent: ${sent.length ? sent.join(", ") : "nothing"}; ` +
    `rerunning the same import is safe`
  );
}

/** Capped exponential back-off for waits the importer runs itself (cool-down, create, trigger). */
export function backoff(ctx: Context, attempt: number): number {
  const first = Math.min(ctx.pollInterval, 1000);
  return Math.min(first * 2 ** attempt, 30_000);
}
