// The embedded SyncStore: one SQLite file, created on first use, in WAL mode so a crash never
// leaves a half-applied commit (SQLite transactions are atomic and durable). The file is stamped
// with our application_id; any other non-empty database is refused before anything is written.
import { sourceMismatch } from "./errors.js";
import { MEMBERSHIP_OWNER, perEntityKind } from "./kinds.js";
import { nodeBuiltins } from "./node-builtins.js";
import type { NodeBuiltins } from "./node-builtins.js";
import { isOpenStatus } from "./run-guard.js";
import { openSqlite } from "./sqlite-adapter.js";
import type { SqliteConnection, SqliteDriver } from "./sqlite-adapter.js";
import { OktaSyncLeaseError, OktaSyncStateError, checkSchemaVersion } from "./state-errors.js";
import { byGroup } from "./store.js";
import type {
  LeaseState,
  MembershipPair,
  StoredMembership,
  SyncEntityKind,
  SyncHistory,
  SyncLease,
  SyncRunRecord,
  SyncStore,
} from "./store.js";

/** PRAGMA application_id of our state files: "OKIS" in ASCII. */
export const SQLITE_APPLICATION_ID = 0x4f4b4953;

/** The schema version this code writes (kept in PRAGMA user_version). */
const SCHEMA_VERSION = 2;

// Version 1: the state itself. Version 2: the lease and the run history.
const MIGRATIONS: Record<number, string> = {
  1: `
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
`,
  2: `
CREATE TABLE lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  run_id TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  since TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE runs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  record TEXT NOT NULL
);
CREATE TABLE run_sessions (
  run_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  status TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (run_id, session_id)
) WITHOUT ROWID;
CREATE TABLE run_deleted (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  external_id TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
`,
};

/** The tables a version-1 file (written before the stamp existed) holds, and nothing else. */
const V1_TABLES = ["entities", "memberships", "meta"];

/** Rows read per query while streaming, so no statement stays open across an await. */
const PAGE = 1000;

/** A SyncStore in a SQLite file, plus the file's path. */
export interface SqliteSyncStore extends SyncStore {
  readonly path: string;
  /** The SQLite driver in use. */
  readonly driver: SqliteDriver;
  readonly lease: SyncLease;
  readonly history: SyncHistory;
  bindSource(identitySourceId: string): void;
}

/** Options of `createSqliteStore`. */
export interface SqliteStoreOptions {
  /** Which SQLite driver to use. @default node:sqlite on Node 22.5+, bun:sqlite on Bun, else better-sqlite3 */
  driver?: SqliteDriver;
}

/**
 * Opens (creating on first use) a SyncStore in the SQLite file at `path`. Uses node:sqlite on Node
 * 22.5 and later, bun:sqlite on Bun, and otherwise the optional peer dependency better-sqlite3 12.x;
 * all three read and write the same file. Throws OktaSyncStateError, without touching the file, if
 * it holds another application's database, or if its directory does not exist.
 * @example
 * const store = await createSqliteStore("sync-state.db");
 * try { await runSync(source, snapshot, { store }); } finally { await store.close(); }
 */
