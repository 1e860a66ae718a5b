// Records in the store exactly what Okta confirmed, through the importer's onSessionCompleted hook:
// the importer calls it once per confirmed session, in the order Okta applied the sessions, with
// the items that session carried, and waits for it before going on. So the store commits one
// transaction per session in Okta's order, and the process cannot stop between "Okta has it" and
// "the store knows it" without the store erring on the side of resending.
import type { ImportOptions, ImportSessionEntities } from "../import/index.js";
import { fingerprint } from "./fingerprint.js";
import { BULK_KEYS, MEMBERSHIP_KEYS, SYNC_ENTITY_KINDS } from "./kinds.js";
import type { SyncEntityKind, SyncStore, SyncStoreChanges } from "./store.js";

/** The items Okta accepted in one session, per kind. */
export type SessionEntities = ImportSessionEntities;

/** The importer's hook sync uses: called after a session is confirmed, before the import goes on. */
export type OnSessionCompleted = NonNullable<ImportOptions["onSessionCompleted"]>;

export interface Confirmer {
  /** The hook to hand to runImport. */
  onSessionCompleted: OnSessionCompleted;
  /** The sessions whose entities were committed, in the order Okta applied them. */
  readonly confirmed: string[];
}

/**
 * The confirmer of run `runId`: each session's confirmed deletes are committed with `deletedBy`
 * set to it, so a store with history lists them under the run in the same transaction.
 */
export function createConfirmer(
  store: SyncStore,
  runId: string,
  onConfirmed?: (sessionId: string, entities: number) => void,
): Confirmer {
  const confirmed: string[] = [];
  return {
    confirmed,
    async onSessionCompleted(session, entities) {
      if (confirmed.includes(session.id)) return;
      const { changes, count } = storeChanges(entities);
      if (count > 0) {
        await store.commit(changes.remove?.length ? { ...changes, deletedBy: runId } : changes);
      }
      confirmed.push(session.id);
      onConfirmed?.(session.id, count);
    },
  };
}

/** The store changes that record `entities` as confirmed. */
function storeChanges(entities: SessionEntities): { changes: SyncStoreChanges; count: number } {
  const put: NonNullable<SyncStoreChanges["put"]>[number][] = [];
  const remove: NonNullable<SyncStoreChanges["remove"]>[number][] = [];
  const putMemberships: NonNullable<SyncStoreChanges["putMemberships"]>[number][] = [];
  const removeMemberships: NonNullable<SyncStoreChanges["removeMemberships"]>[number][] = [];
  const upserted = (
    kind: SyncEntityKind,
    items: { externalId: string; profile: unknown }[] = [],
  ) => {
    for (const { externalId, profile } of items) {
      put.push({ kind, externalId, fingerprint: fingerprint(profile) });
    }
  };
  const deleted = (kind: SyncEntityKind, ids: string[] = []) => {
    for (const externalId of ids) remove.push({ kind, externalId });
  };
  for (const kind of SYNC_ENTITY_KINDS) {
    const keys = BULK_KEYS[kind];
    upserted(kind, entities[keys.upsert] as { externalId: string; profile: unknown }[] | undefined);
  }
  for (const kind of SYNC_ENTITY_KINDS) {
    deleted(kind, entities[BULK_KEYS[kind].delete] as string[] | undefined);
  }
  for (const { groupExternalId, memberExternalIds } of entities[MEMBERSHIP_KEYS.upsert] ?? []) {
    for (const memberExternalId of memberExternalIds) {
      putMemberships.push({ groupExternalId, memberExternalId, confirmed: true });
    }
  }
  for (const { groupExternalId, memberExternalIds } of entities[MEMBERSHIP_KEYS.delete] ?? []) {
    for (const memberExternalId of memberExternalIds) {
      removeMemberships.push({ groupExternalId, memberExternalId });
    }
  }
  const count = put.length + remove.length + putMemberships.length + removeMemberships.length;
  return { changes: { put, remove, putMemberships, removeMemberships }, count };
}
