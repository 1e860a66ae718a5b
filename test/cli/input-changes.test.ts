// Inputs cannot change underfoot: the CLI reads each file more than once (validation, then upload
// or planning), and a file that differs on a later pass (size, modification time, identity, or
// the content of any block, even at the same size and mtime) stops the run before anything more
// is sent, naming the file. The rewrites happen at exact points of real runs against the mock,
// through a proxy that runs a hook when a given request arrives.
import {
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createFileGuard, InputChangedError } from "../../src/cli/input/guard.js";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { files, run, SOURCE_ID } from "./helpers.js";
import { startHookProxy } from "./support/hook-proxy.js";
import type { Hook, HookProxy } from "./support/hook-proxy.js";

let mock: MockOkta;
let proxy: HookProxy;
let hook: Hook = () => {};
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
  proxy = await startHookProxy(mock.url, (method, path) => hook(method, path));
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  hook = () => {};
});

const env = () => ({ OKTA_CLIENT_ORGURL: proxy.url, OKTA_CLIENT_TOKEN: mock.apiToken });

/** `n` users as CSV, each row the same length, so a rewrite can keep the file's size. */
function usersCsv(n: number, lastName = "Original") {
  let text = "externalId,userName,email,lastName\n";
  for (let i = 0; i < n; i++) {
    const id = `u${String(i).padStart(6, "0")}`;
    text += `${id},${id},${id}@example.com,${lastName}\n`;
  }
  return text;
}

/** Rewrites `path` in place with `text` and puts its modification time back. */
function rewriteKeepingTimes(path: string, text: string) {
  const before = statSync(path);
  writeFileSync(path, text);
  utimesSync(path, before.atime, before.mtime);
}

const bulkBodies = () =>
  mock.requests.filter((r) => r.method === "POST" && /\/bulk-/.test(r.path)).map((r) => r.body);

describe("FileGuard", () => {
  test("a later pass fails on a change of size, content (same size and mtime) or identity", async () => {
    const { paths, cleanup } = files({ "a.csv": usersCsv(6000) });
    try {
      const read = async (guard: ReturnType<typeof createFileGuard>) => {
        let bytes = 0;
        for await (const block of guard.blocks()) bytes += block.length;
        return bytes;
      };
      const path = paths["a.csv"]!;
      const size = statSync(path).size;
      expect(size).toBeGreaterThan(3 * 64 * 1024); // several blocks

      const guard = createFileGuard(path);
      expect(await read(guard)).toBe(size);
      expect(guard.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await read(guard)).toBe(size); // unchanged: passes again

      rewriteKeepingTimes(path, usersCsv(6000, "Changed!"));
      expect(statSync(path).size).toBe(size);
      await expect(read(guard)).rejects.toThrow(InputChangedError);
      await expect(read(guard)).rejects.toThrow(/content differs from byte \d/);

      const g2 = createFileGuard(path);
      await read(g2);
      truncateSync(path, Math.floor(size * 0.85));
      await expect(read(g2)).rejects.toThrow(`${path}: the file changed`);

      const g3 = createFileGuard(path);
      await read(g3);
      const copy = `${path}.new`;
      writeFileSync(copy, readFileSync(path));
      utimesSync(copy, statSync(path).atime, statSync(path).mtime);
      renameSync(copy, path); // same bytes, same times, another file: an export replaced
      await expect(read(g3)).rejects.toThrow(/replaced by another file/);
    } finally {
      cleanup();
    }
  });
});

describe("import stops when a file changes between passes", () => {
  test("content rewritten (same size and mtime) during the upload: nothing of it is sent", async () => {
    const { paths, cleanup } = files({ "users.csv": usersCsv(3000) });
    const path = paths["users.csv"]!;
    let rewritten = false;
    hook = (method, p) => {
      if (!rewritten && method === "POST" && p.endsWith("/bulk-upsert")) {
        rewritten = true;
        rewriteKeepingTimes(path, usersCsv(3000, "Changed!"));
      }
    };
    try {
      const result = await run(
        ["import", "--source", SOURCE_ID, "--users", path, "--poll-interval", "20"],
        { env: env() },
      );
      expect(rewritten).toBe(true);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`${path}: the file changed while it was being read`);
      // Nothing read after the change went out, and Okta imported nothing: the session was
      // cancelled, never triggered.
      expect(JSON.stringify(bulkBodies())).not.toContain("Changed!");
      expect(bulkBodies().length).toBeLessThan(15);
      expect(mock.state(SOURCE_ID).users).toHaveLength(0);
      expect(mock.state(SOURCE_ID).sessions.map((s) => s.status)).not.toContain("COMPLETED");
    } finally {
      cleanup();
    }
  });

  test("cut to 85% during the upload: stops, and nothing is imported", async () => {
    const { paths, cleanup } = files({ "users.csv": usersCsv(6000) });
    const path = paths["users.csv"]!;
    let cut = false;
    hook = (method, p) => {
      if (!cut && method === "POST" && p.endsWith("/bulk-upsert")) {
        cut = true;
        truncateSync(path, Math.floor(statSync(path).size * 0.85));
      }
    };
    try {
      const result = await run(
        ["import", "--source", SOURCE_ID, "--users", path, "--poll-interval", "20"],
        { env: env() },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`${path}: the file changed`);
      expect(result.stderr).toMatch(/size went from [\d,]+ to [\d,]+ bytes/);
      expect(bulkBodies().length).toBeLessThan(30);
      expect(mock.state(SOURCE_ID).users).toHaveLength(0);
      expect(result.stdout).not.toMatch(/Imported/);
    } finally {
      cleanup();
    }
  });
});

