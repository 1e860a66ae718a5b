// The runtime matrix: packs the package, installs the tarball into a fresh project as a user would,
// starts the embedded mock (from that tarball) on loopback, and runs scenario.mjs in every runtime:
// Node 20 (this machine's), Node 22 and 24, Bun, Deno, workerd, and headless Chromium with the
// client bundled by esbuild and by Vite. Prints a table runtime x step and exits non-zero when any
// cell fails. The runtimes come from test/runtimes/package.json (pinned), which scripts/test-runtimes
// installs apart from the package's own dependencies.
//
//   node test/runtimes/run.mjs [--only node20,deno] [--write-readme]
import { execFile, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { connect, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { checkReadme, runtimeTable } from "./readme-table.mjs";

const run = promisify(execFile);
const here = import.meta.dirname;
const root = resolve(here, "../..");
const bin = (path) => join(here, "node_modules", path);
const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",") : undefined;
const writeReadme = args.includes("--write-readme");
/** Longest one runtime may take, start to results. */
const RUNTIME_TIMEOUT_MS = 180_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Every runtime of the matrix; `entry` says how the package reaches it (the README table too). */
export const RUNTIMES = [
  {
    id: "node20",
    name: "Node 20",
    kind: "cli",
    require: true,
    sqlite: "better-sqlite3",
    cmd: process.execPath,
    args: [],
  },
  {
    id: "node22",
    name: "Node 22",
    kind: "cli",
    require: true,
    sqlite: "node:sqlite",
    cmd: bin("node22/bin/node"),
    args: [],
  },
  {
    id: "node24",
    name: "Node 24",
    kind: "cli",
    require: true,
    sqlite: "node:sqlite",
    cmd: bin("node24/bin/node"),
    args: [],
  },
  { id: "bun", name: "Bun", kind: "cli", sqlite: "bun:sqlite", cmd: bin(".bin/bun"), args: [] },
  // Network access to loopback and nothing else: no env, no read or write permission.
  {
    id: "deno",
    name: "Deno",
    kind: "cli",
    cmd: bin(".bin/deno"),
    args: ["run", "--allow-net=127.0.0.1"],
  },
  { id: "workerd", name: "workerd", kind: "workerd", cmd: bin(".bin/workerd") },
  { id: "chromium-esbuild", name: "Chromium + esbuild", kind: "browser", bundler: "esbuild" },
  { id: "chromium-vite", name: "Chromium + Vite", kind: "browser", bundler: "vite" },
];

const say = (line) => process.stdout.write(`${line}\n`);

async function main() {
  const work = mkdtempSync(join(tmpdir(), "ois-runtimes-"));
  const closers = [];
  try {
    const selected = RUNTIMES.filter((r) => !only || only.includes(r.id));
    const app = await installPackedPackage(work);
    const mock = await startMock(app, selected);
    closers.push(() => mock.close());
    const refusedUrl = `http://127.0.0.1:${await closedPort()}`;
    // The scenario's steps, then require() of every entry where the runtime is Node.
    const STEPS = [...(await import(join(app, "scenario.mjs"))).STEPS, "require"];

    const runners = { cli: runCli, workerd: runWorkerd, browser: runBrowser };
    const browser = selected.some((r) => r.kind === "browser")
      ? await launchBrowser(work)
      : undefined;
    if (browser) closers.push(() => browser.context.close());
    const rows = [];
    // Two at a time: this is a 2-core machine, and each runtime has its own identity sources.
    await pool(selected, 2, async (runtime) => {
      const config = { ...mock.configFor(runtime.id), refusedUrl };
      const started = Date.now();
      let results;
      let version = "";
      try {
        ({ results, version } = await withTimeout(
          runners[runtime.kind](runtime, app, config, browser),
          RUNTIME_TIMEOUT_MS,
          `${runtime.name} took longer than ${RUNTIME_TIMEOUT_MS} ms`,
        ));
      } catch (e) {
        results = { session: { ok: false, error: `runtime failed: ${e.message}` } };
      }
      rows.push({ runtime, version, results, ms: Date.now() - started });
      if (process.env.MATRIX_DEBUG) say(JSON.stringify(results));
      say(
        `    ${runtime.name} ${version}: ${summary(results, STEPS)} in ${Date.now() - started} ms`,
      );
    });
    rows.sort((a, b) => RUNTIMES.indexOf(a.runtime) - RUNTIMES.indexOf(b.runtime));
    const failed = printTable(rows, STEPS);

    if (!only) {
      const table = runtimeTable(rows);
      const readme = join(root, "README.md");
      if (writeReadme) await checkReadme(readme, table, { write: true });
      else if (!(await checkReadme(readme, table))) {
        say(
          "README.md's Runtimes table does not match these results; run `npm run test:runtimes -- --write-readme`",
        );
        return 1;
      }
    }
    return failed ? 1 : 0;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
}

/** npm pack (which builds), then a fresh project that installs the tarball and the scenario. */
async function installPackedPackage(work) {
  say("==> Packing the package and installing it into a fresh project");
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf("[\n")));
  const app = join(work, "app");
  mkdirSync(app);
  const dependencies = { "okta-identity-sources": `file:${join(work, info.filename)}` };
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module", dependencies }),
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: app,
  });
  for (const file of ["scenario.mjs", "entry-cli.mjs", "entry-worker.mjs", "entry-browser.mjs"]) {
    copyFileSync(join(here, file), join(app, file));
  }
  // Node 20 has no SQLite of its own: the consumer installs the optional peer better-sqlite3. Its
  // build for this machine's Node is copied from our own node_modules (building it again from
  // source would take a minute; the registry's prebuilt binaries are not reachable here).
  for (const name of ["better-sqlite3", "bindings", "file-uri-to-path"]) {
    cpSync(join(root, "node_modules", name), join(app, "node_modules", name), { recursive: true });
  }
  return app;
}

