// Reads a file as decoded UTF-8 text chunks, streaming. Invalid UTF-8 becomes U+FFFD, which row
// validation then reports with its line number instead of failing the whole file.
import { createReadStream } from "node:fs";

export async function* readText(path: string): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8"); // strips a leading BOM
  // 64 KB: each decoded chunk stays under V8's large-object size (128 KB), so it dies young in a
  // scavenge; 256 KB chunks went to large-object space and piled up until a full GC.
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Splits text chunks into lines (LF, CRLF or CR), with 1-based line numbers. */
export async function* lines(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<{ text: string; line: number }> {
  let pending = "";
  let line = 1;
  let afterCR = false;
  for await (let chunk of chunks) {
    if (afterCR && chunk.startsWith("\n")) chunk = chunk.slice(1);
    afterCR = false;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      yield { text: pending + chunk.slice(start, i), line: line++ };
      pending = "";
      if (c === 13) {
        if (i + 1 < chunk.length) {
          if (chunk.charCodeAt(i + 1) === 10) i++;
        } else afterCR = true;
      }
      start = i + 1;
    }
    pending += chunk.slice(start);
  }
  if (pending) yield { text: pending, line };
}
