// The sync store interface: where the last state Okta confirmed lives between runs, and optionally
// the lease that keeps runs apart and the history of what each run did. Small on purpose, so a
// caller can back it with any database that has transactions.
import type { BulkEntityKind, BulkLinkKind } from "../../generated/registry.js";

/**
 * An entity kind the sync tracks by externalId and fingerprint: every kind of the spec with an
 * upsert of entities and a delete by ID (`users`, `groups`, `devices`, ...).
 */
export type SyncEntityKind = BulkEntityKind;

/** Every kind the sync tracks; memberships are (group, member) pairs. */
export type SyncKind = SyncEntityKind | Extract<BulkLinkKind, "memberships">;

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
  /**
   * Entities to forget; forgetting an entity of the memberships' owner kind (a group) also
   * forgets its memberships (Okta drops them too). `MEMBERSHIP_OWNER` names
   * that kind.
   */
  remove?: readonly { kind: SyncEntityKind; externalId: string }[];
  /** Membership pairs to insert or overwrite. */
  putMemberships?: readonly StoredMembership[];
  /** Membership pairs to forget. */
  removeMemberships?: readonly MembershipPair[];
  /**
   * The run whose Okta-confirmed deletes `remove` records: a store with `history` lists those
   * external IDs under that run, in the same transaction. Absent for bookkeeping commits.
   */
  deletedBy?: string;
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
   * SQLite file, constant memory; node:sqlite, bun:sqlite or better-sqlite3) or "memory".
   * @default "disk"
   */
  readonly staging?: "memory" | "disk";
  /**
   * Optional: ties the store to one identity source. Called with the source's ID before every
   * run; records it on first use and throws if the store already belongs to another source (its
   * state says nothing about that one).
   */
  bindSource?(identitySourceId: string): Promise<void> | void;
  /**
   * Optional: one run at a time per store. Without it runSync cannot tell that another run uses
   * the same state, so the caller must make sure runs never overlap.
   */
  readonly lease?: SyncLease;
  /**
   * Optional: what each run did. Without it runSync keeps no record, still returns a run ID, and
   * cannot find (and cancel) a session a crashed run left open: that session blocks the next run
   * until Okta expires it.
   */
  readonly history?: SyncHistory;
}

/** Who holds a store's lease. */
export interface LeaseHolder {
  /** The run holding it (also the lease's token). */
  runId: string;
  pid: number;
  host: string;
  /** ISO time the lease was taken. */
  since: string;
}

/** A lease as the store holds it: the holder and when it lapses unless renewed. */
export interface LeaseState extends LeaseHolder {
  /** ISO time after which another run may take the lease over. */
  expiresAt: string;
}

/**
 * The store's single lease. Time is the store's own clock where it has one (Postgres: the server's),
 * so two machines with different clocks agree on expiry.
 */
export interface SyncLease {
  /**
   * Takes the lease for `ttlMs`, or throws `OktaSyncLeaseError` (reason "held") naming the current
   * holder while its lease has not expired. An expired lease is taken over.
   */
  acquire(holder: LeaseHolder, ttlMs: number): Promise<void> | void;
  /** Extends the lease of `runId`; throws `OktaSyncLeaseError` (reason "lost") if it no longer holds it. */
  renew(runId: string, ttlMs: number): Promise<void> | void;
  /** Gives the lease up if `runId` holds it (no error otherwise). */
  release(runId: string): Promise<void> | void;
  /** The current lease, expired or not; undefined when none is recorded. */
  current(): Promise<LeaseState | undefined> | LeaseState | undefined;
}

/** The options of a run that decide what it may do. */
export interface SyncRunOptions {
  dryRun: boolean;
  adopt: boolean;
  allowMassDelete: boolean;
  maxDeletePercent: number;
  /** null when there is no limit. */
  maxDeletes: number | null;
}

/** An import session a run used, with the last status it saw. */
export interface SyncRunSession {
  id: string;
  status: string;
}

/** How a run ended; "running" until it does (or forever, if its process died). */
export type SyncRunOutcome =
  "running" | "applied" | "unchanged" | "dry-run" | "adopted" | "refused" | "failed";

/** One run in a store's history. */
export interface SyncRunRecord {
  id: string;
  startedAt: string;
  /** Absent while running (and for a run whose process died). */
  endedAt?: string;
  outcome: SyncRunOutcome;
  /** The failure's message, for "failed" and "refused". */
  error?: string;
  host: string;
  pid: number;
  identitySourceId?: string;
  options: SyncRunOptions;
  /** The plan's counts per kind and action, once planned. */
  counts?: Record<SyncKind, { create: number; update: number; unchanged: number; delete: number }>;
  sessions: SyncRunSession[];
  /** How many external IDs of each kind Okta confirmed deleted in this run. */
  deleted: Record<SyncEntityKind, number>;
}

/** What runSync records at a run's start. */
export type SyncRunStart = Omit<
  SyncRunRecord,
  "endedAt" | "outcome" | "error" | "counts" | "sessions" | "deleted"
>;

/** What runSync records at a run's end. */
export interface SyncRunEnd {
  endedAt: string;
  outcome: Exclude<SyncRunOutcome, "running">;
  error?: string;
  counts?: SyncRunRecord["counts"];
  /** The final status of each session the run used. */
  sessions: SyncRunSession[];
}

/** A store's run history. Runs are listed newest first. */
export interface SyncHistory {
  start(run: SyncRunStart): Promise<void> | void;
  /** Records (or updates) a session of a run, as soon as it is opened. */
  session(runId: string, session: SyncRunSession): Promise<void> | void;
  /** Records the run's end, then keeps only the newest `keep` runs. */
  finish(runId: string, end: SyncRunEnd, keep: number): Promise<void> | void;
  list(limit: number): Promise<SyncRunRecord[]> | SyncRunRecord[];
  get(runId: string): Promise<SyncRunRecord | undefined> | SyncRunRecord | undefined;
  /** Streams the external IDs a run deleted (confirmed by Okta), in the order they were confirmed. */
  deletedIds(runId: string): AsyncIterable<{ kind: SyncEntityKind; externalId: string }>;
  /**
   * Sessions of runs other than `runId` whose last recorded status says Okta may still hold them
   * open (CREATED, IN_PROGRESS or TRIGGERED): left by a run that died.
   */
  openSessions(
    runId: string,
  ): Promise<(SyncRunSession & { runId: string })[]> | (SyncRunSession & { runId: string })[];
}

/** Statuses after which a session can no longer change. */
export const FINAL_SESSION_STATUSES: readonly string[] = [
  "COMPLETED",
  "CLOSED",
  "EXPIRED",
  "ERROR",
  "GONE",
];

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
