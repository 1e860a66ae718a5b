// Bytes of JSON text as sent (UTF-8), counted without encoding it: the chunker measures every
// item, and TextEncoder.encode would allocate a buffer each time (a million short-lived buffers in
// a million-row import). Gives exactly what jsonByteLength (src/bulk-bodies.ts) gives.

/** UTF-8 length of `text`; a lone surrogate counts as U+FFFD (3 bytes), as TextEncoder writes it. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: two units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Bytes of `JSON.stringify(value)` in UTF-8. */
export const jsonBytes = (value: unknown): number => utf8Length(JSON.stringify(value));