describe("the progress view is finished before the error of a run that stops", () => {
  test.each([
    ["import", "plain lines", false],
    ["import", "a terminal", true],
  ])(
    "%s on %s: the error is on a line of its own, and no progress line follows it",
    async (command, _, isTTY) => {
      const { paths, cleanup } = files({ "users.csv": usersCsv(3000) });
      const path = paths["users.csv"]!;
      let cut = false;
      hook = (method, p) => {
        if (!cut && method === "POST" && p.endsWith("/bulk-upsert")) {
          cut = true;
          truncateSync(path, Math.floor(statSync(path).size * 0.85));
        }
      };
      let stderr = "";
      try {
        const { main } = await import("../../src/cli/main.js");
        const argv = [command, "--source", SOURCE_ID, "--users", path, "--poll-interval", "20"];
        const code = await main([...argv, "--progress-interval", "20"], {
          stdout: { write: () => true },
          stderr: { write: (text: string) => (stderr += text) },
          env: env(),
          isTTY,
          columns: 120,
        });
        expect(code).not.toBe(0);
        // The error is not a failure of the import itself: it reaches the CLI as it is.
        const error = `okta-idsrc ${command}: ${path}: the file changed`;
        expect(stderr).toContain(`\n${error}`);
        const end = stderr.length;
        // A view left running keeps its ticker: it would print (plain) or redraw (terminal) here.
        await new Promise((resolve) => setTimeout(resolve, 1200));
        expect(stderr.length).toBe(end);
        const lines = stderr.split("\n");
        const at = lines.findIndex((l) => l.startsWith(error));
        expect(lines.slice(at + 1).some((l) => /progress:|█|░/.test(l))).toBe(false);
        if (isTTY)
          expect(lines.slice(0, at).some((l) => l.includes("█") || l.includes("░"))).toBe(true);
        else expect(lines.slice(0, at).some((l) => l.startsWith("progress:"))).toBe(true);
      } finally {
        cleanup();
      }
    },
  );
});

describe("sync never derives deletes from a changed file", () => {
  test("a users export cut to 85% between validation and planning: nothing is sent", async () => {
    // JSON with numbers, so the CLI prints its "read as strings" note after validating, which is
    // where this test cuts the file (the planning pass starts right after).
    const users = (n: number) =>
      JSON.stringify(
        Array.from({ length: n }, (_, i) => ({
          externalId: `u${i}`,
          userName: `u${i}`,
          email: `u${i}@example.com`,
          employeeNumber: i,
        })),
      );
    const { dir, paths, cleanup } = files({ "users.json": users(100) });
    const path = paths["users.json"]!;
    const state = join(dir, "state.db");
    const argv = ["sync", "--source", SOURCE_ID, "--users", path, "--state", state];
    argv.push("--poll-interval", "20");
    try {
      const first = await run(argv, { env: env() });
      expect(first.code, first.stderr).toBe(0);
      expect(mock.state(SOURCE_ID).users).toHaveLength(100);
      const sent = mock.requests.length;

      let stderr = "";
      const code = await (
        await import("../../src/cli/main.js")
      ).main(argv, {
        stdout: { write: () => true },
        stderr: {
          write: (s: string) => {
            stderr += s;
            if (s.includes("read as strings")) writeFileSync(path, users(85));
            return true;
          },
        },
        env: env(),
        isTTY: false,
      });
      expect(code).not.toBe(0);
      expect(stderr).toContain(`${path}: the file changed`);
      expect(mock.requests.slice(sent).filter((r) => r.method !== "GET")).toHaveLength(0);
      expect(mock.state(SOURCE_ID).users.filter((u) => u.status !== "ACTIVE")).toHaveLength(0);
    } finally {
      cleanup();
    }
  });
});
