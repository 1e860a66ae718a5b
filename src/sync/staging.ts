// Scratch space for one sync run: which snapshot IDs were seen (to find deletes without holding the
// snapshot in memory) and the changed items themselves (replayed by the apply phase, so the
// snapshot is read only once).
import { perEntityKind } from "./kinds.js";
import type { EntityItem } from "./kinds.js";
import { nodeBuiltins } from "./node-builtins.js";
import { openSqlite } from "./sqlite-adapter.js";
import type { SqliteConnection } from "./sqlite-adapter.js";
import { byGroup, pairKey } from "./store.js";
import type { MembershipPair, SyncEntityKind } from "./store.js";

export type { EntityItem };

export type PairAction = "add" | "remove";

export interface Staging {
  /** Marks IDs as seen in the snapshot; returns those that were already seen (duplicates). */
  see(kind: SyncEntityKind, ids: readonly string[]): Promise<string[]>;
  /** Those of `ids` the snapshot did not contain. */
  unseen(kind: SyncEntityKind, ids: readonly string[]): Promise<string[]>;
  /** Marks membership pairs as seen; returns only those not seen before. */
  seePairs(pairs: readonly MembershipPair[]): Promise<MembershipPair[]>;
  unseenPairs(pairs: readonly MembershipPair[]): Promise<MembershipPair[]>;
  stageUpserts(kind: SyncEntityKind, items: readonly EntityItem[]): Promise<void>;
  stageDeletes(kind: SyncEntityKind, ids: readonly string[]): Promise<void>;
  stagePairs(action: PairAction, pairs: readonly MembershipPair[]): Promise<void>;
  /** Replays staged items in batches, in the order they were staged. */
  upserts(kind: SyncEntityKind): AsyncIterable<EntityItem[]>;
  deletes(kind: SyncEntityKind): AsyncIterable<string[]>;
  /** Replays staged pairs in batches, ordered so that pairs of one group are adjacent. */
  pairs(action: PairAction): AsyncIterable<MembershipPair[]>;
  close(): Promise<void>;
}

/** Items per replayed batch. */
const BATCH = 500;

