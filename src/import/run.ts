// runImport: streams every kind, in UPLOAD_ORDER, through chunking and the session uploader.
import { OktaError, OktaValidationError } from "../core/errors.js";
import { checkData, checkOptions } from "./check-input.js";
import { chunkItems } from "./chunks.js";
import type { Context } from "./context.js";
import { importError } from "./context.js";
import { OktaImportError } from "./errors.js";
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
  // Everything the caller passed is checked before the first request (check-input.ts).
  const checked = checkOptions(options);
  const kinds = checkData(data);
  const { signal } = checked;
  const tracker = createTracker(checked.onProgress);
  const ctx: Context = {
    api: source.sessions,
    signal,
    tracker,
    policy: checked.policy,
    pollInterval: checked.pollInterval,
    maxRetries: checked.maxRetries,
    maxRetryTime: checked.maxRetryTime,
    coolDownTimeout: checked.coolDownTimeout,
    processingTimeout: checked.processingTimeout,
    own: new Set(),
    previous: new Set(checked.ownSessions),
    onSessionCreated: checked.onSessionCreated,
    onSessionCompleted: checked.onSessionCompleted,
    carried: new Map(),
  };
  const limits = { maxEntities: checked.maxEntities, maxBytes: checked.maxBytes };
  const uploader = createUploader(ctx, {
    concurrency: checked.concurrency,
    maxRequestsPerSession: checked.maxRequestsPerSession,
  });

  try {
    if (signal?.aborted) throw signal.reason;
    for (const [kind, input] of kinds) {
      for await (const chunk of chunkItems(kind, input, limits)) await uploader.send(chunk);
      // Every request of this kind settles before the next kind starts (see order.ts).
      await uploader.drain();
    }
    await uploader.finish();
  } catch (e) {
    await uploader.abandon();
    if (signal?.aborted) {
      throw importError(ctx, "aborted", "import aborted", signal.reason);
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
