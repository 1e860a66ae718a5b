// The import report as people read it, and as --json prints it.
import { BULK } from "../../generated/registry.js";
import type { ImportReport } from "../import/index.js";
import type { InvalidRow } from "./input/files.js";
import { plural } from "./plural.js";

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * Each kind as one entity of it is called (the plural adds "s"), from the operation registry: the
 * entity kind's name without its "s" ("user"), and for a delete upload "user delete".
 */
export const KIND_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(BULK).map(([kind, bulk]) => {
    const one = bulk.kind.endsWith("s") ? bulk.kind.slice(0, -1) : bulk.kind;
    return [kind, bulk.action === "delete" ? `${one} delete` : one];
  }),
);

/** Non-zero counts per kind, e.g. "1 user, 3 groups"; "nothing" when all are zero. */
export function countsLine(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => (KIND_LABELS[kind] ? plural(n, KIND_LABELS[kind]) : `${fmt(n)} ${kind}`));
  return parts.length ? parts.join(", ") : "nothing";
}

/** Rejected rows as `file:line: message`, at most `limit` of them. */
export function invalidLines(rows: InvalidRow[], total: number, limit = 50): string {
  const shown = rows.slice(0, limit).map((r) => `${r.file}:${r.line}: ${r.message}\n`);
  const more = total - Math.min(rows.length, limit);
  return shown.join("") + (more > 0 ? `... and ${fmt(more)} more\n` : "");
}

export function humanReport(
  report: ImportReport,
  skipped: InvalidRow[],
  skippedCount: number,
): string {
  // Imported means confirmed by Okta (a COMPLETED session); what was only sent is listed apart.
  let text = `Imported ${countsLine(report.counts)}\n`;
  if (hasAny(report.unconfirmed)) {
    text +=
      `Sent but not confirmed by Okta (not imported; rerun to send them again): ` +
      `${countsLine(report.unconfirmed)}\n`;
  }
  text +=
    `${plural(report.sessions.length, "session")}, ${plural(report.requests, "bulk request")}, ` +
    `${plural(report.retries, "retry", "retries")}, ${(report.durationMs / 1000).toFixed(1)} s\n`;
  for (const s of report.sessions) {
    const requests = plural(s.requests, "request").padStart(11);
    text += `  ${s.id}  ${s.status.padEnd(11)} ${requests}  ${countsLine(s.counts)}\n`;
  }
  if (skippedCount > 0) {
    text +=
      `Skipped ${plural(skippedCount, "invalid row")}:\n` + invalidLines(skipped, skippedCount);
  }
  return text;
}

/** Whether any kind has a non-zero count (undefined: a report from before the field existed). */
export const hasAny = (counts: Record<string, number> | undefined): boolean =>
  counts !== undefined && Object.values(counts).some((n) => n > 0);

/** Rejected rows as --json prints them: one object per row, with the field when it is known. */
export const invalidJson = (rows: InvalidRow[]) =>
  rows.map((r) => ({
    file: r.file,
    line: r.line,
    field: r.field ?? null,
    message: r.message,
  }));

/** Sessions the report says are still open (CREATED or IN_PROGRESS), with the command that cancels each. */
export function openSessionLines(report: ImportReport, source: string | undefined): string {
  return report.sessions
    .filter((s) => s.status === "CREATED" || s.status === "IN_PROGRESS")
    .map(
      (s) =>
        `Session ${s.id} is still ${s.status} and blocks new imports; cancel it with:\n` +
        `  okta-idsrc sessions delete ${s.id} --source ${source ?? "<identitySourceId>"}\n`,
    )
    .join("");
}
