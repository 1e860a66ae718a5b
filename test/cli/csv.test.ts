// The streaming CSV parser (RFC 4180) and the JSON / NDJSON readers.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseCsv } from "../../src/cli/input/csv.js";
import type { CsvRecord } from "../../src/cli/input/csv.js";
import { InputFileError, parseJsonArray, parseNdjson } from "../../src/cli/input/json.js";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const csv = (text: string | string[]) => all(parseCsv(typeof text === "string" ? [text] : text));
const fieldsOf = (records: CsvRecord[]) => records.map((r) => r.fields);

describe("parseCsv", () => {
  test("quoted commas, escaped quotes and line breaks inside quotes", async () => {
    const records = await csv('a,b,c\n"x, y","say ""hi""","two\nlines"\nplain,,end\n');
    expect(fieldsOf(records)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["plain", "", "end"],
    ]);
    // A record's line is where it starts; the quoted line break pushes the next one down.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  test("CRLF and lone CR line ends, a UTF-8 BOM, no final newline, blank lines", async () => {
    const records = await csv('\uFEFFid,name\r\n1,"Zoë\r\nMüller"\r\n\r\n2,日本語\r3,last');
    expect(fieldsOf(records)).toEqual([
      ["id", "name"],
      ["1", "Zoë\r\nMüller"],
      ["2", "日本語"],
      ["3", "last"],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5, 6]);
  });

  test("malformed records carry an error with their line and parsing goes on", async () => {
    const records = await csv('a,b\nbad"quote,x\n"closed"junk,y\nok,z\n"never closed,w\n');
    expect(records.map((r) => [r.line, r.error !== undefined])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
      [5, true],
    ]);
    expect(records[4]!.error).toMatch(/unterminated quoted field/);
  });

  test("gives the same records however the text is split into chunks", async () => {
    const field = fc.string({
      unit: fc.constantFrom("a", "é", "日", ",", '"', "\n", "\r", " ", "x"),
      maxLength: 8,
    });
    const rows = fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), {
      minLength: 1,
      maxLength: 12,
    });
    await fc.assert(
      fc.asyncProperty(
        rows,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (table, cuts, crlf) => {
          const quote = (f: string) =>
            /[",\r\n]/.test(f) || f === "" ? `"${f.replace(/"/g, '""')}"` : f;
          const text = table.map((r) => r.map(quote).join(",")).join(crlf ? "\r\n" : "\n");
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((p, i, arr) =>
            text.slice(p, arr[i + 1] ?? text.length),
          );
          const records = await csv(chunks);
          expect(fieldsOf(records)).toEqual(table);
          expect(records.every((r) => r.error === undefined)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("JSON readers", () => {
  test("a JSON array is read element by element with each element's line", async () => {
    const text =
      '[\n  {"externalId": "a", "note": "has ] and , and \\" inside"},\n  {"externalId": "b",\n   "nested": {"x": [1, 2]}},\n  "plain"\n]\n';
    const chunks = text.match(/[\s\S]{1,7}/g)!;
    const items = await all(parseJsonArray(chunks));
    expect(items.map((i) => i.value)).toEqual([
      { externalId: "a", note: 'has ] and , and " inside' },
      { externalId: "b", nested: { x: [1, 2] } },
      "plain",
    ]);
    expect(items.map((i) => i.line)).toEqual([2, 3, 5]);
  });

  test("a bad element is reported on its line; a non-array is a file error", async () => {
    const items = await all(parseJsonArray(['[{"a": 1},\n{bad},\n{"b": 2}]']));
    expect(items.map((i) => [i.line, i.error !== undefined])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    await expect(all(parseJsonArray(['{"a": 1}']))).rejects.toThrow(InputFileError);
    await expect(all(parseJsonArray(['[{"a": 1}']))).rejects.toThrow(/not closed/);
  });

  test("NDJSON: one value per line, blank lines skipped, CRLF accepted", async () => {
    const items = await all(parseNdjson(['{"a":1}\r\n\r\n{"b"', ":2}\nnot json\n"]));
    expect(items.map((i) => [i.line, i.value, i.error !== undefined])).toEqual([
      [1, { a: 1 }, false],
      [3, { b: 2 }, false],
      [4, undefined, true],
    ]);
  });
});
