#!/usr/bin/env node
// Benchmark: planning a sync (a dry run: every snapshot user compared with the state, every state
// user checked against the snapshot) against a state of N users, in PostgreSQL and in SQLite, side
// by side: plan time and the planning process's peak RSS at 100,000 and 1,000,000 users. The
// snapshot streams from a generator (1% of profiles changed), so memory is the planner's own.
// Each measurement runs in a fresh process: one seeds the state, another plans.
// Needs the built package (npm run bench builds it) and, for the Postgres rows, a server at
// BENCH_PG (default postgres://postgres@127.0.0.1:5432/test).
// Usage: node bench/sync-stores.bench.mjs [--users 100000,1000000] [--stores sqlite,postgres]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { distUrl } from "./lib/paths.mjs";
import { writeSection } from "./lib/results.mjs";
import { printTable } from "./lib/table.mjs";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000,1000000" },
    stores: { type: "string", default: "sqlite,postgres" },
    child: { type: "string" },
    state: { type: "string" },
    n: { type: "string" },
  },
});
const PG = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const CHANGED_EVERY = 100;

function profile(i, version) {
  const id = `emp${String(i).padStart(7, "0")}`;
  return {
    externalId: id,
    profile: {
      userName: `${id}@example.com`,
      email: `${id}@example.com`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      department: ["Engineering", "Sales", "Finance", "Support"][i % 4],
      title: `Title ${version}`,
    },
  };
}

async function openStore(sync, kind, state) {
  return kind === "sqlite"
    ? sync.createSqliteStore(state)
    : sync.createPostgresStore(PG, { schema: state });
}

// --- child: seed or plan, then report its figures as one JSON line ---------------------------------
if (values.child) {
  const sync = await import(distUrl("src/sync/index.js"));
  const [kind, phase] = values.child.split(":");
  const n = Number(values.n);
  const store = await openStore(sync, kind, values.state);
  const started = performance.now();
  let result = {};
  if (phase === "seed") {
    for (let i = 0; i < n; i += 10_000) {
      const put = [];
      for (let j = i; j < Math.min(n, i + 10_000); j++) {
        const { externalId, profile: p } = profile(j, 0);
        put.push({ kind: "users", externalId, fingerprint: sync.fingerprint(p) });
      }
      await store.commit({ put });
    }
  } else {
    async function* users() {
      for (let i = 0; i < n; i++) yield profile(i, i % CHANGED_EVERY === 0 ? 1 : 0);
    }
    const report = await sync.runSync(
      { id: SOURCE, sessions: undefined },
      { users: users() },
      { store, dryRun: true, sampleSize: 0 },
    );
    result = report.plan.counts.users;
  }
  const ms = performance.now() - started;
  await store.close();
  console.log(JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, ...result }));
  process.exit(0);
}

// --- parent: one seed and one plan process per store and size ------------------------------------
const sizes = values.users.split(",").map(Number);
const stores = values.stores.split(",");
const dir = mkdtempSync(join(tmpdir(), "okta-idsrc-bench-stores-"));

function child(kind, phase, state, n) {
  const run = spawnSync(
    process.execPath,
    [import.meta.filename, "--child", `${kind}:${phase}`, "--state", state, "--n", String(n)],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (run.status !== 0) throw new Error(`${kind} ${phase} ${n} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1));
}

async function pgAnswers() {
  try {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: PG, connectionTimeoutMillis: 3000 });
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function dropSchema(name) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await client.end();
}

const rows = [];
const pgUp = stores.includes("postgres") && (await pgAnswers());
try {
  for (const n of sizes) {
    for (const kind of stores) {
      if (kind === "postgres" && !pgUp) {
        rows.push({ store: kind, users: n, note: `skipped: no PostgreSQL at ${PG}` });
        continue;
      }
      const state = kind === "sqlite" ? join(dir, `state-${n}.db`) : `bench_${process.pid}_${n}`;
      try {
        const seed = child(kind, "seed", state, n);
        const plan = child(kind, "plan", state, n);
        rows.push({
          store: kind,
          users: n,
          seedS: Math.round(seed.ms / 100) / 10,
          planS: Math.round(plan.ms / 100) / 10,
          perSecond: Math.round(n / (plan.ms / 1000)),
          peakRssMb: Math.round(plan.peakRssMb),
          update: plan.update,
          unchanged: plan.unchanged,
        });
      } finally {
        if (kind === "postgres") await dropSchema(state);
        else rmSync(state, { force: true });
      }
      console.log(`  ${kind} ${n.toLocaleString("en-US")}: done`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

printTable(
  "Planning a sync against its state (dry run, 1% of profiles changed), one process per figure",
  [
    { key: "store", label: "store" },
    { key: "users", label: "users" },
    { key: "planS", label: "plan s" },
    { key: "perSecond", label: "users/s" },
    { key: "peakRssMb", label: "peak RSS MB" },
    { key: "update", label: "changed" },
    { key: "seedS", label: "seed s" },
    { key: "note", label: "note" },
  ],
  rows,
);
writeSection("syncStores", { changedShare: 1 / CHANGED_EVERY, rows });
