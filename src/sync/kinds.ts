// The kinds sync keeps, read from the operation registry: the entity kinds it fingerprints (each
// with an upsert of entities and a delete by ID), the `source.import()` data keys that carry each
// one's upserts and deletes, and the membership links, kept as pairs, with the entity kind that
// owns them. A kind the spec gains is synced with no edit here.
import { ENTITY_KINDS, LINK_KINDS, type BulkLinkKind } from "../../generated/registry.js";
import type { BulkItems, BulkKind } from "../bulk-bodies.js";
import type { SyncEntityKind, SyncKind } from "./store.js";

/** The entity kinds sync tracks, in the order it plans and reports them (the spec's). */
export const SYNC_ENTITY_KINDS = Object.keys(ENTITY_KINDS) as readonly SyncEntityKind[];

/** For each entity kind, the import data keys of its upserts and of its deletes. */
export const BULK_KEYS: Readonly<
  Record<SyncEntityKind, { readonly upsert: BulkKind; readonly delete: BulkKind }>
> = ENTITY_KINDS;

/** The links sync keeps as (group, member) pairs; the store interface is written for this kind. */
export const MEMBERSHIPS = "memberships" satisfies BulkLinkKind;

/** The import data keys of membership adds and removes, and the kind whose entities own them. */
export const MEMBERSHIP_KEYS = LINK_KINDS[MEMBERSHIPS];

/**
 * The entity kind that owns membership links (`groups`, from the spec): a store that forgets one of
 * its entities forgets that entity's memberships in the same commit.
 */
export const MEMBERSHIP_OWNER: SyncEntityKind = MEMBERSHIP_KEYS.owner;

/** Every kind sync tracks, in the order it plans and reports them: memberships after their owner. */
export const SYNC_KINDS: readonly SyncKind[] = [...SYNC_ENTITY_KINDS, MEMBERSHIPS];

/** An upsert item of an entity kind. */
export type EntityItem = BulkItems[(typeof ENTITY_KINDS)[SyncEntityKind]["upsert"]];

/** One value per entity kind. */
export const perEntityKind = <T>(value: (kind: SyncEntityKind) => T): Record<SyncEntityKind, T> =>
  Object.fromEntries(SYNC_ENTITY_KINDS.map((kind) => [kind, value(kind)])) as Record<
    SyncEntityKind,
    T
  >;

/** One value per kind, memberships included. */
export const perKind = <T>(value: (kind: SyncKind) => T): Record<SyncKind, T> =>
  Object.fromEntries(SYNC_KINDS.map((kind) => [kind, value(kind)])) as Record<SyncKind, T>;
