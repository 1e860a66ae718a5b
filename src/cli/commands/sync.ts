// `okta-idsrc sync`: validate the input files, plan against the state file, print or apply the plan.
// Registered by the CLI entry as `sync: syncCommand`.
import { CONNECTION_HELP, CONNECTION_OPTIONS, intFlag, parse } from "../args.js";
import { identitySourceFrom } from "../config.js";
import { checkFile, entitiesOf } from "../input/files.js";
import type { FileCheck } from "../input/files.js";
import { INPUT_HELP, INPUT_OPTIONS, inputFlags, reportInputs } from "../input-flags.js";
import { KIND_SPECS, kindHelpLine } from "../input/kinds.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { jsonText, oneJsonDocument } from "../json-document.js";
import { plural } from "../plural.js";
import { createProgressView } from "../progress.js";
import type { ProgressView } from "../progress.js";
import { hasAny, humanReport, invalidJson, invalidLines, openSessionLines } from "../report.js";
import { abortExit } from "../output.js";
import { RUN_HELP, RUN_OPTIONS, runFlags } from "../run-flags.js";
import { OktaImportError } from "../../import/index.js";
import type { ImportSource } from "../../import/index.js";
import { OktaSyncSafeguardError } from "../../sync/errors.js";
import { formatPlan } from "../../sync/format.js";
import { BULK_KEYS, MEMBERSHIP_KEYS, MEMBERSHIPS, SYNC_ENTITY_KINDS } from "../../sync/kinds.js";
import { runSync } from "../../sync/run.js";
import { OktaSyncLeaseError } from "../../sync/state-errors.js";
import {
  leaseRefused,
  openCliState,
  STATE_HELP,
  STATE_OPTIONS,
  stateRunOptions,
} from "./sync-state.js";
import type { SyncKind } from "../../sync/store.js";
import type { SyncOptions, SyncReport, SyncSnapshot } from "../../sync/types.js";

// One input per kind sync keeps (every entity kind of the registry, and memberships), read as
// `import` reads that kind's upserts: its `--<kind>` flag (the kind's name), columns and checks. In
// the order `import` lists them.
const UPSERT_KEYS = new Map<string, SyncKind>([
  ...SYNC_ENTITY_KINDS.map((kind) => [BULK_KEYS[kind].upsert, kind] as const),
  [MEMBERSHIP_KEYS.upsert, MEMBERSHIPS],
]);
const INPUTS = KIND_SPECS.flatMap((spec) => {
  const kind = UPSERT_KEYS.get(spec.kind);
  return kind === undefined ? [] : [{ kind, spec }];
});

const KIND_FLAGS = Object.fromEntries(
  INPUTS.map(({ spec }) => [spec.flag, { type: "string" } as const]),
) as Record<SyncKind, { type: "string" }>;

// Help lines for the kinds the text below does not describe (a kind the spec gained later).
const DESCRIBED = new Set<string>([
  "users",
  "groups",
  "memberships",
  "devices",
] satisfies SyncKind[]);
const derivedHelp = INPUTS.filter(({ spec }) => !DESCRIBED.has(spec.flag))
  .map(({ spec }) => kindHelpLine(spec))
  .join("");
const derivedUsage = INPUTS.filter(({ spec }) => !DESCRIBED.has(spec.flag))
  .map(({ spec }) => ` [--${spec.flag} FILE]`)
  .join("");

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...KIND_FLAGS,
  ...STATE_OPTIONS,
  "dry-run": { type: "boolean" },
  adopt: { type: "boolean" },
  "max-delete-percent": { type: "string" },
  "max-deletes": { type: "string" },
  "allow-mass-delete": { type: "boolean" },
  "sample-size": { type: "string" },
  ...RUN_OPTIONS,
  ...INPUT_OPTIONS,
} as const;

