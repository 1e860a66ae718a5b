// Turns the staged plan into store change sets and into import data, replaying the staging area
// (the snapshot itself is never read twice).
import type { BulkItems, BulkKind } from "../bulk-bodies.js";
import type { ImportData } from "../import/index.js";
import { fingerprint } from "./fingerprint.js";
import { BULK_KEYS, MEMBERSHIP_KEYS, SYNC_ENTITY_KINDS } from "./kinds.js";
import type { PairAction, Staging } from "./staging.js";
import type { MembershipPair, SyncEntityKind, SyncStore, SyncStoreChanges } from "./store.js";
import type { SyncPlan } from "./types.js";

/** Members per membership entry handed to the importer (it splits entries further by size). */
const MEMBERS_PER_ENTRY = 1000;

/** Changes per store transaction while marking or adopting (few fsyncs, bounded memory). */
const COMMIT_SIZE = 10_000;

/**
 * Before sending: marks every planned change as unconfirmed in the store (fingerprint null, pair
 * unconfirmed). If the run stops, whatever Okta may or may not have received is then resent (or
 * deleted, when it has left the snapshot) by the next run, instead of being trusted.
 */
export async function markUnconfirmed(store: SyncStore, staging: Staging): Promise<void> {
  const out = changeBuffer(store);
  for (const kind of SYNC_ENTITY_KINDS) {
    for await (const items of staging.upserts(kind)) {
      for (const { externalId } of items) await out.put({ kind, externalId, fingerprint: null });
    }
    for await (const ids of staging.deletes(kind)) {
      for (const externalId of ids) await out.put({ kind, externalId, fingerprint: null });
    }
  }
  for (const action of ["add", "remove"] as const) {
    for await (const pairs of staging.pairs(action)) {
      for (const p of pairs) await out.putPair({ ...p, confirmed: false });
    }
  }
  await out.flush();
}

/** For `adopt`: records the planned state as confirmed, without sending anything. */
export async function adoptPlan(store: SyncStore, staging: Staging): Promise<void> {
  const out = changeBuffer(store);
  for (const kind of SYNC_ENTITY_KINDS) {
    for await (const items of staging.upserts(kind)) {
      for (const { externalId, profile } of items) {
        await out.put({ kind, externalId, fingerprint: fingerprint(profile) });
      }
    }
    for await (const ids of staging.deletes(kind)) {
      for (const externalId of ids) await out.remove({ kind, externalId });
    }
  }
  for await (const pairs of staging.pairs("add")) {
    for (const p of pairs) await out.putPair({ ...p, confirmed: true });
  }
  for await (const pairs of staging.pairs("remove")) {
    for (const p of pairs) await out.removePair(p);
  }
  await out.flush();
}

type Item<K extends keyof SyncStoreChanges> = NonNullable<SyncStoreChanges[K]>[number];

/** Collects store changes and commits them COMMIT_SIZE at a time. */
function changeBuffer(store: SyncStore) {
  let put: Item<"put">[] = [];
  let remove: Item<"remove">[] = [];
  let putMemberships: Item<"putMemberships">[] = [];
  let removeMemberships: Item<"removeMemberships">[] = [];
  let size = 0;
  const flush = async () => {
    if (size > 0) await store.commit({ put, remove, putMemberships, removeMemberships });
    put = [];
    remove = [];
    putMemberships = [];
    removeMemberships = [];
    size = 0;
  };
  const added = async () => {
    if (++size >= COMMIT_SIZE) await flush();
  };
  return {
    put: (e: Item<"put">) => (put.push(e), added()),
    remove: (e: Item<"remove">) => (remove.push(e), added()),
    putPair: (p: Item<"putMemberships">) => (putMemberships.push(p), added()),
    removePair: (p: Item<"removeMemberships">) => (removeMemberships.push(p), added()),
    flush,
  };
}

/** The import data that applies the plan: only the kinds with something to send. */
export function importData(plan: SyncPlan, staging: Staging): ImportData {
  const data: ImportData = {};
  const { counts } = plan;
  const upserts = (kind: SyncEntityKind) =>
    counts[kind].create + counts[kind].update > 0 ? flatten(staging.upserts(kind)) : undefined;
  const deletes = (kind: SyncEntityKind) =>
    counts[kind].delete > 0 ? flatten(staging.deletes(kind)) : undefined;
  const set = <K extends keyof ImportData>(key: K, value: ImportData[K] | undefined) => {
    if (value !== undefined) data[key] = value;
  };
  // Each entity kind's upserts and deletes go under the import data keys the registry pairs with it.
  for (const kind of SYNC_ENTITY_KINDS) {
    set(BULK_KEYS[kind].upsert, upserts(kind) as ImportData[BulkKind]);
  }
  for (const kind of SYNC_ENTITY_KINDS) {
    set(BULK_KEYS[kind].delete, deletes(kind) as ImportData[BulkKind]);
  }
  if (counts.memberships.create > 0) set(MEMBERSHIP_KEYS.upsert, byGroup(staging, "add"));
  if (counts.memberships.delete > 0) set(MEMBERSHIP_KEYS.delete, byGroup(staging, "remove"));
  return data;
}

async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches) yield* batch;
}

/** Staged pairs come ordered by group; joins runs of one group into membership entries. */
async function* byGroup(
  staging: Staging,
  action: PairAction,
): AsyncGenerator<BulkItems["memberships"]> {
  let current: BulkItems["memberships"] | undefined;
  for await (const pairs of staging.pairs(action)) {
    for (const { groupExternalId, memberExternalId } of pairs as MembershipPair[]) {
      if (
        current &&
        (current.groupExternalId !== groupExternalId ||
          current.memberExternalIds.length >= MEMBERS_PER_ENTRY)
      ) {
        yield current;
        current = undefined;
      }
      current ??= { groupExternalId, memberExternalIds: [] };
      current.memberExternalIds.push(memberExternalId);
    }
  }
  if (current) yield current;
}
