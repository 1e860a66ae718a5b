// Sends chunks into sessions within the per-session request budget (Okta allows 50 bulk requests
// per session), counting every attempt: each upload reserves 1 + maxRetries attempts before it
// starts, and its maxRetries is capped by what the session has left, so retries can never push a
// session past the limit. A chunk whose retries were cut short by the budget is carried into the
// next session, never dropped.
import type { BulkKind } from "../bulk-bodies.js";
import { OktaValidationError } from "../core/errors.js";
import { bodyChecks } from "../client/body-checks.js";
import type { Chunk } from "./chunks.js";
import { isAmbiguous, isOpen, isTransient } from "./classify.js";
import { callOptions, importError } from "./context.js";
import type { Context } from "./context.js";
import { UPLOAD_METHOD } from "./order.js";
import { cancelSession, finishSession, openSession, throwIfFailed } from "./sessions.js";
import type { ImportSessionReport } from "./types.js";

interface Pending {
  chunk: Chunk;
  carried: number;
}

const MAX_CARRIES = 3;

export interface Uploader {
  /** Sends a chunk, waiting for a free slot (or a new session) first. */
  send(chunk: Chunk): Promise<void>;
  /** Waits for every upload in flight, re-sending carried chunks, so the next kind starts clean. */
  drain(): Promise<void>;
  /** Triggers and completes the open session. */
  finish(): Promise<void>;
  /** After a failure: waits for uploads in flight, then cancels a session still open for upload. */
  abandon(): Promise<void>;
}

export function createUploader(
  ctx: Context,
  limits: { concurrency: number; maxRequestsPerSession: number },
): Uploader {
  let session: ImportSessionReport | undefined;
  let used = 0;
  let reserved = 0;
  const inFlight = new Set<Promise<void>>();
  const carry: Pending[] = [];
  let failure: unknown;

  const check = () => {
    if (failure !== undefined) throw failure;
  };

  async function closeSession(): Promise<void> {
    await settle();
    check();
    if (!session) return;
    // Still the open session until it is finished: an abort while triggering it (a 429 wait, say)
    // must find it here, so abandon() cancels it instead of leaving it open.
    await finishSession(ctx, session);
    session = undefined;
  }

  async function settle(): Promise<void> {
    while (inFlight.size > 0) await Promise.race(inFlight);
  }

  async function dispatch(pending: Pending): Promise<void> {
    for (;;) {
      check();
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      if (inFlight.size >= limits.concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      if (!session) {
        // The client checks every body before sending it, but by then a session was opened for
        // it: checking the chunk that opens one here means bad items cost no session, no cancel.
        (await bodyChecks()).checkBulk(pending.chunk.kind, pending.chunk.items as never[]);
        session = await openSession(ctx);
        used = 0;
        reserved = 0;
      }
      const available = limits.maxRequestsPerSession - used - reserved;
      if (available >= 1) {
        start(session, pending, Math.min(ctx.maxRetries, available - 1));
        return;
      }
      if (inFlight.size > 0) {
        await Promise.race(inFlight);
        continue;
      }
      await closeSession();
    }
  }

  function start(target: ImportSessionReport, pending: Pending, maxRetries: number): void {
    const { chunk } = pending;
    reserved += 1 + maxRetries;
    let attempts = 1;
    ctx.tracker.request(target);
    const method = ctx.api[UPLOAD_METHOD[chunk.kind]] as (
      id: string,
      items: unknown[],
      o: object,
    ) => Promise<void>;
    const options = callOptions(ctx, {
      maxRetries,
      onRetry: () => {
        attempts++;
        ctx.tracker.request(target);
      },
    });
    const task = method
      .call(ctx.api, target.id, chunk.items, options)
      .then(
        () => {
          if (target.status === "CREATED") ctx.tracker.setStatus(target, "IN_PROGRESS");
          ctx.tracker.accepted(target, chunk.kind as BulkKind, chunk.count);
          if (ctx.onSessionCompleted) remember(target.id, chunk);
          ctx.tracker.emit("uploaded");
        },
        async (e: unknown) => {
          if (ctx.signal?.aborted) {
            failure ??= ctx.signal.reason;
          } else if (e instanceof OktaValidationError) {
            failure ??= e; // the client refused bad input before sending: the caller's to fix
          } else if (isTransient(e) && maxRetries < ctx.maxRetries) {
            // The budget, not the failure, ended the retries: try again in the next session.
            if (++pending.carried > MAX_CARRIES) failure ??= uploadError(target, chunk, e);
            else carry.push(pending);
          } else {
            failure ??= await classifyFailure(target, chunk, e);
          }
        },
      )
      .finally(() => {
        reserved -= 1 + maxRetries;
        used += attempts;
        inFlight.delete(task);
      });
    inFlight.add(task);
  }

  function remember(sessionId: string, chunk: Chunk): void {
    let entities = ctx.carried.get(sessionId);
    if (!entities) ctx.carried.set(sessionId, (entities = {}));
    ((entities[chunk.kind] ??= []) as unknown[]).push(...chunk.items);
  }

  function uploadError(target: ImportSessionReport, chunk: Chunk, e: unknown) {
    return importError(
      ctx,
      "request-failed",
      `uploading ${chunk.items.length} ${chunk.kind} to session ${target.id} failed`,
      e,
    );
  }

  // A rejected upload may mean the session itself ended (expired, cancelled by someone): say so.
  async function classifyFailure(target: ImportSessionReport, chunk: Chunk, e: unknown) {
    if (!isAmbiguous(e)) {
      const s = await ctx.api.get(target.id, callOptions(ctx)).catch(() => undefined);
      if (s?.status) ctx.tracker.setStatus(target, s.status);
      try {
        throwIfFailed(ctx, target, e);
      } catch (ended) {
        return ended;
      }
    }
    return uploadError(target, chunk, e);
  }

  async function sendCarried(): Promise<void> {
    while (carry.length > 0) await dispatch(carry.shift()!);
  }

  return {
    async send(chunk) {
      await sendCarried();
      await dispatch({ chunk, carried: 0 });
    },
    async drain() {
      do {
        await settle();
        check();
        await sendCarried();
      } while (inFlight.size > 0 || carry.length > 0);
    },
    async finish() {
      await closeSession();
    },
    async abandon() {
      await settle();
      if (session && isOpen(session.status)) await cancelSession(ctx, session);
      session = undefined;
    },
  };
}
