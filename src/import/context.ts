// State shared by the pieces of one import run.
import { OktaImportError } from "./errors.js";
import type { ImportFailureReason } from "./errors.js";
import type { Tracker } from "./tracker.js";
import type {
  ActiveSessionPolicy,
  ImportCallOptions,
  ImportOptions,
  ImportReport,
  ImportSessionEntities,
  ImportSessionsApi,
} from "./types.js";

export interface Context {
  api: ImportSessionsApi;
  signal: AbortSignal | undefined;
  tracker: Tracker;
  policy: ActiveSessionPolicy;
  pollInterval: number;
  maxRetries: number;
  /** undefined: the client's own maxRetryTime. */
  maxRetryTime: number | undefined;
  coolDownTimeout: number;
  processingTimeout: number;
  /** IDs of the sessions this run created (never treated as someone else's active session). */
  own: Set<string>;
  /** Sessions an earlier run of the caller created and may have left open (cancelled if open). */
  previous: Set<string>;
  onSessionCreated: ImportOptions["onSessionCreated"];
  onSessionCompleted: ImportOptions["onSessionCompleted"];
  /** What each session carried, kept only while onSessionCompleted needs it. */
  carried: Map<string, ImportSessionEntities>;
}

/**
 * Per-call options: the run's signal and retry limits (the client applies its one retry policy
 * with them), and retries counted into the report.
 */
export function callOptions(ctx: Context, extra?: ImportCallOptions): ImportCallOptions {
  return {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    maxRetries: ctx.maxRetries,
    ...(ctx.maxRetryTime !== undefined ? { maxRetryTime: ctx.maxRetryTime } : {}),
    ...extra,
    onRetry: (info) => {
      ctx.tracker.retry();
      extra?.onRetry?.(info);
      const what = info.method && info.url ? ` on ${info.method} ${pathOf(info.url)}` : "";
      ctx.tracker.emit(
        "retry",
        `${info.reason}${what}: retry ${info.attempt} in ${info.delayMs} ms`,
        info.delayMs,
      );
    },
  };
}

/** The part of a request URL after the identity source, e.g. `/sessions/aps…/start-import`. */
const pathOf = (url: string): string => {
  const path = URL.canParse(url) ? new URL(url).pathname : url;
  return path.replace(/^.*\/identity-sources\/[^/]+/, "") || path;
};

export function importError(
  ctx: Context,
  reason: ImportFailureReason,
  message: string,
  cause?: unknown,
): OktaImportError {
  const report = ctx.tracker.report();
  return new OktaImportError(
    reason,
    `${message} (${summarise(report, cause)})`,
    report,
    cause === undefined ? undefined : { cause },
  );
}

// "1 user", "2 users": every kind's name is a plural ending in "s" (users, deletedGroups, ...), the
// keys of the operation registry, so its singular drops that "s".
const singular = (kind: string) => (kind.endsWith("s") ? kind.slice(0, -1) : kind);

const listed = (counts: ImportReport["counts"]) => {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${n === 1 ? singular(kind) : kind}`);
  return parts.length ? parts.join(", ") : "nothing";
};

function summarise(report: ImportReport, cause: unknown): string {
  const done = report.sessions.filter((s) => s.status === "COMPLETED").map((s) => s.id);
  return (
    `sessions completed: ${done.length ? done.join(", ") : "none"}; ` +
    `imported: ${listed(report.counts)}; ` +
    `sent but not confirmed by Okta: ${listed(report.unconfirmed)}; ` +
    nextStep(cause)
  );
}

/**
 * What to do next. A rerun sends the same requests again, so after a refusal of the credentials or
 * of the request itself it would only fail the same way: say what to fix instead.
 */
function nextStep(cause: unknown): string {
  const status = (cause as { status?: unknown } | undefined)?.status;
  if (status === 401) {
    return (
      "Okta refused the credentials (401): check the API token or OAuth client (a token for " +
      "this org, not expired or revoked) and that identity sources are enabled, then rerun"
    );
  }
  if (status === 403) {
    return (
      "the credentials lack a permission (403): an OAuth client needs the scope the error " +
      "names (okta.identitySources.manage to import, okta.identitySources.read to read), an " +
      "API token an admin allowed to manage this identity source; grant it, then rerun"
    );
  }
  if (status === 400) {
    return "Okta refused the request as invalid (400): fix what the error names, then rerun";
  }
  return "rerunning the same import is safe";
}

/** Capped exponential back-off for the create-session cool-down, which the importer waits itself. */
export function backoff(ctx: Context, attempt: number): number {
  const first = Math.min(ctx.pollInterval, 1000);
  return Math.min(first * 2 ** attempt, 30_000);
}
