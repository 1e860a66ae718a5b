#!/usr/bin/env node
// Benchmark: a 100,000-user nightly sync with 1% changed profiles, against a full re-import of the
// same data, side by side on the embedded mock. Prints a table and writes
// bench/results-sync.json. The sources are bundled with esbuild first, so no build is needed.
// Two settings of the mock: "Okta-like" (Okta's session processing time as the mock models it, the
// mock's 600/min rate limit, polling every second) and "instant" (no processing time, no rate
// limit), which leaves only the client's own work: there sync pays for planning.
// Usage: node bench/sync.bench.mjs [--users 100000] [--groups 200] [--changed 1] [--rounds 3]
//                                  [--only okta-like|instant]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    users: { type: "string", default: "100000" },
    groups: { type: "string", default: "200" },
    changed: { type: "string", default: "1" },
    rounds: { type: "string", default: "3" },
    only: { type: "string" },
  },
});
const USERS = Number(values.users);
const GROUPS = Number(values.groups);
const CHANGED_PERCENT = Number(values.changed);
const ROUNDS = Number(values.rounds);
const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const PROFILES = [
  { name: "okta-like", timeScale: 1, perMinute: 600, pollInterval: 1000 },
  { name: "instant", timeScale: 0.001, perMinute: Infinity, pollInterval: 5 },
].filter((p) => values.only === undefined || p.name === values.only);

// Bundle the TypeScript sources into node_modules/.cache, where their dependencies still resolve.
const cache = join(root, "node_modules", ".cache", "okta-idsrc-bench");
mkdirSync(cache, { recursive: true });
const bundle = join(cache, "sync-bench.mjs");
await build({
  stdin: {
    contents: [
      'export { runSync, createSqliteStore } from "./src/sync/index.ts";',
      'export { runImport } from "./src/import/index.ts";',
      'export { startMockOkta } from "./src/testing/index.ts";',
      'export { createIdentitySourceClient } from "./src/index.ts";',
    ].join("\n"),
    resolveDir: root,
    loader: "ts",
  },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: bundle,
  logLevel: "warning",
});
const { runSync, createSqliteStore, runImport, startMockOkta, createIdentitySourceClient } =
  await import(pathToFileURL(bundle).href);

// --- data: users with custom attributes, each in one group; `version` marks changed profiles ----
const DEPARTMENTS = ["Engineering", "Sales", "Finance", "Support", "Legal", "Operations"];
function user(i, version) {
  const id = `emp${String(i).padStart(7, "0")}`;
  return {
    externalId: id,
    profile: {
      userName: `${id}@example.com`,
      email: `${id}@example.com`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      costCenter: `CC-${1000 + (i % 97)}`,
      title: `Title ${version}`,
    },
  };
}
const groupId = (g) => `grp${String(g).padStart(4, "0")}`;
/** The HR snapshot; `versionOf(i)` is the profile version of user i. */
function snapshotData(versionOf) {
  return {
    users: function* () {
      for (let i = 0; i < USERS; i++) yield user(i, versionOf(i));
    },
    groups: function* () {
      for (let g = 0; g < GROUPS; g++)
        yield { externalId: groupId(g), profile: { displayName: `Group ${g}` } };
    },
    memberships: function* () {
      for (let g = 0; g < GROUPS; g++) {
        const memberExternalIds = [];
        for (let i = g; i < USERS; i += GROUPS) memberExternalIds.push(user(i, 0).externalId);
        yield { groupExternalId: groupId(g), memberExternalIds };
      }
    },
  };
}
const fresh = (data) => ({
  users: data.users(),
  groups: data.groups(),
  memberships: data.memberships(),
});

// --- measurement ----------------------------------------------------------------------------------
const every = Math.round(100 / CHANGED_PERCENT);
if (ROUNDS >= every) throw new Error("--rounds must be below 100 / --changed");
const entities = (report) => Object.values(report.counts).reduce((a, b) => a + b, 0);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const log = (text) => console.error(`==> ${text}`);

