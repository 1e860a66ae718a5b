// A SyncStore in PostgreSQL, for runs on machines whose disks do not last (CronJobs, CI, two
// replicas of one job): the same contract as the SQLite file, in one schema of our own. Time for
// the lease is the server's clock, so machines with different clocks agree on expiry.
import { sourceMismatch } from "./errors.js";
import { MEMBERSHIP_OWNER, perEntityKind } from "./kinds.js";
import { loadPg } from "./load-pg.js";
import { redactIn, redactUrl } from "./postgres-url.js";
import { isOpenStatus } from "./run-guard.js";
import { OktaSyncLeaseError, OktaSyncStateError, checkSchemaVersion } from "./state-errors.js";
import type {
  LeaseState,
  MembershipPair,
  StoredMembership,
  SyncEntityKind,
  SyncHistory,
  SyncLease,
  SyncRunRecord,
  SyncStore,
  SyncStoreChanges,
} from "./store.js";

/** The schema version this code writes (kept in the schema's meta table). */
const SCHEMA_VERSION = 1;
/** The meta row that says a schema is ours. */
const FORMAT = "okta-identity-sources sync state";

/** Rows per page while streaming, and items per statement while committing. */
const PAGE = 5000;

/** One connection of a pool, as the store uses it (pg's PoolClient fits). */
export interface PgClientLike {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[] }>;
  release(): void;
}

/**
 * What the store needs of a pool: pg's `Pool` fits. Declared here so that using the store's types
 * does not require @types/pg.
 */
export interface PgPoolLike {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[] }>;
  connect(): Promise<PgClientLike>;
  end(): Promise<void>;
}

type Pool = PgPoolLike;
type PoolClient = PgClientLike;

/** Rows written by one store between two refreshes of the planner's statistics. */
const ANALYZE_EVERY = 50_000;

/** Options of `createPostgresStore`. */
export interface PostgresStoreOptions {
  /**
   * The schema that holds the state (created on first use). One schema per identity source; a
   * schema that holds anything else is refused. @default "okta_idsrc"
   */
  schema?: string;
}

/** A SyncStore in a PostgreSQL schema. */
export interface PostgresSyncStore extends SyncStore {
  /** Where the state lives, credentials redacted: `postgres://user:***@host/db (schema s)`. */
  readonly where: string;
  readonly schema: string;
  readonly lease: SyncLease;
  readonly history: SyncHistory;
  bindSource(identitySourceId: string): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS: Record<number, (s: string) => string> = {
  1: (s) => `
CREATE TABLE ${s}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE ${s}.entities (
  kind text COLLATE "C" NOT NULL,
  external_id text COLLATE "C" NOT NULL,
  fingerprint text,
  PRIMARY KEY (kind, external_id)
);
CREATE TABLE ${s}.memberships (
  group_id text COLLATE "C" NOT NULL,
  member_id text COLLATE "C" NOT NULL,
  confirmed boolean NOT NULL,
  PRIMARY KEY (group_id, member_id)
);
CREATE TABLE ${s}.lease (
  id integer PRIMARY KEY CHECK (id = 1),
  run_id text NOT NULL,
  pid integer NOT NULL,
  host text NOT NULL,
  since text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE TABLE ${s}.runs (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, record jsonb NOT NULL);
CREATE TABLE ${s}.run_sessions (
  run_id text NOT NULL,
  session_id text NOT NULL,
  status text NOT NULL,
  seq integer NOT NULL,
  PRIMARY KEY (run_id, session_id)
);
CREATE TABLE ${s}.run_deleted (
  run_id text NOT NULL,
  seq integer NOT NULL,
  kind text NOT NULL,
  external_id text NOT NULL,
  PRIMARY KEY (run_id, seq)
);`,
};

/**
 * Opens (creating on first use) a SyncStore in the PostgreSQL database at `connectionStringOrPool`
 * (a `postgres://` URL or a `pg` Pool, which the caller then keeps owning). Needs the optional peer
 * dependency pg 8.x. Throws OktaSyncStateError if the schema holds anything that is not our state.
 * @example
 * const store = await createPostgresStore(process.env.DATABASE_URL!, { schema: "hr_sync" });
 * try { await runSync(source, snapshot, { store }); } finally { await store.close(); }
 */
export async function createPostgresStore(
  connectionStringOrPool: string | PgPoolLike,
  options: PostgresStoreOptions = {},
): Promise<PostgresSyncStore> {
  const schema = options.schema ?? "okta_idsrc";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(
      `options.schema must be a lower-case SQL identifier of at most 63 characters (got ${JSON.stringify(schema)})`,
    );
  }
  const url = typeof connectionStringOrPool === "string" ? connectionStringOrPool : undefined;
  const where = `${url !== undefined ? redactUrl(url) : "(pool)"} (schema ${schema})`;
  const clean = (e: unknown) => (url !== undefined ? redactIn(messageOf(e), url) : messageOf(e));
  let pool: Pool;
  let owned = false;
  if (url !== undefined) {
    const pg = await loadPg();
    const created = new pg.Pool({ connectionString: url, max: 4 });
    // An idle client's error (the server restarted) must not crash the process; the next query
    // reports it.
    created.on("error", () => {});
    pool = created as unknown as Pool;
    owned = true;
  } else {
    pool = connectionStringOrPool as Pool;
  }
  try {
    await migrate(pool, schema, where);
  } catch (e) {
    if (owned) await pool.end().catch(() => {});
    if (e instanceof OktaSyncStateError) throw e;
    throw new OktaSyncStateError("unreadable", where, `cannot be opened: ${clean(e)}`);
  }
  return storeOn(pool, owned, schema, where, clean);
}

