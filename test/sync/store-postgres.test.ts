// What only the Postgres store does: it refuses a schema that is not ours before changing it,
// versions its schema, takes a caller's pool, explains a missing driver, and never shows the
// connection string's password.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { OktaError } from "../../src/core/errors.js";
import { createPostgresStore, OktaSyncStateError } from "../../src/sync/index.js";
import { loadPg } from "../../src/sync/load-pg.js";
import { redactUrl } from "../../src/sync/postgres-url.js";
import { dropSchemas, freshSchema, PG_SKIP_REASON, PG_URL, sql } from "./pg.js";

afterAll(dropSchemas);

describe.skipIf(PG_URL === undefined)(`postgres store${PG_SKIP_REASON}`, () => {
  it("creates its schema on first use and keeps what was committed across connections", async () => {
    const schema = freshSchema();
    const first = await createPostgresStore(PG_URL!, { schema });
    await first.commit({ put: [{ kind: "users", externalId: "u1", fingerprint: "abc" }] });
    await first.bindSource("0oaA");
    await first.close();
    const second = await createPostgresStore(PG_URL!, { schema });
    expect(await second.fingerprints("users", ["u1"])).toEqual(new Map([["u1", "abc"]]));
    await expect(second.bindSource("0oaB")).rejects.toThrow(/belongs to identity source 0oaA/);
    await second.close();
    const meta = await sql(`SELECT key, value FROM "${schema}".meta ORDER BY key`);
    expect(meta).toContainEqual({ key: "schemaVersion", value: "1" });
  });

  it("refuses a schema of another application, with its own entities table, and changes nothing", async () => {
    const schema = freshSchema();
    await sql(
      `CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".entities (id serial PRIMARY KEY, name text); ` +
        `INSERT INTO "${schema}".entities (name) VALUES ('x')`,
    );
    const error = await createPostgresStore(PG_URL!, { schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncStateError);
    expect((error as OktaSyncStateError).reason).toBe("foreign");
    expect((error as Error).message).toContain(`schema ${schema}`);
    const tables = await sql(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}'`,
    );
    expect(tables).toEqual([{ table_name: "entities" }]);
    expect(await sql(`SELECT name FROM "${schema}".entities`)).toEqual([{ name: "x" }]);
  });

  it("refuses a schema holding only a view or a sequence of another application", async () => {
    const schema = freshSchema();
    await sql(`CREATE SCHEMA "${schema}"; CREATE SEQUENCE "${schema}".ids`);
    await expect(createPostgresStore(PG_URL!, { schema })).rejects.toThrow(OktaSyncStateError);
    const other = freshSchema();
    await sql(`CREATE SCHEMA "${other}"; CREATE VIEW "${other}".v AS SELECT 1 AS one`);
    await expect(createPostgresStore(PG_URL!, { schema: other })).rejects.toThrow(/not an okta/);
  });

  it("refuses a foreign schema that happens to have a meta table", async () => {
    const schema = freshSchema();
    await sql(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".meta (k int)`);
    await expect(createPostgresStore(PG_URL!, { schema })).rejects.toThrow(
      /not an okta-identity-sources/,
    );
  });

  it("refuses a state written by a newer version", async () => {
    const schema = freshSchema();
    await (await createPostgresStore(PG_URL!, { schema })).close();
    await sql(`UPDATE "${schema}".meta SET value = '9' WHERE key = 'schemaVersion'`);
    const error = await createPostgresStore(PG_URL!, { schema }).catch((e: unknown) => e);
    expect((error as OktaSyncStateError).reason).toBe("newer-version");
    expect((error as Error).message).toMatch(/schema version 9.*upgrade the package/);
  });

  it("works on a caller's pool and leaves the pool open on close", async () => {
    const pool = new pg.Pool({ connectionString: PG_URL! });
    try {
      const store = await createPostgresStore(pool, { schema: freshSchema() });
      await store.commit({ put: [{ kind: "groups", externalId: "g", fingerprint: null }] });
      expect(await store.count("groups")).toBe(1);
      await store.close();
      expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });

  it("commits a large change set in one transaction, or nothing of it", async () => {
    const store = await createPostgresStore(PG_URL!, { schema: freshSchema() });
    const put = Array.from({ length: 12_000 }, (_, i) => ({
      kind: "users" as const,
      externalId: `u${i}`,
      fingerprint: "f",
    }));
    const bad = { kind: "users", externalId: "", fingerprint: "x" } as (typeof put)[number];
    await expect(store.commit({ put: [...put, bad] })).rejects.toThrow();
    expect(await store.count("users")).toBe(0);
    await store.commit({ put });
    expect(await store.count("users")).toBe(12_000);
    await store.close();
  });
});

describe("postgres connection strings", () => {
  it("never shows the password: not in where, nor in an error of an unreachable server", async () => {
    const url = "postgres://sync:s3cr%40t-pw@127.0.0.1:1/test?sslpassword=other-secret";
    expect(redactUrl(url)).toBe("postgres://sync:***@127.0.0.1:1/test?sslpassword=***");
    const error = await createPostgresStore(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaSyncStateError);
    const shown = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(shown).toContain("postgres://sync:***@127.0.0.1:1/test");
    expect(shown).not.toMatch(/s3cr|other-secret/);
  });

  it("explains how to install pg when it is missing", async () => {
    const missing = Object.assign(new Error("Cannot find package 'pg'"), {
      code: "ERR_MODULE_NOT_FOUND",
    });
    const error = await loadPg(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaError);
    expect((error as Error).message).toContain("npm install pg@8");
    expect((error as Error).cause).toBe(missing);
  });

  it("refuses a schema name that is not a plain identifier", async () => {
    await expect(
      createPostgresStore("postgres://x@127.0.0.1/db", { schema: 'a"; drop' }),
    ).rejects.toThrow(TypeError);
  });
});
