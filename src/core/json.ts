// Request bodies as JSON text, made once before anything is sent: a value JSON cannot encode is bad
// input (an OktaValidationError naming it), not a failure of the request, and is never retried.
import { fail } from "./validate.js";

/**
 * `JSON.stringify(value)`; on failure the error names the first value JSON cannot encode, found in
 * `lookIn` (the caller's input, when `value` is the wire body built from it) under `field`.
 */
export function toJson(field: string, value: unknown, lookIn: unknown = value): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    const [at, why] = findUnencodable(lookIn, field) ?? [field, "cannot be encoded as JSON"];
    return fail(at, why);
  }
  // A toJSON() that returns undefined leaves nothing to send.
  return typeof json === "string" ? json : fail(field, "cannot be encoded as JSON");
}

/**
 * The path of the first value JSON cannot encode inside `value` (a BigInt, a cycle, a throwing
 * toJSON or getter) and why; undefined if none. Only called after JSON.stringify failed, so the
 * hot path never walks a body twice.
 */
export function findUnencodable(value: unknown, path: string): [string, string] | undefined {
  return walk(value, path, []);
}

function walk(value: unknown, path: string, parents: object[]): [string, string] | undefined {
  if (typeof value === "bigint") return [path, "is a BigInt, which cannot be encoded as JSON"];
  if (typeof value !== "object" || value === null) return undefined;
  if (parents.includes(value)) {
    return [path, "is a circular reference, which cannot be encoded as JSON"];
  }
  try {
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
      JSON.stringify(value);
      return undefined;
    }
    parents.push(value);
    const array = Array.isArray(value);
    for (const [key, child] of Object.entries(value)) {
      const found = walk(child, array ? `${path}[${key}]` : `${path}.${key}`, parents);
      if (found) return found;
    }
    parents.pop();
    return undefined;
  } catch (e) {
    // A toJSON or getter that throws: it, not a descendant, is what cannot be encoded.
    return [path, `cannot be encoded as JSON (${e instanceof Error ? e.message : String(e)})`];
  }
}

/** UTF-8 length of `text` without encoding it; a lone surrogate counts 3 bytes, as TextEncoder writes U+FFFD. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c < 0xd800 || c > 0xdbff || (text.charCodeAt(i + 1) & 0xfc00) !== 0xdc00) bytes += 2;
    else {
      bytes += 2; // a surrogate pair: two units, four bytes
      i++;
    }
  }
  return bytes;
}
