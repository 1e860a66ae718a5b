#!/usr/bin/env node
// Runs an example from a checkout of this repository:
//   node examples/run.mjs bulk-import-csv [users.csv]
//   node examples/run.mjs realtime-sync
//   node examples/run.mjs oauth-private-key
// The examples are TypeScript that import ../src, so this bundles one with esbuild (a dev
// dependency) into a temporary file and runs it with node, passing on arguments, environment and
// exit code. In your own project, import "okta-identity-sources" and compile as usual.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error("usage: node examples/run.mjs <example> [arguments]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), "okta-example-run-"));
const outfile = join(dir, `${name}.mjs`);
try {
  await build({
    entryPoints: [join(import.meta.dirname, `${name}.ts`)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    // ajv is CommonJS: give its require() calls a real require inside the ES module bundle.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
} catch {
  rmSync(dir, { recursive: true, force: true });
  process.exit(2);
}
const child = spawn(process.execPath, [outfile, ...args], { stdio: "inherit" });
child.on("exit", (code, signal) => {
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = code ?? (signal ? 1 : 0);
});
