// `okta-idsrc sync history` and `okta-idsrc sync show RUN`: what earlier runs did, from the state's
// run history. `syncDispatch` is what the CLI entry registers as `sync`: these two subcommands, or
// the sync itself.
import { intFlag, parse } from "../args.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { existsSync } from "node:fs";
import { openCliState, STATE_HELP, STATE_OPTIONS, stateLocation } from "./sync-state.js";
import { isPostgresUrl } from "../../sync/postgres-url.js";
import type { SyncRunRecord, SyncStore } from "../../sync/store.js";

const OPTIONS = {
  ...STATE_OPTIONS,
  json: { type: "boolean" },
  limit: { type: "string" },
  "deleted-limit": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const HISTORY_HELP = `Usage: okta-idsrc sync history [--state FILE|URL] [--json] [--limit N]
       okta-idsrc sync show RUN [--state FILE|URL] [--json] [--deleted-limit N]

history lists the state's runs, newest first: start, end, outcome, what each planned and the
sessions it used. show prints one run, with the external IDs Okta confirmed it deleted.

Options:
${STATE_HELP}
  --limit <n>                runs listed by history (default 20)
  --deleted-limit <n>        deleted external IDs printed by show (default: all; JSON: all)
  --json                     print JSON
  -h, --help                 show this help

Exit codes: 0 success, 1 the run is unknown or the state cannot be read, 2 bad usage.
`;

/** `okta-idsrc sync …`: history, show, or the sync itself. */
export async function syncDispatch(args: string[], io: CliIo): Promise<number> {
  if (args[0] === "history" || args[0] === "show") return historyCommand(args, io);
  const { syncCommand } = await import("./sync.js");
  return syncCommand(args, io);
}

async function historyCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(rest, OPTIONS);
  if (values.help) {
    io.stdout.write(HISTORY_HELP);
    return EXIT.ok;
  }
  const runId = sub === "show" ? positionals[0] : undefined;
  if (sub === "show" && runId === undefined) throw new UsageError("sync show needs a RUN id");
  const extra = positionals[sub === "show" ? 1 : 0];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const limit = intFlag("limit", values.limit, 1) ?? 20;
  const deletedLimit = intFlag("deleted-limit", values["deleted-limit"], 0);
  // Reading the history must not create a state where there was none.
  const location = stateLocation(values, io);
  if (!isPostgresUrl(location) && !existsSync(location)) {
    io.stderr.write(`okta-idsrc sync: no sync state at ${location}\n`);
    return EXIT.failure;
  }
  const opened = await openCliState(values, io);
  if (typeof opened === "number") return opened;
  const { store, where } = opened;
  try {
    if (!store.history) {
      io.stderr.write(`okta-idsrc sync: the state ${where} keeps no run history\n`);
      return EXIT.failure;
    }
    if (runId === undefined) {
      const runs = await store.history.list(limit);
      io.stdout.write(
        values.json
          ? json({ state: where, runs })
          : runs.length === 0
            ? `No runs recorded in ${where}\n`
            : runs.map(line).join(""),
      );
      return EXIT.ok;
    }
    const run = await store.history.get(runId);
    if (!run) {
      io.stderr.write(`okta-idsrc sync: no run ${runId} in ${where}\n`);
      return EXIT.failure;
    }
    const deleted = await deletedIds(store, runId, values.json ? undefined : deletedLimit);
    io.stdout.write(
      values.json ? json({ state: where, run, deletedIds: deleted }) : detail(run, deleted),
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

async function deletedIds(store: SyncStore, runId: string, limit: number | undefined) {
  const out: { kind: string; externalId: string }[] = [];
  for await (const d of store.history!.deletedIds(runId)) {
    if (limit !== undefined && out.length >= limit) break;
    out.push(d);
  }
  return out;
}

const total = (r: SyncRunRecord, action: "create" | "update" | "delete") =>
  Object.values(r.counts ?? {}).reduce((n, c) => n + c[action], 0);

function line(r: SyncRunRecord): string {
  const counts = r.counts
    ? ` create ${total(r, "create")}, update ${total(r, "update")}, delete ${total(r, "delete")}`
    : "";
  const sessions = r.sessions.length > 0 ? `, ${r.sessions.length} session(s)` : "";
  return `${r.id}  ${r.startedAt}  ${r.outcome.padEnd(9)}${counts}${sessions}\n`;
}

function detail(r: SyncRunRecord, deleted: { kind: string; externalId: string }[]): string {
  const o = r.options;
  let text =
    `Run ${r.id}\n` +
    `  started   ${r.startedAt} on ${r.host} (process ${r.pid})\n` +
    `  ended     ${r.endedAt ?? "(never: still running, or its process died)"}\n` +
    `  outcome   ${r.outcome}${r.error ? `: ${r.error}` : ""}\n` +
    (r.identitySourceId ? `  source    ${r.identitySourceId}\n` : "") +
    `  options   dryRun ${o.dryRun}, adopt ${o.adopt}, maxDeletePercent ${o.maxDeletePercent}, ` +
    `maxDeletes ${o.maxDeletes ?? "none"}, allowMassDelete ${o.allowMassDelete}\n`;
  if (r.counts) {
    text += "  plan      kind         create   update  unchanged   delete\n";
    for (const [kind, c] of Object.entries(r.counts)) {
      if (c.create + c.update + c.unchanged + c.delete === 0) continue;
      text += `            ${kind.padEnd(11)}${[c.create, c.update, c.unchanged, c.delete]
        .map((n) => String(n).padStart(9))
        .join("")}\n`;
    }
  }
  for (const s of r.sessions) text += `  session   ${s.id} ${s.status}\n`;
  // Every entity kind the store counts, in its order (the spec's: users, groups, devices, ...).
  const perKind = Object.entries(r.deleted);
  const n = perKind.reduce((sum, [, count]) => sum + count, 0);
  const each = perKind.map(([kind, count]) => `${kind} ${count}`).join(", ");
  text += `  deleted   ${n} (${each}) confirmed by Okta\n`;
  for (const d of deleted) text += `            ${d.kind} ${d.externalId}\n`;
  if (deleted.length < n) text += `            … ${n - deleted.length} more (--deleted-limit)\n`;
  return text;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