export function createMemoryStaging(): Staging {
  const seen = perEntityKind(() => new Set<string>());
  const upserts = perEntityKind((): EntityItem[] => []);
  const deletes = perEntityKind((): string[] => []);
  const seenPairs = new Set<string>();
  const pairs: Record<PairAction, Map<string, Set<string>>> = { add: new Map(), remove: new Map() };

  return {
    async see(kind, ids) {
      const dup: string[] = [];
      for (const id of ids) {
        if (seen[kind].has(id)) dup.push(id);
        else seen[kind].add(id);
      }
      return dup;
    },
    async unseen(kind, ids) {
      return ids.filter((id) => !seen[kind].has(id));
    },
    async seePairs(list) {
      return list.filter((p) => {
        const key = pairKey(p);
        if (seenPairs.has(key)) return false;
        seenPairs.add(key);
        return true;
      });
    },
    async unseenPairs(list) {
      return list.filter((p) => !seenPairs.has(pairKey(p)));
    },
    async stageUpserts(kind, items) {
      // A JSON copy, as the disk staging keeps: later changes to the caller's objects cannot leak in.
      for (const item of items) upserts[kind].push(JSON.parse(JSON.stringify(item)) as EntityItem);
    },
    async stageDeletes(kind, ids) {
      deletes[kind].push(...ids);
    },
    async stagePairs(action, list) {
      for (const p of list) {
        let members = pairs[action].get(p.groupExternalId);
        if (!members) pairs[action].set(p.groupExternalId, (members = new Set()));
        members.add(p.memberExternalId);
      }
    },
    upserts: (kind) => batches(upserts[kind]),
    deletes: (kind) => batches(deletes[kind]),
    async *pairs(action) {
      let batch: MembershipPair[] = [];
      for (const [groupExternalId, members] of pairs[action]) {
        for (const memberExternalId of members) {
          batch.push({ groupExternalId, memberExternalId });
          if (batch.length >= BATCH) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {},
  };
}

function duplicatesIn(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => seen.has(id) || !seen.add(id));
}

async function* batches<T>(items: readonly T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

/**
 * Staging in a temporary SQLite file (deleted on close), through whichever SQLite driver the
 * runtime has (node:sqlite, bun:sqlite or better-sqlite3).
 */
export async function createDiskStaging(): Promise<Staging> {
  const { fs, os, path } = await nodeBuiltins();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "okta-idsrc-staging-"));
  let db: SqliteConnection;
  try {
    db = await openSqlite(path.join(dir, "staging.db"));
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // Scratch data: nothing to recover after a crash, so no journal and no fsync.
  db.exec("PRAGMA journal_mode = OFF");
  db.exec("PRAGMA synchronous = OFF");
  db.exec(`
    CREATE TABLE seen (kind TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
    CREATE TABLE seen_pairs (g TEXT NOT NULL, m TEXT NOT NULL, PRIMARY KEY (g, m)) WITHOUT ROWID;
    CREATE TABLE upserts (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, json TEXT NOT NULL);
    CREATE TABLE deletes (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL);
    CREATE TABLE pairs (action TEXT NOT NULL, g TEXT NOT NULL, m TEXT NOT NULL,
      PRIMARY KEY (action, g, m)) WITHOUT ROWID;
  `);
  // Batches travel as one JSON array per statement (json_each), not one statement per item.
  const values = (sql: string, ...params: string[]) =>
    db.all<{ value: string }>(sql, ...params).map((r) => r.value);
  const q = {
    seen: (kind: string, ids: string) =>
      values(
        "SELECT j.value AS value FROM json_each(?) AS j " +
          "WHERE EXISTS (SELECT 1 FROM seen WHERE kind = ? AND id = j.value)",
        ids,
        kind,
      ),
    unseen: (kind: string, ids: string) =>
      values(
        "SELECT j.value AS value FROM json_each(?) AS j " +
          "WHERE NOT EXISTS (SELECT 1 FROM seen WHERE kind = ? AND id = j.value)",
        ids,
        kind,
      ),
    see: (kind: string, ids: string) =>
      db.run("INSERT OR IGNORE INTO seen (kind, id) SELECT ?, value FROM json_each(?)", kind, ids),
    // Pairs go one group at a time: the members as a JSON array, the group as a plain parameter.
    seenMembers: (group: string, members: string) =>
      values(
        "SELECT j.value AS value FROM json_each(?) AS j " +
          "WHERE EXISTS (SELECT 1 FROM seen_pairs WHERE g = ? AND m = j.value)",
        members,
        group,
      ),
    unseenMembers: (group: string, members: string) =>
      values(
        "SELECT j.value AS value FROM json_each(?) AS j " +
          "WHERE NOT EXISTS (SELECT 1 FROM seen_pairs WHERE g = ? AND m = j.value)",
        members,
        group,
      ),
    seeMembers: (group: string, members: string) =>
      db.run(
        "INSERT OR IGNORE INTO seen_pairs (g, m) SELECT ?, value FROM json_each(?)",
        group,
        members,
      ),
    upserts: (kind: string, items: string) =>
      db.run(
        "INSERT INTO upserts (kind, json) SELECT ?, value FROM json_each(?) ORDER BY key",
        kind,
        items,
      ),
    deletes: (kind: string, ids: string) =>
      db.run(
        "INSERT INTO deletes (kind, id) SELECT ?, value FROM json_each(?) ORDER BY key",
        kind,
        ids,
      ),
    pairs: (action: string, group: string, members: string) =>
      db.run(
        "INSERT OR IGNORE INTO pairs (action, g, m) SELECT ?, ?, value FROM json_each(?)",
        action,
        group,
        members,
      ),
    upsertPage: (kind: string, after: number) =>
      db.all<{ seq: number; json: string }>(
        `SELECT seq, json FROM upserts WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ${BATCH}`,
        kind,
        after,
      ),
    deletePage: (kind: string, after: number) =>
      db.all<{ seq: number; id: string }>(
        `SELECT seq, id FROM deletes WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ${BATCH}`,
        kind,
        after,
      ),
    pairPage: (action: string, g: string, m: string) =>
      db.all<{ g: string; m: string }>(
        `SELECT g, m FROM pairs WHERE action = ? AND (g, m) > (?, ?) ORDER BY g, m LIMIT ${BATCH}`,
        action,
        g,
        m,
      ),
  };
  const see = (kind: string, ids: readonly string[]): string[] =>
    db.transaction(() => {
      const json = JSON.stringify(ids);
      const dup = q.seen(kind, json);
      if (new Set(ids).size < ids.length) dup.push(...duplicatesIn(ids));
      q.see(kind, json);
      return dup;
    });
  const seePairs = (list: readonly MembershipPair[]): MembershipPair[] =>
    db.transaction(() => {
      const fresh: MembershipPair[] = [];
      for (const [group, members] of byGroup(list)) {
        const json = JSON.stringify(members);
        const old = new Set(q.seenMembers(group, json));
        for (const member of new Set(members)) {
          if (!old.has(member)) fresh.push({ groupExternalId: group, memberExternalId: member });
        }
        q.seeMembers(group, json);
      }
      return fresh;
    });
  const unseenPairs = (list: readonly MembershipPair[]): MembershipPair[] => {
    const out: MembershipPair[] = [];
    for (const [group, members] of byGroup(list)) {
      for (const member of q.unseenMembers(group, JSON.stringify(members))) {
        out.push({ groupExternalId: group, memberExternalId: member });
      }
    }
    return out;
  };
  const stagePairs = (action: string, list: readonly MembershipPair[]) =>
    db.transaction(() => {
      for (const [group, members] of byGroup(list)) {
        q.pairs(action, group, JSON.stringify(members));
      }
    });

  return {
    see: async (kind, ids) => see(kind, ids),
    unseen: async (kind, ids) => q.unseen(kind, JSON.stringify(ids)),
    seePairs: async (list) => seePairs(list),
    unseenPairs: async (list) => unseenPairs(list),
    stageUpserts: async (kind, items) => {
      q.upserts(kind, JSON.stringify(items));
    },
    stageDeletes: async (kind, ids) => {
      q.deletes(kind, JSON.stringify(ids));
    },
    stagePairs: async (action, list) => stagePairs(action, list),
    // Keyset pages rather than one open iterator: the apply phase awaits the network in between.
    async *upserts(kind) {
      for (let after = 0; ;) {
        const rows = q.upsertPage(kind, after);
        if (rows.length === 0) return;
        yield rows.map((r) => JSON.parse(r.json) as EntityItem);
        after = rows[rows.length - 1]!.seq;
      }
    },
    async *deletes(kind) {
      for (let after = 0; ;) {
        const rows = q.deletePage(kind, after);
        if (rows.length === 0) return;
        yield rows.map((r) => r.id);
        after = rows[rows.length - 1]!.seq;
      }
    },
    async *pairs(action) {
      for (let g = "", m = ""; ;) {
        const rows = q.pairPage(action, g, m);
        if (rows.length === 0) return;
        yield rows.map((r) => ({ groupExternalId: r.g, memberExternalId: r.m }));
        ({ g, m } = rows[rows.length - 1]!);
      }
    },
    async close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