async function runProfile(profile) {
  const mock = await startMockOkta({
    timeScale: profile.timeScale,
    rateLimit: { perMinute: profile.perMinute, concurrency: Infinity },
    requestLog: { max: 10_000_000, bodies: false },
  });
  const source = createIdentitySourceClient({
    orgUrl: mock.url,
    token: mock.apiToken,
  }).identitySource(SOURCE);
  const dir = mkdtempSync(join(tmpdir(), "sync-bench-"));
  const store = await createSqliteStore(join(dir, "sync-state.db"));
  const options = { pollInterval: profile.pollInterval };

  /** Runs `fn`, returning its wall time and the requests the mock received meanwhile. */
  async function measure(fn) {
    const from = mock.requests.length;
    const started = process.hrtime.bigint();
    const result = await fn();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const requests = mock.requests.slice(from);
    return {
      result,
      ms,
      requests: requests.length,
      bulk: requests.filter((r) => r.path.includes("/bulk-")).length,
      sessions: requests.filter((r) => r.method === "POST" && r.path.endsWith("/sessions")).length,
      rateLimited: requests.filter((r) => r.status === 429).length,
    };
  }

  const runs = { first: [], nightly: [], reimport: [] };
  const initial = snapshotData(() => 0);
  if (profile.name === "instant") {
    log(
      `${profile.name}: first sync of ${USERS.toLocaleString("en-US")} users into an empty store`,
    );
    const first = await measure(() => runSync(source, fresh(initial), { store, ...options }));
    runs.first.push({ ...first, entities: entities(first.result.import) });
  } else {
    // Okta-like timing makes a first sync as slow as an import; seed the mock and adopt instead.
    log(`${profile.name}: seeding the mock and adopting ${USERS.toLocaleString("en-US")} users`);
    mock.load({
      users: [...initial.users()],
      groups: [...initial.groups()],
      memberships: [...initial.memberships()],
    });
    await runSync(source, fresh(initial), { store, adopt: true });
  }
  for (let round = 1; round <= ROUNDS; round++) {
    // Each night a different 1% of people changed: round r changes the users with i % every === r,
    // who keep version r afterwards.
    const data = snapshotData((i) => (i % every >= 1 && i % every <= round ? i % every : 0));
    log(`${profile.name} round ${round}: nightly sync`);
    let planMs = 0;
    const started = Date.now();
    const onProgress = (p) => {
      if (p.phase === "planned") planMs = Date.now() - started;
    };
    const n = await measure(() => runSync(source, fresh(data), { store, ...options, onProgress }));
    runs.nightly.push({ ...n, planMs, entities: n.result.import ? entities(n.result.import) : 0 });
    log(`${profile.name} round ${round}: full re-import of the same data`);
    const r = await measure(() => runImport(source, fresh(data), options));
    runs.reimport.push({ ...r, entities: entities(r.result) });
  }
  await store.close();
  await mock.close();
  rmSync(dir, { recursive: true, force: true });

  const row = (scenario, list) => ({
    profile: profile.name,
    scenario,
    bulkRequests: median(list.map((x) => x.bulk)),
    sessions: median(list.map((x) => x.sessions)),
    httpRequests: median(list.map((x) => x.requests)),
    rateLimited: median(list.map((x) => x.rateLimited)),
    entitiesSent: median(list.map((x) => x.entities)),
    wallMs: Math.round(median(list.map((x) => x.ms))),
    ...(list[0].planMs !== undefined
      ? { planMs: Math.round(median(list.map((x) => x.planMs))) }
      : {}),
  });
  const rows = [
    ...(runs.first.length ? [row("first sync (empty store)", runs.first)] : []),
    row(`nightly sync, ${CHANGED_PERCENT}% changed`, runs.nightly),
    row("full re-import, same data", runs.reimport),
  ];
  const [night, full] = rows.slice(-2);
  const ratios = {
    bulkRequests: full.bulkRequests / night.bulkRequests,
    httpRequests: full.httpRequests / night.httpRequests,
    wallTime: full.wallMs / night.wallMs,
  };
  return { profile, rows, ratios };
}

const results = [];
for (const profile of PROFILES) results.push(await runProfile(profile));

// --- report ---------------------------------------------------------------------------------------
const headers = [
  "mock",
  "scenario",
  "bulk req",
  "sessions",
  "HTTP req",
  "429s",
  "entities",
  "wall s",
  "plan s",
];
const cells = results.flatMap(({ rows }) =>
  rows.map((r) => [
    r.profile,
    r.scenario,
    String(r.bulkRequests),
    String(r.sessions),
    String(r.httpRequests),
    String(r.rateLimited),
    r.entitiesSent.toLocaleString("en-US"),
    (r.wallMs / 1000).toFixed(2),
    r.planMs === undefined ? "" : (r.planMs / 1000).toFixed(2),
  ]),
);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) =>
  c.map((x, i) => (i < 2 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ");
console.log(
  `\nNightly sync vs full re-import: ${USERS.toLocaleString("en-US")} users, ${GROUPS} groups, ` +
    `${CHANGED_PERCENT}% of profiles changed per night, median of ${ROUNDS} round(s)\n`,
);
console.log(line(headers));
for (const c of cells) console.log(line(c));
console.log("");
for (const { profile, ratios } of results) {
  console.log(
    `${profile.name}: re-import / nightly sync = ${ratios.bulkRequests.toFixed(1)}x bulk requests, ` +
      `${ratios.httpRequests.toFixed(1)}x HTTP requests, ${ratios.wallTime.toFixed(1)}x wall time`,
  );
}

const output = {
  benchmark: "sync",
  date: new Date().toISOString(),
  command: `node bench/sync.bench.mjs ${process.argv.slice(2).join(" ")}`.trim(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg(),
  },
  config: { users: USERS, groups: GROUPS, changedPercent: CHANGED_PERCENT, rounds: ROUNDS },
  profiles: results.map(({ profile, rows, ratios }) => ({
    ...profile,
    perMinute: profile.perMinute === Infinity ? null : profile.perMinute,
    rows,
    ratios,
  })),
};
writeFileSync(join(root, "bench", "results-sync.json"), `${JSON.stringify(output, null, 2)}\n`);
console.log("\nWrote bench/results-sync.json");
