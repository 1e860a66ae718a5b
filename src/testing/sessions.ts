// Import-session lifecycle, limits and timers (docs/okta-behaviour.md, "Import sessions").
// CREATED -> IN_PROGRESS (first upload that changes something) -> TRIGGERED (start-import) ->
// COMPLETED | ERROR (processed one at a time per source, in order); CREATED/IN_PROGRESS -> CLOSED
// (delete) or EXPIRED (no request for 24 h). All durations arrive already scaled by timeScale.
import { SESSION_LIMITS } from "../../generated/registry.js";
import { notFound, ruleViolation } from "./errors.js";
import { sessionId as newSessionId } from "./ids.js";
import { applyUpload, uploadMatchesData } from "./processing.js";
import type { SessionRecord, SessionStatus, Upload } from "./session-record.js";

export type { SessionRecord, SessionStatus };
import type { SourceData } from "./state.js";

export interface SessionTiming {
  processingMs: number;
  expiryMs: number;
  cooldownMs: number;
}

/** Decides how processing ends; `true` makes the session end in ERROR with nothing applied. */
export type FailSessionPredicate = (session: {
  identitySourceId: string;
  sessionId: string;
}) => boolean;

const MAX_REQUESTS_PER_SESSION = SESSION_LIMITS.maxBulkRequests;

const ACTIVE: ReadonlySet<SessionStatus> = new Set(["CREATED", "IN_PROGRESS", "TRIGGERED"]);

export class SessionManager {
  private readonly queues = new Map<string, SessionRecord[]>();
  private readonly busy = new Map<string, NodeJS.Timeout>();
  private failNext = 0;

  constructor(
    private readonly timing: SessionTiming,
    private readonly failSession: FailSessionPredicate | undefined,
  ) {}

  // The session as the API returns it.
  static toApi(s: SessionRecord) {
    return {
      id: s.id,
      identitySourceId: s.identitySourceId,
      status: s.status,
      importType: s.importType,
      created: new Date(s.created).toISOString(),
      lastUpdated: new Date(s.lastUpdated).toISOString(),
    };
  }

  // Makes the next `count` sessions that finish processing end in ERROR.
  failNextSessions(count: number): void {
    this.failNext += count;
  }

  create(source: SourceData): SessionRecord {
    const now = Date.now();
    for (const other of source.sessions.values()) {
      if (other.status === "CREATED") {
        throw ruleViolation(
          `identity source ${source.id} already has a session in CREATED status (${other.id}); ` +
            "at most one CREATED session per identity source is allowed",
        );
      }
      if (
        (other.status === "IN_PROGRESS" || other.status === "TRIGGERED") &&
        now - other.created < this.timing.cooldownMs
      ) {
        throw ruleViolation(
          `session ${other.id} is ${other.status} and was created less than 5 minutes ago; ` +
            "a new session cannot be created during this cool-down",
        );
      }
    }
    const session: SessionRecord = {
      id: newSessionId(),
      identitySourceId: source.id,
      status: "CREATED",
      importType: "INCREMENTAL",
      created: now,
      lastUpdated: now,
      bulkRequests: 0,
      uploads: [],
      expiry: undefined,
    };
    session.expiry = setTimeout(() => this.expire(session), this.timing.expiryMs).unref();
    source.sessions.set(session.id, session);
    return session;
  }

  // Looks a session up and counts the request as activity (it postpones expiry).
  get(source: SourceData, id: string): SessionRecord {
    const session = source.sessions.get(id);
    if (!session) throw notFound(`${id} (IdentitySourceSession)`);
    session.expiry?.refresh();
    return session;
  }

  // Sessions that are still active; Okta documents the list as "the active sessions".
  listActive(source: SourceData): SessionRecord[] {
    return [...source.sessions.values()].filter((s) => ACTIVE.has(s.status));
  }

