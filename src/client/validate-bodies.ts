// The per-operation body checks, built from the primitives in validate.ts and src/limits.ts. Loaded
// on the first write through `bodyChecks()` (validate.ts): reads never need these rules.
// Bulk bodies are checked on every upload of up to 200 entities, so the hot path allocates little:
// a field's name is built only when its check fails, and an item's checks name fields relative to
// the item (".profile.email"); checkBulk puts `users[3]` in front of the one that fails.
import { BULK_PATHS, bulkBody, type BulkItems, type BulkKind } from "../bulk-bodies.js";
import { LIMITS, MAX_BULK_BYTES, MAX_BULK_ENTITIES } from "../limits.js";
import { OktaValidationError } from "./errors.js";
import { checkId, checkText, fail, isRecord, type Range } from "./validate.js";
import { toJson, utf8Length } from "./json.js";

/** What the rules say about one named attribute. */
interface Named {
  readonly range: Range;
  /** May not be null (and, in `required` rules, must be present). */
  readonly notNull: boolean;
  /** `format: email` in the spec. */
  readonly email: boolean;
}

/** Named attributes of a profile kind, looked up once per attribute (a Map: no inherited names). */
interface ProfileRules {
  readonly named: ReadonlyMap<string, Named>;
  /** The attributes that may not be null. */
  readonly notNull: readonly string[];
  /** The `notNull` attributes must also be present. */
  readonly required?: boolean;
  /** Reject attributes not in `named` (devices: facts §10). */
  readonly closed?: boolean;
}

/** The rules of a profile kind from its length limits (src/limits.ts) and the spec's other rules. */
function rules(
  limits: Readonly<Record<string, Range>>,
  spec: Omit<ProfileRules, "named"> & { emails?: readonly string[] },
): ProfileRules {
  const named = new Map<string, Named>();
  for (const [name, range] of Object.entries(limits)) {
    const email = spec.emails?.includes(name) ?? false;
    named.set(name, { range, notNull: spec.notNull.includes(name), email });
  }
  return { ...spec, named };
}

// What checkText (validate.ts) refuses: a surrogate (outside the BMP) or a length out of range.
// Testing it here first means checkText, and the field's name, are only needed on failure.
// `bmp` says the body's JSON text holds no surrogate (see checkBulk): then no string that is sent
// can, and the per-string test is skipped.
const SURROGATE = /[\uD800-\uDFFF]/;
const textOk = (value: string, bmp: boolean, range?: Range) =>
  (bmp || !SURROGATE.test(value)) &&
  (!range || (value.length >= range.min && value.length <= range.max));

/** checkId (validate.ts), which builds the message, only for an ID it refuses. */
function id(field: string, value: unknown, max: number, bmp: boolean): string {
  const ok = typeof value === "string" && value !== "" && value !== "." && value !== "..";
  return ok && value.length <= max && (bmp || !SURROGATE.test(value))
    ? value
    : checkId(field, value, max);
}

// ajv-formats' "email" (full mode), which the spec's `format: email` means to the mock, so the
// client refuses exactly what it would refuse:
//   ^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@
//   (?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$   (flag i, ASCII only)
// read here in one pass instead of that regex, which backtracks over every domain label
// (test/client/validation.test.ts checks the two agree). Applied after the length check.
const ATEXT = 1;
const ALNUM = 2;
const DOT = 46;
const HYPHEN = 45;
const CHARS = new Uint8Array(128).map((_, c) => {
  const alnum = /[a-z0-9]/i.test(String.fromCharCode(c));
  return alnum ? ATEXT | ALNUM : "!#$%&'*+/=?^_`{|}~-".includes(String.fromCharCode(c)) ? ATEXT : 0;
});
const charKind = (c: number) => (c < 128 ? CHARS[c]! : 0);

