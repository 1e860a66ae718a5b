// The real PostgreSQL server the Postgres store is tested against (127.0.0.1:5432, trust auth,
// database "test"; OKTA_IDSRC_TEST_PG overrides). Each test gets a schema of its own, dropped after.
import pg from "pg";

const CANDIDATES = process.env.OKTA_IDSRC_TEST_PG
  ? [process.env.OKTA_IDSRC_TEST_PG]
  : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

/** The first URL that answers, or undefined when no server does. */
async function findServer(): Promise<string | undefined> {
  for (const url of CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return url;
    } catch {
      // try the next user
    } finally {
      await client.end().catch(() => {});
    }
  }
  return undefined;
}

export const PG_URL = await findServer();

/** Appended to the name of a suite that needs the server, when it is not there. */
export const PG_SKIP_REASON = PG_URL
  ? ""
  : " (skipped: no PostgreSQL server answers on 127.0.0.1:5432; .ci/run starts one)";

let schemas = 0;
const created: string[] = [];

/** A schema name no other test uses (not created: the store creates it). */
export function freshSchema(): string {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${schemas++}`;
  created.push(name);
  return name;
}

/** Drops every schema freshSchema handed out. */
export async function dropSchemas(): Promise<void> {
  if (!PG_URL || created.length === 0) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    for (const name of created.splice(0))
      await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs SQL on the test database (to build foreign schemas, inspect tables). */
export async function sql(text: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}
