// `okta-idsrc inspect FILE`: what the reader detects in a file (format, delimiter, encoding,
// header, rows, a sample) and a starter mapping guessed from its header. Sends nothing.
import { parse } from "../args.js";
import { INPUT_OPTIONS, inputFlags } from "../input-flags.js";
import { KIND_SPECS } from "../input/kinds.js";
import { plural } from "../plural.js";
import { flatKeys, readRows } from "../input/rows.js";
import type { ReadInfo } from "../input/rows.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { guessKind, guessMapping, mappingYaml } from "../mapping/guess.js";

const OPTIONS = {
  kind: { type: "string" },
  delimiter: INPUT_OPTIONS.delimiter,
  encoding: INPUT_OPTIONS.encoding,
  "json-path": INPUT_OPTIONS["json-path"],
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const INSPECT_HELP = `Usage: okta-idsrc inspect FILE [--kind users|groups|memberships|devices] [options]

Reads FILE as import and sync would (sending nothing) and prints what it detected: format,
delimiter, encoding, header, row count and a sample row, then a starter mapping guessed from the
header (Okta's standard attributes matched case-insensitively and by near-miss, the other columns
as custom attributes). Save the mapping, check it, and pass it with --mapping.

Options:
  --kind <kind>              what the file holds (default: guessed from the header)
  --delimiter <c>            CSV delimiter: , ; | tab (default: sniffed)
  --encoding <name>          file encoding, e.g. windows-1252 (default: UTF-8, or UTF-16 by BOM)
  --json-path <property>     the property of a top-level JSON object that holds the rows
  --json                     print the result as JSON
  -h, --help                 show this help

Examples:
  okta-idsrc inspect workers.csv
  okta-idsrc inspect workers.csv --kind users | sed -n '/^# Starter/,$p' > mapping.yaml
`;

const SAMPLE_CHARS = 200;

export async function inspectCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(INSPECT_HELP);
    return EXIT.ok;
  }
  const [path, extra] = positionals;
  if (path === undefined) throw new UsageError("missing FILE: okta-idsrc inspect FILE");
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const kindFlag = values.kind;
  if (kindFlag !== undefined && !KIND_SPECS.some((s) => s.kind === kindFlag)) {
    throw new UsageError(
      `--kind "${kindFlag}" is not a kind; use one of ${KIND_SPECS.map((s) => s.kind).join(", ")}`,
    );
  }
  const read = (await inputFlags(values))(KIND_SPECS[0]!).read ?? {};
  const info: ReadInfo = { converted: 0 };
  let rows = 0;
  let invalid = 0;
  let sample: { line: number; value: Record<string, unknown> } | undefined;
  for await (const row of readRows(path, [], { ...read, info })) {
    rows++;
    if (row.error !== undefined) invalid++;
    else if (!sample && isObject(row.value)) sample = { line: row.line, value: row.value };
  }
  const header = info.header ?? (sample ? flatKeys(sample.value) : []);
  const kind = (kindFlag as (typeof KIND_SPECS)[number]["kind"] | undefined) ?? guessKind(header);
  const guess = guessMapping(kind, header);
  const mapping = mappingYaml(kind, guess, path);

  if (values.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          file: path,
          format: info.format,
          encoding: info.encoding,
          ...(info.delimiter !== undefined ? { delimiter: info.delimiter } : {}),
          ...(info.jsonProperty !== undefined ? { jsonProperty: info.jsonProperty } : {}),
          header,
          rows,
          unreadableRows: invalid,
          sample: sample ?? null,
          kind,
          mapping,
        },
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  const delimiterName: Record<string, string> = {
    ",": "comma",
    ";": "semicolon",
    "\t": "tab",
    "|": "pipe",
  };
  const lines = [
    `File:      ${path}`,
    `Format:    ${info.format?.toUpperCase()}` +
      (info.delimiter !== undefined
        ? `, ${delimiterName[info.delimiter] ?? JSON.stringify(info.delimiter)}-delimited`
        : "") +
      (info.jsonProperty !== undefined ? `, rows in the property "${info.jsonProperty}"` : ""),
    `Encoding:  ${info.encoding}`,
    `Header:    ${header.map((h) => JSON.stringify(h)).join(", ") || "(none)"}`,
    `Rows:      ${plural(rows, "row")}${invalid > 0 ? ` (${plural(invalid, "unreadable row")})` : ""}`,
  ];
  if (sample) {
    lines.push(`Sample (line ${sample.line}):`);
    for (const [key, value] of Object.entries(sample.value)) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      lines.push(
        `  ${key}: ${text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}...` : text}`,
      );
    }
  }
  lines.push(
    `Kind:      ${kind}${kindFlag === undefined ? " (guessed; set with --kind)" : ""}`,
    "",
  );
  io.stdout.write(`${lines.join("\n")}\n${mapping}`);
  return EXIT.ok;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
