#!/usr/bin/env node
// Benchmark 4: import throughput and memory. Users streamed from a generated CSV (custom
// attributes included) through the CLI (`node dist/src/cli/bin.js import`) into the embedded mock
// in another process, with no rate limit; 100,000 and 1,000,000 users, to show memory stays flat.
// Reports entities per second and the CLI process's peak RSS. Target: peak RSS under 200 MB.
// Usage: node bench/import.mjs [--sizes 100000,1000000] [--concurrency 1] [--time-scale 0.001]
import { parseArgs } from "node:util";
import { startMockProcess } from "./lib/mock-process.mjs";
import { writeSection } from "./lib/results.mjs";
import { cliImportReady, runCli } from "./lib/run-cli.mjs";
import { round } from "./lib/stats.mjs";
import { printTable } from "./lib/table.mjs";
import { usersCsv } from "./lib/users-csv.mjs";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "100000,1000000" },
    concurrency: { type: "string", default: "1" },
    "time-scale": { type: "string", default: "0.001" },
    "poll-interval": { type: "string", default: "10" },
  },
});
const SIZES = values.sizes.split(",").map(Number);
const TARGET_MB = 200;
const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const TOKEN = "bench-token-0123456789";
const cliFlags = ["--concurrency", values.concurrency, "--poll-interval", values["poll-interval"]];

if (!(await cliImportReady())) {
  console.log(
    "\nImport throughput: skipped, `dist/src/cli/bin.js import --help` does not work yet",
  );
  process.exit(0);
}

const rows = [];
let rssFrom;
for (const users of SIZES) {
  const csv = await usersCsv(users);
  const mock = await startMockProcess({
    apiToken: TOKEN,
    identitySourceIds: [SOURCE],
    timeScale: Number(values["time-scale"]),
    rateLimit: { perMinute: Infinity, concurrency: Infinity },
    requestLog: false,
  });
  const run = await runCli(
    ["import", "--org-url", mock.url, "--source", SOURCE, "--users", csv, "--json", ...cliFlags],
    // The token travels in the environment, as the CLI documents, not on the command line.
    { env: { OKTA_CLIENT_TOKEN: TOKEN } },
  );
  const seen = await mock.summary(SOURCE);
  await mock.close();
  if (run.code !== 0) {
    throw new Error(
      `import of ${users} users exited with ${run.code}:\n${run.stderr.slice(-3000)}`,
    );
  }
  const report = JSON.parse(run.stdout);
  if (report.counts.users !== users || seen.users !== users) {
    throw new Error(
      `import of ${users} users: reported ${report.counts.users}, mock has ${seen.users}`,
    );
  }
  rssFrom = run.rssFrom;
  rows.push({
    users,
    wallS: round(run.wallMs / 1000, 1),
    perSecond: Math.round(users / (run.wallMs / 1000)),
    uploadPerSecond: Math.round(users / (report.durationMs / 1000)),
    peakRssMb: round(run.peakRssMb, 1),
    requests: report.requests,
    sessions: report.sessions.length,
    retries: report.retries,
  });
}

const largest = rows.at(-1);
const smallest = rows[0];
const growth = round(largest.peakRssMb / smallest.peakRssMb, 2);
const met = rows.every((r) => r.peakRssMb < TARGET_MB);
printTable(
  "Import throughput and memory: CSV -> CLI -> embedded mock (no rate limit)",
  [
    { key: "users", label: "users" },
    { key: "wallS", label: "wall s" },
    { key: "perSecond", label: "entities/s (whole run)" },
    { key: "uploadPerSecond", label: "entities/s (upload phase)" },
    { key: "peakRssMb", label: "CLI peak RSS MB" },
    { key: "requests", label: "bulk requests" },
    { key: "sessions", label: "sessions" },
    { key: "retries", label: "retries" },
  ],
  rows,
);
console.log(
  `peak RSS ${largest.users.toLocaleString("en-US")} vs ${smallest.users.toLocaleString("en-US")} users: ${growth}x` +
    ` | target: peak RSS < ${TARGET_MB} MB -> ${largest.peakRssMb} MB: ${met ? "met" : "MISSED"}`,
);

writeSection("import", {
  description:
    "Users from a generated CSV (6 named + 3 custom attributes) through `node dist/src/cli/bin.js import` into the embedded mock in another process, no rate limit; whole run = process start to exit (both passes over the file: validation, then upload); upload phase = the importer's durationMs",
  config: {
    cli: `okta-idsrc import --users <csv> --json ${cliFlags.join(" ")}`,
    mock: {
      timeScale: Number(values["time-scale"]),
      rateLimit: { perMinute: "Infinity", concurrency: "Infinity" },
      requestLog: false,
    },
    rssFrom,
  },
  rows,
  ratios: { peakRssGrowth: growth },
  target: { peakRssMb: TARGET_MB, met },
});
