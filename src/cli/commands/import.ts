// `okta-idsrc import`: validate every input file, then stream it through runImport.
import { chunkItems } from "../../import/chunks.js";
import { OktaImportError, runImport, UPLOAD_ORDER } from "../../import/index.js";
import type { ImportData, ImportReport } from "../../import/index.js";
import { MAX_BULK_BYTES, MAX_BULK_ENTITIES, MAX_REQUESTS_PER_SESSION } from "../../limits.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse } from "../args.js";
import { clientOptions, identitySourceFrom } from "../config.js";
import { checkFile, entitiesOf } from "../input/files.js";
import type { FileCheck, InvalidRow } from "../input/files.js";
import { INPUT_HELP, INPUT_OPTIONS, inputFlags, reportInputs } from "../input-flags.js";
import { KIND_SPECS, kindHelpLine } from "../input/kinds.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { jsonText, oneJsonDocument } from "../json-document.js";
import { plural } from "../plural.js";
import { createProgressView } from "../progress.js";
import {
  countsLine,
  hasAny,
  humanReport,
  invalidJson,
  invalidLines,
  openSessionLines,
} from "../report.js";
import { journalDir, openJournal } from "./import-journal.js";
import { abortExit } from "../output.js";
import { RUN_HELP, RUN_OPTIONS, runFlags } from "../run-flags.js";

// One `--<kind>` and `--delete-<kind>` flag per input kind: every bulk kind of the registry.
const KIND_FLAGS = Object.fromEntries(
  KIND_SPECS.map((spec) => [spec.flag, { type: "string" } as const]),
) as Record<
  | "users"
  | "groups"
  | "memberships"
  | "devices"
  | `delete-${"users" | "groups" | "memberships" | "devices"}`,
  { type: "string" }
>;

// Help lines for the kinds the text below does not describe (a kind the spec gained later).
const DESCRIBED = new Set(
  ["users", "groups", "memberships", "devices"].flatMap((k) => [k, `delete-${k}`]),
);
const derivedHelp = KIND_SPECS.filter((spec) => !DESCRIBED.has(spec.flag))
  .map(kindHelpLine)
  .join("");

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...KIND_FLAGS,
  "dry-run": { type: "boolean" },
  "skip-invalid": { type: "boolean" },
  ...RUN_OPTIONS,
  ...INPUT_OPTIONS,
} as const;

export const IMPORT_HELP = `Usage: okta-idsrc import --source <id> [--users FILE] [--groups FILE] [--memberships FILE] ...

Uploads users, groups, memberships and devices through import sessions, within Okta's limits
(200 entities / 200 KB per request, 50 requests per session), and waits until Okta imported them.
Every file is validated first; nothing is sent while a row is invalid (unless --skip-invalid).

Inputs (.csv with a header row, .json array, or .ndjson/.jsonl):
  --users FILE               externalId + profile columns; every extra column is a custom attribute
  --groups FILE              externalId, displayName[, description, custom...]
  --memberships FILE         groupExternalId,memberExternalId rows (any order)
  --devices FILE             externalId, serialNumber, platform, displayName (early access)
  --delete-users FILE        externalId column (users are deactivated)
  --delete-groups FILE       externalId column
  --delete-memberships FILE  groupExternalId,memberExternalId rows
  --delete-devices FILE      externalId column (early access)
${derivedHelp}  Upload order: users, groups, memberships, devices, then membership, group, user and device deletes.
  An empty CSV cell omits the attribute; use JSON/NDJSON with null to clear one.

Options:
  --dry-run                  validate and print the plan (requests, sessions); send nothing
  --skip-invalid             skip invalid rows, list them in the report
${RUN_HELP}

${INPUT_HELP}

${CONNECTION_HELP}

After a crash (kill -9), a rerun cancels the session the dead run left open: every session this
command creates is recorded in a journal under $XDG_STATE_HOME/okta-idsrc (or
~/.local/state/okta-idsrc; OKTA_IDSRC_STATE_DIR overrides) with the process that created it.

Exit codes: 0 success, 1 import or API failure (or anything Okta did not confirm), 2 bad usage or
invalid input, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
`;

const MAX_LISTED = 1000;

export const importCommand = oneJsonDocument(importCommandBody);

async function importCommandBody(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(IMPORT_HELP);
    return EXIT.ok;
  }
  return runCommand(values, positionals, io);
}

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

