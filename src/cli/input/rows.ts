// Opens an input file by its extension (.csv, .json, .ndjson/.jsonl) and yields its rows as plain
// objects with line numbers. A CSV row maps header names to cell strings.
import { extname } from "node:path";
import { parseCsv } from "./csv.js";
import { InputFileError, parseJsonArray, parseNdjson } from "./json.js";
import { readText } from "./text.js";

export interface Row {
  line: number;
  /** A CSV row's cells by column name, or a JSON value. */
  value: unknown;
  /** The row could not be parsed (it is reported, never sent). */
  error?: string;
  /** True for CSV rows, whose values are all strings. */
  csv: boolean;
}

export type InputFormat = "csv" | "json" | "ndjson";

export function formatOf(path: string): InputFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".json") return "json";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  throw new InputFileError(`${path}: unknown input format (use .csv, .json, .ndjson or .jsonl)`);
}

/** Rows of `path`; `required` lists the CSV columns the header must have. */
export async function* readRows(path: string, required: readonly string[]): AsyncGenerator<Row> {
  const format = formatOf(path);
  if (format === "json" || format === "ndjson") {
    const items = format === "json" ? parseJsonArray(readText(path)) : parseNdjson(readText(path));
    for await (const item of items) yield { ...item, csv: false };
    return;
  }
  let header: string[] | undefined;
  for await (const record of parseCsv(readText(path))) {
    if (!header) {
      if (record.error) throw new InputFileError(`${path}:${record.line}: header: ${record.error}`);
      header = record.fields.map((name) => name.trim());
      checkHeader(path, record.line, header, required);
      continue;
    }
    if (record.error) {
      yield { line: record.line, value: undefined, error: record.error, csv: true };
    } else if (record.fields.length !== header.length) {
      yield {
        line: record.line,
        value: undefined,
        error: `expected ${header.length} fields, found ${record.fields.length}`,
        csv: true,
      };
    } else {
      const value: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) value[header[i]!] = record.fields[i]!;
      yield { line: record.line, value, csv: true };
    }
  }
  if (!header) throw new InputFileError(`${path}: empty file (expected a header row)`);
}

function checkHeader(path: string, line: number, header: string[], required: readonly string[]) {
  const seen = new Set<string>();
  for (const name of header) {
    if (name === "") throw new InputFileError(`${path}:${line}: header has an empty column name`);
    if (seen.has(name))
      throw new InputFileError(`${path}:${line}: header repeats column "${name}"`);
    seen.add(name);
  }
  const missing = required.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new InputFileError(
      `${path}:${line}: header lacks column ${missing.map((m) => `"${m}"`).join(", ")}`,
    );
  }
}
