// The per-operation body checks, built from the primitives in validate.ts and src/limits.ts.
import { bulkBody, jsonByteLength, type BulkItems, type BulkKind } from "../bulk-bodies.js";
import { LIMITS, MAX_BULK_BYTES, MAX_BULK_ENTITIES } from "../limits.js";
import { OktaValidationError } from "./errors.js";
import { checkId, checkList, checkObject, checkProfile, type ProfileRules } from "./validate.js";

const USER: ProfileRules = { limits: LIMITS.user, notNull: ["email", "userName"] };
// The real-time user operations require email and userName (G8, UserRequestSchema).
const USER_REQUIRED: ProfileRules = { ...USER, required: ["email", "userName"] };
const GROUP: ProfileRules = { limits: LIMITS.group, notNull: ["displayName"] };
const DEVICE_FIELDS = Object.keys(LIMITS.device);
// Okta rejects any other device attribute (facts §10).
const DEVICE: ProfileRules = {
  limits: LIMITS.device,
  required: DEVICE_FIELDS,
  notNull: DEVICE_FIELDS,
  closed: true,
};

const ENTITY: Partial<Record<BulkKind, [number, ProfileRules]>> = {
  users: [LIMITS.userExternalId, USER],
  groups: [LIMITS.groupExternalId, GROUP],
  devices: [LIMITS.deviceExternalId, DEVICE],
};
const ID_ONLY: Partial<Record<BulkKind, number>> = {
  deletedUsers: LIMITS.userExternalId,
  deletedGroups: LIMITS.groupExternalId,
  deletedDevices: LIMITS.deviceExternalId,
};

function checkBulkItem(kind: BulkKind, field: string, item: unknown): void {
  const idMax = ID_ONLY[kind];
  if (idMax !== undefined) return void checkId(field, item, idMax);
  const entry = checkObject(field, item);
  const entity = ENTITY[kind];
  if (entity) {
    checkId(`${field}.externalId`, entry.externalId, entity[0]);
    return checkProfile(`${field}.profile`, entry.profile, entity[1]);
  }
  // memberships and deletedMemberships
  checkId(`${field}.groupExternalId`, entry.groupExternalId, LIMITS.groupExternalId);
  const members = checkList(`${field}.memberExternalIds`, entry.memberExternalIds, 1, Infinity);
  members.forEach((id, j) =>
    checkId(`${field}.memberExternalIds[${j}]`, id, LIMITS.memberExternalId),
  );
}

/**
 * Checks one bulk request and returns its wire body. Empty user lists are allowed (Okta accepts
 * them, see BulkUpsertRequestBody); the other bodies need at least one entry (spec minItems 1).
 */
export function checkBulk<K extends BulkKind>(kind: K, items: readonly BulkItems[K][]): object {
  const min = kind === "users" || kind === "deletedUsers" ? 0 : 1;
  checkList(kind, items, min, MAX_BULK_ENTITIES).forEach((item, i) =>
    checkBulkItem(kind, `${kind}[${i}]`, item),
  );
  const body = bulkBody(kind, items);
  const bytes = jsonByteLength(body);
  if (bytes > MAX_BULK_BYTES) {
    const message = `${kind} request body is ${bytes} bytes of JSON; the limit is ${MAX_BULK_BYTES}`;
    throw new OktaValidationError(kind, message, MAX_BULK_BYTES);
  }
  return body;
}

/** A real-time user body; `pathId` is the external ID in the URL (PUT and PATCH). */
export function checkUser(user: unknown, pathId?: string): void {
  const body = checkObject("user", user);
  if (pathId === undefined || body.externalId !== undefined) {
    const id = checkId("user.externalId", body.externalId, LIMITS.userExternalId);
    if (pathId !== undefined && id !== pathId) {
      throw new OktaValidationError(
        "user.externalId",
        "user.externalId must equal the externalId argument",
      );
    }
  }
  checkProfile("user.profile", body.profile, USER_REQUIRED);
}

/** A real-time group body. */
export function checkGroup(group: unknown): void {
  const body = checkObject("group", group);
  checkId("group.externalId", body.externalId, LIMITS.groupExternalId);
  checkProfile("group.profile", body.profile, GROUP);
}
