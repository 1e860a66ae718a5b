// Splits a stream of items into bulk requests of at most `maxEntities` entities and `maxBytes` bytes
// of the exact wire body (Okta's per-request limits). Sizes are computed incrementally: the body is
// `prefix + item1 + "," + item2 ... + suffix` (JSON.stringify adds no whitespace), so each item's
// size is measured once, by serialising a one-item body and subtracting the empty body.
import { BULK } from "../../generated/registry.js";
import { bulkBody } from "../bulk-bodies.js";
import type { BulkItems, BulkKind } from "../bulk-bodies.js";
import { OktaValidationError } from "../core/errors.js";
import { jsonBytes } from "./byte-length.js";
import type { ImportInput } from "./types.js";
import { findUnencodable } from "../core/json.js";

/** One bulk request's worth of items. */
export interface Chunk<K extends BulkKind = BulkKind> {
  kind: K;
  items: BulkItems[K][];
  /** Bytes of `bulkBody(kind, items)` as JSON. */
  bytes: number;
  /** Entities for the report: items, or (group, member) pairs for memberships. */
  count: number;
}

export interface ChunkLimits {
  maxEntities: number;
  maxBytes: number;
}

type Membership = BulkItems["memberships"];

/** Yields the chunks of one kind, reading `input` lazily (constant memory). */
export async function* chunkItems<K extends BulkKind>(
  kind: K,
  input: ImportInput<BulkItems[K]>,
  limits: ChunkLimits,
): AsyncGenerator<Chunk<K>> {
  const overhead = jsonBytes(bulkBody(kind, []));
  const sizeOf = (item: BulkItems[K]) => jsonBytes(bulkBody(kind, [item])) - overhead;
  let items: BulkItems[K][] = [];
  let bytes = overhead;
  let count = 0;
  const take = (): Chunk<K> => {
    const chunk = { kind, items, bytes, count };
    items = [];
    bytes = overhead;
    count = 0;
    return chunk;
  };
  const comma = () => (items.length > 0 ? 1 : 0);
  const full = () => items.length >= limits.maxEntities;

  let index = 0;
  for await (const item of input) {
    const position = index++;
    checkShape(kind, item, position);
    // An entry without members changes nothing; sending it would only spend bytes.
    if (isMembershipKind(kind) && (item as Membership).memberExternalIds!.length === 0) continue;
    let size: number;
    try {
      size = sizeOf(item);
    } catch (e) {
      // Thrown before this item joins a chunk, so no request carrying it is ever sent.
      throw unencodable(`${kind}[${position}]`, item, e);
    }
    if (overhead + size <= limits.maxBytes) {
      if (full() || bytes + comma() + size > limits.maxBytes) yield take();
      bytes += comma() + size;
      items.push(item);
      count += isMembershipKind(kind) ? (item as Membership).memberExternalIds!.length : 1;
      continue;
    }
    const at = `${kind}[${position}]`; // built only here: a string per item adds up over millions
    if (!isMembershipKind(kind)) {
      throw new OktaValidationError(
        at,
        `${at} (externalId ${JSON.stringify(idOf(item))}) is ${overhead + size} bytes as a bulk ` +
          `request body; one request may carry at most ${limits.maxBytes}`,
        limits.maxBytes,
      );
    }
    // A membership entry too big for one request: split its members over as many entries as
    // needed, filling the current request first (membership upserts and deletes are additive).
    const { groupExternalId } = item as Membership;
    const base = sizeOf({ groupExternalId, memberExternalIds: [] } as Membership as BulkItems[K]);
    let part: string[] = [];
    let partBytes = base;
    const flushPart = () => {
      if (part.length === 0) return;
      bytes += comma() + partBytes;
      count += part.length;
      items.push({ groupExternalId, memberExternalIds: part } as Membership as BulkItems[K]);
      part = [];
      partBytes = base;
    };
    for (const member of (item as Membership).memberExternalIds!) {
      const memberBytes = jsonBytes(member);
      if (overhead + base + memberBytes > limits.maxBytes) {
        throw new OktaValidationError(
          `${at}.memberExternalIds`,
          `${at}: member ${JSON.stringify(member)} does not fit in one bulk request`,
          limits.maxBytes,
        );
      }
      const fits = () =>
        bytes + comma() + partBytes + (part.length > 0 ? 1 : 0) + memberBytes <= limits.maxBytes;
      if (part.length === 0 && full()) yield take();
      if (!fits()) {
        flushPart();
        if (items.length > 0) yield take();
      }
      partBytes += (part.length > 0 ? 1 : 0) + memberBytes;
      part.push(member);
    }
    flushPart();
  }
  if (items.length > 0) yield take();
}

// What an item of each kind looks like comes from the registry: bare IDs, group-to-members links,
// or `{ externalId, profile }` entities.
const isMembershipKind = (kind: BulkKind) => BULK[kind].shape === "links";

const isDeleteByIdKind = (kind: BulkKind) => BULK[kind].shape === "ids";

function idOf(item: unknown): unknown {
  if (typeof item === "string") return item;
  if (item && typeof item === "object") {
    const o = item as Record<string, unknown>;
    return o["externalId"] ?? o["groupExternalId"];
  }
  return item;
}

function unencodable(at: string, item: unknown, error: unknown): OktaValidationError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const why = `cannot be encoded as JSON (${reason})`;
  const [field, what] = findUnencodable(item, at) ?? [at, why];
  return new OktaValidationError(
    field,
    `${field} ${what} (externalId ${JSON.stringify(idOf(item))})`,
  );
}

// Catches items that could only earn a 400 (and fail a whole request of 199 good ones).
function checkShape(kind: BulkKind, item: unknown, position: number): void {
  const at = () => `${kind}[${position}]`;
  const fail = (field: string, what: string): never => {
    throw new OktaValidationError(field, `${field} ${what}`);
  };
  if (isDeleteByIdKind(kind)) {
    if (typeof item !== "string" || item === "")
      fail(at(), "must be a non-empty externalId string");
    return;
  }
  if (!item || typeof item !== "object") return fail(at(), "must be an object");
  const o = item as Record<string, unknown>;
  if (isMembershipKind(kind)) {
    const g = o["groupExternalId"];
    if (typeof g !== "string" || g === "")
      fail(`${at()}.groupExternalId`, "must be a non-empty string");
    const members = o["memberExternalIds"];
    if (!Array.isArray(members) || members.some((m) => typeof m !== "string" || m === "")) {
      fail(`${at()}.memberExternalIds`, "must be an array of non-empty strings");
    }
    return;
  }
  const id = o["externalId"];
  if (typeof id !== "string" || id === "") fail(`${at()}.externalId`, "must be a non-empty string");
}
