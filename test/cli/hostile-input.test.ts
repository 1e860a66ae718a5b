// Bounded memory on hostile input: a CSV field, NDJSON line or JSON array element longer than
// one request can carry (200,000 bytes) is an invalid row reported as `file:line`, and is never
// buffered whole, so a 100 MB field runs under a 128 MB heap (checked in a child process).
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCsv } from "../../src/cli/input/csv.js";
import { parseJsonArray, parseNdjson } from "../../src/cli/input/json.js";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** `text` split into 64 KB chunks, as the file reader delivers it. */
function* chunked(text: string, size = 65536) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const LIMIT = 200_000;

describe("records longer than one request", () => {
  test("CSV: a long quoted or unquoted field is an error row; parsing goes on with the right lines", async () => {
    const long = "x".repeat(LIMIT + 1);
    const text = `a,b\n1,"${long}\nstill quoted"\n2,ok\n3,${long}\n4,fine\n`;
    const records = await all(parseCsv(chunked(text)));
    expect(records.map((r) => [r.line, r.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [4, true],
      [5, false],
      [6, true],
    ]);
    expect(records[1]!.error).toMatch(/longer than 200,000 characters/);
    expect(records[2]!.fields).toEqual(["2", "ok"]);
    // Exactly at the limit is still a record (the delimiter counts as one character).
    const exact = `${"y".repeat(LIMIT - 2)},z`;
    const [atLimit] = await all(parseCsv(chunked(exact)));
    expect(atLimit!.error).toBeUndefined();
  });

  test("NDJSON and JSON arrays: a long line or element is an error item, the next is read", async () => {
    const long = JSON.stringify({ externalId: "x".repeat(LIMIT) });
    const nd = await all(parseNdjson(chunked(`{"a":1}\n${long}\n{"b":2}\n`)));
    expect(nd.map((i) => [i.line, i.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    const arr = await all(parseJsonArray(chunked(`[{"a":1},\n${long},\n{"b":2}]`)));
    expect(arr.map((i) => [i.line, i.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect(arr[1]!.error).toMatch(/longer than 200,000 characters/);
  });
});

describe("a 100 MB field under --max-old-space-size=128", () => {
  const dir = resolve(
    import.meta.dirname,
    "../../node_modules/.okta-idsrc-test",
    `hostile-${process.pid}`,
  );
  const bin = join(dir, "cli.mjs");
  const MB = 1024 * 1024;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    // The CLI from source, our code bundled and the dependencies resolved from node_modules.
    await build({
      entryPoints: [resolve(import.meta.dirname, "../../src/cli/bin.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      outfile: bin,
      logLevel: "silent",
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `head`, `size` bytes of "x", then `tail`, in 1 MB writes. */
  function writeBig(name: string, head: string, size: number, tail: string) {
    const path = join(dir, name);
    const fd = openSync(path, "w");
    writeSync(fd, head);
    const block = Buffer.alloc(MB, "x");
    for (let left = size; left > 0; left -= MB) writeSync(fd, block, 0, Math.min(MB, left));
    writeSync(fd, tail);
    closeSync(fd);
    return path;
  }

  function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, ["--max-old-space-size=128", bin, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env["PATH"] ?? "" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c));
      child.stderr.on("data", (c: Buffer) => (stderr += c));
      child.on("error", fail);
      child.on("close", (code) => done({ code, stdout, stderr }));
    });
  }

  test("CSV: reported as file:line, both passes run, no crash", { timeout: 120_000 }, async () => {
    const path = writeBig(
      "big.csv",
      "externalId,userName,email,notes\nu1,u1,u1@example.com,",
      100 * MB,
      "\nu2,u2,u2@example.com,fine\n",
    );
    const result = await cli(["import", "--users", path, "--dry-run", "--skip-invalid", "--json"]);
    expect(result.stderr).not.toMatch(/heap out of memory|FATAL/);
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.counts).toEqual({ users: 1 });
    expect(plan.skipped).toEqual([
      {
        file: path,
        line: 2,
        field: null,
        message: expect.stringMatching(/longer than 200,000 characters/),
      },
    ]);
  });

  test(
    "a JSON array: one 100 MB element is an invalid row, exit 2",
    { timeout: 120_000 },
    async () => {
      const path = writeBig(
        "big.json",
        '[{"externalId":"u0","userName":"u0","email":"u0@example.com"},\n{"externalId":"u1","notes":"',
        100 * MB,
        '"},\n{"externalId":"u2","userName":"u2","email":"u2@example.com"}]\n',
      );
      const result = await cli(["import", "--users", path, "--dry-run"]);
      expect(result.stderr).not.toMatch(/heap out of memory|FATAL/);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${path}:2: row is longer than 200,000 characters`);
      expect(result.stderr).toContain("1 invalid row");
    },
  );

  test("NDJSON: one 100 MB line is an invalid row, exit 2", { timeout: 120_000 }, async () => {
    const path = writeBig(
      "big.ndjson",
      '{"externalId":"u1","notes":"',
      100 * MB,
      '"}\n{"externalId":"u2"}\n',
    );
    const result = await cli([
      "import",
      "--users",
      path,
      "--dry-run",
      "--allow-incomplete-profiles",
    ]);
    expect(result.stderr).not.toMatch(/heap out of memory|FATAL/);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}:1: row is longer than 200,000 characters`);
  });
});
