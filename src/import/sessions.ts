// Opening, triggering, polling and cancelling import sessions (Okta's session lifecycle:
// CREATED -> IN_PROGRESS on the first upload that changes something -> TRIGGERED -> COMPLETED).
// Every request goes through the client's retry policy with the run's limits (callOptions); the
// loops here only handle what that policy cannot decide: Okta's cool-down refusals, and whether a
// create or start-import that failed ambiguously took effect.
import { BULK, type BulkKind } from "../../generated/registry.js";
import { OktaApiError } from "../core/errors.js";
import { backoff as retryBackoff } from "../http/retry.js";
import { isAmbiguous, isBadRequest, isOpen } from "./classify.js";
import { backoff, callOptions, importError } from "./context.js";
import type { Context } from "./context.js";
import { sleep } from "./sleep.js";
import type { ImportSession, ImportSessionReport } from "./types.js";

/** Longest a cancel keeps retrying (through 429 waits) before the session is reported as left open. */
const CANCEL_TIME = 60_000;

const UPSERT_KINDS = (Object.keys(BULK) as BulkKind[]).filter((k) => BULK[k].action === "upsert");

/** Whether Okta accepted an upsert into the session (then it cannot legitimately stay CREATED). */
const carriedUpserts = (s: ImportSessionReport) => UPSERT_KINDS.some((k) => s.counts[k] > 0);

const age = (created: string | undefined, now = Date.now()): string => {
  const ms = created ? now - Date.parse(created) : NaN;
  if (!Number.isFinite(ms) || ms < 0) return "age unknown";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `created ${Math.floor(ms / 1000)} s ago`;
  if (minutes < 120) return `created ${minutes} min ago`;
  return `created ${Math.floor(minutes / 60)} h ago`;
};

/**
 * Creates the next session. Before each create it lists the source's sessions: those an earlier
 * run of the caller left open (options.ownSessions) are cancelled, and the activeSession policy
 * applies to other sessions still open for upload. A 400 from create is Okta's one-CREATED-session
 * rule or its 5-minute cool-down; we never read errorSummary: we list again and, with no open
 * session left to act on, back off and retry until coolDownTimeout. create-session is not
 * idempotent, so after an ambiguous failure (5xx, lost connection) a new CREATED session that
 * appears is taken to be ours and adopted.
 */
export async function openSession(ctx: Context): Promise<ImportSessionReport> {
  const deadline = Date.now() + ctx.coolDownTimeout;
  const waitDeadline = Date.now() + ctx.processingTimeout;
  let refusals = 0;
  let failures = 0;
  let known = new Set<string>();
  let mayHaveCreated = false;
  for (;;) {
    const listed = await ctx.api.list(callOptions(ctx));
    if (mayHaveCreated) {
      const ours = listed.find(
        (s) => s.id && s.status === "CREATED" && !known.has(s.id) && !ctx.own.has(s.id),
      );
      if (ours) return register(ctx, ours);
    }
    const stale = listed.filter((s) => s.id && ctx.previous.has(s.id) && isOpen(s.status));
    if (stale.length > 0) {
      for (const s of stale) {
        ctx.previous.delete(s.id!);
        ctx.tracker.emit("waiting", `cancelling session ${s.id} left open by an earlier run`);
        await deleteSession(ctx, s.id!);
      }
      continue;
    }
    const others = listed.filter((s) => s.id && !ctx.own.has(s.id) && isOpen(s.status));
    if (others.length > 0) {
      await applyPolicy(ctx, others, waitDeadline);
      continue;
    }
    if (refusals > 0) {
      if (Date.now() >= deadline) {
        throw importError(
          ctx,
          "cool-down-timeout",
          `Okta kept refusing a new import session for ${ctx.coolDownTimeout} ms`,
        );
      }
      const delay = backoff(ctx, refusals - 1);
      ctx.tracker.emit(
        "waiting",
        `Okta refused a new session (its create-session cool-down); retrying in ${delay} ms`,
        delay,
      );
      await sleep(delay, ctx.signal);
    }
    known = new Set(listed.flatMap((s) => (s.id ? [s.id] : [])));
    try {
      return await register(ctx, await ctx.api.create(callOptions(ctx)));
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      if (isBadRequest(e)) {
        refusals++;
        continue;
      }
      // The client retries a 429 itself (Okta did not act on it); a 5xx or a lost answer may have
      // created a session, so it is never repeated blind: list first, adopt what appeared.
      if (isAmbiguous(e) && failures < ctx.maxRetries) {
        mayHaveCreated = true;
        failures++;
        const wait = retryBackoff("server-error", failures);
        ctx.tracker.emit(
          "waiting",
          `creating a session failed (${errorName(e)}); checking for it and retrying`,
          wait,
        );
        await sleep(wait, ctx.signal);
        continue;
      }
      throw importError(ctx, "request-failed", "could not create an import session", e);
    }
  }
}

