// Records in the store exactly what Okta confirmed. It wraps the source's session methods: an upload
// that Okta accepted (202) is remembered under its session, and when any answer shows that session
// COMPLETED, its entities are committed in one transaction before the importer sees the answer (so
// the importer cannot move on, and the process cannot stop, between "Okta has it" and "the store
// knows it" without the store erring on the side of resending).
import type { BulkItems, BulkKind } from "../bulk-bodies.js";
import type {
  ImportCallOptions,
  ImportReport,
  ImportSession,
  ImportSessionsApi,
  ImportSource,
} from "../import/index.js";
import { fingerprint } from "./fingerprint.js";
import type { SyncEntityKind, SyncStore, SyncStoreChanges } from "./store.js";

/** The items Okta accepted in one session, per kind (the shape an importer hook would pass). */
export type SessionEntities = { [K in BulkKind]?: BulkItems[K][] };

/**
 * The importer hook sync needs (proposed for runImport): awaited after a session reaches COMPLETED,
 * before the import continues, with exactly the items Okta accepted in that session.
 */
export type OnSessionCompleted = (event: {
  sessionId: string;
  entities: SessionEntities;
}) => void | Promise<void>;

const UPLOADS = {
  upsertUsers: "users",
  deleteUsers: "deletedUsers",
  upsertGroups: "groups",
  deleteGroups: "deletedGroups",
  upsertMemberships: "memberships",
  deleteMemberships: "deletedMemberships",
  upsertDevices: "devices",
  deleteDevices: "deletedDevices",
} as const satisfies Partial<Record<keyof ImportSessionsApi, BulkKind>>;

export interface Confirmer {
  /** The source to hand to runImport. */
  source: ImportSource;
  /** The hook to hand to runImport, for importers that offer it. */
  onSessionCompleted: OnSessionCompleted;
  /**
   * After runImport succeeded: commits sessions it closed as no-ops. Okta leaves a session CREATED
   * when every upload changed nothing (facts §5), and the importer then cancels it, so its items
   * (deletes of IDs Okta no longer has) already hold.
   */
  settle(report: ImportReport): Promise<void>;
  readonly confirmed: string[];
}

export function createConfirmer(
  source: ImportSource,
  store: SyncStore,
  onConfirmed?: (sessionId: string, entities: number) => void,
): Confirmer {
  const accepted = new Map<string, SessionEntities>();
  const confirmed: string[] = [];
  const api = source.sessions;

  async function confirm(sessionId: string, entities = accepted.get(sessionId)): Promise<void> {
    accepted.delete(sessionId);
    if (!entities || confirmed.includes(sessionId)) return;
    const { changes, count } = storeChanges(entities);
    await store.commit(changes);
    confirmed.push(sessionId);
    onConfirmed?.(sessionId, count);
  }

  const seen = async <T extends ImportSession>(session: T): Promise<T> => {
    if (session.id && session.status === "COMPLETED" && accepted.has(session.id)) {
      await confirm(session.id);
    }
    return session;
  };

  const wrapped: ImportSessionsApi = {
    create: (o?: ImportCallOptions) => api.create(o),
    delete: (id, o) => api.delete(id, o),
    get: async (id, o) => seen(await api.get(id, o)),
    startImport: async (id, o) => seen(await api.startImport(id, o)),
    list: async (o) => {
      const sessions = await api.list(o);
      for (const s of sessions) await seen(s);
      return sessions;
    },
    ...(Object.fromEntries(
      Object.entries(UPLOADS).map(([method, kind]) => [
        method,
        async (id: string, items: unknown[], o?: ImportCallOptions) => {
          await (api[method as keyof typeof UPLOADS] as (...a: unknown[]) => Promise<void>).call(
            api,
            id,
            items,
            o,
          );
          let entities = accepted.get(id);
          if (!entities) accepted.set(id, (entities = {}));
          ((entities[kind] ??= []) as unknown[]).push(...items);
        },
      ]),
    ) as Pick<ImportSessionsApi, keyof typeof UPLOADS>),
  };

  return {
    source: { sessions: wrapped },
    confirmed,
    onSessionCompleted: ({ sessionId, entities }) => confirm(sessionId, entities),
    async settle(report) {
      for (const s of report.sessions) if (s.status === "CLOSED") await confirm(s.id);
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
  upserted("users", entities.users);
  upserted("groups", entities.groups);
  upserted("devices", entities.devices);
  deleted("users", entities.deletedUsers);
  deleted("groups", entities.deletedGroups);
  deleted("devices", entities.deletedDevices);
  for (const { groupExternalId, memberExternalIds } of entities.memberships ?? []) {
    for (const memberExternalId of memberExternalIds) {
      putMemberships.push({ groupExternalId, memberExternalId, confirmed: true });
    }
  }
  for (const { groupExternalId, memberExternalIds } of entities.deletedMemberships ?? []) {
    for (const memberExternalId of memberExternalIds) {
      removeMemberships.push({ groupExternalId, memberExternalId });
    }
  }
  const count = put.length + remove.length + putMemberships.length + removeMemberships.length;
  return { changes: { put, remove, putMemberships, removeMemberships }, count };
}
