// The per-operation body checks, built from the primitives in validate.ts and src/limits.ts. Loaded
// on the first write through `bodyChecks()` (validate.ts): reads never need these rules.
import {
  BULK_PATHS,
  bulkBody,
  jsonByteLength,
  type BulkItems,
  type BulkKind,
} from "../bulk-bodies.js";
import { LIMITS, MAX_BULK_BYTES, MAX_BULK_ENTITIES } from "../limits.js";
import { checkId, checkText, fail, isRecord, type Range } from "./validate.js";

/** Named attributes of a profile kind: their length ranges, and which must be set and non-null. */
interface ProfileRules {
  readonly limits: Readonly<Record<string, Range>>;
  /** Attributes that may not be null. */
  readonly notNull: readonly string[];
  /** The `notNull` attributes must also be present. */
  readonly required?: boolean;
  /** Reject attributes not in `limits` (devices: facts §10). */
  readonly closed?: boolean;
}

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
function checkProfile(field: string, value: unknown, rules: ProfileRules): void {
  const profile = checkObject(field, value);
  const { limits, notNull } = rules;
  for (const name of rules.required ? notNull : []) {
    if (profile[name] === undefined) fail(`${field}.${name}`, "is required");
  }
  for (const [name, attr] of Object.entries(profile)) {
    const at = `${field}.${name}`;
    const nullable = !notNull.includes(name);
    checkText(`${field} attribute name ${JSON.stringify(name)}`, name);
    if (rules.closed && !limits[name]) {
      fail(at, `is not allowed; the only attributes are ${Object.keys(limits).join(", ")}`);
    }
    if (typeof attr === "string") checkText(at, attr, limits[name]);
    else if (attr !== undefined && !(attr === null && nullable)) {
      fail(at, `must be a string${nullable ? " or null" : ""}`);
    }
  }
}

const { user, group, device, userExternalId, groupExternalId, deviceExternalId } = LIMITS;
const USER: ProfileRules = { limits: user, notNull: ["email", "userName"] };
// The real-time user operations require email and userName (G8, UserRequestSchema).
const USER_REQUIRED: ProfileRules = { ...USER, required: true };
const GROUP: ProfileRules = { limits: group, notNull: ["displayName"] };
// All three device attributes are required, and Okta rejects any other (facts §10).
const DEVICE: ProfileRules = {
  limits: device,
  notNull: Object.keys(device),
  required: true,
  closed: true,
};

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
function checkEntity<T>(
  field: string,
  value: T,
  idMax: number,
  rules: ProfileRules,
  pathId?: string,
): T {
  const { externalId, profile } = checkObject(field, value);
  if (pathId === undefined || externalId !== undefined) {
    if (checkId(`${field}.externalId`, externalId, idMax) !== (pathId ?? externalId)) {
      fail(`${field}.externalId`, "must equal the externalId argument");
    }
  }
  checkProfile(`${field}.profile`, profile, rules);
  return value;
}

function checkItem(kind: BulkKind, field: string, item: unknown): void {
  const rule = ITEMS[kind];
  if (typeof rule === "number") return void checkId(field, item, rule);
  if (rule) return void checkEntity(field, item, ...rule);
  const { groupExternalId: groupId, memberExternalIds } = checkObject(field, item);
  checkId(`${field}.groupExternalId`, groupId, groupExternalId);
  checkList(`${field}.memberExternalIds`, memberExternalIds, Infinity).forEach((id, j) =>
    checkId(`${field}.memberExternalIds[${j}]`, id, LIMITS.memberExternalId),
  );
}

/**
 * Checks one bulk request and returns its wire body. Empty user lists are allowed (Okta accepts
 * them, see BulkUpsertRequestBody); the other bodies need at least one entry (spec minItems 1).
 */
export function checkBulk<K extends BulkKind>(kind: K, items: readonly BulkItems[K][]): object {
  const mayBeEmpty = kind === "users" || kind === "deletedUsers";
  checkList(kind, items, MAX_BULK_ENTITIES, mayBeEmpty).forEach((item, i) =>
    checkItem(kind, `${kind}[${i}]`, item),
  );
  const body = bulkBody(kind, items);
  const bytes = jsonByteLength(body);
  if (bytes > MAX_BULK_BYTES) {
    const limit = MAX_BULK_BYTES;
    fail(kind, `request body is ${bytes} bytes of JSON; the limit is ${limit}`, limit);
  }
  return body;
}

/** A checked bulk upload: its path after `/sessions/{sessionId}/`, and its wire body. */
export const bulkUpload = <K extends BulkKind>(kind: K, items: readonly BulkItems[K][]) => ({
  path: BULK_PATHS[kind],
  body: checkBulk(kind, items),
});

/** A real-time user body, returned as is; `pathId` is the external ID in the URL (PUT and PATCH). */
export const checkUser = <T>(body: T, pathId?: string): T =>
  checkEntity("user", body, userExternalId, USER_REQUIRED, pathId);

/** A real-time group body, returned as is. */
export const checkGroup = <T>(body: T): T => checkEntity("group", body, groupExternalId, GROUP);
