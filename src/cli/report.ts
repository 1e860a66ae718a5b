// The import report as people read it, and as --json prints it.
import type { ImportReport } from "../import/index.js";
import type { InvalidRow } from "./input/files.js";

const fmt = (n: number) => n.toLocaleString("en-US");

export const KIND_LABELS: Record<string, string> = {
  users: "users",
  groups: "groups",
  memberships: "memberships",
  devices: "devices",
  deletedUsers: "user deletes",
  deletedGroups: "group deletes",
  deletedMemberships: "membership deletes",
  deletedDevices: "device deletes",
};

export function countsLine(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${fmt(n)} ${KIND_LABELS[kind] ?? kind}`);
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
  let text =
    `Imported ${countsLine(report.counts)}\n` +
    `${report.sessions.length} session(s), ${fmt(report.requests)} bulk requests, ` +
    `${fmt(report.retries)} retries, ${(report.durationMs / 1000).toFixed(1)} s\n`;
  for (const s of report.sessions) {
    text += `  ${s.id}  ${s.status.padEnd(11)} ${String(s.requests).padStart(2)} requests  ${countsLine(s.counts)}\n`;
  }
  if (skippedCount > 0) {
    text += `Skipped ${fmt(skippedCount)} invalid row(s):\n` + invalidLines(skipped, skippedCount);
  }
  return text;
}