/** The mock from the packed package, with CORS for the pages, and per runtime its own sources and OAuth app. */
async function startMock(app, runtimes) {
  const { startMockOkta } = await import(
    join(app, "node_modules/okta-identity-sources/dist/src/testing/index.js")
  );
  const ids = (id) =>
    ["api", "imp", "syn"].map((k) =>
      `0oa${id.replace(/\W/g, "")}${k}`.slice(0, 20).padEnd(20, "x"),
    );
  const mock = await startMockOkta({
    port: 0,
    host: "127.0.0.1",
    apiToken: "runtime-matrix-token",
    identitySourceIds: runtimes.flatMap((r) => ids(r.id)),
    timeScale: 0.001,
    cors: true,
    // Nine runtimes share one mock; the rate limits are the mock's own tests' business.
    rateLimit: { perMinute: Infinity, concurrency: Infinity },
    requestLog: false,
  });
  const keys = new Map();
  for (const runtime of runtimes) {
    // A SEC1 ("EC PRIVATE KEY") PEM: the client re-wraps it for Web Crypto on every runtime.
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const clientId = `0oaMatrix${runtime.id.replace(/\W/g, "")}`;
    mock.registerClient({ clientId, publicKey, requireDpop: true });
    keys.set(runtime.id, {
      clientId,
      privateKey: privateKey.export({ type: "sec1", format: "pem" }),
      privateJwk: privateKey.export({ format: "jwk" }),
    });
  }
  return {
    close: () => mock.close(),
    configFor(id) {
      const [sourceId, importSourceId, syncSourceId] = ids(id);
      return {
        orgUrl: mock.url,
        token: "runtime-matrix-token",
        sourceId,
        importSourceId,
        syncSourceId,
        ...keys.get(id),
      };
    },
  };
}