export const SYNC_HELP = `Usage: okta-idsrc sync --source <id> --users FILE [--groups FILE] [--memberships FILE] [--devices FILE]${derivedUsage} [--state FILE]

Sends only what changed since the last sync: new and changed entities are upserted, entities that
left the files are deleted (users are deactivated), memberships are added and removed by pair. The
state file records what Okta confirmed; it is updated after each import session completes.
The files are the complete current state: a kind whose flag is left out is not touched at all.

Inputs (.csv with a header row, .json array, or .ndjson/.jsonl; same columns as \`import\`):
  --users FILE               externalId + profile columns
  --groups FILE              externalId, displayName[, description, custom...]
  --memberships FILE         groupExternalId,memberExternalId rows
  --devices FILE             externalId, serialNumber, platform, displayName (early access)
${derivedHelp}Every row must be valid: a skipped row would look like a deletion, so there is no --skip-invalid.

Options:
${STATE_HELP}
  --dry-run                  print the plan (counts and first items of each action); send nothing
  --adopt                    record the files as already in Okta (after an earlier import); send nothing
  --max-delete-percent <n>   refuse to delete more than n% of the known entities (or memberships)
                             of any one kind (default 20)
  --max-deletes <n>          refuse to delete more than n entities of any one kind (default: no limit)
  --allow-mass-delete        apply the plan even when it breaks those limits
  --sample-size <n>          items of each action listed in the plan (default 10)
${RUN_HELP}

${INPUT_HELP}

${CONNECTION_HELP}

One sync at a time per state: a second one exits 1 naming the running one. Past runs:
\`okta-idsrc sync history\` and \`okta-idsrc sync show RUN\` (see \`okta-idsrc sync history --help\`).

Exit codes: 0 success, 1 import or API failure, a refused plan or anything Okta did not confirm,
2 bad usage or invalid input, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
`;

/** Runs `okta-idsrc sync` with its arguments (after the command name); returns the exit code. */
export const syncCommand = oneJsonDocument(syncCommandBody);

async function syncCommandBody(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(SYNC_HELP);
    return EXIT.ok;
  }
  return runSyncCommand(values, positionals, io);
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

