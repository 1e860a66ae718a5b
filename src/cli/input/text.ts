// Reads a file as decoded text chunks, streaming. The encoding is UTF-8 unless the file starts
// with a UTF-16 byte-order mark or the caller names one (--encoding, any label the platform's
// TextDecoder knows: latin1, windows-1252, shift_jis, ...). Bytes that are invalid in the
// encoding become U+FFFD, which row validation then reports with its line number instead of
// failing the whole file.
// Node's own class: the shipped build has no DOM lib, which is where the global's type lives.
import { TextDecoder } from "node:util";
import { tooLongMessage } from "./csv.js";
import { createFileGuard } from "./guard.js";
import type { FileGuard } from "./guard.js";
import { InputFileError } from "./errors.js";
import { MAX_BULK_BYTES } from "../../limits.js";

export interface TextOptions {
  /** A WHATWG encoding label; undefined: UTF-16 by byte-order mark, else UTF-8. */
  encoding?: string | undefined;
  /** Reads through this guard, so a file that changed since the first pass stops the read. */
  guard?: FileGuard | undefined;
  /** Told the encoding actually used (after byte-order-mark detection), once. */
  onEncoding?: (encoding: string) => void;
}

/** The canonical name of an encoding label, or undefined if the platform cannot decode it. */
export function encodingName(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

export async function* readText(path: string, options: TextOptions = {}): AsyncGenerator<string> {
  const guard = options.guard ?? createFileGuard(path);
  let decoder: TextDecoder | undefined;
  // 64 KB blocks: each decoded chunk stays under V8's large-object size (128 KB), so it dies young
  // in a scavenge; 256 KB chunks went to large-object space and piled up until a full GC.
  for await (const block of guard.blocks()) {
    if (!decoder) {
      const label = options.encoding ?? bomEncoding(block);
      try {
        decoder = new TextDecoder(label); // strips a leading BOM of its own encoding
      } catch {
        throw new InputFileError(`${path}: the platform cannot decode the encoding "${label}"`);
      }
      options.onEncoding?.(decoder.encoding);
    }
    const text = decoder.decode(block, { stream: true });
    if (text) yield text;
  }
  if (!decoder) options.onEncoding?.(options.encoding ?? "utf-8");
  const rest = decoder?.decode() ?? "";
  if (rest) yield rest;
}

/** utf-16le / utf-16be by byte-order mark, else utf-8. */
function bomEncoding(start: Uint8Array): string {
  if (start[0] === 0xff && start[1] === 0xfe) return "utf-16le";
  if (start[0] === 0xfe && start[1] === 0xff) return "utf-16be";
  return "utf-8";
}

/** One line; `tooLong` when it was longer than the limit and only its start is in `text`. */
export interface Line {
  text: string;
  line: number;
  tooLong?: string;
}

/**
 * Splits text chunks into lines (LF, CRLF or CR), with 1-based line numbers. A line longer than
 * `maxChars` is not accumulated past that length: it comes out with `tooLong` set.
 */
export async function* lines(
  chunks: AsyncIterable<string> | Iterable<string>,
  maxChars = MAX_BULK_BYTES,
): AsyncGenerator<Line> {
  let pending = "";
  let line = 1;
  let afterCR = false;
  let tooLong = false;
  const take = (text: string): Line => {
    const out: Line = tooLong
      ? { text: "", line, tooLong: tooLongMessage(maxChars) }
      : { text, line };
    line++;
    pending = "";
    tooLong = false;
    return out;
  };
  for await (let chunk of chunks) {
    if (afterCR && chunk.startsWith("\n")) chunk = chunk.slice(1);
    afterCR = false;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const text = tooLong ? "" : pending + chunk.slice(start, i);
      if (text.length > maxChars) tooLong = true;
      yield take(text);
      if (c === 13) {
        if (i + 1 < chunk.length) {
          if (chunk.charCodeAt(i + 1) === 10) i++;
        } else afterCR = true;
      }
      start = i + 1;
    }
    if (!tooLong) {
      pending += chunk.slice(start);
      if (pending.length > maxChars) {
        tooLong = true;
        pending = "";
      }
    }
  }
  if (pending || tooLong) yield take(pending);
}
