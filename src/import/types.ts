// Public types of `runImport` / `source.import()`. The source is typed structurally (just the
// session methods the importer calls) so the importer does not depend on client internals.
import type { BulkMethodItems } from "../../generated/registry.js";
import type { BulkItems, BulkKind } from "../bulk-bodies.js";
import type { ImportCounts, ImportReport, ImportSessionReport } from "../import-report.js";

export type { ImportCounts, ImportReport, ImportSessionReport };

/** Per-call options the importer passes to every client method (matches the client's RequestOptions). */
export interface ImportCallOptions {
  signal?: AbortSignal;
  maxRetries?: number;
  maxRetryTime?: number;
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    reason: string;
    method?: string;
    url?: string;
  }) => void;
}

/** The session fields the importer reads. */
export interface ImportSession {
  id?: string;
  status?: string;
  created?: string;
}

/**
 * One upload method per bulk kind of the operation registry (`upsertUsers`, `deleteUsers`, ...),
 * as the client's `source.sessions` has them; a kind the spec gains is uploaded with no edit here.
 */
export type ImportBulkMethods = {
  [M in keyof BulkMethodItems]: (
    sessionId: string,
    items: readonly BulkMethodItems[M][],
    options?: ImportCallOptions,
  ) => Promise<void>;
};

/** The `sessions` methods of an identity source that the importer calls. */
export interface ImportSessionsApi extends ImportBulkMethods {
  create(options?: ImportCallOptions): Promise<ImportSession>;
  list(options?: ImportCallOptions): Promise<ImportSession[]>;
  get(sessionId: string, options?: ImportCallOptions): Promise<ImportSession>;
  delete(sessionId: string, options?: ImportCallOptions): Promise<void>;
  startImport(sessionId: string, options?: ImportCallOptions): Promise<ImportSession>;
}

/** An identity source as the importer needs it: `okta.identitySource(id)` satisfies it. */
export interface ImportSource {
  sessions: ImportSessionsApi;
}

/** Items of one kind: an array, any iterable, or an async iterable (streamed, never collected). */
export type ImportInput<T> = Iterable<T> | AsyncIterable<T>;

/** What to import; every kind is optional. Membership items are `{groupExternalId, memberExternalIds}`. */
export type ImportData = { [K in BulkKind]?: ImportInput<BulkItems[K]> };

/** What to do with a session of the source that is already active when the import starts. */
export type ActiveSessionPolicy = "wait" | "cancel" | "fail";

/** Options of `runImport` / `source.import()`. */
export interface ImportOptions {
  /** Existing CREATED/IN_PROGRESS/TRIGGERED session: wait for it, cancel it, or fail. @default "wait" */
  activeSession?: ActiveSessionPolicy;
  /** Bulk uploads in flight at once within a session. @default 1 */
  concurrency?: number;
  /** Milliseconds between session polls (each poll is a fresh GET). @default 5000 */
  pollInterval?: number;
  /**
   * Retries of every request the import makes (the client's retry policy: 429 waits corrected for
   * Okta's clock, backoff on 5xx and lost connections); for bulk uploads further capped by the
   * session's remaining request budget. 0 sends each request once. @default 4
   */
  maxRetries?: number;
  /**
   * Longest one request may keep retrying, in ms from its first attempt; a retry that would wait
   * past it is not made. @default the client's maxRetryTime (120000)
   */
  maxRetryTime?: number;
  /**
   * Longest wait, in ms, for a triggered session to finish processing, and for another run's
   * active session to go away (activeSession "wait"); then the import fails with reason
   * "processing-timeout" naming the session and its last status. @default 1800000
   */
  processingTimeout?: number;
  /**
   * Sessions the caller can prove it created in an earlier run that did not finish (e.g. a journal
   * kept by a process killed midway). Those still open for upload are cancelled whatever
   * activeSession says; any other active session is left to the activeSession policy.
   */
  ownSessions?: readonly string[];
  /** Called (and awaited) as soon as the import has created a session, before anything is uploaded to it. */
  onSessionCreated?: (sessionId: string) => void | Promise<void>;
  /**
   * Called (and awaited) once per session whose content Okta confirmed, in the order Okta applied
   * them, with the items that session carried, before the import goes on. Confirmed means
   * COMPLETED, or (status CLOSED, `noop: true`) a session of deletes only that Okta left CREATED
   * because none of them matched anything.
   */
  onSessionCompleted?: (
    session: ImportSessionReport,
    entities: ImportSessionEntities,
  ) => void | Promise<void>;
  /** Longest wait, in ms, for Okta's create-session cool-down (5 minutes at Okta). @default 600000 */
  coolDownTimeout?: number;
  /** Progress callback, called after every state change. */
  onProgress?: (progress: ImportProgress) => void;
  /** Aborts the import; a session still open for upload is cancelled first. */
  signal?: AbortSignal;
  /** Most entities per bulk request, 1 to 200 (lower only for tests). @default 200 */
  maxEntitiesPerRequest?: number;
  /** Most bytes of JSON per bulk request, up to 200000 (lower only for tests). @default 200000 */
  maxBytesPerRequest?: number;
  /** Most bulk requests (attempts, retries included) per session, 1 to 50. @default 50 */
  maxRequestsPerSession?: number;
}

/** The items one session carried (each accepted by Okta with a 202), per kind. */
export type ImportSessionEntities = { [K in BulkKind]?: BulkItems[K][] };

/** What changed; `type` names the event. */
export type ImportProgressType =
  | "waiting"
  | "session-created"
  | "uploaded"
  | "retry"
  | "triggered"
  | "polled"
  | "session-done"
  | "cancelling"
  | "cancel-failed"
  | "done";

/** A snapshot passed to `onProgress`. */
export interface ImportProgress {
  type: ImportProgressType;
  /** Entities accepted (202) so far, per kind; imported only once their session is confirmed. */
  counts: ImportCounts;
  /** Sum of `counts`. */
  entities: number;
  requests: number;
  retries: number;
  /** Sessions created so far. */
  sessions: number;
  /** The session being filled or processed, if any. */
  session?: { id: string; status: string };
  /** For "waiting", "retry", "cancelling" and "cancel-failed": what is happening and why. */
  message?: string;
  /** For "waiting" and "retry": how long the import now waits, in ms (for a countdown). */
  waitMs?: number;
}
