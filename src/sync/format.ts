// The plan as a table people can review before (or after) a sync.
import type { SafeguardViolation } from "./errors.js";
import type { SyncKind } from "./store.js";
import type { SyncPlan } from "./types.js";

const fmt = (n: number) => n.toLocaleString("en-US");

/** A readable plan: counts per kind and action, the first items of each, the safeguard's verdict. */
export function formatPlan(
  plan: SyncPlan,
  violations: SafeguardViolation[],
  title: string,
): string {
  const rows: string[][] = [["kind", "create", "update", "unchanged", "delete", "known"]];
  for (const kind of plan.kinds) {
    const c = plan.counts[kind];
    const update = kind === "memberships" ? "-" : fmt(c.update);
    rows.push([
      kind,
      fmt(c.create),
      update,
      fmt(c.unchanged),
      fmt(c.delete),
      fmt(plan.known[kind]),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  let text = `${title}\n\n${rows.map(line).join("\n")}\n`;
  const samples = sampleLines(plan);
  if (samples.length > 0) text += `\nFirst items:\n${samples.join("\n")}\n`;
  if (violations.length > 0) {
    text += "\nSafeguard: the plan deletes too much and would be refused:\n";
    for (const v of violations) {
      const limit =
        "maxDeletePercent" in v.limit
          ? `limit ${v.limit.maxDeletePercent}%`
          : `limit ${fmt(v.limit.maxDeletes)}`;
      text += `  ${v.kind}: ${fmt(v.deletes)} of ${fmt(v.known)} (${v.percent.toFixed(1)}%, ${limit})\n`;
    }
  }
  return `${text}\n`;
}

function sampleLines(plan: SyncPlan): string[] {
  const lines: string[] = [];
  const add = (kind: SyncKind, action: string, ids: string[], total: number) => {
    if (ids.length === 0) return;
    const more = total > ids.length ? `, ... (${fmt(total - ids.length)} more)` : "";
    lines.push(`  ${kind} ${action}: ${ids.join(", ")}${more}`);
  };
  for (const kind of plan.kinds) {
    const c = plan.counts[kind];
    if (kind === "memberships") {
      const pair = (p: { groupExternalId: string; memberExternalId: string }) =>
        `${p.groupExternalId} <- ${p.memberExternalId}`;
      add(kind, "add", plan.samples.memberships.create.map(pair), c.create);
      add(kind, "remove", plan.samples.memberships.delete.map(pair), c.delete);
      continue;
    }
    const s = plan.samples[kind];
    add(kind, "create", s.create, c.create);
    add(kind, "update", s.update, c.update);
    add(kind, "delete", s.delete, c.delete);
  }
  return lines;
}
