// The one error an import throws once it has started: it says why, and carries the report so far so
// the caller knows which sessions completed and what was sent (issue 5).
import { OktaError } from "../client/errors.js";
import type { ImportReport } from "./types.js";

/** Why an import stopped. */
export type ImportFailureReason =
  | "aborted"
  | "active-session"
  | "session-error"
  | "session-expired"
  | "session-closed"
  | "cool-down-timeout"
  | "request-failed";

/** An import failed midway; `report` holds what completed and what was sent before it stopped. */
export class OktaImportError extends OktaError {
  override name = "OktaImportError";
  constructor(
    readonly reason: ImportFailureReason,
    message: string,
    readonly report: ImportReport,
    options?: { cause?: unknown },
  ) {
    super(`${message} (${summarise(report)})`, options);
  }
}

function summarise(report: ImportReport): string {
  const done = report.sessions.filter((s) => s.status === "COMPLETED").map((s) => s.id);
  const sent = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  return (
    `sessions completed: ${done.length ? done.join(", ") : "none"}; ` +
    `sent: ${sent.length ? sent.join(", ") : "nothing"}; ` +
    `rerunning the same import is safe`
  );
}
