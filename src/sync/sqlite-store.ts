// The embedded SyncStore: one SQLite file, created on first use, in WAL mode so a crash never
// leaves a half-applied commit (SQLite transactions are atomic and durable).
import { OktaError } from "../client/errors.js";
import { sourceMismatch } from "./errors.js";
import { loadSqlite } from "./load-sqlite.js";
import type { SqliteDatabase } from "./load-sqlite.js";
import { byGroup } from "./store.js";
import type { MembershipPair, StoredMembership, SyncEntityKind, SyncStore } from "./store.js";

/** The schema version this code writes (kept in PRAGMA user_version). */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entities (
  kind TEXT NOT NULL,
  external_id TEXT NOT NULL,
  fingerprint TEXT,
  PRIMARY KEY (kind, external_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS memberships (
  group_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  confirmed INTEGER NOT NULL,
  PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Rows read per query while streaming, so no statement stays open across an await. */
const PAGE = 1000;

/** A SyncStore in a SQLite file, plus the file's path. */
export interface SqliteSyncStore extends SyncStore {
  readonly path: string;
  bindSource(identitySourceId: string): void;
}

/**
 * Opens (creating on first use) a SyncStore in the SQLite file at `path`. Needs the optional peer
 * dependency better-sqlite3 12.x.
 * @example
 * const store = await createSqliteStore("sync-state.db");
 * try { await runSync(source, snapshot, { store }); } finally { await store.close(); }
 */
export async function createSqliteStore(path: string): Promise<SqliteSyncStore> {
  const Database = await loadSqlite();
  const db = new Database(path);
  try {
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e;
  }

  const q = {
    page: db.prepare<[string, string], { external_id: string; fingerprint: string | null }>(
      "SELECT external_id, fingerprint FROM entities WHERE kind = ? AND external_id > ? " +
        `ORDER BY external_id LIMIT ${PAGE}`,
    ),
    // One statement per batch: SQLite walks the JSON array and seeks the primary key per item,
    // far cheaper than one statement call per ID. CROSS JOIN pins that loop order; left to
    // itself the planner may scan every entity of the kind for each batch.
    fingerprints: db
      .prepare<[{ kind: string; ids: string }], [string, string | null]>(
        "SELECT e.external_id, e.fingerprint FROM json_each(@ids) AS j CROSS JOIN " +
          "entities AS e ON e.kind = @kind AND e.external_id = j.value",
      )
      .raw(),
    pairPage: db.prepare<
      [string, string],
      { group_id: string; member_id: string; confirmed: number }
    >(
      "SELECT group_id, member_id, confirmed FROM memberships WHERE (group_id, member_id) > (?, ?) " +
        `ORDER BY group_id, member_id LIMIT ${PAGE}`,
    ),
    members: db
      .prepare<[{ group: string; members: string }], [string, number]>(
        "SELECT m.member_id, m.confirmed FROM json_each(@members) AS j CROSS JOIN " +
          "memberships AS m ON m.group_id = @group AND m.member_id = j.value",
      )
      .raw(),
    countEntities: db
      .prepare<[string], number>("SELECT count(*) FROM entities WHERE kind = ?")
      .pluck(),
    countPairs: db.prepare<[], number>("SELECT count(*) FROM memberships").pluck(),
    getMeta: db.prepare<[string], string>("SELECT value FROM meta WHERE key = ?").pluck(),
    setMeta: db.prepare<[string, string]>("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)"),
    put: db.prepare<[string, string, string | null]>(
      "INSERT INTO entities (kind, external_id, fingerprint) VALUES (?, ?, ?) " +
        "ON CONFLICT (kind, external_id) DO UPDATE SET fingerprint = excluded.fingerprint",
    ),
    remove: db.prepare<[string, string]>("DELETE FROM entities WHERE kind = ? AND external_id = ?"),
    removeGroupPairs: db.prepare<[string]>("DELETE FROM memberships WHERE group_id = ?"),
    putPair: db.prepare<[string, string, number]>(
      "INSERT INTO memberships (group_id, member_id, confirmed) VALUES (?, ?, ?) " +
        "ON CONFLICT (group_id, member_id) DO UPDATE SET confirmed = excluded.confirmed",
    ),
    removePair: db.prepare<[string, string]>(
      "DELETE FROM memberships WHERE group_id = ? AND member_id = ?",
    ),
  };

  const commit = db.transaction((changes: Parameters<SyncStore["commit"]>[0]) => {
    for (const { kind, externalId } of changes.remove ?? []) {
      q.remove.run(kind, externalId);
      if (kind === "groups") q.removeGroupPairs.run(externalId);
    }
    for (const p of changes.removeMemberships ?? []) {
      q.removePair.run(p.groupExternalId, p.memberExternalId);
    }
    for (const { kind, externalId, fingerprint } of changes.put ?? []) {
      q.put.run(kind, externalId, fingerprint);
    }
    for (const p of changes.putMemberships ?? []) {
      q.putPair.run(p.groupExternalId, p.memberExternalId, p.confirmed ? 1 : 0);
    }
  });

  return {
    path,
    staging: "disk",
    async *entities(kind: SyncEntityKind) {
      // Keyset pages: "" sorts before every non-empty externalId.
      let after = "";
      for (;;) {
        const rows = q.page.all(kind, after);
        for (const r of rows) yield { externalId: r.external_id, fingerprint: r.fingerprint };
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.external_id;
      }
    },
    fingerprints(kind, externalIds) {
      return new Map(q.fingerprints.all({ kind, ids: JSON.stringify(externalIds) }));
    },
    async *memberships() {
      let after: MembershipPair = { groupExternalId: "", memberExternalId: "" };
      for (;;) {
        const rows = q.pairPage.all(after.groupExternalId, after.memberExternalId);
        for (const r of rows) {
          yield {
            groupExternalId: r.group_id,
            memberExternalId: r.member_id,
            confirmed: r.confirmed === 1,
          };
        }
        if (rows.length < PAGE) return;
        const last = rows[rows.length - 1]!;
        after = { groupExternalId: last.group_id, memberExternalId: last.member_id };
      }
    },
    findMemberships(pairs) {
      const found: StoredMembership[] = [];
      for (const [groupExternalId, members] of byGroup(pairs)) {
        const rows = q.members.all({ group: groupExternalId, members: JSON.stringify(members) });
        for (const [memberExternalId, confirmed] of rows) {
          found.push({ groupExternalId, memberExternalId, confirmed: confirmed === 1 });
        }
      }
      return found;
    },
    count(kind) {
      return kind === "memberships" ? q.countPairs.get()! : q.countEntities.get(kind)!;
    },
    commit(changes) {
      commit.immediate(changes);
    },
    bindSource(identitySourceId) {
      q.setMeta.run("identitySourceId", identitySourceId);
      const bound = q.getMeta.get("identitySourceId");
      if (bound !== identitySourceId) throw sourceMismatch(path, bound!, identitySourceId);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: SqliteDatabase, path: string): void {
  db.pragma("journal_mode = WAL");
  // FULL: a commit that returned survives a power loss too. Commits are few (one per confirmed
  // session), so the fsync costs nothing that matters.
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new OktaError(
      `sync state ${path} has schema version ${version}; this version of okta-identity-sources ` +
        `understands up to ${SCHEMA_VERSION}: upgrade the package`,
    );
  }
  if (version < SCHEMA_VERSION) {
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
}
