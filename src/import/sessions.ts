// Opening, triggering, polling and cancelling import sessions (facts §5).
import { OktaApiError } from "../client/errors.js";
import { isAmbiguous, isBadRequest, isOpen, isRateLimited, rateLimitDelay } from "./classify.js";
import { backoff, callOptions, importError } from "./context.js";
import type { Context } from "./context.js";
import { sleep } from "./sleep.js";
import type { ImportSession, ImportSessionReport } from "./types.js";

/**
 * Creates the next session. Before each create it lists the source's sessions and applies the
 * activeSession policy to other sessions still open for upload. A 400 from create is Okta's
 * one-CREATED-session rule or its 5-minute cool-down (facts §5, G7); we never read errorSummary:
 * we list again and, with no open session left to act on, back off and retry until
 * coolDownTimeout. create-session is not idempotent, so after an ambiguous failure (5xx, lost
 * connection) a new CREATED session that appears is taken to be ours and adopted.
 */
export async function openSession(ctx: Context): Promise<ImportSessionReport> {
  const deadline = Date.now() + ctx.coolDownTimeout;
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
    const others = listed.filter((s) => s.id && !ctx.own.has(s.id) && isOpen(s.status));
    if (others.length > 0) {
      await applyPolicy(ctx, others);
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
        `Okta refused a new session (cool-down); retrying in ${delay} ms`,
      );
      await sleep(delay, ctx.signal);
    }
    known = new Set(listed.flatMap((s) => (s.id ? [s.id] : [])));
    try {
      return register(ctx, await ctx.api.create(callOptions(ctx, { maxRetries: 0 })));
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      if (isBadRequest(e)) {
        refusals++;
        continue;
      }
      if ((isRateLimited(e) || isAmbiguous(e)) && failures < ctx.maxRetries) {
        mayHaveCreated ||= isAmbiguous(e);
        const wait = (isRateLimited(e) && rateLimitDelay(e)) || backoff(ctx, failures);
        failures++;
        ctx.tracker.emit("waiting", `creating a session failed (${errorName(e)}); retrying`);
        await sleep(wait, ctx.signal);
        continue;
      }
      throw importError(ctx, "request-failed", "could not create an import session", e);
    }
  }
}

function register(ctx: Context, session: ImportSession): ImportSessionReport {
  if (!session.id)
    throw importError(ctx, "request-failed", "Okta returned a session without an id");
  ctx.own.add(session.id);
  const report = ctx.tracker.addSession(session.id, session.status ?? "CREATED");
  ctx.tracker.emit("session-created");
  return report;
}

async function applyPolicy(ctx: Context, others: ImportSession[]): Promise<void> {
  const names = others.map((s) => `${s.id} (${s.status})`).join(", ");
  switch (ctx.policy) {
    case "fail":
      throw importError(
        ctx,
        "active-session",
        `identity source has an active import session: ${names}; ` +
          `use activeSession "wait" or "cancel" to proceed`,
      );
    case "cancel":
      ctx.tracker.emit("waiting", `cancelling active session ${names}`);
      for (const s of others) {
        try {
          await ctx.api.delete(s.id!, callOptions(ctx));
        } catch (e) {
          // It may have been triggered or closed meanwhile; the next listing tells.
          if (ctx.signal?.aborted || !(e instanceof OktaApiError)) throw e;
        }
      }
      return;
    case "wait":
      ctx.tracker.emit("waiting", `waiting for active session ${names}`);
      await sleep(ctx.pollInterval, ctx.signal);
      return;
  }
}

/**
 * Triggers the session and polls it until it completes. A session that never accepted an upload
 * cannot be triggered (facts §5), so it is cancelled instead. start-import is not idempotent
 * either: after an ambiguous failure we read the session before trying again.
 */
export async function finishSession(ctx: Context, session: ImportSessionReport): Promise<void> {
  if (session.status === "CREATED") {
    await cancelSession(ctx, session);
    return;
  }
  let failures = 0;
  for (;;) {
    try {
      const s = await ctx.api.startImport(session.id, callOptions(ctx, { maxRetries: 0 }));
      ctx.tracker.setStatus(session, s.status ?? "TRIGGERED");
      break;
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      if ((isRateLimited(e) || isAmbiguous(e)) && failures < ctx.maxRetries) {
        await sleep((isRateLimited(e) && rateLimitDelay(e)) || backoff(ctx, failures), ctx.signal);
        failures++;
        const s = await ctx.api.get(session.id, callOptions(ctx));
        ctx.tracker.setStatus(session, s.status ?? session.status);
        if (s.status === "IN_PROGRESS") continue;
        break;
      }
      const s = await ctx.api.get(session.id, callOptions(ctx)).catch(() => undefined);
      if (s?.status) ctx.tracker.setStatus(session, s.status);
      throwIfFailed(ctx, session, e);
      if (s?.status === "CREATED") {
        // Every upload was a no-op (e.g. deletes of IDs already gone), so Okta left the session
        // CREATED and will not trigger it (facts §5): nothing to import, cancel it.
        await cancelSession(ctx, session);
        return;
      }
      throw importError(ctx, "request-failed", `could not trigger session ${session.id}`, e);
    }
  }
  ctx.tracker.emit("triggered");
  await pollUntilDone(ctx, session);
}

async function pollUntilDone(ctx: Context, session: ImportSessionReport): Promise<void> {
  for (;;) {
    throwIfFailed(ctx, session);
    if (session.status === "COMPLETED") {
      ctx.tracker.emit("session-done");
      return;
    }
    await sleep(ctx.pollInterval, ctx.signal);
    // A fresh GET every time: the session's state lives only at Okta.
    const s = await ctx.api.get(session.id, callOptions(ctx));
    ctx.tracker.setStatus(session, s.status ?? session.status);
    ctx.tracker.emit("polled");
  }
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

/** Best-effort cancel of a session still open for upload; runs even after the signal aborted. */
export async function cancelSession(ctx: Context, session: ImportSessionReport): Promise<void> {
  if (!isOpen(session.status)) return;
  try {
    await ctx.api.delete(session.id, { signal: AbortSignal.timeout(30_000), maxRetries: 2 });
    ctx.tracker.setStatus(session, "CLOSED");
  } catch {
    // Left as last seen; Okta expires an abandoned session after 24 h (facts §5).
  }
  ctx.tracker.emit("session-done");
}

function errorName(e: unknown): string {
  return e instanceof Error ? e.name : String(e);
}
