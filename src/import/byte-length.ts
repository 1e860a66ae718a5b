// Bytes of JSON text as sent (UTF-8), counted without encoding it: the chunker measures every
// item, and TextEncoder.encode would allocate a buffer each time (a million short-lived buffers in
// a million-row import). Gives exactly what jsonByteLength (src/bulk-bodies.ts) gives.
import { utf8Length } from "../client/json.js";

export { utf8Length };

/** Bytes of `JSON.stringify(value)` in UTF-8. */
export const jsonBytes = (value: unknown): number => utf8Length(JSON.stringify(value));
