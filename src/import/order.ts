// The order kinds are uploaded in, so Okta can resolve references: users and groups exist before the
// memberships that name them, and every delete comes after every upsert (membership deletes first,
// so no membership points at a group or user being removed). The importer drains all requests of a
// kind before starting the next, so a later kind never lands in an earlier session than an earlier one.
//
// The kinds themselves come from the operation registry (generated from the spec). The list below
// only fixes the order of the kinds it names; a bulk kind the spec gains later and this list does
// not name is appended by one rule: its upsert after every listed upsert, its delete after every
// listed delete, in the spec's order. So a new kind imports with no edit here, and no upsert of it
// can run after a delete.
import { BULK, BULK_METHODS, type BulkKind } from "../../generated/registry.js";

/** The kinds whose relative order matters, in that order; each must be a registry kind. */
const LISTED = [
  "users",
  "groups",
  "memberships",
  "devices",
  "deletedMemberships",
  "deletedGroups",
  "deletedUsers",
  "deletedDevices",
] as const satisfies readonly BulkKind[];

const kinds = Object.keys(BULK) as BulkKind[];
const unlisted = (action: "upsert" | "delete") =>
  kinds.filter((k) => BULK[k].action === action && !(LISTED as readonly string[]).includes(k));
const firstDelete = LISTED.findIndex((k) => BULK[k].action === "delete");

/** The upload order of `runImport` (documented in the README). */
export const UPLOAD_ORDER: readonly BulkKind[] = [
  ...LISTED.slice(0, firstDelete),
  ...unlisted("upsert"),
  ...LISTED.slice(firstDelete),
  ...unlisted("delete"),
];

/** The client method that uploads each kind (from the registry). */
export const UPLOAD_METHOD = BULK_METHODS;