async function migrate(pool: Pool, schema: string, where: string): Promise<void> {
  const s = quote(schema);
  await inTransaction(pool, async (c) => {
    // One migrator at a time per schema, across processes.
    await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`okta-idsrc:${schema}`]);
    // pg_class, not information_schema: the latter hides relations we hold no privilege on.
    const tables = (
      await c.query<{ relname: string }>(
        "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace " +
          "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')",
        [schema],
      )
    ).rows.map((r) => r.relname);
    let version = 0;
    if (tables.length > 0) {
      const meta = tables.includes("meta") ? await readMeta(c, s) : undefined;
      if (meta?.get("format") !== FORMAT) {
        throw new OktaSyncStateError(
          "foreign",
          where,
          `schema ${schema} holds ${tables.length} table(s) or view(s) that are not an okta-identity-sources ` +
            "sync state; refusing to use it (nothing was changed). Choose another schema",
        );
      }
      version = Number(meta.get("schemaVersion"));
    }
    checkSchemaVersion(where, version, SCHEMA_VERSION);
    if (version === SCHEMA_VERSION) return;
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    for (let v = version + 1; v <= SCHEMA_VERSION; v++) await c.query(MIGRATIONS[v]!(s));
    await c.query(
      `INSERT INTO ${s}.meta (key, value) VALUES ('format', $1), ('schemaVersion', $2) ` +
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [FORMAT, String(SCHEMA_VERSION)],
    );
  });
}

async function readMeta(c: PoolClient, s: string): Promise<Map<string, string> | undefined> {
  try {
    const rows = await c.query<{ key: string; value: string }>(
      `SELECT key, value FROM ${s}.meta WHERE key IN ('format', 'schemaVersion')`,
    );
    return new Map(rows.rows.map((r) => [r.key, r.value]));
  } catch {
    // A foreign "meta" table without our columns: the transaction is aborted, the caller refuses.
    return undefined;
  }
}

async function inTransaction<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const result = await fn(c);
    await c.query("COMMIT");
    return result;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

const quote = (identifier: string) => `"${identifier}"`;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface LeaseRow {
  run_id: string;
  pid: number;
  host: string;
  since: string;
  expires_at: Date;
}

const leaseState = (r: LeaseRow): LeaseState => ({
  runId: r.run_id,
  pid: r.pid,
  host: r.host,
  since: r.since,
  expiresAt: r.expires_at.toISOString(),
});

/** Last value wins per key: one INSERT … ON CONFLICT may not touch a row twice. */
function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    map.delete(k);
    map.set(k, item);
  }
  return [...map.values()];
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PAGE) out.push(items.slice(i, i + PAGE));
  return out;
}

