// The wire bodies of the eight bulk operations, built in one place so the client sends exactly what
// the importer measured (the 200 KB limit is counted in bytes as sent).
import type { components } from "../generated/openapi.js";

type Schemas = components["schemas"];

/** One entity kind a bulk request carries; the names match the keys of `source.import()` data. */
export type BulkKind =
  | "users"
  | "deletedUsers"
  | "groups"
  | "deletedGroups"
  | "memberships"
  | "deletedMemberships"
  | "devices"
  | "deletedDevices";

/** What a caller passes for each kind. */
export interface BulkItems {
  users: Schemas["BulkUpsertUser"];
  deletedUsers: string;
  groups: Schemas["BulkUpsertGroup"];
  deletedGroups: string;
  memberships: Schemas["BulkGroupMembership"];
  deletedMemberships: Schemas["BulkGroupMembership"];
  devices: Schemas["BulkUpsertDevice"];
  deletedDevices: string;
}

/** The path suffix after `/sessions/{sessionId}/` for each kind. */
export const BULK_PATHS = {
  users: "bulk-upsert",
  deletedUsers: "bulk-delete",
  groups: "bulk-groups-upsert",
  deletedGroups: "bulk-groups-delete",
  memberships: "bulk-group-memberships-upsert",
  deletedMemberships: "bulk-group-memberships-delete",
  devices: "bulk-devices-upsert",
  deletedDevices: "bulk-devices-delete",
} as const satisfies Record<BulkKind, string>;

/** Builds the JSON body Okta expects for `kind` from the caller's items. */
export function bulkBody<K extends BulkKind>(kind: K, items: readonly BulkItems[K][]): object {
  switch (kind) {
    case "users":
      return { entityType: "USERS", profiles: items };
    case "deletedUsers":
      return { entityType: "USERS", profiles: items.map((externalId) => ({ externalId })) };
    case "groups":
    case "devices":
      return { profiles: items };
    case "deletedGroups":
    case "deletedDevices":
      return { externalIds: items };
    case "memberships":
    case "deletedMemberships":
      return { memberships: items };
  }
  throw new TypeError(`unknown bulk kind ${String(kind)}`);
}
