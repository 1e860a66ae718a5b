// Public types of `runImport` / `source.import()`. The source is typed structurally (just the
// session methods the importer calls) so the importer does not depend on client internals.
import type { BulkItems, BulkKind } from "../bulk-bodies.js";

/** Per-call options the importer passes to every client method (matches the client's RequestOptions). */
export interface ImportCallOptions {
  signal?: AbortSignal;
  maxRetries?: number;
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

/** The session fields the importer reads. */
export interface ImportSession {
  id?: string;
  status?: string;
  created?: string;
}

/** The `sessions` methods of an identity source that the importer calls. */
export interface ImportSessionsApi {
  create(options?: ImportCallOptions): Promise<ImportSession>;
  list(options?: ImportCallOptions): Promise<ImportSession[]>;
  get(sessionId: string, options?: ImportCallOptions): Promise<ImportSession>;
  delete(sessionId: string, options?: ImportCallOptions): Promise<void>;
  startImport(sessionId: string, options?: ImportCallOptions): Promise<ImportSession>;
  upsertUsers(id: string, items: BulkItems["users"][], o?: ImportCallOptions): Promise<void>;
  deleteUsers(id: string, items: string[], o?: ImportCallOptions): Promise<void>;
  upsertGroups(id: string, items: BulkItems["groups"][], o?: ImportCallOptions): Promise<void>;
  deleteGroups(id: string, items: string[], o?: ImportCallOptions): Promise<void>;
  upsertMemberships(
    id: string,
    items: BulkItems["memberships"][],
    o?: ImportCallOptions,
  ): Promise<void>;
  deleteMemberships(
    id: string,
    items: BulkItems["deletedMemberships"][],
    o?: ImportCallOptions,
  ): Promise<void>;
  upsertDevices(id: string, items: BulkItems["devices"][], o?: ImportCallOptions): Promise<void>;
  deleteDevices(id: string, items: string[], o?: ImportCallOptions): Promise<void>;
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
  /** Retries per bulk upload, further capped by the session's remaining request budget. @default 4 */
  maxRetries?: number;
  /** Longest wait, in ms, for Okta's create-session cool-down (facts §5: 5 minutes). @default 600000 */
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

/** Entities sent per kind; memberships count (group, member) pairs. */
export type ImportCounts = Record<BulkKind, number>;

/** One session the import used. */
export interface ImportSessionReport {
  id: string;
  /** Last status seen: COMPLETED, or where it stopped (CLOSED when the importer cancelled it). */
  status: string;
  /** Bulk requests sent to this session, retries included. */
  requests: number;
  /** Entities accepted (202) in this session, per kind. */
  counts: ImportCounts;
}

/** The result of an import (also carried by `OktaImportError.report`). */
export interface ImportReport {
  counts: ImportCounts;
  sessions: ImportSessionReport[];
  /** Bulk requests sent, every attempt counted. */
  requests: number;
  /** Retries of any request the import made. */
  retries: number;
  durationMs: number;
}

/** What changed; `type` names the event. */
export type ImportProgressType =
  | "waiting"
  | "session-created"
  | "uploaded"
  | "retry"
  | "triggered"
  | "polled"
  | "session-done"
  | "done";

/** A snapshot passed to `onProgress`. */
export interface ImportProgress {
  type: ImportProgressType;
  /** Entities accepted so far, per kind. */
  counts: ImportCounts;
  /** Sum of `counts`. */
  entities: number;
  requests: number;
  retries: number;
  /** Sessions created so far. */
  sessions: number;
  /** The session being filled or processed, if any. */
  session?: { id: string; status: string };
  /** For "waiting": why the import is waiting. */
  message?: string;
}
