// The README's five-minute walkthrough, run as written: every command of its sh block, in order,
// in one shell from the repository root. Two things differ from a reader's terminal: `npx
// okta-idsrc` runs the CLI built from src/ (bundled here, so the test needs no prior build), and
// port 8080 becomes a free port, so parallel runs cannot collide.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = join(root, "node_modules/.okta-idsrc-test", `walkthrough-${process.pid}`);
const bin = join(dir, "cli.mjs");

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(root, "src/cli/bin.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    outfile: bin,
    logLevel: "silent",
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function walkthrough(): string[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Five-minute walkthrough"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

test("the README walkthrough runs as written against the mock", { timeout: 120_000 }, async () => {
  const port = String(await freePort());
  const lines = walkthrough().map((line) => line.replaceAll("8080", port));
  expect(lines.length).toBeGreaterThanOrEqual(7);
  const [mockLine, ...commands] = lines;
  expect(mockLine).toMatch(/^npx okta-idsrc mock /);

  const npx = (exec: string) =>
    `npx() { if [ "$1" = okta-idsrc ]; then shift; ${exec} node ${JSON.stringify(bin)} "$@"; ` +
    `else command npx "$@"; fi; }\n`;
  const mock = spawn("bash", ["-c", `${npx("exec")}${mockLine}`], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let banner = "";
    mock.stdout.on("data", (c: Buffer) => (banner += c));
    for (let i = 0; i < 3000 && !/listening on/.test(banner); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(banner).toMatch(/listening on/);

    const script =
      "set -euo pipefail\n" +
      npx("") +
      commands.map((c) => `echo ${JSON.stringify(`::: ${c}`)}\n${c}\n`).join("");
    const { stdout, stderr } = await promisify(execFile)("bash", ["-c", script], {
      cwd: root,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/tmp" },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 90_000,
    }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
    });
    const out = (start: string) => {
      const parts = stdout.split("::: ");
      return parts.find((p) => p.startsWith(start)) ?? "";
    };
    expect(out("npx okta-idsrc inspect")).toContain("Format:    CSV, comma-delimited");
    expect(out("npx okta-idsrc inspect")).toContain('  externalId: "{Employee ID}"');
    expect(out("npx okta-idsrc import") /* the dry run */).toContain(
      "Dry run: would import 4 users",
    );
    expect(stdout).toMatch(/Imported 4 users/);
    expect(stderr).toContain('not sent (no mapping uses them): "Manager ID", "Hire Date"');
    const user = JSON.parse(out("npx okta-idsrc users get").replace(/^.*\n/, ""));
    expect(user.profile).toMatchObject({
      firstName: "Bob",
      lastName: "Ray",
      email: "bob.ray@example.com",
      department: "Engineering",
    });
    expect(out("npx okta-idsrc sessions list")).toContain("No active import sessions.");
  } finally {
    mock.kill("SIGINT");
    await new Promise((done) => (mock.exitCode !== null ? done(null) : mock.on("exit", done)));
  }
});