function storeOn(
  pool: Pool,
  owned: boolean,
  schema: string,
  where: string,
  clean: (e: unknown) => string,
): PostgresSyncStore {
  const s = quote(schema);
  const query = async <R extends object>(sql: string, params: unknown[] = []) => {
    try {
      return (await pool.query<R>(sql, params)).rows;
    } catch (e) {
      throw new OktaSyncStateError("unreadable", where, clean(e));
    }
  };
  const transaction = async <T>(fn: (c: PoolClient) => Promise<T>) => {
    try {
      return await inTransaction(pool, fn);
    } catch (e) {
      if (e instanceof OktaSyncLeaseError || e instanceof OktaSyncStateError) throw e;
      throw new OktaSyncStateError("unreadable", where, clean(e));
    }
  };
  let held: string | undefined;
  const leaseNow = async (c?: PoolClient) => {
    const sql = `SELECT run_id, pid, host, since, expires_at FROM ${s}.lease WHERE id = 1`;
    const rows = c ? (await c.query<LeaseRow>(sql)).rows : await query<LeaseRow>(sql);
    return rows[0] && leaseState(rows[0]);
  };

  const lease: SyncLease = {
    async acquire(holder, ttlMs) {
      // One statement: insert, or take over only an expired lease (or our own).
      const taken = await query<{ run_id: string }>(
        `INSERT INTO ${s}.lease AS l (id, run_id, pid, host, since, expires_at) ` +
          "VALUES (1, $1, $2, $3, $4, now() + $5 * interval '1 millisecond') " +
          "ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, pid = excluded.pid, " +
          "host = excluded.host, since = excluded.since, expires_at = excluded.expires_at " +
          "WHERE l.expires_at <= now() OR l.run_id = excluded.run_id RETURNING run_id",
        [holder.runId, holder.pid, holder.host, holder.since, ttlMs],
      );
      if (taken.length === 0) throw new OktaSyncLeaseError("held", await leaseNow());
      held = holder.runId;
    },
    async renew(runId, ttlMs) {
      const rows = await query<{ run_id: string }>(
        `UPDATE ${s}.lease SET expires_at = now() + $2 * interval '1 millisecond' ` +
          "WHERE id = 1 AND run_id = $1 RETURNING run_id",
        [runId, ttlMs],
      );
      if (rows.length === 0) throw new OktaSyncLeaseError("lost", await leaseNow());
    },
    async release(runId) {
      await query(`DELETE FROM ${s}.lease WHERE id = 1 AND run_id = $1`, [runId]);
      if (held === runId) held = undefined;
    },
    current: () => leaseNow(),
  };

  const putSession = (c: PoolClient | undefined, runId: string, id: string, status: string) => {
    const sql =
      `INSERT INTO ${s}.run_sessions (run_id, session_id, status, seq) VALUES ($1, $2, $3, ` +
      `(SELECT count(*) FROM ${s}.run_sessions WHERE run_id = $1)) ` +
      "ON CONFLICT (run_id, session_id) DO UPDATE SET status = excluded.status";
    return c ? c.query(sql, [runId, id, status]) : query(sql, [runId, id, status]);
  };
  const records = async (rows: { id: string; record: SyncRunRecord }[]) => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const sessions = await query<{ run_id: string; session_id: string; status: string }>(
      `SELECT run_id, session_id, status FROM ${s}.run_sessions WHERE run_id = ANY($1) ORDER BY seq`,
      [ids],
    );
    const deleted = await query<{ run_id: string; kind: SyncEntityKind; n: string }>(
      `SELECT run_id, kind, count(*) AS n FROM ${s}.run_deleted WHERE run_id = ANY($1) GROUP BY run_id, kind`,
      [ids],
    );
    return rows.map(({ id, record }) => ({
      ...record,
      sessions: sessions
        .filter((r) => r.run_id === id)
        .map((r) => ({ id: r.session_id, status: r.status })),
      deleted: {
        ...perEntityKind(() => 0),
        ...Object.fromEntries(
          deleted.filter((d) => d.run_id === id).map((d) => [d.kind, Number(d.n)]),
        ),
      },
    }));
  };

  const history: SyncHistory = {
    async start(run) {
      await query(`INSERT INTO ${s}.runs (id, record) VALUES ($1, $2)`, [
        run.id,
        JSON.stringify({ ...run, outcome: "running" }),
      ]);
    },
    async session(runId, session) {
      await putSession(undefined, runId, session.id, session.status);
    },
    async finish(runId, end, keep) {
      const { sessions, ...rest } = end;
      await transaction(async (c) => {
        await c.query(`UPDATE ${s}.runs SET record = record || $2::jsonb WHERE id = $1`, [
          runId,
          JSON.stringify(rest),
        ]);
        for (const x of sessions) await putSession(c, runId, x.id, x.status);
        const old = (
          await c.query<{ id: string }>(`SELECT id FROM ${s}.runs ORDER BY seq DESC OFFSET $1`, [
            keep,
          ])
        ).rows.map((r) => r.id);
        if (old.length > 0) {
          await c.query(`DELETE FROM ${s}.run_sessions WHERE run_id = ANY($1)`, [old]);
          await c.query(`DELETE FROM ${s}.run_deleted WHERE run_id = ANY($1)`, [old]);
          await c.query(`DELETE FROM ${s}.runs WHERE id = ANY($1)`, [old]);
        }
      });
    },
    async list(limit) {
      return records(
        await query<{ id: string; record: SyncRunRecord }>(
          `SELECT id, record FROM ${s}.runs ORDER BY seq DESC LIMIT $1`,
          [limit],
        ),
      );
    },
    async get(runId) {
      const rows = await query<{ id: string; record: SyncRunRecord }>(
        `SELECT id, record FROM ${s}.runs WHERE id = $1`,
        [runId],
      );
      return (await records(rows))[0];
    },
    async *deletedIds(runId) {
      for (let after = -1; ;) {
        const rows = await query<{ seq: number; kind: SyncEntityKind; external_id: string }>(
          `SELECT seq, kind, external_id FROM ${s}.run_deleted WHERE run_id = $1 AND seq > $2 ` +
            `ORDER BY seq LIMIT ${PAGE}`,
          [runId, after],
        );
        for (const r of rows) yield { kind: r.kind, externalId: r.external_id };
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.seq;
      }
    },
    async openSessions(runId) {
      const rows = await query<{ run_id: string; session_id: string; status: string }>(
        `SELECT x.run_id, x.session_id, x.status FROM ${s}.run_sessions AS x ` +
          `JOIN ${s}.runs AS r ON r.id = x.run_id WHERE x.run_id <> $1 ORDER BY r.seq, x.seq`,
        [runId],
      );
      return rows
        .filter((r) => isOpenStatus(r.status))
        .map((r) => ({ runId: r.run_id, id: r.session_id, status: r.status }));
    },
  };

  async function commitIn(c: PoolClient, changes: SyncStoreChanges): Promise<void> {
    if (held !== undefined) {
      // Under a row lock: a takeover cannot slip in between this check and our COMMIT.
      const now = (
        await c.query<LeaseRow>(
          `SELECT run_id, pid, host, since, expires_at FROM ${s}.lease WHERE id = 1 FOR UPDATE`,
        )
      ).rows[0];
      if (now?.run_id !== held) throw new OktaSyncLeaseError("lost", now && leaseState(now));
    }
    const remove = changes.remove ?? [];
    for (const batch of chunks(remove)) {
      await c.query(
        `DELETE FROM ${s}.entities WHERE (kind, external_id) IN ` +
          "(SELECT * FROM unnest($1::text[], $2::text[]))",
        [batch.map((r) => r.kind), batch.map((r) => r.externalId)],
      );
      const groups = batch.filter((r) => r.kind === MEMBERSHIP_OWNER).map((r) => r.externalId);
      if (groups.length > 0) {
        await c.query(`DELETE FROM ${s}.memberships WHERE group_id = ANY($1::text[])`, [groups]);
      }
    }
    if (changes.deletedBy !== undefined && remove.length > 0) {
      const start = Number(
        (
          await c.query<{ n: string }>(
            `SELECT coalesce(max(seq), -1) + 1 AS n FROM ${s}.run_deleted WHERE run_id = $1`,
            [changes.deletedBy],
          )
        ).rows[0]!.n,
      );
      for (const [i, batch] of chunks(remove).entries()) {
        await c.query(
          `INSERT INTO ${s}.run_deleted (run_id, seq, kind, external_id) ` +
            "SELECT $1, $2 + n - 1, k, e FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS u(k, e, n)",
          [
            changes.deletedBy,
            start + i * PAGE,
            batch.map((r) => r.kind),
            batch.map((r) => r.externalId),
          ],
        );
      }
    }
    for (const batch of chunks(changes.removeMemberships ?? [])) {
      await c.query(
        `DELETE FROM ${s}.memberships WHERE (group_id, member_id) IN ` +
          "(SELECT * FROM unnest($1::text[], $2::text[]))",
        [batch.map((p) => p.groupExternalId), batch.map((p) => p.memberExternalId)],
      );
    }
    const puts = lastPerKey(changes.put ?? [], (e) => `${e.kind}\u0000${e.externalId}`);
    for (const batch of chunks(puts)) {
      if (batch.some((e) => typeof e.externalId !== "string" || e.externalId === "")) {
        throw new TypeError("commit: every put needs a non-empty externalId");
      }
      await c.query(
        `INSERT INTO ${s}.entities (kind, external_id, fingerprint) ` +
          "SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) " +
          "ON CONFLICT (kind, external_id) DO UPDATE SET fingerprint = excluded.fingerprint",
        [batch.map((e) => e.kind), batch.map((e) => e.externalId), batch.map((e) => e.fingerprint)],
      );
    }
    const pairs = lastPerKey(
      changes.putMemberships ?? [],
      (p) => `${p.groupExternalId}\u0000${p.memberExternalId}`,
    );
    for (const batch of chunks(pairs)) {
      await c.query(
        `INSERT INTO ${s}.memberships (group_id, member_id, confirmed) ` +
          "SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[]) " +
          "ON CONFLICT (group_id, member_id) DO UPDATE SET confirmed = excluded.confirmed",
        [
          batch.map((p) => p.groupExternalId),
          batch.map((p) => p.memberExternalId),
          batch.map((p) => p.confirmed),
        ],
      );
    }
  }

  let closed = false;
  let written = 0;
  return {
    where,
    schema,
    staging: "disk",
    lease,
    history,
    async *entities(kind: SyncEntityKind) {
      for (let after = ""; ;) {
        const rows = await query<{ external_id: string; fingerprint: string | null }>(
          `SELECT external_id, fingerprint FROM ${s}.entities WHERE kind = $1 AND external_id > $2 ` +
            `ORDER BY external_id LIMIT ${PAGE}`,
          [kind, after],
        );
        for (const r of rows) yield { externalId: r.external_id, fingerprint: r.fingerprint };
        if (rows.length < PAGE) return;
        after = rows[rows.length - 1]!.external_id;
      }
    },
    async fingerprints(kind, externalIds) {
      const rows = await query<{ external_id: string; fingerprint: string | null }>(
        `SELECT external_id, fingerprint FROM ${s}.entities WHERE kind = $1 AND external_id = ANY($2::text[])`,
        [kind, externalIds],
      );
      return new Map(rows.map((r) => [r.external_id, r.fingerprint]));
    },
    async *memberships() {
      let after: MembershipPair = { groupExternalId: "", memberExternalId: "" };
      for (;;) {
        const rows = await query<{ group_id: string; member_id: string; confirmed: boolean }>(
          `SELECT group_id, member_id, confirmed FROM ${s}.memberships ` +
            `WHERE (group_id, member_id) > ($1, $2) ORDER BY group_id, member_id LIMIT ${PAGE}`,
          [after.groupExternalId, after.memberExternalId],
        );
        for (const r of rows) {
          yield {
            groupExternalId: r.group_id,
            memberExternalId: r.member_id,
            confirmed: r.confirmed,
          };
        }
        if (rows.length < PAGE) return;
        const last = rows[rows.length - 1]!;
        after = { groupExternalId: last.group_id, memberExternalId: last.member_id };
      }
    },
    async findMemberships(pairs) {
      const found: StoredMembership[] = [];
      for (const batch of chunks(pairs)) {
        const rows = await query<{ group_id: string; member_id: string; confirmed: boolean }>(
          `SELECT m.group_id, m.member_id, m.confirmed FROM unnest($1::text[], $2::text[]) AS p(g, m) ` +
            `JOIN ${s}.memberships AS m ON m.group_id = p.g AND m.member_id = p.m`,
          [batch.map((p) => p.groupExternalId), batch.map((p) => p.memberExternalId)],
        );
        for (const r of rows) {
          found.push({
            groupExternalId: r.group_id,
            memberExternalId: r.member_id,
            confirmed: r.confirmed,
          });
        }
      }
      return found;
    },
    async count(kind) {
      const rows =
        kind === "memberships"
          ? await query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.memberships`)
          : await query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.entities WHERE kind = $1`, [
              kind,
            ]);
      return Number(rows[0]!.n);
    },
    async commit(changes) {
      await transaction((c) => commitIn(c, changes));
      // A table filled by this process has no statistics until autovacuum gets to it, and the
      // planner then takes it for tiny and scans it whole per batch: refresh them as we go.
      written +=
        (changes.put?.length ?? 0) +
        (changes.remove?.length ?? 0) +
        (changes.putMemberships?.length ?? 0) +
        (changes.removeMemberships?.length ?? 0);
      if (written >= ANALYZE_EVERY) {
        written = 0;
        await query(`ANALYZE ${s}.entities, ${s}.memberships`);
      }
    },
    async bindSource(identitySourceId) {
      const rows = await query<{ value: string }>(
        `WITH ins AS (INSERT INTO ${s}.meta (key, value) VALUES ('identitySourceId', $1) ` +
          "ON CONFLICT (key) DO NOTHING RETURNING value) " +
          `SELECT value FROM ins UNION ALL SELECT value FROM ${s}.meta WHERE key = 'identitySourceId'`,
        [identitySourceId],
      );
      const bound = rows[0]!.value;
      if (bound !== identitySourceId) throw sourceMismatch(where, bound, identitySourceId);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (owned) await pool.end();
    },
  };
}
