// One small synchronous SQLite interface over the three drivers a runtime may have: node:sqlite
// (Node 22.5+), bun:sqlite (Bun) and better-sqlite3 (any Node, an optional peer dependency). The
// store speaks plain SQL with positional parameters through it, so all three write one file format.
import { OktaError } from "../core/errors.js";
import { importOptional } from "../core/optional-import.js";
import { loadSqlite } from "./load-sqlite.js";

/** A positional SQL parameter. */
export type SqlValue = string | number | null;

/** What the SQLite store needs of a connection. Statements are prepared once and cached. */
export interface SqliteConnection {
  /** Which driver this is, for messages and tests. */
  readonly driver: SqliteDriver;
  exec(sql: string): void;
  all<T>(sql: string, ...params: SqlValue[]): T[];
  get<T>(sql: string, ...params: SqlValue[]): T | undefined;
  run(sql: string, ...params: SqlValue[]): { changes: number };
  /** Runs `fn` in BEGIN IMMEDIATE … COMMIT (ROLLBACK if it throws). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export type SqliteDriver = "node:sqlite" | "bun:sqlite" | "better-sqlite3";

/** How a runtime looks to the driver choice. */
export interface RuntimeInfo {
  bun: boolean;
  /** process.versions.node, when there is one. */
  node: string | undefined;
}

export function currentRuntime(): RuntimeInfo {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } })
    .process?.versions;
  return { bun: versions?.bun !== undefined, node: versions?.node };
}

/**
 * The driver for a runtime: bun:sqlite on Bun, node:sqlite on Node 22.5 and later (where it no
 * longer needs a flag from 22.13 on; before that, loading it fails and better-sqlite3 is tried),
 * better-sqlite3 otherwise.
 */
export function preferredDrivers(runtime: RuntimeInfo): SqliteDriver[] {
  if (runtime.bun) return ["bun:sqlite"];
  const [major = 0, minor = 0] = (runtime.node ?? "0.0").split(".").map(Number);
  const hasNodeSqlite = major > 22 || (major === 22 && minor >= 5);
  return hasNodeSqlite ? ["node:sqlite", "better-sqlite3"] : ["better-sqlite3"];
}

/** Opens `path` with the first driver of `drivers` that loads. */
export async function openSqlite(
  path: string,
  options: { readonly?: boolean } = {},
  drivers: readonly SqliteDriver[] = forcedDriver() ?? preferredDrivers(currentRuntime()),
): Promise<SqliteConnection> {
  let lastError: unknown;
  for (const driver of drivers) {
    let opener: Opener;
    try {
      opener = await loadDriver(driver);
    } catch (e) {
      lastError = e;
      continue;
    }
    return opener(path, options.readonly === true);
  }
  throw lastError instanceof Error
    ? lastError
    : new OktaError(`no SQLite driver could be loaded (tried ${drivers.join(", ")})`);
}

/** OKTA_IDSRC_SQLITE_DRIVER pins a driver (to test one path, or to avoid an experimental one). */
function forcedDriver(): SqliteDriver[] | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.OKTA_IDSRC_SQLITE_DRIVER;
  if (value === undefined || value === "") return undefined;
  if (value === "node:sqlite" || value === "bun:sqlite" || value === "better-sqlite3") {
    return [value];
  }
  throw new OktaError(
    `OKTA_IDSRC_SQLITE_DRIVER must be node:sqlite, bun:sqlite or better-sqlite3 (got ${JSON.stringify(value)})`,
  );
}

type Opener = (path: string, readonly: boolean) => SqliteConnection;

interface Statement {
  all(...params: SqlValue[]): unknown[];
  get(...params: SqlValue[]): unknown;
  run(...params: SqlValue[]): { changes: number | bigint };
}

async function loadDriver(driver: SqliteDriver): Promise<Opener> {
  if (driver === "better-sqlite3") {
    const Database = await loadSqlite();
    return (path, readonly) => {
      const db = new Database(path, readonly ? { readonly: true, fileMustExist: true } : {});
      return wrap(
        driver,
        (sql) => db.prepare(sql) as unknown as Statement,
        () => db.close(),
      );
    };
  }
  if (driver === "node:sqlite") {
    // Through importOptional: bundlers and type-checkers leave runtime-specific modules alone.
    const { DatabaseSync } = (await importOptional("node:sqlite")) as {
      DatabaseSync: new (
        path: string,
        options?: { readOnly?: boolean },
      ) => { prepare(sql: string): Statement; close(): void };
    };
    return (path, readonly) => {
      const db = new DatabaseSync(path, readonly ? { readOnly: true } : {});
      return wrap(
        driver,
        (sql) => db.prepare(sql),
        () => db.close(),
      );
    };
  }
  const { Database } = (await importOptional("bun:sqlite")) as {
    Database: new (
      path: string,
      options?: { readonly?: boolean; create?: boolean },
    ) => { prepare(sql: string): Statement; close(): void };
  };
  return (path, readonly) => {
    const db = new Database(path, readonly ? { readonly: true } : { create: true });
    return wrap(
      driver,
      (sql) => db.prepare(sql),
      () => db.close(),
    );
  };
}

function wrap(
  driver: SqliteDriver,
  prepare: (sql: string) => Statement,
  close: () => void,
): SqliteConnection {
  const cache = new Map<string, Statement>();
  let open = true;
  const statement = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = prepare(sql)));
    return s;
  };
  // exec through a statement each: the three drivers' exec differ, single statements do not.
  const conn: SqliteConnection = {
    driver,
    exec(sql) {
      for (const part of splitStatements(sql)) prepare(part).run();
    },
    all: <T>(sql: string, ...params: SqlValue[]) => statement(sql).all(...params) as T[],
    get: <T>(sql: string, ...params: SqlValue[]) =>
      (statement(sql).get(...params) ?? undefined) as T | undefined,
    run: (sql, ...params) => ({ changes: Number(statement(sql).run(...params).changes) }),
    transaction(fn) {
      conn.exec("BEGIN IMMEDIATE");
      try {
        const result = fn();
        conn.exec("COMMIT");
        return result;
      } catch (e) {
        // SQLite may already have rolled back (a full disk, say): the original error is the news.
        try {
          conn.exec("ROLLBACK");
        } catch {}
        throw e;
      }
    },
    close() {
      if (!open) return;
      open = false;
      cache.clear();
      close();
    },
  };
  return conn;
}

/** Splits a schema script at semicolons that end a line (our scripts hold no other kind). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