async function runCommand(values: Values, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const inputs = KIND_SPECS.flatMap((spec) => {
    const path = values[spec.flag as keyof typeof values];
    return typeof path === "string" ? [{ spec, path }] : [];
  });
  if (inputs.length === 0) {
    throw new UsageError("nothing to import: pass at least one input file (see --help)");
  }
  const { importOptions, progressInterval } = runFlags(values);
  const dryRun = values["dry-run"] === true;
  const asJson = values.json === true;
  // Fail on missing configuration before reading a million rows.
  let orgUrl = "";
  if (!dryRun) {
    orgUrl = clientOptions(values, io.env).orgUrl ?? "";
    if (!values.source) throw new UsageError("missing --source <identitySourceId>");
  }

  const readOptions = await inputFlags(values);
  const checks: FileCheck[] = [];
  for (const { spec, path } of inputs) {
    checks.push(await checkFile(spec, path, MAX_LISTED, readOptions(spec)));
  }
  await reportInputs(checks, io, dryRun ? undefined : values);
  const invalid = checks.flatMap((c) => c.invalid);
  const invalidCount = checks.reduce((n, c) => n + c.invalidCount, 0);
  if (invalidCount > 0 && !values["skip-invalid"]) {
    io.stderr.write(invalidLines(invalid, invalidCount));
    io.stderr.write(
      `${plural(invalidCount, "invalid row")}; nothing was sent. Fix them or pass --skip-invalid.\n`,
    );
    if (asJson) {
      const message = `${plural(invalidCount, "invalid row")}; nothing was sent`;
      io.stdout.write(
        jsonText({
          ok: false,
          error: { name: "InvalidInput", message },
          invalid: invalidJson(invalid),
          invalidCount,
        }),
      );
    }
    return EXIT.usage;
  }
  const total = checks.reduce((n, c) => n + c.entities, 0);
  if (dryRun) return dryRunPlan(checks, io, asJson, invalid, invalidCount);

  const data: ImportData = {};
  for (const check of checks) {
    (data as Record<string, unknown>)[check.spec.kind] = entitiesOf(check);
  }
  const source = identitySourceFrom(values, io.env);
  const dir = journalDir(io.env);
  const journal = dir ? openJournal(dir, originOf(orgUrl), values.source!) : undefined;
  const view = createProgressView(
    io,
    total,
    progressInterval ? { intervalMs: progressInterval } : {},
  );
  let report: ImportReport;
  try {
    report = await runImport(source, data, {
      ...importOptions,
      onProgress: (p) => {
        // What happens to a session on the way out is said at once, not in the next progress line.
        if ((p.type === "cancelling" || p.type === "cancel-failed") && p.message) {
          io.stderr.write(`okta-idsrc: ${p.message}\n`);
        }
        view.update(p);
      },
      ...(journal
        ? { ownSessions: journal.stale, onSessionCreated: (id) => journal.record(id) }
        : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } catch (e) {
    view.finish();
    if (!(e instanceof OktaImportError)) {
      journal?.finish(undefined, false);
      throw e;
    }
    journal?.finish(e.report, false);
    io.stderr.write(`okta-idsrc: ${e.message}\n`);
    io.stderr.write(openSessionLines(e.report, values.source));
    if (asJson) {
      const error = { name: e.name, reason: e.reason, message: e.message };
      io.stdout.write(
        jsonText({
          ok: false,
          error,
          ...e.report,
          skipped: invalidJson(invalid),
          skippedCount: invalidCount,
        }),
      );
    } else {
      io.stdout.write(humanReport(e.report, invalid, invalidCount));
    }
    return e.reason === "aborted" ? abortExit(io.signal) : EXIT.failure;
  }
  view.finish();
  journal?.finish(report, true);
  // Whatever Okta did not confirm is not imported: never a 0 exit with work unconfirmed.
  const ok = !hasAny(report.unconfirmed);
  io.stdout.write(
    asJson
      ? jsonText({ ok, ...report, skipped: invalidJson(invalid), skippedCount: invalidCount })
      : humanReport(report, invalid, invalidCount),
  );
  return ok ? EXIT.ok : EXIT.failure;
}

function originOf(orgUrl: string): string {
  try {
    return new URL(orgUrl).origin;
  } catch {
    return orgUrl;
  }
}

// The exact requests the import would send (chunked the same way), assuming no retries.
async function dryRunPlan(
  checks: FileCheck[],
  io: CliIo,
  asJson: boolean,
  invalid: InvalidRow[],
  invalidCount: number,
): Promise<number> {
  const counts: Record<string, number> = {};
  const requests: Record<string, number> = {};
  const limits = { maxEntities: MAX_BULK_ENTITIES, maxBytes: MAX_BULK_BYTES };
  const ordered = [...checks].sort(
    (a, b) => UPLOAD_ORDER.indexOf(a.spec.kind) - UPLOAD_ORDER.indexOf(b.spec.kind),
  );
  for (const check of ordered) {
    const kind = check.spec.kind;
    for await (const chunk of chunkItems(kind, entitiesOf(check), limits)) {
      counts[kind] = (counts[kind] ?? 0) + chunk.count;
      requests[kind] = (requests[kind] ?? 0) + 1;
    }
  }
  const totalRequests = Object.values(requests).reduce((a, b) => a + b, 0);
  const sessions = Math.ceil(totalRequests / MAX_REQUESTS_PER_SESSION);
  if (asJson) {
    io.stdout.write(
      jsonText({
        dryRun: true,
        counts,
        requests,
        totalRequests,
        sessions,
        skipped: invalidJson(invalid),
        skippedCount: invalidCount,
      }),
    );
  } else {
    io.stdout.write(
      `Dry run: would import ${countsLine(counts)}\n` +
        `in ${plural(totalRequests, "bulk request")} over ${plural(sessions, "session")}; ` +
        `nothing was sent.\n` +
        (invalidCount > 0
          ? `Would skip ${plural(invalidCount, "invalid row")}:\n${invalidLines(invalid, invalidCount)}`
          : ""),
    );
  }
  return EXIT.ok;
}
