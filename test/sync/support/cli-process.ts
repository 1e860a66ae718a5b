// The real CLI as its own process: src/cli/bin.ts bundled once by esbuild (packages stay external,
// so better-sqlite3 and pg load from node_modules), spawned with node. Every child is killed by
// killAll() in the test's afterAll.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..", "..", "..");
const out = join(root, "node_modules", ".cache", "okta-idsrc-sync-test", `cli-${process.pid}.mjs`);
let built: Promise<void> | undefined;

/** Bundles the CLI (once per test process). */
export function buildCli(): Promise<void> {
  built ??= (async () => {
    mkdirSync(join(out, ".."), { recursive: true });
    await build({
      entryPoints: [join(root, "src", "cli", "bin.ts")],
      outfile: out,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "error",
    });
  })();
  return built;
}

export interface CliProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process exits (code null when killed). */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

const children = new Set<ChildProcess>();

export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [out, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("close", (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, pid: child.pid!, done };
}

/** Runs the CLI to its end. */
export function runCli(args: string[], env: Record<string, string>) {
  return startCli(args, env).done;
}

/** Kills every child still running and removes the bundle. */
export function killAll(): void {
  for (const child of children) child.kill("SIGKILL");
  rmSync(out, { force: true });
}
