#!/usr/bin/env node
// `npm run bench`: runs the benchmarks one after another, each in a fresh process against the
// built package (dist/), then prints a summary of every figure against its target. Each benchmark
// prints its own table and writes its section of bench/results.json.
// The nightly-sync benchmark (bench/sync.bench.mjs) runs last and writes its own
// bench/results-sync.json.
// Usage: node bench/run.mjs [overhead] [cold-start] [bundle-size] [import] [rate-limit] [sync]
//        [sync-stores]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { benchDir, resultsFile } from "./lib/paths.mjs";
import { machine } from "./lib/results.mjs";
import { printTable } from "./lib/table.mjs";

const SCRIPTS = {
  overhead: "overhead.mjs",
  "cold-start": "cold-start.mjs",
  "bundle-size": "bundle-size.mjs",
  import: "import.mjs",
  "rate-limit": "rate-limit.mjs",
  sync: "sync.bench.mjs",
  "sync-stores": "sync-stores.bench.mjs",
};
const ALL = Object.keys(SCRIPTS).filter((name) => existsSync(join(benchDir, SCRIPTS[name])));
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !ALL.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${ALL.join(", ")}`);
  process.exit(2);
}
const names = chosen.length > 0 ? chosen : ALL;
const command =
  process.env.npm_lifecycle_event === "bench"
    ? `npm run bench${chosen.length ? ` -- ${chosen.join(" ")}` : ""}`
    : `node bench/run.mjs${chosen.length ? ` ${chosen.join(" ")}` : ""}`;

const m = machine();
console.log(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`);
const failed = [];
for (const name of names) {
  console.log(`\n==> Benchmark: ${name}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [join(benchDir, SCRIPTS[name])], {
    stdio: "inherit",
    env: { ...process.env, BENCH_COMMAND: command },
  });
  console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (run.status !== 0) failed.push(name);
}

// --- summary of the latest figures ---------------------------------------------------------------
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {});
const results = read(resultsFile).benchmarks ?? {};
const sync = read(join(benchDir, "results-sync.json"));
const rows = [];
const add = (benchmark, figure, value, target, met) =>
  rows.push({ benchmark, figure, value, target, met });
const { overhead: o, coldStart: c, bundleSize: b, import: i, rateLimit: r } = results;
if (o) {
  const ours = "okta-identity-sources";
  add(
    "1 per-call overhead",
    "get-session, ours / bare fetch",
    `${o.ratios.get[ours]}x`,
    "<= 1.15x",
    o.ratios.get[ours] <= 1.15,
  );
  add(
    "",
    "bulk-upsert 200, ours / bare fetch",
    `${o.ratios.upsert[ours]}x`,
    "<= 1.15x",
    o.ratios.upsert[ours] <= 1.15,
  );
  add(
    "",
    "get-session, SDK / bare fetch",
    `${o.ratios.get["@okta/okta-sdk-nodejs"]}x`,
    "",
    undefined,
  );
  add(
    "",
    "bulk-upsert 200, SDK / bare fetch",
    `${o.ratios.upsert["@okta/okta-sdk-nodejs"]}x`,
    "",
    undefined,
  );
}
if (c) {
  add(
    "2 cold start",
    "SDK / ours, load + create",
    `${c.ratios.loadAndCreate}x`,
    ">= 10x",
    c.ratios.loadAndCreate >= 10,
  );
  add("", "SDK / ours, whole process", `${c.ratios.wall}x`, "", undefined);
}
if (b) {
  add(
    "3 bundle size",
    "client entry, gzipped",
    `${b.main.gzip} B`,
    "<= 10240 B",
    b.main.gzip <= 10240,
  );
  add(
    "",
    "OAuth in the main bundle",
    b.oauth.mainBytes === 0 ? "no" : `${b.oauth.mainBytes} B`,
    "no",
    b.oauth.mainBytes === 0,
  );
  add("", "openapi-fetch alone, gzipped", `${b.openapiFetch.gzip} B`, "", undefined);
}
if (i) {
  for (const row of i.rows) {
    add(
      rows.some((x) => x.benchmark.startsWith("4")) ? "" : "4 import",
      `${row.users.toLocaleString("en-US")} users: peak RSS, entities/s`,
      `${row.peakRssMb} MB, ${row.perSecond.toLocaleString("en-US")}/s`,
      "< 200 MB",
      row.peakRssMb < 200,
    );
  }
}
if (r) {
  add(
    "5 rate limit",
    "budget used, 429s, import ok",
    `${Math.round(r.summary.budgetShareUsed * 1000) / 10}%, ${r.summary.rateLimited429}, ${r.summary.importSucceeded ? "yes" : "no"}`,
    ">= 90%, no failure",
    r.target.met,
  );
}
// The sync benchmark prints its own table; its format is its owner's, so only point to it here.
if (sync.date)
  add("6 nightly sync", "see its table and bench/results-sync.json", sync.date, "", undefined);
for (const [i, row] of (results.syncStores?.rows ?? []).entries()) {
  add(
    i === 0 ? "7 sync planning" : "",
    `${row.store}, ${row.users.toLocaleString("en-US")} users: plan, peak RSS`,
    row.note ?? `${row.planS} s, ${row.peakRssMb} MB`,
    "",
    undefined,
  );
}
printTable(
  "Summary (latest figures in bench/results.json)",
  [
    { key: "benchmark", label: "benchmark" },
    { key: "figure", label: "figure" },
    { key: "value", label: "value" },
    { key: "target", label: "target" },
    { key: "met", label: "met" },
  ],
  rows,
);
if (failed.length > 0) {
  console.error(`\nbenchmark(s) that did not finish: ${failed.join(", ")}`);
  process.exit(1);
}