async function runCli(runtime, app, config) {
  const { stdout: v } = await run(runtime.cmd, ["--version"]);
  const version = v
    .trim()
    .split("\n")[0]
    .replace(/^deno /, "");
  // A clean environment: PATH only, so nothing the client might read is there by accident.
  // Where the runtime has a SQLite, its sync step writes a state file of its own in the app folder.
  const withSqlite = runtime.sqlite
    ? { ...config, sqlite: { path: join(app, `state-${runtime.id}.db`), driver: runtime.sqlite } }
    : config;
  const child = await runChild(
    runtime.cmd,
    [...runtime.args, "entry-cli.mjs", JSON.stringify(withSqlite)],
    app,
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: "1",
    },
  );
  const line = child.stdout.split("\n").find((l) => l.startsWith("RESULTS "));
  if (!line)
    throw new Error(`no results (exit ${child.code}): ${tail(child.stderr || child.stdout)}`);
  const results = JSON.parse(line.slice("RESULTS ".length));
  if (runtime.require) results.require = await requireEntries(runtime, app);
  return { results, version };
}

/** CommonJS: require() of each entry gives the ESM module itself (one OktaError class). */
async function requireEntries(runtime, app) {
  const code = `const main = require("okta-identity-sources");
const sync = require("okta-identity-sources/sync");
const testing = require("okta-identity-sources/testing");
import("okta-identity-sources").then((esm) => {
  const ok = esm.OktaError === main.OktaError && typeof sync.createMemoryStore === "function" &&
    typeof testing.startMockOkta === "function";
  console.log(ok ? "same" : "different");
});`;
  const started = Date.now();
  const env = { PATH: process.env.PATH };
  const child = await runChild(runtime.cmd, ["--input-type=commonjs", "-e", code], app, env);
  const ms = Date.now() - started;
  if (child.code === 0 && child.stdout.trim() === "same") return { ok: true, ms };
  return { ok: false, ms, error: tail(child.stderr || child.stdout) || `exit ${child.code}` };
}

async function runWorkerd(runtime, app, config) {
  const { build } = await import("esbuild");
  // workerd loads one module graph from its config: the worker is bundled, as wrangler would.
  await build({
    absWorkingDir: app,
    entryPoints: ["entry-worker.mjs"],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    outfile: join(app, "worker.js"),
    logLevel: "error",
  });
  const port = await closedPort();
  // No compatibility flags: the client must not need nodejs_compat. Outbound requests may reach
  // loopback only (where the mock is).
  writeFileSync(
    join(app, "matrix.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "CONFIG", text = ${JSON.stringify(JSON.stringify(config))})],
  globalOutbound = "loopback",
);
`,
  );
  const { stdout: v } = await run(runtime.cmd, ["--version"]);
  const server = spawn(runtime.cmd, ["serve", "matrix.capnp"], {
    cwd: app,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout.on("data", (d) => (output += d));
  server.stderr.on("data", (d) => (output += d));
  try {
    await waitForPort(port, server);
    const response = await fetch(`http://127.0.0.1:${port}/run`);
    const text = await response.text();
    if (!response.ok) throw new Error(`worker answered ${response.status}: ${tail(text + output)}`);
    return { results: JSON.parse(text), version: v.trim().replace(/^workerd /, "") };
  } finally {
    server.kill();
  }
}

async function launchBrowser(work) {
  const { chromium } = await import(bin("playwright-core/index.mjs"));
  const userDataDir = join(work, "chromium-profile");
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  return { context, version: context.browser()?.version() ?? "" };
}

