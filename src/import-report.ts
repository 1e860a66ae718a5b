// What an import reports, and why one stopped: shared by the importer, which fills them in, and the
// client's error hierarchy, whose OktaImportError carries them, so neither imports the other.
import type { BulkKind } from "./bulk-bodies.js";

/** Why an import stopped. */
export type ImportFailureReason =
  | "aborted"
  | "active-session"
  | "session-error"
  | "session-expired"
  | "session-closed"
  | "session-not-started"
  | "processing-timeout"
  | "cool-down-timeout"
  | "request-failed";

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
  /**
   * Whether Okta confirmed what the session carried: it COMPLETED, or it held only deletes that
   * matched nothing (Okta left it CREATED, and it was cancelled: `noop`).
   */
  confirmed: boolean;
  /** Set when the session was cancelled because every upload in it changed nothing. */
  noop?: boolean;
}

/** The result of an import (also carried by `OktaImportError.report`). */
export interface ImportReport {
  /** Entities imported per kind: only what sessions Okta confirmed carried. */
  counts: ImportCounts;
  /** Entities accepted (202) in sessions that Okta did not confirm, per kind: not imported. */
  unconfirmed: ImportCounts;
  sessions: ImportSessionReport[];
  /** Bulk requests sent, every attempt counted. */
  requests: number;
  /** Retries of any request the import made. */
  retries: number;
  durationMs: number;
}
