// The sync store interface: where the last state Okta confirmed lives between runs. Small on
// purpose, so a caller can back it with Postgres or anything else that has transactions.

/** An entity kind the sync tracks by externalId and fingerprint. */
export type SyncEntityKind = "users" | "groups" | "devices";

/** Every kind the sync tracks; memberships are (group, member) pairs. */
export type SyncKind = SyncEntityKind | "memberships";

/** One known entity. `fingerprint` is null when a change was sent but Okta has not confirmed it. */
export interface StoredEntity {
  externalId: string;
  fingerprint: string | null;
}

/** One (group, member) membership pair. */
export interface MembershipPair {
  groupExternalId: string;
  memberExternalId: string;
}

/** A known membership pair; `confirmed` is false while an add or remove awaits Okta's confirmation. */
export interface StoredMembership extends MembershipPair {
  confirmed: boolean;
}

/** One atomic change set: removals are applied first, then puts. */
export interface SyncStoreChanges {
  /** Entities to insert or overwrite. */
  put?: readonly ({ kind: SyncEntityKind } & StoredEntity)[];
  /** Entities to forget; forgetting a group also forgets its memberships (Okta drops them too). */
  remove?: readonly { kind: SyncEntityKind; externalId: string }[];
  /** Membership pairs to insert or overwrite. */
  putMemberships?: readonly StoredMembership[];
  /** Membership pairs to forget. */
  removeMemberships?: readonly MembershipPair[];
}

/**
 * Where `runSync` keeps what Okta has confirmed. Implement it to use your own database: every
 * method may be async; `commit` must apply all of its changes in one transaction or none.
 * @example
 * const store = await createSqliteStore("sync-state.db");
 * await runSync(source, { users }, { store });
 */
export interface SyncStore {
  /** Streams every known entity of `kind` (one pass, any order; do not collect them in memory). */
  entities(kind: SyncEntityKind): AsyncIterable<StoredEntity> | Iterable<StoredEntity>;
  /** The fingerprints of those of `externalIds` the store knows (absent = unknown). */
  fingerprints(
    kind: SyncEntityKind,
    externalIds: readonly string[],
  ): Promise<Map<string, string | null>> | Map<string, string | null>;
  /** Streams every known membership pair (one pass, any order). */
  memberships(): AsyncIterable<StoredMembership> | Iterable<StoredMembership>;
  /** Those of `pairs` the store knows. */
  findMemberships(
    pairs: readonly MembershipPair[],
  ): Promise<StoredMembership[]> | StoredMembership[];
  /** How many entities (or membership pairs) of `kind` the store knows. */
  count(kind: SyncKind): Promise<number> | number;
  /** Applies `changes` atomically. */
  commit(changes: SyncStoreChanges): Promise<void> | void;
  /** Releases the store's resources. */
  close(): Promise<void> | void;
  /**
   * Where runSync stages the snapshot's IDs and changed items while it plans: "disk" (a temporary
   * SQLite file, constant memory; needs better-sqlite3) or "memory". @default "disk"
   */
  readonly staging?: "memory" | "disk";
  /**
   * Optional: ties the store to one identity source. Called with the source's ID before every
   * run; records it on first use and throws if the store already belongs to another source (its
   * state says nothing about that one).
   */
  bindSource?(identitySourceId: string): Promise<void> | void;
}

/** The key of a membership pair in maps and sets (the length prefix makes it collision-free). */
export const pairKey = (p: MembershipPair): string =>
  `${p.groupExternalId.length}:${p.groupExternalId}${p.memberExternalId}`;

/** Pairs grouped by group, in first-seen order: stores look members up one group at a time. */
export function byGroup(pairs: readonly MembershipPair[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { groupExternalId, memberExternalId } of pairs) {
    const members = groups.get(groupExternalId);
    if (members) members.push(memberExternalId);
    else groups.set(groupExternalId, [memberExternalId]);
  }
  return groups;
}
