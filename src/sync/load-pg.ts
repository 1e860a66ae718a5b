// pg is an optional peer dependency: only the Postgres store needs it, so it is loaded on first use
// and its absence explained.
import type { Pool } from "pg";
import { OktaError } from "../core/errors.js";
import { importOptional } from "../core/optional-import.js";

/** What the store uses of pg. */
export interface PgModule {
  Pool: typeof Pool;
}
type Importer = () => Promise<PgModule | { default: PgModule }>;

let loaded: Promise<PgModule> | undefined;

/** The pg module, or an OktaError telling the user how to install it. */
export function loadPg(importer?: Importer): Promise<PgModule> {
  if (importer) return load(importer);
  // Through importOptional: bundles of the sync entry for browsers must not resolve it.
  loaded ??= load(() => importOptional<PgModule | { default: PgModule }>("pg")).catch(
    (e: unknown) => {
      loaded = undefined;
      throw e;
    },
  );
  return loaded;
}

async function load(importer: Importer): Promise<PgModule> {
  try {
    const mod = await importer();
    // pg is CommonJS: under ESM its exports sit on `default`.
    return "default" in mod ? mod.default : mod;
  } catch (cause) {
    throw new OktaError(
      "the Postgres sync store needs the optional peer dependency pg: run `npm install pg@8`, " +
        "or use a SQLite file or createMemoryStore()",
      { cause },
    );
  }
}
