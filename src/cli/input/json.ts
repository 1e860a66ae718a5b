// Streaming readers for a JSON array (one element at a time, never the whole document) and for
// NDJSON (one JSON value per line). Each yields the value with the line it starts on; a malformed
// element or line carries an `error` and reading continues. An element or line longer than
// `maxChars` is never held whole: it is reported as too long and skipped.
//
// Reports exported as a JSON object whose one array property holds the rows (Workday's
// `{"Report_Entry": [...]}`) are read too: the property is named with `property` (--json-path) or,
// without it, found as the object's only array property. Other properties are skipped unparsed.
import { tooLongMessage } from "./csv.js";
import { InputFileError } from "./errors.js";
import { lines } from "./text.js";
import { MAX_BULK_BYTES } from "../../limits.js";

export { InputFileError };

export interface JsonItem {
  value: unknown;
  line: number;
  error?: string;
}

export async function* parseNdjson(
  chunks: AsyncIterable<string> | Iterable<string>,
  maxChars = MAX_BULK_BYTES,
): AsyncGenerator<JsonItem> {
  for await (const { text, line, tooLong } of lines(chunks, maxChars)) {
    if (tooLong) {
      yield { value: undefined, line, error: tooLong };
      continue;
    }
    if (text.trim() === "") continue;
    try {
      yield { value: JSON.parse(text), line };
    } catch (e) {
      yield { value: undefined, line, error: `invalid JSON: ${(e as Error).message}` };
    }
  }
}

export interface JsonArrayOptions {
  /** The top-level object's property that holds the rows; undefined: a top-level array, or the
   * object's only array property. */
  property?: string | undefined;
  /** Told the property the rows were read from, when they came from an object. */
  onProperty?: (name: string) => void;
  /** @default 200000 */
  maxChars?: number;
}

const enum At {
  Start,
  /** In the top-level object, before a key (or `}`). */
  ObjectKey,
  /** In a key string. */
  InKey,
  /** After a key, before `:`. */
  AfterKey,
  /** After `:`, before the value. */
  BeforeValue,
  /** Skipping a property's value. */
  SkipValue,
  BeforeElement,
  InElement,
  AfterArray,
  End,
}

const isSpace = (c: string) =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF";

/** Yields the elements of a top-level JSON array (or of one array property of an object). */
export async function* parseJsonArray(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: JsonArrayOptions = {},
): AsyncGenerator<JsonItem> {
  const maxChars = options.maxChars ?? MAX_BULK_BYTES;
  let at = At.Start;
  let inObject = false; // the array is a property of a top-level object
  let taken: string | undefined; // the property the rows came from
  const arrayKeys: string[] = []; // array-valued properties seen (for auto-detection)
  const keys: string[] = []; // the object's first properties, for error messages
  let key = "";
  let line = 1;
  let text = "";
  let tooLong = false;
  let elementLine = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const element = (): JsonItem => {
    if (tooLong) {
      tooLong = false;
      text = "";
      return { value: undefined, line: elementLine, error: tooLongMessage(maxChars) };
    }
    const source = text.trim();
    text = "";
    try {
      return { value: JSON.parse(source), line: elementLine };
    } catch (e) {
      return {
        value: undefined,
        line: elementLine,
        error: `invalid JSON: ${(e as Error).message}`,
      };
    }
  };
  const keep = (part: string) => {
    if (tooLong) return;
    if (text.length + part.length > maxChars) {
      tooLong = true;
      text = "";
    } else text += part;
  };
  // Tracks strings and nesting inside a value; true when `c` is structural at depth 0.
  const scan = (c: string): boolean => {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      return false;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && depth > 0) depth--;
    else return depth === 0 && (c === "," || c === "}" || c === "]");
    return false;
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (at === At.InElement) {
        if (scan(c)) {
          keep(chunk.slice(start, i));
          yield element();
          if (c === "}") throw new InputFileError(`line ${line}: unexpected "}" in the array`);
          at = c === "," ? At.BeforeElement : At.AfterArray;
        }
        if (c === "\n") line++;
        continue;
      }
      if (at === At.InKey) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') {
          at = At.AfterKey;
          try {
            key = JSON.parse(`"${key}"`) as string;
          } catch {
            throw new InputFileError(`line ${line}: invalid property name`);
          }
          if (keys.length < 10) keys.push(key);
          continue;
        }
        if (key.length > 1000) throw new InputFileError(`line ${line}: property name too long`);
        key += c;
        continue;
      }
      if (at === At.SkipValue) {
        if (c === "\n") line++;
        if (!scan(c)) continue;
        if (c === "]") throw new InputFileError(`line ${line}: unexpected "]"`);
        at = c === "," ? At.ObjectKey : At.End;
        continue;
      }
      if (c === "\n") line++;
      if (isSpace(c)) continue;
      if (at === At.Start) {
        if (c === "[") at = At.BeforeElement;
        else if (c === "{") {
          inObject = true;
          at = At.ObjectKey;
        } else throw new InputFileError(`line ${line}: expected a JSON array ("[") or object`);
      } else if (at === At.ObjectKey) {
        if (c === "}") at = At.End;
        else if (c === '"') {
          key = "";
          at = At.InKey;
        } else throw new InputFileError(`line ${line}: expected a property name`);
      } else if (at === At.AfterKey) {
        if (c !== ":") throw new InputFileError(`line ${line}: expected ":"`);
        at = At.BeforeValue;
      } else if (at === At.BeforeValue) {
        const wanted =
          options.property === undefined ? taken === undefined : key === options.property;
        if (c === "[") arrayKeys.push(key);
        if (c === "[" && wanted) {
          taken = key;
          options.onProperty?.(key);
          at = At.BeforeElement;
          continue;
        }
        // Skip this value: let SkipValue see its first character.
        at = At.SkipValue;
        i--;
      } else if (at === At.BeforeElement) {
        if (c === "]") {
          at = At.AfterArray;
          continue;
        }
        at = At.InElement;
        elementLine = line;
        start = i;
        i--; // let InElement see the first character (it may open a string or object)
      } else if (at === At.AfterArray && inObject) {
        if (c === ",") at = At.ObjectKey;
        else if (c === "}") at = At.End;
        else throw new InputFileError(`line ${line}: expected "," or "}" after the array`);
      } else {
        throw new InputFileError(
          `line ${line}: unexpected text after the JSON ${inObject ? "object" : "array"}`,
        );
      }
    }
    if (at === At.InElement) keep(chunk.slice(start));
  }
  if (inObject) {
    if ((at as At) !== At.End)
      throw new InputFileError(`line ${line}: the JSON object is not closed`);
    const names = (list: string[]) => list.map((k) => JSON.stringify(k)).join(", ");
    if (options.property !== undefined && taken === undefined) {
      throw new InputFileError(
        `the JSON object has no array property ${JSON.stringify(options.property)}` +
          (keys.length > 0 ? ` (its properties: ${names(keys)})` : ""),
      );
    }
    if (taken === undefined) {
      throw new InputFileError(
        "expected a JSON array of rows, or an object with one array property; this object has none" +
          (keys.length > 0 ? ` (its properties: ${names(keys)})` : ""),
      );
    }
    if (options.property === undefined && arrayKeys.length > 1) {
      throw new InputFileError(
        `the JSON object has several array properties (${names(arrayKeys.slice(0, 10))}); ` +
          `name the one that holds the rows with --json-path`,
      );
    }
    return;
  }
  if ((at as At) !== At.AfterArray) {
    throw new InputFileError(
      (at as At) === At.Start
        ? "expected a JSON array"
        : `line ${line}: the JSON array is not closed`,
    );
  }
}
