// better-sqlite3 is an optional peer dependency: the SQLite store and disk staging need it only where
// the runtime has no SQLite of its own (Node before 22.5; see sqlite-adapter.ts), so
// it is loaded on first use and its absence explained.
import type BetterSqlite3 from "better-sqlite3";
import { OktaError } from "../core/errors.js";
import { importOptional } from "../core/optional-import.js";

export type SqliteDatabase = BetterSqlite3.Database;
type SqliteConstructor = typeof BetterSqlite3;
type Importer = () => Promise<{ default: SqliteConstructor }>;

let loaded: Promise<SqliteConstructor> | undefined;

/** The better-sqlite3 constructor, or an OktaError telling the user how to install it. */
export function loadSqlite(importer?: Importer): Promise<SqliteConstructor> {
  if (importer) return load(importer);
  // Through importOptional: bundles of the client for browsers and Workers must not resolve it.
  loaded ??= load(() => importOptional<{ default: SqliteConstructor }>("better-sqlite3")).catch(
    (e: unknown) => {
      loaded = undefined;
      throw e;
    },
  );
  return loaded;
}

async function load(importer: Importer): Promise<SqliteConstructor> {
  try {
    return (await importer()).default;
  } catch (cause) {
    throw new OktaError(
      "the SQLite sync store (and disk staging) needs the optional peer dependency " +
        "better-sqlite3: run `npm install better-sqlite3@12` (12.x supports Node 20; 13.x does not), " +
        'or use createMemoryStore() / staging: "memory"',
      { cause },
    );
  }
}
