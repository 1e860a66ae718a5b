#!/usr/bin/env node
// Benchmark 5: rate-limit efficiency. The CLI imports users into the embedded mock with a
// per-window request limit (a short window so the run takes about a minute; Okta's is a minute).
// Share of the budget used = requests the mock admitted in every window but the last (which the
// end of the import cuts short), divided by what the limit allowed in the time those windows took
// (limit x time / window length). The mock starts a window at the first request after the previous
// one ended, so time spent idle after a reset lowers the share. Target: at least 90% used, and the import succeeds: no request failed on a 429.
// Usage: node bench/rate-limit.mjs [--users 200000] [--limit 300] [--window-ms 20000]
import { parseArgs } from "node:util";
import { startMockProcess } from "./lib/mock-process.mjs";
import { writeSection } from "./lib/results.mjs";
import { cliImportReady, runCli } from "./lib/run-cli.mjs";
import { round } from "./lib/stats.mjs";
import { printTable } from "./lib/table.mjs";
import { usersCsv } from "./lib/users-csv.mjs";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "200000" },
    limit: { type: "string", default: "300" },
    "window-ms": { type: "string", default: "20000" },
    "time-scale": { type: "string", default: "0.001" },
    "poll-interval": { type: "string", default: "100" },
  },
});
const USERS = Number(values.users);
const LIMIT = Number(values.limit);
const WINDOW_MS = Number(values["window-ms"]);
const TARGET = 0.9;
const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const TOKEN = "bench-token-0123456789";
const cliFlags = ["--poll-interval", values["poll-interval"]];

if (!(await cliImportReady())) {
  console.log(
    "\nRate-limit efficiency: skipped, `dist/src/cli/bin.js import --help` does not work yet",
  );
  process.exit(0);
}

const csv = await usersCsv(USERS);
const mock = await startMockProcess({
  apiToken: TOKEN,
  identitySourceIds: [SOURCE],
  timeScale: Number(values["time-scale"]),
  rateLimit: { perMinute: LIMIT, windowMs: WINDOW_MS, concurrency: Infinity },
  requestLog: { max: 10_000_000, bodies: false },
});
const run = await runCli(
  ["import", "--org-url", mock.url, "--source", SOURCE, "--users", csv, "--json", ...cliFlags],
  { env: { OKTA_CLIENT_TOKEN: TOKEN } },
);
const seen = await mock.summary(SOURCE);
const requests = await mock.requests();
await mock.close();

const report = run.code === 0 || run.code === 1 ? safeJson(run.stdout) : undefined;
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Windows as the mock keeps them: one starts at the first request after the previous one ended.
const windows = [];
for (const [at, status] of requests) {
  let w = windows.at(-1);
  if (!w || at >= w.start + WINDOW_MS) windows.push((w = { start: at, admitted: 0, rejected: 0 }));
  if (status === 429) w.rejected++;
  else w.admitted++;
}
// The last window is cut short by the end of the import; the ones before it are measured, over the
// time from the first window's start to the last one's: limit x that time / window length is what
// a client that never idled could have sent.
const first = requests[0]?.[0] ?? 0;
const measured = windows.slice(0, -1);
const spanMs = windows.length > 1 ? windows.at(-1).start - first : 0;
const admittedMeasured = measured.reduce((n, w) => n + w.admitted, 0);
const budget = (LIMIT * spanMs) / WINDOW_MS;
const share = measured.length > 0 ? admittedMeasured / budget : NaN;
const count = (pred) => requests.filter(pred).length;
const rejected = count(([, s]) => s === 429);
const bulk = count(([, s, op]) => s !== 429 && op.startsWith("upload"));
const succeeded = run.code === 0 && report?.ok === true && seen.users === USERS;
const met = share >= TARGET && succeeded;

const rows = windows.map((w, i) => ({
  window: i + 1,
  startS: round((w.start - first) / 1000, 1),
  admitted: w.admitted,
  share: round(w.admitted / LIMIT, 3),
  rejected: w.rejected,
  gapS: i > 0 ? round((w.start - windows[i - 1].start - WINDOW_MS) / 1000, 2) : undefined,
  measured: i < windows.length - 1,
}));
printTable(
  `Rate-limit efficiency: ${USERS.toLocaleString("en-US")} users, limit ${LIMIT} requests per ${WINDOW_MS / 1000} s window`,
  [
    { key: "window", label: "window" },
    { key: "startS", label: "starts at s" },
    { key: "admitted", label: "admitted" },
    { key: "share", label: "of limit" },
    { key: "rejected", label: "429s" },
    { key: "gapS", label: "idle after reset s" },
    { key: "measured", label: "measured" },
  ],
  rows,
);
const summary = {
  users: USERS,
  imported: seen.users,
  exitCode: run.code,
  importSucceeded: succeeded,
  wallS: round(run.wallMs / 1000, 1),
  requests: requests.length,
  admitted: requests.length - rejected,
  bulkRequestsAdmitted: bulk,
  rateLimited429: rejected,
  retries: report?.retries,
  measuredWindows: measured.length,
  measuredSpanS: round(spanMs / 1000, 2),
  admittedInMeasuredWindows: admittedMeasured,
  budgetInMeasuredSpan: round(budget, 1),
  budgetShareUsed: round(share, 3),
};
console.log(
  `budget used over ${measured.length} windows (${round(spanMs / 1000, 1)} s): ${admittedMeasured}/${round(budget)} = ${round(share * 100, 1)}%` +
    ` | 429s received: ${rejected} | import ${succeeded ? "succeeded" : `FAILED (exit ${run.code})`}` +
    ` | target: >= ${TARGET * 100}% used, no failure -> ${met ? "met" : "MISSED"}`,
);
if (!succeeded) console.log(run.stderr.slice(-2000));

writeSection("rateLimit", {
  description:
    "CLI import into the embedded mock with a per-window limit; share = admitted requests in all windows but the last / (limit x their time span / window length); every API request (uploads, session create/start/poll) counts against the limit, as on Okta",
  config: {
    cli: `okta-idsrc import --users <csv> --json ${cliFlags.join(" ")}`,
    mock: {
      timeScale: Number(values["time-scale"]),
      rateLimit: { perMinute: LIMIT, windowMs: WINDOW_MS, concurrency: "Infinity" },
    },
  },
  summary,
  windows: rows,
  target: { budgetShare: TARGET, no429Failures: true, met },
});
