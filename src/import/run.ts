// runImport: streams every kind, in UPLOAD_ORDER, through chunking and the session uploader.
import { OktaError, OktaValidationError } from "../client/errors.js";
import { MAX_BULK_BYTES, MAX_BULK_ENTITIES, MAX_REQUESTS_PER_SESSION } from "../limits.js";
import { chunkItems } from "./chunks.js";
import type { Context } from "./context.js";
import { importError } from "./context.js";
import { OktaImportError } from "./errors.js";
import { UPLOAD_ORDER } from "./order.js";
import { createTracker } from "./tracker.js";
import type { ImportData, ImportOptions, ImportReport, ImportSource } from "./types.js";
import { createUploader } from "./uploader.js";

/**
 * Uploads users, groups, memberships and devices (and their deletes) through import sessions,
 * within Okta's per-request and per-session limits, and waits until Okta has imported them.
 * @example
 * const report = await runImport(okta.identitySource(id), { users, groups }, { onProgress: console.log });
 */
export async function runImport(
  source: ImportSource,
  data: ImportData,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const tracker = createTracker(options.onProgress);
  const ctx: Context = {
    api: source.sessions,
    signal: options.signal,
    tracker,
    policy: options.activeSession ?? "wait",
    pollInterval: positive(options.pollInterval, 5000, "pollInterval"),
    maxRetries: nonNegative(options.maxRetries, 4, "maxRetries"),
    coolDownTimeout: nonNegative(options.coolDownTimeout, 600_000, "coolDownTimeout"),
    own: new Set(),
  };
  if (!["wait", "cancel", "fail"].includes(ctx.policy)) {
    throw new TypeError(`activeSession must be "wait", "cancel" or "fail"`);
  }
  const limits = {
    maxEntities: positive(
      options.maxEntitiesPerRequest,
      MAX_BULK_ENTITIES,
      "maxEntitiesPerRequest",
    ),
    maxBytes: positive(options.maxBytesPerRequest, MAX_BULK_BYTES, "maxBytesPerRequest"),
  };
  const uploader = createUploader(ctx, {
    concurrency: positive(options.concurrency, 1, "concurrency"),
    maxRequestsPerSession: positive(
      options.maxRequestsPerSession,
      MAX_REQUESTS_PER_SESSION,
      "maxRequestsPerSession",
    ),
  });

  try {
    options.signal?.throwIfAborted();
    for (const kind of UPLOAD_ORDER) {
      const input = data[kind];
      if (input === undefined) continue;
      for await (const chunk of chunkItems(kind, input, limits)) await uploader.send(chunk);
      // Every request of this kind settles before the next kind starts (see order.ts).
      await uploader.drain();
    }
    await uploader.finish();
  } catch (e) {
    await uploader.abandon();
    if (options.signal?.aborted) {
      throw importError(ctx, "aborted", "import aborted", options.signal.reason);
    }
    if (e instanceof OktaImportError) {
      // Refresh the report with the cancel abandon() just did (the message's summary still holds).
      Object.assign(e.report, tracker.report());
      throw e;
    }
    // An API failure midway carries the report; bad input and the caller's own errors (from
    // their iterables) stay what they are.
    if (!(e instanceof OktaError) || e instanceof OktaValidationError) throw e;
    throw importError(ctx, "request-failed", e.message, e);
  }
  tracker.emit("done");
  return tracker.report();
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be >= 0`);
  return value;
}
