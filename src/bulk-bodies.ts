// The wire bodies of the bulk operations, built in one place so the client sends exactly what the
// importer measured (the 200 KB limit is counted in bytes as sent). How each body is laid out (its
// list property, constant properties, IDs sent as `{ externalId }`) comes from the operation
// registry, which `npm run generate` derives from the spec.
import { BULK, type BulkItems, type BulkKind } from "../generated/registry.js";

export type { BulkItems, BulkKind };

const hasOwn = Object.prototype.hasOwnProperty;

/** Builds the JSON body Okta expects for `kind` from the caller's items. */
export function bulkBody<K extends BulkKind>(kind: K, items: readonly BulkItems[K][]): object {
  if (!hasOwn.call(BULK, kind)) throw new TypeError(`unknown bulk kind ${String(kind)}`);
  const { constants, list, wrap } = BULK[kind] as (typeof BULK)[BulkKind];
  const entries = wrap === null ? items : items.map((id) => ({ [wrap]: id }));
  return { ...constants, [list]: entries };
}
