// Checks run before anything is sent. Each failure names the field and the limit.
// The argument checks every layer shares live here; the body rules of the write operations live in
// src/client/validate-bodies.ts, which builds on them.
import { OktaValidationError } from "./errors.js";

/** A length range in UTF-16 code units, as src/limits.ts gives them. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Throws the OktaValidationError for `field`; its message starts with the field's name. */
export function fail(field: string, message: string, limit?: number): never {
  throw new OktaValidationError(field, `${field} ${message}`, limit);
}

// A UTF-16 surrogate means a character outside the BMP (4 bytes in UTF-8), or a broken one; Okta
// accepts characters of up to 3 bytes only.
const SURROGATE = /[\uD800-\uDFFF]/;

/** A string within the BMP and the length range. */
export function checkText(field: string, value: string, range?: Partial<Range>): void {
  const bad = SURROGATE.exec(value);
  if (bad) {
    const cp = value.codePointAt(bad.index)!.toString(16).toUpperCase();
    fail(
      field,
      `contains U+${cp}, outside the Basic Multilingual Plane (Okta accepts up to 3 UTF-8 bytes per character)`,
    );
  }
  const { min = 0, max = Infinity } = range ?? {};
  const n = value.length;
  const [which, limit] = n > max ? ["limit", max] : n < min ? ["minimum", min] : [];
  if (which) fail(field, `is ${n} character${n === 1 ? "" : "s"}; the ${which} is ${limit}`, limit);
}

/**
 * A non-empty ID of at most `max` characters. Path parameters are percent-encoded, so "/" and "%"
 * cannot escape their segment; "." and ".." stay as they are and URL parsing would resolve them.
 */
export function checkId(field: string, value: unknown, max = Infinity): string {
  if (typeof value !== "string" || value === "") return fail(field, "must be a non-empty string");
  if (value === "." || value === "..") fail(field, `must not be "${value}"`);
  checkText(field, value, { max });
  return value;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
