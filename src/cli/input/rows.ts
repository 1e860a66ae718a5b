// Opens an input file by its extension (.csv, .tsv, .json, .ndjson/.jsonl) and yields its rows as
// plain objects with line numbers. A CSV row maps header names to cell strings. Every error names
// the file.
import { extname } from "node:path";
import { parseCsv } from "./csv.js";
import { InputFileError } from "./errors.js";
import type { FileGuard } from "./guard.js";
import { parseJsonArray, parseNdjson } from "./json.js";
import { readText } from "./text.js";
import { nearestName } from "../near.js";
import { plural } from "../plural.js";

export { distance, nearestName } from "../near.js";
import { MAX_BULK_BYTES } from "../../limits.js";

export interface Row {
  line: number;
  /** A CSV row's cells by column name, or a JSON value. */
  value: unknown;
  /** The row could not be parsed (it is reported, never sent). */
  error?: string;
  /** True for CSV rows (and mapped rows), whose values are all strings. */
  csv: boolean;
}

export type InputFormat = "csv" | "json" | "ndjson";

/** The delimiters a CSV header is sniffed for, most likely first on a tie. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;

/** How to read one file; every field is optional. */
export interface ReadOptions {
  /** Reads through this guard (see guard.ts), so a file changed between passes stops the run. */
  guard?: FileGuard | undefined;
  /** A WHATWG encoding label (--encoding). @default UTF-16 by byte-order mark, else UTF-8 */
  encoding?: string | undefined;
  /** The CSV delimiter (--delimiter). @default sniffed from the header: , ; tab or | */
  delimiter?: string | undefined;
  /** The property of a top-level JSON object that holds the rows (--json-path). */
  jsonPath?: string | undefined;
  /**
   * Turns a header into the columns the row will have and a row's cells into those columns (a
   * mapping, see mapping/). Called with the header once, then `row` for each row.
   */
  mapper?: RowMapper | undefined;
  /** Filled in while reading: what was detected. */
  info?: ReadInfo | undefined;
}

export interface RowMapper {
  /** Checks the source header (throwing InputFileError naming the problem); returns the output header. */
  header(path: string, line: number, columns: readonly string[]): readonly string[];
  /** The output row for one source row. */
  row(value: Record<string, unknown>): Record<string, string>;
  /** The source columns no target reads (known once `header` ran). */
  unmapped?(): readonly string[];
}

/** What the reader found in a file. */
export interface ReadInfo {
  format?: InputFormat;
  encoding?: string;
  delimiter?: string;
  /** The JSON property the rows were read from. */
  jsonProperty?: string;
  /** The CSV header, as written (after trimming). */
  header?: string[];
  /** JSON numbers and booleans read as strings. */
  converted: number;
}

export function formatOf(path: string): InputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" || ext === ".tsv" || ext === ".txt") return "csv";
  if (ext === ".json") return "json";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  throw new InputFileError(
    `${path}: unknown input format "${ext}" (use .csv, .tsv, .json, .ndjson or .jsonl)`,
  );
}

/** Rows of `path`; `required` lists the CSV columns the header must have. */
export async function* readRows(
  path: string,
  required: readonly string[],
  options: ReadOptions = {},
): AsyncGenerator<Row> {
  try {
    yield* rowsOf(path, required, options);
  } catch (e) {
    // The parsers do not know the file's name; every message here does.
    if (e instanceof InputFileError && !e.message.startsWith(path)) {
      e.message = `${path}:${e.message.startsWith("line ") ? e.message.slice(5) : ` ${e.message}`}`;
    }
    throw e;
  }
}

async function* rowsOf(
  path: string,
  required: readonly string[],
  options: ReadOptions,
): AsyncGenerator<Row> {
  const format = formatOf(path);
  const info = options.info;
  if (info) info.format = format;
  const text = readText(path, {
    encoding: options.encoding,
    guard: options.guard,
    onEncoding: (encoding) => {
      if (info) info.encoding = encoding;
    },
  });
  if (format === "json" || format === "ndjson") {
    const items =
      format === "json"
        ? parseJsonArray(text, {
            property: options.jsonPath,
            onProperty: (name) => {
              if (info) info.jsonProperty = name;
            },
          })
        : parseNdjson(text);
    let checkedHeader = false;
    for await (const item of items) {
      if (item.error !== undefined) {
        yield { line: item.line, value: undefined, error: item.error, csv: false };
        continue;
      }
      const problem = stringify(item.value, info);
      if (problem) {
        yield { line: item.line, value: undefined, error: problem, csv: false };
        continue;
      }
      const mapper = options.mapper;
      if (!mapper || !isObject(item.value)) {
        yield { line: item.line, value: item.value, csv: false };
        continue;
      }
      if (!checkedHeader) {
        // A mapped JSON file is checked against its first row's properties.
        mapper.header(path, item.line, flatKeys(item.value));
        checkedHeader = true;
      }
      yield { line: item.line, value: mapper.row(item.value), csv: true };
    }
    return;
  }

  const chunks = peekable(text);
  const delimiter =
    options.delimiter ??
    sniffDelimiter(await chunks.head(), extname(path).toLowerCase() === ".tsv" ? "\t" : ",");
  if (info) info.delimiter = delimiter;
  let header: string[] | undefined;
  for await (const record of parseCsv(chunks, { delimiter })) {
    if (!header) {
      if (record.error) throw new InputFileError(`${path}:${record.line}: header: ${record.error}`);
      header = record.fields.map((name) => name.trim());
      if (info) info.header = header;
      checkHeader(path, record.line, header);
      const columns = options.mapper ? options.mapper.header(path, record.line, header) : header;
      checkRequired(path, record.line, header, columns, required, delimiter);
      continue;
    }
    if (record.error) {
      yield { line: record.line, value: undefined, error: record.error, csv: true };
    } else if (record.fields.length !== header.length) {
      yield {
        line: record.line,
        value: undefined,
        error: `expected ${plural(header.length, "field")}, found ${record.fields.length}`,
        csv: true,
      };
    } else {
      const value: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) value[header[i]!] = record.fields[i]!;
      yield {
        line: record.line,
        value: options.mapper ? options.mapper.row(value) : value,
        csv: true,
      };
    }
  }
  if (!header) throw new InputFileError(`${path}: empty file (expected a header row)`);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A JSON row's columns: its own keys, with a nested `profile` object's keys in its place. */
