// Streaming readers for a JSON array (one element at a time, never the whole document) and for
// NDJSON (one JSON value per line). Each yields the value with the line it starts on; a malformed
// element or line carries an `error` and reading continues.
import { lines } from "./text.js";

export interface JsonItem {
  value: unknown;
  line: number;
  error?: string;
}

/** Thrown for a file whose structure is wrong as a whole (not one bad element). */
export class InputFileError extends Error {
  override name = "InputFileError";
}

export async function* parseNdjson(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<JsonItem> {
  for await (const { text, line } of lines(chunks)) {
    if (text.trim() === "") continue;
    try {
      yield { value: JSON.parse(text), line };
    } catch (e) {
      yield { value: undefined, line, error: `invalid JSON: ${(e as Error).message}` };
    }
  }
}

const enum At {
  BeforeArray,
  BeforeElement,
  InElement,
  AfterArray,
}

/** Yields the elements of a top-level JSON array. */
export async function* parseJsonArray(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<JsonItem> {
  let at = At.BeforeArray;
  let line = 1;
  let text = "";
  let elementLine = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const isSpace = (c: string) =>
    c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\uFEFF";
  const element = (): JsonItem => {
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

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (at === At.InElement) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === "\\") escaped = true;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === "{" || c === "[") depth++;
        else if (c === "}" || (c === "]" && depth > 0)) depth--;
        else if (depth === 0 && (c === "," || c === "]")) {
          text += chunk.slice(start, i);
          yield element();
          at = c === "," ? At.BeforeElement : At.AfterArray;
        }
        if (c === "\n") line++;
        continue;
      }
      if (c === "\n") line++;
      if (isSpace(c)) continue;
      if (at === At.BeforeArray) {
        if (c !== "[") throw new InputFileError(`line ${line}: expected a JSON array ("[")`);
        at = At.BeforeElement;
      } else if (at === At.BeforeElement) {
        if (c === "]") {
          at = At.AfterArray;
          continue;
        }
        at = At.InElement;
        elementLine = line;
        start = i;
        i--; // let InElement see the first character (it may open a string or object)
      } else {
        throw new InputFileError(`line ${line}: unexpected text after the JSON array`);
      }
    }
    if (at === At.InElement) text += chunk.slice(start);
  }
  if ((at as At) !== At.AfterArray) {
    throw new InputFileError(
      (at as At) === At.BeforeArray
        ? "expected a JSON array"
        : `line ${line}: the JSON array is not closed`,
    );
  }
}
