// The flags `import` and `sync` share for how input files are read (encoding, delimiter, JSON
// property, column mapping), parsed in one place, and the notes both print before sending.
import { identitySourceFrom } from "./config.js";
import type { ConnectionFlags } from "./config.js";
import { UsageError } from "./io.js";
import type { CliIo } from "./io.js";
import { createRunIds, releaseRunIds, resolveMissing } from "./input/references.js";
import type { CheckOptions, FileCheck } from "./input/files.js";
import type { KindSpec } from "./input/kinds.js";
import { plural } from "./plural.js";
import { encodingName } from "./input/text.js";

export const INPUT_OPTIONS = {
  mapping: { type: "string" },
  delimiter: { type: "string" },
  encoding: { type: "string" },
  "json-path": { type: "string" },
  "allow-incomplete-profiles": { type: "boolean" },
} as const;

export const INPUT_HELP = `Reading the files:
  --mapping FILE             YAML or JSON: per kind, target attribute -> template of columns,
                             e.g. users: { email: "{Work Email | lower}" } (see the README)
  --delimiter <c>            CSV delimiter: , ; | tab (default: sniffed from the header; tab for .tsv)
  --encoding <name>          file encoding, e.g. latin1, windows-1252, utf-16le (default: UTF-8,
                             or UTF-16 when the file starts with its byte-order mark)
  --json-path <property>     the property of a top-level JSON object that holds the rows
                             (default: its only array property, e.g. Workday's Report_Entry)
  --allow-incomplete-profiles  import a users file that has no userName or no email column`;

type InputValues = { [K in keyof typeof INPUT_OPTIONS]?: string | boolean | undefined } & {
  /** The memberships file, if any: only then are the users' and groups' IDs collected. */
  memberships?: string | undefined;
};

/** Per kind, how `checkFile` reads that kind's file. */
export type InputOptionsFor = (spec: KindSpec) => CheckOptions;

/** Parses the input flags (loading and checking a mapping file) into per-kind read options. */
export async function inputFlags(values: InputValues): Promise<InputOptionsFor> {
  const encoding = stringValue(values.encoding);
  if (encoding !== undefined && encodingName(encoding) === undefined) {
    throw new UsageError(
      `--encoding "${encoding}" is not an encoding this platform can decode; try utf-8, ` +
        "utf-16le, utf-16be, latin1 or windows-1252",
    );
  }
  const delimiter = delimiterFlag(stringValue(values.delimiter));
  const jsonPath = stringValue(values["json-path"]);
  if (jsonPath === "") throw new UsageError("--json-path must name a property");
  const mappingPath = stringValue(values.mapping);
  const mapping = mappingPath
    ? await (await import("./mapping/load.js")).loadMapping(mappingPath)
    : undefined;
  const allowIncompleteProfiles = values["allow-incomplete-profiles"] === true;
  // Only a run with memberships needs the users' and groups' IDs (12 to 24 bytes an ID).
  const runIds = values.memberships !== undefined ? createRunIds() : undefined;
  return (spec) => {
    const mapper = mapping?.forKind(spec.kind);
    return {
      read: {
        ...(encoding !== undefined ? { encoding } : {}),
        ...(delimiter !== undefined ? { delimiter } : {}),
        ...(jsonPath !== undefined ? { jsonPath } : {}),
        ...(mapper ? { mapper } : {}),
      },
      allowIncompleteProfiles,
      ...(runIds ? { runIds } : {}),
    };
  };
}

/**
 * After every file is checked and before anything is sent: looks up the memberships' IDs that
 * this run's files do not hold (through `connection`; undefined in a dry run, which looks nothing
 * up) so pairs Okta cannot apply are left out, then prints the notes and warnings (inputNotes).
 */
export async function reportInputs(
  checks: FileCheck[],
  io: CliIo,
  connection: ConnectionFlags | undefined,
): Promise<void> {
  const source = connection ? identitySourceFrom(connection, io.env) : undefined;
  for (const check of checks) {
    if (!check.unresolved) continue;
    const { missing, warnings, droppedPairs } = await resolveMissing(
      check.path,
      check.unresolved,
      source,
      io.signal,
    );
    if (missing.groups.size + missing.users.size > 0) check.missing = missing;
    check.entities -= droppedPairs;
    check.warnings.push(...warnings);
  }
  const ids = checks.find((c) => c.runIds)?.runIds;
  if (ids) releaseRunIds(ids);
  io.stderr.write(inputNotes(checks));
}

const stringValue = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);

function delimiterFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const named: Record<string, string> = {
    tab: "\t",
    "\\t": "\t",
    comma: ",",
    semicolon: ";",
    pipe: "|",
  };
  const d = named[value.toLowerCase()] ?? value;
  if (d.length !== 1 || d === '"' || d === "\n" || d === "\r") {
    throw new UsageError(
      `--delimiter "${value}" must be one character (other than a quote or line break), or tab`,
    );
  }
  return d;
}

/**
 * What to tell before anything is sent: each file's warnings (no rows, duplicate pairs), values
 * read as strings, the JSON property the rows came from and the columns a mapping leaves out.
 * Empty when there is nothing to say.
 */
export function inputNotes(checks: readonly FileCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    const { path, info } = check;
    if (info.jsonProperty !== undefined) {
      lines.push(`${path}: rows read from the property "${info.jsonProperty}"`);
    }
    if (info.converted > 0) {
      lines.push(
        `${path}: ${plural(info.converted, "JSON number or boolean", "JSON numbers and booleans")} ` +
          "read as strings (Okta's attributes are strings)",
      );
    }
    const unmapped = check.read.mapper?.unmapped?.();
    if (unmapped && unmapped.length > 0) {
      lines.push(
        `${path}: not sent (no mapping uses them): ${unmapped.map((c) => `"${c}"`).join(", ")}`,
      );
    }
    lines.push(...check.warnings);
  }
  return lines.map((line) => `note: ${line}\n`).join("");
}