/** Whether ajv-formats' "email" format accepts `text`. */
export function isEmail(text: string): boolean {
  const at = text.indexOf("@");
  // The local part: runs of atext joined by single dots.
  if (at < 1 || text.charCodeAt(0) === DOT || text.charCodeAt(at - 1) === DOT) return false;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT ? text.charCodeAt(i + 1) === DOT : !(charKind(c) & ATEXT)) return false;
  }
  // The domain: two or more labels of letters, digits and inner hyphens, joined by dots.
  let labels = 0;
  let start = at + 1;
  for (let i = start; i <= text.length; i++) {
    const c = i === text.length ? DOT : text.charCodeAt(i);
    if (c !== DOT) {
      if (!(charKind(c) & ALNUM) && c !== HYPHEN) return false;
    } else if (
      i === start ||
      text.charCodeAt(start) === HYPHEN ||
      text.charCodeAt(i - 1) === HYPHEN
    ) {
      return false;
    } else {
      labels++;
      start = i + 1;
    }
  }
  return labels >= 2;
}

const hasOwn = Object.prototype.hasOwnProperty;

const checkObject = (field: string, value: unknown): Record<string, unknown> =>
  isRecord(value) ? value : fail(field, "must be an object");

/** An array of at most `max` entries, and at least one unless `mayBeEmpty`. */
function checkList(field: string, value: unknown, max: number, mayBeEmpty = false): unknown[] {
  if (!Array.isArray(value)) return fail(field, "must be an array");
  const n = value.length;
  if (n > max) fail(field, `has ${n} entries; the limit is ${max} per request`, max);
  if (!n && !mayBeEmpty) fail(field, "must have at least 1 entry", 1);
  return value;
}

/** A profile: string (or null) values only, named ones within their limits; custom ones as given. */
function checkProfile(field: string, value: unknown, rules: ProfileRules, bmp: boolean): void {
  const profile = checkObject(field, value);
  const { named, notNull } = rules;
  if (rules.required) {
    for (const name of notNull) {
      if (profile[name] === undefined) fail(`${field}.${name}`, "is required");
    }
  }
  // for-in with hasOwnProperty visits what Object.keys lists, in its order, and V8 compiles it
  // to field loads: this loop runs 1,400 times for 200 users of 7 attributes.
  for (const name in profile) {
    if (!hasOwn.call(profile, name)) continue;
    const attr = profile[name];
    const rule = named.get(name);
    // A name whose value JSON leaves out (undefined, a function) is not in the text `bmp` read.
    const sent = typeof attr === "string" || attr === null;
    if (!textOk(name, bmp && sent)) {
      checkText(`${field} attribute name ${JSON.stringify(name)}`, name);
    }
    if (rules.closed && !rule) {
      fail(
        `${field}.${name}`,
        `is not allowed; the only attributes are ${[...named.keys()].join(", ")}`,
      );
    }
    if (typeof attr === "string") {
      if (!textOk(attr, bmp, rule?.range)) checkText(`${field}.${name}`, attr, rule?.range);
      if (rule?.email && !isEmail(attr)) fail(`${field}.${name}`, "is not an email address");
    } else if (attr !== undefined && !(attr === null && !rule?.notNull)) {
      fail(`${field}.${name}`, `must be a string${rule?.notNull ? "" : " or null"}`);
    }
  }
}

const { user, group, device, userExternalId, groupExternalId, deviceExternalId } = LIMITS;
const USER = rules(user, { notNull: ["email", "userName"], emails: ["email", "secondEmail"] });
// The real-time user operations require email and userName (G8, UserRequestSchema).
const USER_REQUIRED: ProfileRules = { ...USER, required: true };
const GROUP = rules(group, { notNull: ["displayName"] });
// All three device attributes are required, and Okta rejects any other (facts §10).
const DEVICE = rules(device, { notNull: Object.keys(device), required: true, closed: true });

/** One item of each kind: an ID (its length limit), an entity (ID limit, profile rules), or a membership. */
const ITEMS: Record<BulkKind, number | [number, ProfileRules] | undefined> = {
  users: [userExternalId, USER],
  deletedUsers: userExternalId,
  groups: [groupExternalId, GROUP],
  deletedGroups: groupExternalId,
  devices: [deviceExternalId, DEVICE],
  deletedDevices: deviceExternalId,
  memberships: undefined,
  deletedMemberships: undefined,
};