  // Checks a bulk request against the session rules before its body is looked at.
  checkUploadAllowed(session: SessionRecord): void {
    if (session.status !== "CREATED" && session.status !== "IN_PROGRESS") {
      throw ruleViolation(
        `session ${session.id} is ${session.status}; bulk data can be uploaded only while a ` +
          "session is CREATED or IN_PROGRESS",
      );
    }
    if (session.bulkRequests >= MAX_REQUESTS_PER_SESSION) {
      throw ruleViolation(
        `session ${session.id} already accepted ${MAX_REQUESTS_PER_SESSION} bulk requests; at most ` +
          `${MAX_REQUESTS_PER_SESSION} bulk requests per session are allowed, create a new session`,
      );
    }
  }

  static checkEntityCount(count: number | undefined, max: number): void {
    if (count !== undefined && count > max) {
      throw ruleViolation(
        `the request carries ${count} entities; at most ${max} entities per bulk ` +
          "request are allowed",
      );
    }
  }

  // Stores an accepted upload; the first one that changes something moves CREATED to IN_PROGRESS.
  upload(source: SourceData, session: SessionRecord, upload: Upload): void {
    session.bulkRequests += 1;
    session.uploads.push(upload);
    if (session.status === "CREATED" && uploadMatchesData(source, upload)) {
      session.status = "IN_PROGRESS";
    }
    session.lastUpdated = Date.now();
  }

  startImport(source: SourceData, session: SessionRecord): void {
    if (session.status !== "IN_PROGRESS") {
      const why =
        session.status === "CREATED"
          ? `session ${session.id} is CREATED (no data uploaded yet)`
          : `session ${session.id} is ${session.status}`;
      throw ruleViolation(`${why}; only an IN_PROGRESS session can be imported`);
    }
    this.settle(session, "TRIGGERED", false);
    const queue = this.queues.get(source.id) ?? [];
    queue.push(session);
    this.queues.set(source.id, queue);
    this.pump(source);
  }

  delete(session: SessionRecord): void {
    if (session.status !== "CREATED" && session.status !== "IN_PROGRESS") {
      throw ruleViolation(
        `session ${session.id} is ${session.status}; only CREATED or IN_PROGRESS sessions can be deleted`,
      );
    }
    // Cancelling deletes the uploaded data.
    this.settle(session, "CLOSED", true);
  }

  // Stops every timer; used by close() and reset().
  stop(): void {
    for (const timer of this.busy.values()) clearTimeout(timer);
    this.busy.clear();
    this.queues.clear();
  }

  // Clears the expiry timers of a source's sessions (reset).
  static clearTimers(source: SourceData): void {
    for (const s of source.sessions.values()) clearTimeout(s.expiry);
  }

  private settle(session: SessionRecord, status: SessionStatus, dropUploads: boolean): void {
    clearTimeout(session.expiry);
    session.expiry = undefined;
    session.status = status;
    session.lastUpdated = Date.now();
    if (dropUploads) session.uploads = [];
  }

  private expire(session: SessionRecord): void {
    if (session.status === "CREATED" || session.status === "IN_PROGRESS") {
      this.settle(session, "EXPIRED", true);
    }
  }

  // Triggered sessions of one source are processed one at a time, in order.
  private pump(source: SourceData): void {
    if (this.busy.has(source.id)) return;
    const next = this.queues.get(source.id)?.shift();
    if (!next) return;
    const timer = setTimeout(() => {
      this.busy.delete(source.id);
      this.finish(source, next);
      this.pump(source);
    }, this.timing.processingMs).unref();
    this.busy.set(source.id, timer);
  }

  private finish(source: SourceData, session: SessionRecord): void {
    if (session.status !== "TRIGGERED") return;
    let failed = false;
    if (this.failNext > 0) {
      this.failNext -= 1;
      failed = true;
    } else if (this.failSession) {
      try {
        failed = this.failSession({ identitySourceId: source.id, sessionId: session.id });
      } catch {
        // A throwing predicate must not crash the test process from inside a timer.
        failed = true;
      }
    }
    if (!failed) {
      const now = new Date().toISOString();
      for (const upload of session.uploads) applyUpload(source, upload, now);
    }
    // An ERROR session applies nothing: Okta asks for a new session to re-upload.
    this.settle(session, failed ? "ERROR" : "COMPLETED", true);
  }
}