export async function createSqliteStore(
  path: string,
  options: SqliteStoreOptions = {},
): Promise<SqliteSyncStore> {
  const drivers = options.driver ? [options.driver] : undefined;
  await checkBeforeOpening(path, drivers);
  const db = await openSqlite(path, {}, drivers);
  try {
    migrate(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  return storeOn(db, path);
}

/**
 * Refuses a path we must not write: a missing directory, or an existing non-empty file that is not
 * a state of ours. Decides from the file's 100-byte header where it can, so a foreign database is
 * never even opened (opening one in WAL mode would create its -wal and -shm files).
 */
async function checkBeforeOpening(
  path: string,
  drivers: SqliteDriver[] | undefined,
): Promise<void> {
  const node = await nodeBuiltins();
  const { existsSync, statSync } = node.fs;
  const dir = node.path.dirname(node.path.resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new OktaSyncStateError(
      "missing-directory",
      path,
      `directory ${dir} does not exist; create it first or choose another --state path`,
    );
  }
  if (!existsSync(path) || statSync(path).size === 0) return;
  const header = readHeader(node.fs, path);
  if (!header) {
    throw new OktaSyncStateError(
      "foreign",
      path,
      "is not a SQLite database; refusing to use it as sync state (nothing was changed)",
    );
  }
  // While a connection has the file open in WAL mode, its newest header may sit in the -wal file:
  // then ask SQLite (read-only; the -wal and -shm files exist already, so nothing is created).
  const pendingWal = existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0;
  const { applicationId, userVersion, empty } = pendingWal
    ? await headerViaSqlite(path, drivers)
    : { ...header, empty: header.pages <= 1 };
  if (applicationId === SQLITE_APPLICATION_ID) return;
  // A database with no schema at all is as good as an empty file (or one another run of ours is
  // creating right now: its migration waits for that one's and then finds it done).
  if (applicationId === 0 && userVersion === 0 && empty) return;
  if (applicationId === 0 && userVersion === 1 && (await isVersion1(path, drivers))) return;
  throw new OktaSyncStateError(
    "foreign",
    path,
    `is a SQLite database of another application (application_id ${applicationId}, ` +
      `user_version ${userVersion}); refusing to use it as sync state (nothing was ` +
      "changed). Choose another --state path",
  );
}

/** The header fields as SQLite sees them, WAL included, and whether it holds no schema at all. */
async function headerViaSqlite(
  path: string,
  drivers: SqliteDriver[] | undefined,
): Promise<{ userVersion: number; applicationId: number; empty: boolean }> {
  let db: SqliteConnection;
  try {
    db = await openSqlite(path, { readonly: true }, drivers);
  } catch (cause) {
    throw new OktaSyncStateError("unreadable", path, "cannot be opened as a SQLite database", {
      cause,
    });
  }
  try {
    const objects = db.get<{ n: number }>("SELECT count(*) AS n FROM sqlite_master")!.n;
    return {
      userVersion: db.get<{ user_version: number }>("PRAGMA user_version")!.user_version,
      applicationId: db.get<{ application_id: number }>("PRAGMA application_id")!.application_id,
      empty: objects === 0,
    };
  } finally {
    db.close();
  }
}

/** The fields of a SQLite file header we decide on, or undefined when it is not one. */
function readHeader(
  fs: NodeBuiltins["fs"],
  path: string,
): { pages: number; userVersion: number; applicationId: number } | undefined {
  const bytes = new Uint8Array(100);
  const fd = fs.openSync(path, "r");
  let read: number;
  try {
    read = fs.readSync(fd, bytes, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const magic = "SQLite format 3\u0000";
  if (read < 100 || new TextDecoder().decode(bytes.subarray(0, 16)) !== magic) return undefined;
  const view = new DataView(bytes.buffer);
  return {
    pages: view.getUint32(28),
    userVersion: view.getInt32(60),
    applicationId: view.getInt32(68),
  };
}

/**
 * A file this package wrote before it stamped application_id: exactly our version-1 tables. Such a
 * file was ours, so opening it (read-only) to look is allowed.
 */
async function isVersion1(path: string, drivers: SqliteDriver[] | undefined): Promise<boolean> {
  let db: SqliteConnection;
  try {
    db = await openSqlite(path, { readonly: true }, drivers);
  } catch {
    return false;
  }
  try {
    const tables = db
      .all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .map((r) => r.name);
    if (tables.join() !== V1_TABLES.join()) return false;
    const columns = (table: string) =>
      db
        .all<{ name: string }>(`PRAGMA table_info(${table})`)
        .map((c) => c.name)
        .join();
    return (
      columns("entities") === "kind,external_id,fingerprint" &&
      columns("memberships") === "group_id,member_id,confirmed" &&
      columns("meta") === "key,value"
    );
  } catch {
    return false;
  } finally {
    db.close();
  }
}

function migrate(db: SqliteConnection, path: string): void {
  db.exec("PRAGMA journal_mode = WAL");
  // FULL: a commit that returned survives a power loss too. Commits are few (one per confirmed
  // session), so the fsync costs nothing that matters.
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA busy_timeout = 5000");
  const version = db.get<{ user_version: number }>("PRAGMA user_version")!.user_version;
  checkSchemaVersion(path, version, SCHEMA_VERSION);
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Checked again under the write lock: another process may have migrated meanwhile.
    const now = db.get<{ user_version: number }>("PRAGMA user_version")!.user_version;
    for (let v = now + 1; v <= SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.exec(`PRAGMA application_id = ${SQLITE_APPLICATION_ID}`);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}

interface RunRow {
  seq: number;
  id: string;
  record: string;
}

function storeOn(db: SqliteConnection, path: string): SqliteSyncStore {
  // The run whose lease this connection holds: its commits are refused once another run took over.
  let held: string | undefined;
  const leaseRow = (): LeaseState | undefined => {
    const r = db.get<{
      run_id: string;
      pid: number;
      host: string;
      since: string;
      expires_at: number;
    }>("SELECT run_id, pid, host, since, expires_at FROM lease WHERE id = 1");
    return r
      ? {
          runId: r.run_id,
          pid: r.pid,
          host: r.host,
          since: r.since,
          expiresAt: new Date(r.expires_at).toISOString(),
        }
      : undefined;
  };
  const checkHeld = () => {
    if (held === undefined) return;
    const now = leaseRow();
    if (now?.runId !== held) throw new OktaSyncLeaseError("lost", now);
  };

  const lease: SyncLease = {
    acquire(holder, ttlMs) {
      db.transaction(() => {
        const now = leaseRow();
        if (now && now.runId !== holder.runId && Date.parse(now.expiresAt) > Date.now()) {
          throw new OktaSyncLeaseError("held", now);
        }
        db.run(
          "INSERT OR REPLACE INTO lease (id, run_id, pid, host, since, expires_at) VALUES (1, ?, ?, ?, ?, ?)",
          holder.runId,
          holder.pid,
          holder.host,
          holder.since,
          Date.now() + ttlMs,
        );
      });
      held = holder.runId;
    },
    renew(runId, ttlMs) {
      const { changes } = db.run(
        "UPDATE lease SET expires_at = ? WHERE id = 1 AND run_id = ?",
        Date.now() + ttlMs,
        runId,
      );
      if (changes === 0) throw new OktaSyncLeaseError("lost", leaseRow());
    },
    release(runId) {
      db.run("DELETE FROM lease WHERE id = 1 AND run_id = ?", runId);
      if (held === runId) held = undefined;
    },
    current: leaseRow,
  };

  const record = (row: RunRow): SyncRunRecord => {
    const run = JSON.parse(row.record) as SyncRunRecord;
    run.sessions = db
      .all<{ session_id: string; status: string }>(
        "SELECT session_id, status FROM run_sessions WHERE run_id = ? ORDER BY seq",
        row.id,
      )
      .map((s) => ({ id: s.session_id, status: s.status }));
    run.deleted = perEntityKind(() => 0);
    for (const d of db.all<{ kind: SyncEntityKind; n: number }>(
      "SELECT kind, count(*) AS n FROM run_deleted WHERE run_id = ? GROUP BY kind",
      row.id,
    )) {
      run.deleted[d.kind] = d.n;
    }
    return run;
  };
  const putSession = (runId: string, id: string, status: string) =>
    db.run(
      "INSERT INTO run_sessions (run_id, session_id, status, seq) VALUES (?, ?, ?, " +
        "(SELECT count(*) FROM run_sessions WHERE run_id = ?)) " +
        "ON CONFLICT (run_id, session_id) DO UPDATE SET status = excluded.status",
      runId,
      id,
      status,
      runId,
    );
  const dropRun = (id: string) => {
    db.run("DELETE FROM run_sessions WHERE run_id = ?", id);
    db.run("DELETE FROM run_deleted WHERE run_id = ?", id);
    db.run("DELETE FROM runs WHERE id = ?", id);
  };

  const history: SyncHistory = {
    start(run) {
      db.run(
        "INSERT INTO runs (id, record) VALUES (?, ?)",
        run.id,
        JSON.stringify({ ...run, outcome: "running" }),
      );
    },
    session(runId, session) {
      putSession(runId, session.id, session.status);
    },
    finish(runId, end, keep) {
      db.transaction(() => {
        const row = db.get<RunRow>("SELECT seq, id, record FROM runs WHERE id = ?", runId);
        if (!row) return;
        const { sessions, ...rest } = end;
        const run: unknown = { ...(JSON.parse(row.record) as object), ...rest };
        db.run("UPDATE runs SET record = ? WHERE id = ?", JSON.stringify(run), runId);
        for (const s of sessions) putSession(runId, s.id, s.status);
        const old = db.all<{ id: string }>(
          "SELECT id FROM runs ORDER BY seq DESC LIMIT -1 OFFSET ?",
          keep,
        );
        for (const { id } of old) dropRun(id);
      });
    },
    list(limit) {
      return db
        .all<RunRow>("SELECT seq, id, record FROM runs ORDER BY seq DESC LIMIT ?", limit)
        .map(record);
    },
    get(runId) {
      const row = db.get<RunRow>("SELECT seq, id, record FROM runs WHERE id = ?", runId);
      return row && record(row);
    },
    async *deletedIds(runId) {
      for (let after = -1; ;) {
        const rows = db.all<{ seq: number; kind: SyncEntityKind; external_id: string }>(
          `SELECT seq, kind, external_id FROM run_deleted WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ${PAGE}`,
          runId,
          after,
        );
        for (const r of rows) yield { kind: r.kind, externalId: r.external_id };
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.seq;
      }
    },
    openSessions(runId) {
      return db
        .all<{ run_id: string; session_id: string; status: string }>(
          "SELECT s.run_id, s.session_id, s.status FROM run_sessions AS s " +
            "JOIN runs AS r ON r.id = s.run_id WHERE s.run_id <> ? ORDER BY r.seq, s.seq",
          runId,
        )
        .filter((s) => isOpenStatus(s.status))
        .map((s) => ({ runId: s.run_id, id: s.session_id, status: s.status }));
    },
  };

  return {
    path,
    driver: db.driver,
    staging: "disk",
    lease,
    history,
    async *entities(kind: SyncEntityKind) {
      // Keyset pages: "" sorts before every non-empty externalId.
      let after = "";
      for (;;) {
        const rows = db.all<{ external_id: string; fingerprint: string | null }>(
          "SELECT external_id, fingerprint FROM entities WHERE kind = ? AND external_id > ? " +
            `ORDER BY external_id LIMIT ${PAGE}`,
          kind,
          after,
        );
        for (const r of rows) yield { externalId: r.external_id, fingerprint: r.fingerprint };
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.external_id;
      }
    },
    fingerprints(kind, externalIds) {
      // One statement per batch: SQLite walks the JSON array and seeks the primary key per item,
      // far cheaper than one statement call per ID. CROSS JOIN pins that loop order; left to
      // itself the planner may scan every entity of the kind for each batch.
      const rows = db.all<{ external_id: string; fingerprint: string | null }>(
        "SELECT e.external_id, e.fingerprint FROM json_each(?) AS j CROSS JOIN " +
          "entities AS e ON e.kind = ? AND e.external_id = j.value",
        JSON.stringify(externalIds),
        kind,
      );
      return new Map(rows.map((r) => [r.external_id, r.fingerprint]));
    },
    async *memberships() {
      let after: MembershipPair = { groupExternalId: "", memberExternalId: "" };
      for (;;) {
        const rows = db.all<{ group_id: string; member_id: string; confirmed: number }>(
          "SELECT group_id, member_id, confirmed FROM memberships WHERE (group_id, member_id) > (?, ?) " +
            `ORDER BY group_id, member_id LIMIT ${PAGE}`,
          after.groupExternalId,
          after.memberExternalId,
        );
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
        const rows = db.all<{ member_id: string; confirmed: number }>(
          "SELECT m.member_id, m.confirmed FROM json_each(?) AS j CROSS JOIN " +
            "memberships AS m ON m.group_id = ? AND m.member_id = j.value",
          JSON.stringify(members),
          groupExternalId,
        );
        for (const { member_id, confirmed } of rows) {
          found.push({ groupExternalId, memberExternalId: member_id, confirmed: confirmed === 1 });
        }
      }
      return found;
    },
    count(kind) {
      return kind === "memberships"
        ? db.get<{ n: number }>("SELECT count(*) AS n FROM memberships")!.n
        : db.get<{ n: number }>("SELECT count(*) AS n FROM entities WHERE kind = ?", kind)!.n;
    },
    commit(changes) {
      db.transaction(() => {
        checkHeld();
        const run = changes.deletedBy;
        let seq =
          run === undefined
            ? 0
            : db.get<{ n: number }>(
                "SELECT coalesce(max(seq), -1) + 1 AS n FROM run_deleted WHERE run_id = ?",
                run,
              )!.n;
        for (const { kind, externalId } of changes.remove ?? []) {
          db.run("DELETE FROM entities WHERE kind = ? AND external_id = ?", kind, externalId);
          if (kind === MEMBERSHIP_OWNER)
            db.run("DELETE FROM memberships WHERE group_id = ?", externalId);
          if (run !== undefined) {
            db.run(
              "INSERT INTO run_deleted (run_id, seq, kind, external_id) VALUES (?, ?, ?, ?)",
              run,
              seq++,
              kind,
              externalId,
            );
          }
        }
        for (const p of changes.removeMemberships ?? []) {
          db.run(
            "DELETE FROM memberships WHERE group_id = ? AND member_id = ?",
            p.groupExternalId,
            p.memberExternalId,
          );
        }
        for (const { kind, externalId, fingerprint } of changes.put ?? []) {
          db.run(
            "INSERT INTO entities (kind, external_id, fingerprint) VALUES (?, ?, ?) " +
              "ON CONFLICT (kind, external_id) DO UPDATE SET fingerprint = excluded.fingerprint",
            kind,
            externalId,
            fingerprint,
          );
        }
        for (const p of changes.putMemberships ?? []) {
          db.run(
            "INSERT INTO memberships (group_id, member_id, confirmed) VALUES (?, ?, ?) " +
              "ON CONFLICT (group_id, member_id) DO UPDATE SET confirmed = excluded.confirmed",
            p.groupExternalId,
            p.memberExternalId,
            p.confirmed ? 1 : 0,
          );
        }
      });
    },
    bindSource(identitySourceId) {
      db.run(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('identitySourceId', ?)",
        identitySourceId,
      );
      const bound = db.get<{ value: string }>(
        "SELECT value FROM meta WHERE key = 'identitySourceId'",
      )!.value;
      if (bound !== identitySourceId) throw sourceMismatch(path, bound, identitySourceId);
    },
    close() {
      db.close();
    },
  };
}