export function flatKeys(value: Record<string, unknown>): string[] {
  const profile = value["profile"];
  if (!isObject(profile)) return Object.keys(value);
  return [...Object.keys(value).filter((k) => k !== "profile"), ...Object.keys(profile)];
}

/** A JSON row's value for a column: its own property, else its nested profile's. */
export function cellOf(value: Record<string, unknown>, column: string): unknown {
  if (Object.hasOwn(value, column)) return value[column];
  const profile = value["profile"];
  return isObject(profile) && Object.hasOwn(profile, column) ? profile[column] : undefined;
}

/**
 * JSON exports (Workday's among them) write IDs and numbers as JSON numbers, and flags as booleans;
 * Okta's attributes are strings, so they are read as their JSON text, in place, and counted. A
 * number JSON cannot hold exactly (an integer past 2^53) would be changed by reading it: refused.
 */
function stringify(value: unknown, info: ReadInfo | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const fix = (
    obj: Record<string, unknown> | unknown[],
    key: string | number,
  ): string | undefined => {
    const v = (obj as Record<string | number, unknown>)[key];
    if (typeof v === "boolean" || typeof v === "number") {
      if (typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v)) {
        return `${String(key)} is the number ${v}, too large to read exactly; write it as a string`;
      }
      (obj as Record<string | number, unknown>)[key] = String(v);
      if (info) info.converted++;
    }
    return undefined;
  };
  for (const key of Object.keys(value)) {
    const problem = fix(value, key);
    if (problem) return problem;
    const inner = value[key];
    if (key === "profile" && isObject(inner)) {
      for (const k of Object.keys(inner)) {
        const p = fix(inner, k);
        if (p) return p;
      }
    } else if (key === "memberExternalIds" && Array.isArray(inner)) {
      for (let i = 0; i < inner.length; i++) {
        const p = fix(inner, i);
        if (p) return p;
      }
    }
  }
  return undefined;
}

/** The delimiter that splits the first line into the most fields (quotes respected). */
export function sniffDelimiter(head: string, fallback: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(c)) {
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  let best = fallback;
  let most = counts.get(fallback) ?? 0;
  for (const d of DELIMITERS) {
    if ((counts.get(d) ?? 0) > most) {
      best = d;
      most = counts.get(d)!;
    }
  }
  return best;
}

/** Text chunks whose start (up to the first line end, bounded) can be looked at before parsing. */
function peekable(chunks: AsyncGenerator<string>) {
  const held: string[] = [];
  let done = false;
  return {
    async head(): Promise<string> {
      let text = "";
      while (!/[\r\n]/.test(text) && text.length < MAX_BULK_BYTES) {
        const next = await chunks.next();
        if (next.done) {
          done = true;
          break;
        }
        held.push(next.value);
        text += next.value;
      }
      return text;
    },
    async *[Symbol.asyncIterator]() {
      try {
        while (held.length > 0) yield held.shift()!;
        if (!done) yield* chunks;
      } finally {
        // However the parser stops (an error, an early break), the file is closed now, not by GC.
        await chunks.return(undefined);
      }
    },
  };
}

const DISPLAY: Record<string, string> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
  "|": "pipe",
};
const delimiterName = (d: string) => DISPLAY[d] ?? JSON.stringify(d);

function checkHeader(path: string, line: number, header: string[]) {
  const seen = new Set<string>();
  for (const name of header) {
    if (name === "") throw new InputFileError(`${path}:${line}: header has an empty column name`);
    if (seen.has(name))
      throw new InputFileError(`${path}:${line}: header repeats column "${name}"`);
    seen.add(name);
  }
}

function checkRequired(
  path: string,
  line: number,
  header: readonly string[],
  columns: readonly string[],
  required: readonly string[],
  delimiter: string,
) {
  const missing = required.filter((name) => !columns.includes(name));
  if (missing.length === 0) return;
  const hints = missing.flatMap((name) => {
    const near = nearestName(name, columns);
    return near ? [`"${near}" -> "${name}"?`] : [];
  });
  const seen =
    header.length === 1 && header[0]!.length > 40
      ? ` The header was read as one column with the ${delimiterName(delimiter)} delimiter; pass --delimiter if the file uses another.`
      : ` The header has ${header
          .slice(0, 8)
          .map((h) => `"${h}"`)
          .join(", ")}${header.length > 8 ? ", ..." : ""}.`;
  throw new InputFileError(
    `${path}:${line}: header lacks column ${missing.map((m) => `"${m}"`).join(", ")}.` +
      (hints.length > 0 ? ` Did you mean ${hints.join(" ")}` : "") +
      seen +
      " Rename the column or map it with --mapping (see `okta-idsrc inspect`).",
  );
}
