// The data of one identity source as the mock holds it, and plain-data snapshots of it. The entity
// kinds it stores are the kinds of the spec's `{ externalId, profile }` bulk uploads, read from the
// operation registry, so a kind added to the spec is stored (and reported by `state()`) as well.
import { BULK, LINK_KINDS, type BulkKind } from "../../generated/registry.js";
import type { SessionRecord } from "./session-record.js";

export type Profile = Record<string, unknown>;

/** The entity kinds the spec uploads as `{ externalId, profile }` (users, groups, devices, ...). */
export type EntityKind = {
  [K in BulkKind]: (typeof BULK)[K] extends { shape: "entities"; kind: infer N } ? N : never;
}[BulkKind];

/** The entity kinds, in the spec's order. */
export const ENTITY_KINDS: readonly EntityKind[] = [
  ...new Set(
    Object.values(BULK)
      .filter((b) => b.shape === "entities")
      .map((b) => b.kind as EntityKind),
  ),
];

/** Kinds whose deletes deactivate (x-idsrc-bulk effect): their records carry a status. */
const DEACTIVATED_BY_DELETE: ReadonlySet<string> = new Set(
  Object.values(BULK)
    .filter((b) => b.effect === "deactivate")
    .map((b) => b.kind),
);
export const deactivatable = (kind: string): boolean => DEACTIVATED_BY_DELETE.has(kind);

/** An entity imported from the identity source (a group, a device, ...). */
export interface MockEntity {
  id: string;
  externalId: string;
  created: string;
  lastUpdated: string;
  profile: Profile;
  /** Only for kinds whose deletes deactivate (users). */
  status?: "ACTIVE" | "DEACTIVATED";
}

/** A user imported from the identity source; deletes deactivate, so status is kept. */
export interface MockUser extends MockEntity {
  status: "ACTIVE" | "DEACTIVATED";
}

/** A group imported from the identity source; the profile is flat (`displayName`, ...). */
export type MockGroup = MockEntity;

/** A device imported from the identity source (early access). */
export type MockDevice = MockEntity;

/** A session as `state()` reports it: the API fields plus how many bulk requests it accepted. */
export interface MockSession {
  id: string;
  identitySourceId: string;
  status: string;
  importType: "INCREMENTAL";
  created: string;
  lastUpdated: string;
  bulkRequests: number;
}

/**
 * Everything one identity source holds, as plain data (a copy: changing it changes nothing): its
 * sessions, its memberships, and one list per entity kind of the spec (`users`, `groups`,
 * `devices`, ...).
 */
export type MockState = {
  identitySourceId: string;
  /** One entry per group that has members, in the shape of the bulk membership bodies. */
  memberships: { groupExternalId: string; memberExternalIds: string[] }[];
  sessions: MockSession[];
  users: MockUser[];
} & { [K in Exclude<EntityKind, "users">]: MockEntity[] };

// The live data of one identity source. Records are replaced, never mutated, once stored.
export class SourceData {
  /** Entity kind -> external id -> record. */
  private readonly records = new Map<string, Map<string, MockEntity>>();
  /** Entity kind -> Okta id -> external id, for lookups by either (`groupOrExternalId`). */
  private readonly oktaIds = new Map<string, Map<string, string>>();
  // group external id -> member external ids, in insertion order (membership paging relies on it).
  readonly memberships = new Map<string, Set<string>>();
  readonly sessions = new Map<string, SessionRecord>();

  constructor(readonly id: string) {
    for (const kind of ENTITY_KINDS) {
      this.records.set(kind, new Map());
      this.oktaIds.set(kind, new Map());
    }
  }

  /** The records of one entity kind; an unknown kind is a bug, never an empty store. */
  store(kind: string): Map<string, MockEntity> {
    const found = this.records.get(kind);
    if (!found) throw new Error(`the mock holds no entity kind ${kind}`);
    return found;
  }

  get users(): Map<string, MockUser> {
    return this.store("users") as Map<string, MockUser>;
  }

  get groups(): ReadonlyMap<string, MockGroup> {
    return this.store("groups");
  }

  get devices(): ReadonlyMap<string, MockDevice> {
    return this.store("devices");
  }

  /** Finds a record by Okta id or external id. */
  find(kind: string, oktaOrExternalId: string): MockEntity | undefined {
    const store = this.store(kind);
    const direct = store.get(oktaOrExternalId);
    if (direct) return direct;
    const externalId = this.oktaIds.get(kind)!.get(oktaOrExternalId);
    return externalId === undefined ? undefined : store.get(externalId);
  }

  put(kind: string, record: MockEntity): void {
    this.store(kind).set(record.externalId, record);
    this.oktaIds.get(kind)!.set(record.id, record.externalId);
  }

  /** Removes a record; the kind that owns memberships (groups) takes the record's with it. */
  remove(kind: string, externalId: string): boolean {
    const record = this.store(kind).get(externalId);
    if (!record) return false;
    this.store(kind).delete(externalId);
    this.oktaIds.get(kind)!.delete(record.id);
    if (kind === LINK_KINDS.memberships.owner) this.memberships.delete(externalId);
    return true;
  }

  // Finds a group by Okta id or external id (`groupOrExternalId`).
  findGroup(groupOrExternalId: string): MockGroup | undefined {
    return this.find("groups", groupOrExternalId);
  }

  putGroup(group: MockGroup): void {
    this.put("groups", group);
  }

  removeGroup(externalId: string): boolean {
    return this.remove("groups", externalId);
  }

  clearData(): void {
    for (const store of this.records.values()) store.clear();
    for (const index of this.oktaIds.values()) index.clear();
    this.memberships.clear();
  }

  snapshot(): MockState {
    const copy = <T extends { profile: Profile }>(record: T): T => ({
      ...record,
      profile: { ...record.profile },
    });
    const memberships: MockState["memberships"] = [];
    for (const [groupExternalId, members] of this.memberships) {
      if (members.size > 0) memberships.push({ groupExternalId, memberExternalIds: [...members] });
    }
    const entities: Record<string, MockEntity[]> = {};
    for (const [kind, store] of this.records) entities[kind] = Array.from(store.values(), copy);
    return {
      identitySourceId: this.id,
      ...entities,
      memberships,
      sessions: Array.from(this.sessions.values(), (s) => ({
        id: s.id,
        identitySourceId: s.identitySourceId,
        status: s.status,
        importType: s.importType,
        created: new Date(s.created).toISOString(),
        lastUpdated: new Date(s.lastUpdated).toISOString(),
        bulkRequests: s.bulkRequests,
      })),
    } as MockState;
  }
}
