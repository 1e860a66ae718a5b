// Applies uploaded bulk data to an identity source's data, in upload order, when a session is
// processed (facts §5). Bodies were validated against the spec before they were stored.
import type { components } from "../../generated/openapi.js";
import type { BulkKind } from "../bulk-bodies.js";
import { deviceId, groupId, userId } from "./ids.js";
import type { Profile, SourceData } from "./state.js";

type Schemas = components["schemas"];

// One accepted bulk request, kept until the session is processed.
export interface Upload {
  kind: BulkKind;
  body: unknown;
}

// Creates or updates a user by externalId. Updates merge, so custom attributes are kept.
export function upsertUser(source: SourceData, externalId: string, profile: Profile, now: string) {
  const existing = source.users.get(externalId);
  const user = existing
    ? {
        ...existing,
        status: "ACTIVE" as const,
        lastUpdated: now,
        profile: { ...existing.profile, ...profile },
      }
    : {
        id: userId(),
        externalId,
        status: "ACTIVE" as const,
        created: now,
        lastUpdated: now,
        profile,
      };
  source.users.set(externalId, user);
  return user;
}

// Deletes deactivate users (facts §5 "Delete semantics"); unknown ids are ignored.
export function deactivateUser(source: SourceData, externalId: string, now: string): boolean {
  const existing = source.users.get(externalId);
  if (!existing) return false;
  if (existing.status !== "DEACTIVATED") {
    source.users.set(externalId, { ...existing, status: "DEACTIVATED", lastUpdated: now });
  }
  return true;
}

export function upsertGroup(source: SourceData, externalId: string, profile: Profile, now: string) {
  const existing = source.groups.get(externalId);
  const group = existing
    ? { ...existing, lastUpdated: now, profile: { ...existing.profile, ...profile } }
    : { id: groupId(), externalId, created: now, lastUpdated: now, profile };
  source.putGroup(group);
  return group;
}

// Device profiles have exactly three required fields (facts §10), so an update replaces it.
export function upsertDevice(
  source: SourceData,
  externalId: string,
  profile: Profile,
  now: string,
) {
  const existing = source.devices.get(externalId);
  source.devices.set(
    externalId,
    existing
      ? { ...existing, lastUpdated: now, profile }
      : { id: deviceId(), externalId, created: now, lastUpdated: now, profile },
  );
}

export function addMembers(source: SourceData, groupExternalId: string, members: string[]): void {
  // A membership needs its group; a member that is not (yet) a user is kept as given, because Okta
  // resolves members asynchronously and the importer may upload memberships before users.
  if (!source.groups.has(groupExternalId)) return;
  let set = source.memberships.get(groupExternalId);
  if (!set) source.memberships.set(groupExternalId, (set = new Set()));
  for (const member of members) set.add(member);
}

export function removeMembers(
  source: SourceData,
  groupExternalId: string,
  members: string[],
): void {
  const set = source.memberships.get(groupExternalId);
  if (!set) return;
  for (const member of members) set.delete(member);
  if (set.size === 0) source.memberships.delete(groupExternalId);
}

// Applies one upload. `now` is one ISO timestamp for the whole session, computed once.
export function applyUpload(source: SourceData, upload: Upload, now: string): void {
  switch (upload.kind) {
    case "users":
      for (const u of (upload.body as Schemas["BulkUpsertRequestBody"]).profiles) {
        upsertUser(source, u.externalId, u.profile as Profile, now);
      }
      return;
    case "deletedUsers":
      for (const u of (upload.body as Schemas["BulkDeleteRequestBody"]).profiles) {
        deactivateUser(source, u.externalId, now);
      }
      return;
    case "groups":
      for (const g of (upload.body as Schemas["BulkGroupUpsertRequestBody"]).profiles) {
        upsertGroup(source, g.externalId, g.profile as Profile, now);
      }
      return;
    case "deletedGroups":
      for (const id of (upload.body as Schemas["BulkGroupDeleteRequestBody"]).externalIds) {
        source.removeGroup(id);
      }
      return;
    case "memberships":
      for (const m of (upload.body as Schemas["BulkGroupMembershipsUpsertRequestBody"])
        .memberships) {
        addMembers(source, m.groupExternalId, m.memberExternalIds);
      }
      return;
    case "deletedMemberships":
      for (const m of (upload.body as Schemas["BulkGroupMembershipsDeleteRequestBody"])
        .memberships) {
        removeMembers(source, m.groupExternalId, m.memberExternalIds);
      }
      return;
    case "devices":
      for (const d of (upload.body as Schemas["BulkDeviceUpsertRequestBody"]).profiles) {
        upsertDevice(source, d.externalId, d.profile, now);
      }
      return;
    case "deletedDevices":
      // Devices are really deleted, unlike users (facts §10).
      for (const id of (upload.body as Schemas["BulkDeviceDeleteRequestBody"]).externalIds) {
        source.devices.delete(id);
      }
      return;
  }
}

// Whether an upload would change anything. Facts §5: "a bulk-delete that matches nothing, or a
// bulk-upsert with an empty payload, leaves the session in CREATED".
export function uploadMatchesData(source: SourceData, upload: Upload): boolean {
  switch (upload.kind) {
    case "users":
    case "groups":
    case "devices":
      return (upload.body as { profiles: unknown[] }).profiles.length > 0;
    case "memberships":
      return (upload.body as { memberships: unknown[] }).memberships.length > 0;
    case "deletedUsers":
      return (upload.body as Schemas["BulkDeleteRequestBody"]).profiles.some((u) =>
        source.users.has(u.externalId),
      );
    case "deletedGroups":
      return (upload.body as Schemas["BulkGroupDeleteRequestBody"]).externalIds.some((id) =>
        source.groups.has(id),
      );
    case "deletedDevices":
      return (upload.body as Schemas["BulkDeviceDeleteRequestBody"]).externalIds.some((id) =>
        source.devices.has(id),
      );
    case "deletedMemberships":
      return (upload.body as Schemas["BulkGroupMembershipsDeleteRequestBody"]).memberships.some(
        (m) => {
          const set = source.memberships.get(m.groupExternalId);
          return set !== undefined && m.memberExternalIds.some((id) => set.has(id));
        },
      );
  }
}

// How many entities a bulk body carries, for the 200-entity rule (facts §5).
export function entityCount(kind: BulkKind, body: unknown): number | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const key =
    kind === "users" || kind === "deletedUsers" || kind === "groups" || kind === "devices"
      ? "profiles"
      : kind === "deletedGroups" || kind === "deletedDevices"
        ? "externalIds"
        : "memberships";
  const list = (body as Record<string, unknown>)[key];
  return Array.isArray(list) ? list.length : undefined;
}