/** An `{ externalId, profile }` entity; `pathId` is the external ID in the URL (user PUT and PATCH). */
function checkEntity(
  field: string,
  value: unknown,
  idMax: number,
  rules: ProfileRules,
  bmp: boolean,
  pathId?: string,
): void {
  const { externalId, profile } = checkObject(field, value);
  if (pathId === undefined || externalId !== undefined) {
    if (id(`${field}.externalId`, externalId, idMax, bmp) !== (pathId ?? externalId)) {
      fail(`${field}.externalId`, "must equal the externalId argument");
    }
  }
  checkProfile(`${field}.profile`, profile, rules, bmp);
}

/** One bulk item; field names are relative to it ("" is the item itself). */
function checkItem(kind: BulkKind, item: unknown, bmp: boolean): void {
  const rule = ITEMS[kind];
  if (typeof rule === "number") return void id("", item, rule, bmp);
  if (rule) return checkEntity("", item, rule[0], rule[1], bmp);
  const { groupExternalId: groupId, memberExternalIds } = checkObject("", item);
  id(".groupExternalId", groupId, groupExternalId, bmp);
  const members = checkList(".memberExternalIds", memberExternalIds, Infinity);
  for (let j = 0; j < members.length; j++) {
    id(`.memberExternalIds[${j}]`, members[j], LIMITS.memberExternalId, bmp);
  }
}

/** `error` of an item's check, named from the request: ".profile.email" -> "users[3].profile.email". */
function within(at: string, error: unknown): unknown {
  if (!(error instanceof OktaValidationError)) return error;
  const { field, message, limit } = error;
  // fail() starts every message with the field's name ("" for the item: " must be an object").
  return new OktaValidationError(at + field, at + message, limit);
}

/**
 * Checks one bulk request and returns its wire body as JSON text, serialised once here: its size
 * is what Okta limits, and the same text is sent. Empty user lists are allowed (Okta accepts them,
 * see BulkUpsertRequestBody); the other bodies need at least one entry (spec minItems 1).
 */
export function checkBulk<K extends BulkKind>(kind: K, items: readonly BulkItems[K][]): string {
  const mayBeEmpty = kind === "users" || kind === "deletedUsers";
  const list = checkList(kind, items, MAX_BULK_ENTITIES, mayBeEmpty);
  const body = bulkBody(kind, items);
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch {
    // Reported below, after the checks: a BigInt profile value is better named by them.
  }
  // JSON text carries every string as is, except lone surrogates, which it escapes as \udxxx. One
  // scan of the text then stands for testing each of its strings (thousands of calls) for
  // characters outside the BMP (facts §1); only when it finds one are they tested one by one.
  const bmp = json !== undefined && !SURROGATE.test(json) && !json.includes("\\ud");
  for (let i = 0; i < list.length; i++) {
    try {
      checkItem(kind, list[i], bmp);
    } catch (e) {
      throw within(`${kind}[${i}]`, e);
    }
  }
  // Unencodable values are looked for in the caller's items, so the error names them as given.
  json ??= toJson(kind, body, items);
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so a short text needs no counting.
  const bytes = json.length * 3 <= MAX_BULK_BYTES ? 0 : utf8Length(json);
  if (bytes > MAX_BULK_BYTES) {
    const limit = MAX_BULK_BYTES;
    fail(kind, `request body is ${bytes} bytes of JSON; the limit is ${limit}`, limit);
  }
  return json;
}

/** A checked bulk upload: its path after `/sessions/{sessionId}/`, and its wire body (JSON text). */
export const bulkUpload = <K extends BulkKind>(kind: K, items: readonly BulkItems[K][]) => ({
  path: BULK_PATHS[kind],
  body: checkBulk(kind, items),
});

/** A real-time user body as JSON text; `pathId` is the external ID in the URL (PUT and PATCH). */
export function checkUser(body: unknown, pathId?: string): string {
  checkEntity("user", body, userExternalId, USER_REQUIRED, false, pathId);
  return toJson("user", body);
}

/** A real-time group body as JSON text. */
export function checkGroup(body: unknown): string {
  checkEntity("group", body, groupExternalId, GROUP, false);
  return toJson("group", body);
}
