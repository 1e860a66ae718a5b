// The entity kinds sync keeps fingerprints of, and the `source.import()` data keys that carry each
// one's upserts and deletes, read from the operation registry so the pairing (`users` with
// `deletedUsers`, ...) is the spec's and written once. Memberships are kept as pairs, apart.
import { BULK, type BulkKind } from "../../generated/registry.js";
import type { SyncEntityKind } from "./store.js";

/** The entity kinds sync tracks, in the order it plans and reports them. */
export const SYNC_ENTITY_KINDS = [
  "users",
  "groups",
  "devices",
] as const satisfies readonly SyncEntityKind[];

function bulkKey(kind: SyncEntityKind, action: "upsert" | "delete"): BulkKind {
  const keys = Object.keys(BULK) as BulkKind[];
  const key = keys.find((k) => BULK[k].kind === kind && BULK[k].action === action);
  if (key === undefined) throw new Error(`the operation registry has no bulk ${action} of ${kind}`);
  return key;
}

/** For each entity kind, the import data keys of its upserts and of its deletes. */
export const BULK_KEYS = Object.fromEntries(
  SYNC_ENTITY_KINDS.map((kind) => [
    kind,
    { upsert: bulkKey(kind, "upsert"), delete: bulkKey(kind, "delete") },
  ]),
) as Readonly<Record<SyncEntityKind, { readonly upsert: BulkKind; readonly delete: BulkKind }>>;