async function register(ctx: Context, session: ImportSession): Promise<ImportSessionReport> {
  if (!session.id)
    throw importError(ctx, "request-failed", "Okta returned a session without an id");
  ctx.own.add(session.id);
  const report = ctx.tracker.addSession(session.id, session.status ?? "CREATED");
  ctx.tracker.emit("session-created");
  try {
    await ctx.onSessionCreated?.(session.id);
  } catch (e) {
    // Nothing was uploaded yet: cancel rather than leave a session the caller could not record.
    await cancelSession(ctx, report);
    throw e;
  }
  return report;
}

async function applyPolicy(
  ctx: Context,
  others: ImportSession[],
  waitDeadline: number,
): Promise<void> {
  const names = others.map((s) => `${s.id} (${s.status}, ${age(s.created)})`).join(", ");
  switch (ctx.policy) {
    case "fail":
      throw importError(
        ctx,
        "active-session",
        `identity source has an active import session: ${names}; ` +
          `use activeSession "wait" or "cancel" (CLI: --active-session cancel) to proceed`,
      );
    case "cancel":
      ctx.tracker.emit("waiting", `cancelling active session ${names}`);
      for (const s of others) await deleteSession(ctx, s.id!);
      return;
    case "wait":
      if (Date.now() >= waitDeadline) {
        throw importError(
          ctx,
          "active-session",
          `gave up after ${ctx.processingTimeout} ms waiting for active session ${names}; if ` +
            `no other import is using it, cancel it with activeSession "cancel" ` +
            `(CLI: --active-session cancel)`,
        );
      }
      ctx.tracker.emit(
        "waiting",
        `waiting for active session ${names}; if no other import is using it (e.g. one that was ` +
          `killed), rerun with --active-session cancel (activeSession "cancel")`,
        ctx.pollInterval,
      );
      await sleep(ctx.pollInterval, ctx.signal);
      return;
  }
}

/** Cancels a session that is not this run's; a 4xx means it was triggered or closed meanwhile. */
async function deleteSession(ctx: Context, id: string): Promise<void> {
  try {
    await ctx.api.delete(id, callOptions(ctx));
  } catch (e) {
    // The next listing tells what became of it.
    if (ctx.signal?.aborted || !(e instanceof OktaApiError)) throw e;
  }
}

/**
 * Triggers the session and polls it until it completes. A session that never accepted an upload
 * cannot be triggered, so it is cancelled instead. start-import is not idempotent either: after an
 * ambiguous failure we read the session before trying again. A session that carried an upsert and
 * still reads CREATED was not imported, whatever start-import answered: that is a failure, never
 * a success with nothing to do.
 */
export async function finishSession(ctx: Context, session: ImportSessionReport): Promise<void> {
  if (session.status === "CREATED") {
    // Nothing was accepted into it: it carried nothing, so nothing is unconfirmed.
    await cancelSession(ctx, session);
    await confirmed(ctx, session, true);
    return;
  }
  let failures = 0;
  for (;;) {
    let failure: unknown;
    try {
      const s = await ctx.api.startImport(session.id, callOptions(ctx));
      ctx.tracker.setStatus(session, s.status ?? "TRIGGERED");
      break;
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      failure = e;
    }
    // Did the trigger take effect? Only Okta knows: read the session.
    let s: ImportSession;
    try {
      s = await ctx.api.get(session.id, callOptions(ctx));
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      throw importError(ctx, "request-failed", `could not trigger session ${session.id}`, failure);
    }
    ctx.tracker.setStatus(session, s.status ?? session.status);
    throwIfFailed(ctx, session, failure);
    if (session.status === "CREATED") {
      await notStarted(ctx, session, "start-import was refused", failure);
      return;
    }
    if (session.status !== "IN_PROGRESS") break; // triggered after all (TRIGGERED, COMPLETED)
    if (isAmbiguous(failure) && failures < ctx.maxRetries) {
      failures++;
      await sleep(retryBackoff("server-error", failures), ctx.signal);
      continue;
    }
    throw importError(ctx, "request-failed", `could not trigger session ${session.id}`, failure);
  }
  ctx.tracker.emit("triggered");
  await pollUntilDone(ctx, session);
}

/**
 * A session reading CREATED after its uploads were accepted: with deletes only, every one of them
 * matched nothing (Okta leaves such a session CREATED), so their effect holds and the session is
 * closed as a no-op. With any upsert it means Okta holds none of it: cancel and fail.
 */
