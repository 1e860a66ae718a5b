// Applies uploaded bulk data to an identity source's data, in upload order, when a session is
// processed. Bodies were validated against the spec before they were stored. What an upload does
// is read from the operation registry (its kind, action, delete effect and body layout), so every
// bulk kind of the spec is processed, including ones added after this file was written.
import { BULK, type BulkKind } from "../../generated/registry.js";
import { entityId } from "./ids.js";
import type { Upload } from "./session-record.js";

export type { Upload };
import { deactivatable, type MockUser, type Profile, type SourceData } from "./state.js";

// One accepted bulk request, kept until the session is processed.
const hasOwn = Object.prototype.hasOwnProperty;

/** The registry entry of a bulk kind; an unknown kind is a bug in the mock, never skipped. */
export function bulkOf(kind: string): (typeof BULK)[BulkKind] {
  if (!hasOwn.call(BULK, kind)) throw new Error(`the mock knows no bulk kind ${kind}`);
  return BULK[kind as BulkKind];
}

/** The entities of a bulk body (its list property), or undefined when it has none. */
function listOf(kind: BulkKind, body: unknown): unknown[] | undefined {
  const { list } = bulkOf(kind);
  if (typeof body !== "object" || body === null) return undefined;
  const entries = (body as Record<string, unknown>)[list];
  return Array.isArray(entries) ? entries : undefined;
}

/** The external IDs of an "ids" body (bare strings, or `{ externalId }` objects). */
function idsOf(kind: BulkKind, body: unknown): string[] {
  const { wrap } = bulkOf(kind);
  const list = listOf(kind, body) ?? [];
  return list.map((item) =>
    wrap === null ? (item as string) : ((item as Record<string, unknown>)[wrap] as string),
  );
}

type Link = { groupExternalId: string; memberExternalIds: string[] };

/** Creates or updates an entity by externalId. Updates merge, so custom attributes are kept. */
export function upsertEntity(
  source: SourceData,
  kind: string,
  externalId: string,
  profile: Profile,
  now: string,
) {
  const existing = source.store(kind).get(externalId);
  // A kind whose deletes deactivate (users) is active again once upserted.
  const status = deactivatable(kind) ? { status: "ACTIVE" as const } : {};
  const record = existing
    ? { ...existing, ...status, lastUpdated: now, profile: { ...existing.profile, ...profile } }
    : { id: entityId(kind), externalId, ...status, created: now, lastUpdated: now, profile };
  source.put(kind, record);
  return record;
}

export const upsertUser = (source: SourceData, externalId: string, profile: Profile, now: string) =>
  upsertEntity(source, "users", externalId, profile, now) as MockUser;

export const upsertGroup = (
  source: SourceData,
  externalId: string,
  profile: Profile,
  now: string,
) => upsertEntity(source, "groups", externalId, profile, now);

// Deletes of a deactivating kind (users) deactivate; unknown ids are ignored.
export function deactivate(source: SourceData, kind: string, externalId: string, now: string) {
  const existing = source.store(kind).get(externalId);
  if (!existing) return false;
  if (existing.status !== "DEACTIVATED") {
    source.put(kind, { ...existing, status: "DEACTIVATED", lastUpdated: now });
  }
  return true;
}

export const deactivateUser = (source: SourceData, externalId: string, now: string): boolean =>
  deactivate(source, "users", externalId, now);

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
  const { kind, action, effect, shape } = bulkOf(upload.kind);
  if (shape === "links") {
    for (const link of (listOf(upload.kind, upload.body) ?? []) as Link[]) {
      if (action === "upsert") addMembers(source, link.groupExternalId, link.memberExternalIds);
      else removeMembers(source, link.groupExternalId, link.memberExternalIds);
    }
  } else if (action === "upsert") {
    for (const item of (listOf(upload.kind, upload.body) ?? []) as {
      externalId: string;
      profile: Profile;
    }[]) {
      upsertEntity(source, kind, item.externalId, item.profile, now);
    }
  } else {
    // Users are deactivated, the other kinds really deleted (x-idsrc-bulk effect).
    for (const id of idsOf(upload.kind, upload.body)) {
      if (effect === "deactivate") deactivate(source, kind, id, now);
      else source.remove(kind, id);
    }
  }
}

// Whether an upload would change anything: a bulk-delete that matches nothing, or a bulk-upsert
// with an empty payload, leaves the session in CREATED.
export function uploadMatchesData(source: SourceData, upload: Upload): boolean {
  const { kind, action, shape } = bulkOf(upload.kind);
  if (action === "upsert") return (listOf(upload.kind, upload.body)?.length ?? 0) > 0;
  if (shape === "links") {
    return ((listOf(upload.kind, upload.body) ?? []) as Link[]).some((m) => {
      const set = source.memberships.get(m.groupExternalId);
      return set !== undefined && m.memberExternalIds.some((id) => set.has(id));
    });
  }
  const store = source.store(kind);
  return idsOf(upload.kind, upload.body).some((id) => store.has(id));
}

/**
 * How many entities a bulk body carries, for the per-request entity limit: the length of the
 * body's list property. Undefined only when the body has no such list, which the schema
 * validation that follows refuses.
 */
export function entityCount(kind: BulkKind, body: unknown): number | undefined {
  return listOf(kind, body)?.length;
}
