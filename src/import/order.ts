// The order kinds are uploaded in, so Okta can resolve references: users and groups exist before the
// memberships that name them, and every delete comes after every upsert (membership deletes first,
// so no membership points at a group or user being removed). The importer drains all requests of a
// kind before starting the next, so a later kind never lands in an earlier session than an earlier one.
import type { BulkKind } from "../bulk-bodies.js";

/** The upload order of `runImport` (documented in the README). */
export const UPLOAD_ORDER: readonly BulkKind[] = [
  "users",
  "groups",
  "memberships",
  "devices",
  "deletedMemberships",
  "deletedGroups",
  "deletedUsers",
  "deletedDevices",
];

/** The client method that uploads each kind. */
export const UPLOAD_METHOD = {
  users: "upsertUsers",
  deletedUsers: "deleteUsers",
  groups: "upsertGroups",
  deletedGroups: "deleteGroups",
  memberships: "upsertMemberships",
  deletedMemberships: "deleteMemberships",
  devices: "upsertDevices",
  deletedDevices: "deleteDevices",
} as const satisfies Record<BulkKind, string>;