async function runSyncCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const specs = INPUTS.flatMap(({ kind, spec }) => {
    const path = values[spec.flag as keyof typeof values];
    return typeof path === "string" ? [{ kind, spec, path }] : [];
  });
  if (specs.length === 0)
    throw new UsageError("nothing to sync: pass at least one input file (see --help)");
  const dryRun = values["dry-run"] === true;
  const adopt = values.adopt === true;
  if (dryRun && adopt) throw new UsageError("--dry-run and --adopt cannot be combined");
  const maxDeletePercent = percentFlag(values["max-delete-percent"]);
  const maxDeletes = intFlag("max-deletes", values["max-deletes"], 0);
  const sampleSize = intFlag("sample-size", values["sample-size"], 0);
  const { importOptions, progressInterval } = runFlags(values);
  const sends = !dryRun && !adopt;
  // Fail on missing configuration before reading a million rows. A dry run or an adoption sends
  // nothing, so it needs no connection at all.
  const source: ImportSource = sends ? identitySourceFrom(values, io.env) : offline(values.source);

  const readOptions = await inputFlags(values);
  const checks: FileCheck[] = [];
  for (const { spec, path } of specs)
    checks.push(await checkFile(spec, path, 1000, readOptions(spec)));
  await reportInputs(checks, io, sends ? values : undefined);
  const invalidCount = checks.reduce((n, c) => n + c.invalidCount, 0);
  if (invalidCount > 0) {
    io.stderr.write(
      invalidLines(
        checks.flatMap((c) => c.invalid),
        invalidCount,
      ),
    );
    io.stderr.write(`${plural(invalidCount, "invalid row")}; nothing was sent.\n`);
    if (values.json) {
      io.stdout.write(
        jsonText({
          ok: false,
          error: {
            name: "InvalidInput",
            message: `${plural(invalidCount, "invalid row")}; nothing was sent`,
          },
          invalid: invalidJson(checks.flatMap((c) => c.invalid)),
          invalidCount,
        }),
      );
    }
    return EXIT.usage;
  }
  const snapshot: SyncSnapshot = {};
  for (const [i, check] of checks.entries()) {
    (snapshot as Record<string, unknown>)[specs[i]!.kind] = entitiesOf(check);
  }

  const opened = await openCliState(values, io);
  if (typeof opened === "number") return opened;
  const { store, where: statePath } = opened;
  let view: ProgressView | undefined;
  const options: SyncOptions = {
    store,
    dryRun,
    adopt,
    allowMassDelete: values["allow-mass-delete"] === true,
    ...importOptions,
    ...stateRunOptions(values),
    onProgress: (p) => {
      if (p.phase === "lease-wait") {
        const h = p.holder;
        io.stderr.write(
          `okta-idsrc sync: process ${h.pid} on this host (run ${h.runId}, since ${h.since}) holds ` +
            `the state's lease but is no longer running; waiting until its lease expires at ${h.expiresAt}\n`,
        );
      } else if (p.phase === "planned") {
        const total = Object.values(p.plan.counts).reduce(
          (n, c) => n + c.create + c.update + c.delete,
          0,
        );
        view = createProgressView(
          io,
          total,
          progressInterval ? { intervalMs: progressInterval } : {},
        );
      } else if (p.phase === "apply") {
        // What happens to a session on the way out is said at once, as `import` does.
        const { type, message } = p.import;
        if ((type === "cancelling" || type === "cancel-failed") && message) {
          io.stderr.write(`okta-idsrc sync: ${message}\n`);
        }
        view?.update(p.import);
      }
    },
    ...(io.signal ? { signal: io.signal } : {}),
    ...(maxDeletePercent !== undefined ? { maxDeletePercent } : {}),
    ...(maxDeletes !== undefined ? { maxDeletes } : {}),
    ...(sampleSize !== undefined ? { sampleSize } : {}),
  };
  let report: SyncReport;
  try {
    report = await runSync(source, snapshot, options);
  } catch (e) {
    view?.finish();
    if (e instanceof OktaSyncSafeguardError) {
      io.stderr.write(`okta-idsrc sync: ${e.message}\n`);
      io.stdout.write(
        values.json
          ? jsonText({ ok: false, error: errorJson(e), plan: e.plan, safeguard: e.violations })
          : formatPlan(e.plan, e.violations, "Refused plan (nothing was sent)"),
      );
      return EXIT.failure;
    }
    if (e instanceof OktaImportError) {
      // After a refusal (credentials, permission, bad request) the message says what to fix; a
      // plain rerun would fail the same way.
      const status = (e.cause as { status?: unknown } | undefined)?.status;
      const refused = status === 400 || status === 401 || status === 403;
      io.stderr.write(
        `okta-idsrc sync: ${e.message}\nThe state file records what Okta confirmed; ` +
          `${refused ? "fix the above, then rerun" : "rerun to finish"}.\n`,
      );
      io.stderr.write(openSessionLines(e.report, values.source));
      io.stdout.write(
        values.json
          ? jsonText({ ok: false, error: { ...errorJson(e), reason: e.reason }, import: e.report })
          : humanReport(e.report, [], 0),
      );
      return e.reason === "aborted" ? abortExit(io.signal) : EXIT.failure;
    }
    if (e instanceof OktaSyncLeaseError) return leaseRefused(e, values.json === true, io);
    throw e;
  } finally {
    await store.close();
  }
  view?.finish();
  // Whatever Okta did not confirm is not synced: never a 0 exit with work unconfirmed.
  const ok = !hasAny(report.import?.unconfirmed);
  io.stdout.write(
    values.json ? jsonText({ ok, state: statePath, ...report }) : human(report, statePath),
  );
  return ok ? EXIT.ok : EXIT.failure;
}

function human(report: SyncReport, statePath: string): string {
  const title = {
    "dry-run": `Sync plan (dry run: nothing was sent), state ${statePath}`,
    adopted: `Adopted into ${statePath} (nothing was sent)`,
    unchanged: `Nothing changed since the last sync (state ${statePath}); nothing was sent`,
    applied: `Synced (state ${statePath})`,
  }[report.outcome];
  let text = formatPlan(report.plan, report.safeguard, title);
  if (report.import) {
    text += humanReport(report.import, [], 0);
    const sessions = plural(report.confirmedSessions.length, "session");
    text += `${sessions} confirmed and recorded in ${statePath}\n`;
  }
  text += `Run ${report.runId}: \`okta-idsrc sync show ${report.runId}\` prints it again\n`;
  return text;
}

function percentFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !(n >= 0 && n <= 100)) {
    throw new UsageError("--max-delete-percent must be a number from 0 to 100");
  }
  return n;
}

/** The source of a dry run or an adoption: it has an ID (to check the state file) but no API. */
function offline(id: string | undefined): ImportSource {
  return {
    ...(id !== undefined ? { id } : {}),
    get sessions(): never {
      throw new Error("a dry run or an adoption never contacts Okta");
    },
  };
}

const errorJson = (e: Error) => ({ name: e.name, message: e.message });