async function runBrowser(runtime, app, config, browser) {
  const dir = join(app, `web-${runtime.bundler}`);
  mkdirSync(dir, { recursive: true });
  if (runtime.bundler === "esbuild") {
    const { build } = await import("esbuild");
    await build({
      absWorkingDir: app,
      entryPoints: ["entry-browser.mjs"],
      bundle: true,
      format: "esm",
      platform: "browser",
      outfile: join(dir, "app.js"),
      logLevel: "error",
    });
    writeFileSync(
      join(dir, "index.html"),
      `<!doctype html><script type="module" src="./app.js"></script>`,
    );
  } else {
    const { build } = await import("vite");
    const source = join(app, "vite-src");
    mkdirSync(source, { recursive: true });
    for (const file of ["scenario.mjs", "entry-browser.mjs"])
      copyFileSync(join(app, file), join(source, file));
    writeFileSync(
      join(source, "index.html"),
      `<!doctype html><script type="module" src="./entry-browser.mjs"></script>`,
    );
    await build({
      root: source,
      configFile: false,
      logLevel: "error",
      build: { outDir: dir, emptyOutDir: true },
    });
  }
  // The page comes from its own origin; the mock is another, so every call goes through CORS.
  const site = await serveStatic(dir);
  const page = await browser.context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  try {
    await page.goto(`${site.url}/index.html`);
    await page
      .waitForFunction(() => document.title === "ready", null, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the page did not load: ${problems.join("; ") || "no error reported"}`);
      });
    const results = await page.evaluate((c) => window.runScenario(c), config);
    return { results, version: browser.version };
  } finally {
    await page.close();
    await site.close();
  }
}

function serveStatic(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript" };
  const server = createServer((req, res) => {
    const path = join(dir, new URL(req.url, "http://x").pathname.replace(/\.\.+/g, ""));
    try {
      const body = readFileSync(path);
      res.writeHead(200, { "Content-Type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolvePromise) => {
    server.listen(0, "localhost", () => {
      resolvePromise({
        url: `http://localhost:${server.address().port}`,
        // The browser keeps its connections open; close them rather than wait for its timeout.
        close: () => new Promise((done) => (server.close(done), server.closeAllConnections())),
      });
    });
  });
}

function runChild(cmd, argv, cwd, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUNTIME_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** A port that was free a moment ago: bound, then closed. */
function closedPort() {
  return new Promise((resolvePromise) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

async function waitForPort(port, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const open = await new Promise((done) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.destroy();
        done(true);
      });
      socket.on("error", () => done(false));
    });
    if (open) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`nothing listening on ${port} after 10 s`);
}

function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise(
    (_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)),
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function pool(items, size, work) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (queue.length) await work(queue.shift());
    }),
  );
}

const tail = (text) => text.trim().split("\n").slice(-5).join(" | ");

const cell = (result) => (result === undefined ? "·" : result.ok ? "✓" : "✗");

function summary(results, steps) {
  const ok = steps.filter((s) => results[s]?.ok).length;
  const failed = steps.filter((s) => results[s] && !results[s].ok).length;
  return `${ok} passed, ${failed} failed`;
}

/** Prints the table and every failure's message; true when any cell failed. */
function printTable(rows, steps) {
  const width = Math.max(...rows.map((r) => r.runtime.name.length), 7) + 2;
  say("");
  say(`${"runtime".padEnd(width)}${steps.map((s) => s.padEnd(s.length + 2)).join("")}`);
  for (const row of rows) {
    say(
      `${row.runtime.name.padEnd(width)}${steps.map((s) => cell(row.results[s]).padEnd(s.length + 2)).join("")}`,
    );
  }
  say(
    "✓ passed  ✗ failed  · not run here (require: Node only; sync-sqlite: runtimes with a SQLite)",
  );
  let failed = false;
  for (const row of rows) {
    for (const [step, result] of Object.entries(row.results)) {
      if (result.ok) continue;
      failed = true;
      say(`✗ ${row.runtime.name} / ${step}: ${result.error}`);
    }
  }
  const cells = rows.flatMap((r) => steps.map((s) => r.results[s]).filter(Boolean));
  say(
    `runtimes: ${cells.filter((c) => c.ok).length} passed, ${cells.filter((c) => !c.ok).length} failed`,
  );
  return failed;
}

process.exitCode = await main().catch((e) => {
  console.error(e);
  return 1;
});
