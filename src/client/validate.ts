// Checks run before anything is sent (issue 4 §2). Each failure names the field and the limit.
import { OktaValidationError } from "./errors.js";

interface Range {
  readonly min: number;
  readonly max: number;
}

/** Named attributes of a profile kind: their length ranges, which must be set, which may be null. */
export interface ProfileRules {
  readonly limits: Readonly<Record<string, Range>>;
  readonly required?: readonly string[];
  readonly notNull?: readonly string[];
  /** Reject attributes not in `limits` (devices: facts §10). */
  readonly closed?: boolean;
}

export const fail = (field: string, message: string, limit?: number): never => {
  throw new OktaValidationError(field, `${field} ${message}`, limit);
};

// A UTF-16 surrogate means a character outside the BMP (4 bytes in UTF-8), or a broken one; Okta
// accepts characters of up to 3 bytes only (facts §1).
const SURROGATE = /[\uD800-\uDFFF]/;

/** A string within `range` and the BMP. */
export function checkText(field: string, value: string, range?: Range): void {
  const bad = SURROGATE.exec(value);
  if (bad) {
    const cp = value.codePointAt(bad.index)!.toString(16).toUpperCase();
    fail(
      field,
      `contains U+${cp}, outside the Basic Multilingual Plane; Okta accepts only characters of up to 3 bytes in UTF-8`,
    );
  }
  const { length } = value;
  const limit =
    range && (length > range.max ? range.max : length < range.min ? range.min : undefined);
  if (limit !== undefined) {
    const which = limit < length ? "limit" : "minimum";
    fail(
      field,
      `is ${length} character${length === 1 ? "" : "s"}; the ${which} is ${limit}`,
      limit,
    );
  }
}

/**
 * A non-empty ID of at most `max` characters. Path parameters are percent-encoded, so "/" and "%"
 * cannot escape their segment; "." and ".." stay as they are and URL parsing would resolve them.
 */
export function checkId(field: string, value: unknown, max = Infinity): string {
  if (typeof value !== "string" || value === "") return fail(field, "must be a non-empty string");
  if (value === "." || value === "..") fail(field, `must not be "${value}"`);
  checkText(field, value, { min: 1, max });
  return value;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export const checkObject = (field: string, value: unknown): Record<string, unknown> =>
  isRecord(value) ? value : fail(field, "must be an object");

/** A profile: string (or null) values only, named ones within their limits; custom ones as given. */
export function checkProfile(field: string, value: unknown, rules: ProfileRules): void {
  const profile = checkObject(field, value);
  for (const name of rules.required ?? []) {
    if (profile[name] === undefined) fail(`${field}.${name}`, "is required");
  }
  for (const [name, attr] of Object.entries(profile)) {
    const at = `${field}.${name}`;
    const nullable = !rules.notNull?.includes(name);
    checkText(`${field} attribute name ${JSON.stringify(name)}`, name);
    if (rules.closed && !rules.limits[name]) {
      fail(at, `is not allowed; the only attributes are ${Object.keys(rules.limits).join(", ")}`);
    }
    if (typeof attr === "string") checkText(at, attr, rules.limits[name]);
    else if (attr !== undefined && !(attr === null && nullable)) {
      fail(at, `must be a string${nullable ? " or null" : ""}`);
    }
  }
}

/** An array of at most `max` (and at least `min`) entries. */
export function checkList(field: string, value: unknown, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) return fail(field, "must be an array");
  const n = value.length;
  if (n > max) fail(field, `has ${n} entries; the limit is ${max} per request`, max);
  if (n < min) fail(field, `must have at least ${min} entr${min === 1 ? "y" : "ies"}`, min);
  return value;
}