async function notStarted(
  ctx: Context,
  session: ImportSessionReport,
  what: string,
  cause?: unknown,
): Promise<void> {
  const upserts = carriedUpserts(session);
  await cancelSession(ctx, session);
  if (!upserts) {
    await confirmed(ctx, session, true);
    return;
  }
  throw importError(
    ctx,
    "session-not-started",
    `import session ${session.id} reads CREATED (${what}) although Okta accepted upserts into ` +
      `it, so Okta imported none of it; the session was ${
        session.status === "CLOSED" ? "cancelled" : "left open"
      }`,
    cause,
  );
}

async function pollUntilDone(ctx: Context, session: ImportSessionReport): Promise<void> {
  const started = Date.now();
  const deadline = started + ctx.processingTimeout;
  for (;;) {
    throwIfFailed(ctx, session);
    if (session.status === "COMPLETED") {
      await confirmed(ctx, session, false);
      ctx.tracker.emit("session-done");
      return;
    }
    if (session.status === "CREATED") {
      await notStarted(ctx, session, "it went back to CREATED after start-import");
      // Only reached for deletes only; no triggered session should ever read CREATED.
      return;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw importError(
        ctx,
        "processing-timeout",
        `import session ${session.id} still read ${session.status} ${Date.now() - started} ms ` +
          `after it was triggered (processingTimeout ${ctx.processingTimeout} ms); Okta may still ` +
          `process it: check it with \`okta-idsrc sessions get ${session.id}\` (GET .../sessions/` +
          `${session.id}), raise processingTimeout (--processing-timeout) or rerun the import`,
      );
    }
    const wait = Math.min(ctx.pollInterval, left);
    ctx.tracker.emit(
      "waiting",
      `Okta is processing session ${session.id} (${session.status})`,
      wait,
    );
    await sleep(wait, ctx.signal);
    // A fresh GET every time: the session's state lives only at Okta.
    const s = await ctx.api.get(session.id, callOptions(ctx));
    ctx.tracker.setStatus(session, s.status ?? session.status);
    ctx.tracker.emit("polled");
  }
}

/** Okta confirmed the session: count it as imported and hand its items to the caller's hook. */
async function confirmed(ctx: Context, session: ImportSessionReport, noop: boolean): Promise<void> {
  ctx.tracker.confirm(session, noop);
  const entities = ctx.carried.get(session.id) ?? {};
  ctx.carried.delete(session.id);
  await ctx.onSessionCompleted?.(session, entities);
}

/** Throws the OktaImportError for a session that ended in ERROR, EXPIRED or CLOSED. */
export function throwIfFailed(ctx: Context, session: ImportSessionReport, cause?: unknown): void {
  const reason = (
    { ERROR: "session-error", EXPIRED: "session-expired", CLOSED: "session-closed" } as const
  )[session.status as "ERROR" | "EXPIRED" | "CLOSED"];
  if (reason) {
    throw importError(ctx, reason, `import session ${session.id} ended ${session.status}`, cause);
  }
}

/**
 * Cancels a session of this run still open for upload; runs even after the signal aborted, and
 * keeps retrying (429 waits included) for up to CANCEL_TIME. When it still fails the session is
 * left with its last status, and the "cancel-failed" event says so.
 */
export async function cancelSession(ctx: Context, session: ImportSessionReport): Promise<void> {
  if (!isOpen(session.status)) return;
  ctx.tracker.emit("cancelling", `cancelling session ${session.id}…`);
  // The signal bounds the whole cancel; maxRetryTime 0 still leaves it one attempt.
  const options = {
    signal: AbortSignal.timeout(CANCEL_TIME),
    maxRetries: Math.max(ctx.maxRetries, 10),
    maxRetryTime: Math.min(ctx.maxRetryTime ?? CANCEL_TIME, CANCEL_TIME),
    onRetry: () => ctx.tracker.retry(),
  };
  try {
    await ctx.api.delete(session.id, options);
    ctx.tracker.setStatus(session, "CLOSED");
  } catch (e) {
    // It may have ended meanwhile (a 4xx): read it, so the report says where it stands.
    const s = await ctx.api
      .get(session.id, { signal: AbortSignal.timeout(10_000), maxRetries: 1 })
      .catch(() => undefined);
    if (s?.status) ctx.tracker.setStatus(session, s.status);
    if (isOpen(session.status)) {
      ctx.tracker.emit(
        "cancel-failed",
        `could not cancel session ${session.id} (${errorName(e)}); it is still ` +
          `${session.status} and blocks new imports until cancelled or expired`,
      );
    }
  }
  ctx.tracker.emit("session-done");
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : String(e);
}
