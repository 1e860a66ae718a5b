// Keeps the running totals behind onProgress and the final report.
import type { BulkKind } from "../bulk-bodies.js";
import { UPLOAD_ORDER } from "./order.js";
import type {
  ImportCounts,
  ImportProgress,
  ImportProgressType,
  ImportReport,
  ImportSessionReport,
} from "./types.js";

export const zeroCounts = (): ImportCounts =>
  Object.fromEntries(UPLOAD_ORDER.map((k) => [k, 0])) as ImportCounts;

export interface Tracker {
  readonly sessions: ImportSessionReport[];
  readonly current: ImportSessionReport | undefined;
  addSession(id: string, status: string): ImportSessionReport;
  setStatus(session: ImportSessionReport, status: string): void;
  /** Okta confirmed what the session carried (`noop`: deletes that matched nothing). */
  confirm(session: ImportSessionReport, noop?: boolean): void;
  accepted(session: ImportSessionReport, kind: BulkKind, count: number): void;
  request(session: ImportSessionReport): void;
  retry(): void;
  emit(type: ImportProgressType, message?: string, waitMs?: number): void;
  report(): ImportReport;
}

export function createTracker(onProgress?: (p: ImportProgress) => void): Tracker {
  const started = Date.now();
  const counts = zeroCounts();
  const sessions: ImportSessionReport[] = [];
  let current: ImportSessionReport | undefined;
  let requests = 0;
  let retries = 0;

  const tracker: Tracker = {
    sessions,
    get current() {
      return current;
    },
    addSession(id, status) {
      current = { id, status, requests: 0, counts: zeroCounts(), confirmed: false };
      sessions.push(current);
      return current;
    },
    setStatus(session, status) {
      session.status = status;
    },
    confirm(session, noop) {
      session.confirmed = true;
      if (noop) session.noop = true;
    },
    accepted(session, kind, count) {
      session.counts[kind] += count;
      counts[kind] += count;
    },
    request(session) {
      session.requests++;
      requests++;
    },
    retry() {
      retries++;
    },
    emit(type, message, waitMs) {
      if (!onProgress) return;
      const progress: ImportProgress = {
        type,
        counts: { ...counts },
        entities: Object.values(counts).reduce((a, b) => a + b, 0),
        requests,
        retries,
        sessions: sessions.length,
        ...(current ? { session: { id: current.id, status: current.status } } : {}),
        ...(message !== undefined ? { message } : {}),
        ...(waitMs !== undefined ? { waitMs } : {}),
      };
      onProgress(progress);
    },
    report() {
      // Imported is only what a confirmed session carried; the rest was sent, not imported.
      const imported = zeroCounts();
      const unconfirmed = zeroCounts();
      for (const s of sessions) {
        const into = s.confirmed ? imported : unconfirmed;
        for (const kind of UPLOAD_ORDER) into[kind] += s.counts[kind];
      }
      return {
        counts: imported,
        unconfirmed,
        sessions: sessions.map((s) => ({ ...s, counts: { ...s.counts } })),
        requests,
        retries,
        durationMs: Date.now() - started,
      };
    },
  };
  return tracker;
}
