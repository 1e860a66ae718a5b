#!/usr/bin/env node
// The `npm start` demo: starts the embedded mock Okta, writes a realistic HR export as CSV files,
// imports it with the `okta-idsrc` CLI (progress bar and report included), then checks that the
// mock's final state is exactly what the files say. Runs against dist/ (build first).
// Usage: node scripts/demo.mjs [--users 30000] [--keep]   (--keep leaves the CSV files in place)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const { startMockOkta } = await import(join(root, "dist/src/testing/index.js"));

const { values } = parseArgs({
  options: { users: { type: "string", default: "30000" }, keep: { type: "boolean" } },
});
const USERS = Number(values.users);
const SOURCE = "0oa3l6l6WK6h0R0QW0g4";

// A seeded generator, so every run imports the same data.
let seed = 20240611;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const FIRST = [
  "Ana",
  "José",
  "Zoë",
  "Łukasz",
  "Chloé",
  "Jürgen",
  "Mei",
  "Søren",
  "Aarav",
  "Fatima",
  "John",
  "Olga",
];
const LAST = [
  "García",
  "Müller",
  "O'Brien",
  "Nakamura",
  "Dubois",
  "Kowalski",
  "Smith",
  "Ng",
  "Ødegaard",
  "田中",
];
const DEPARTMENTS = [
  "Engineering",
  "Sales",
  "Finance",
  "Support",
  "Marketing",
  "Legal",
  "People",
  "Operations",
];
const LOCATIONS = [
  "Berlin",
  "São Paulo",
  "Tokyo",
  "New York",
  "Kraków",
  "Paris, FR",
  "Lagos",
  "Sydney",
];
const TITLES = ["Engineer", "Manager, Sales", 'Lead "Ops"', "Analyst", "Director", "Specialist"];

// Quotes a CSV cell when needed (RFC 4180).
const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const row = (cells) => `${cells.map(cell).join(",")}\n`;

// ---- the data set, and the state it must produce -------------------------------------------
const userColumns = [
  "externalId",
  "userName",
  "email",
  "firstName",
  "lastName",
  "department",
  "costCenter",
  "title",
  "location",
];
let usersCsv = row(userColumns);
const expectedUsers = new Map();
for (let i = 1; i <= USERS; i++) {
  const id = `emp-${String(i).padStart(6, "0")}`;
  const first = pick(FIRST);
  const last = pick(LAST);
  const department = pick(DEPARTMENTS);
  const cells = {
    externalId: id,
    userName: `${id}@example.com`,
    email: `${id}@example.com`,
    firstName: first,
    lastName: last,
    department,
    // Every 10th user has no cost center: the empty cell omits the attribute.
    costCenter: i % 10 === 0 ? "" : `CC-${1000 + DEPARTMENTS.indexOf(department) * 10 + (i % 7)}`,
    title: pick(TITLES),
    location: pick(LOCATIONS),
  };
  usersCsv += row(userColumns.map((c) => cells[c]));
  const profile = Object.fromEntries(
    Object.entries(cells).filter(([k, v]) => k !== "externalId" && v !== ""),
  );
  expectedUsers.set(id, { status: "ACTIVE", profile });
}

let groupsCsv = row(["externalId", "displayName", "description", "owner"]);
const expectedGroups = new Map();
const groupIds = [];
for (const department of DEPARTMENTS) {
  for (const location of LOCATIONS) {
    for (let team = 1; team <= 5; team++) {
      const id = `grp-${department.toLowerCase()}-${groupIds.length}`;
      const profile = {
        displayName: `${department} ${location} team ${team}`,
        description: `${department}, ${location}: team ${team}`,
        owner: `emp-${String(1 + Math.floor(random() * USERS)).padStart(6, "0")}`,
      };
      groupIds.push(id);
      groupsCsv += row([id, profile.displayName, profile.description, profile.owner]);
      expectedGroups.set(id, profile);
    }
  }
}

// Every user in 1 to 3 groups; rows shuffled (the CLI groups them).
const pairs = [];
for (const id of expectedUsers.keys()) {
  const n = 1 + Math.floor(random() * 3);
  for (let k = 0; k < n; k++) pairs.push([pick(groupIds), id]);
}
for (let i = pairs.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
}
const expectedMembers = new Map(groupIds.map((g) => [g, new Set()]));
let membershipsCsv = row(["groupExternalId", "memberExternalId"]);
for (const [g, u] of pairs) {
  membershipsCsv += row([g, u]);
  expectedMembers.get(g).add(u);
}

// Some deletes: 1% of users leave (deactivated), 12 groups go, 1,000 memberships end.
let deleteUsersCsv = row(["externalId"]);
for (const id of [...expectedUsers.keys()].filter((_, i) => i % 100 === 7)) {
  deleteUsersCsv += row([id]);
  expectedUsers.get(id).status = "DEACTIVATED";
}
let deleteGroupsCsv = row(["externalId"]);
for (const id of groupIds.filter((_, i) => i % 27 === 3)) {
  deleteGroupsCsv += row([id]);
  expectedGroups.delete(id);
  expectedMembers.delete(id);
}
let deleteMembershipsCsv = row(["groupExternalId", "memberExternalId"]);
for (const [g, u] of pairs.slice(0, 1000)) {
  deleteMembershipsCsv += row([g, u]);
  expectedMembers.get(g)?.delete(u);
}
for (const [g, members] of expectedMembers) if (members.size === 0) expectedMembers.delete(g);

const dir = mkdtempSync(join(tmpdir(), "okta-idsrc-demo-"));
const file = (name, text) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const inputs = {
  "--users": file("users.csv", usersCsv),
  "--groups": file("groups.csv", groupsCsv),
  "--memberships": file("memberships.csv", membershipsCsv),
  "--delete-users": file("leavers.csv", deleteUsersCsv),
  "--delete-groups": file("retired-groups.csv", deleteGroupsCsv),
  "--delete-memberships": file("ended-memberships.csv", deleteMembershipsCsv),
};

// ---- the mock and the CLI -----------------------------------------------------------------
// timeScale 0.1: Okta's 3 s of processing per session becomes 0.3 s (visible in the progress bar).
const mock = await startMockOkta({
  timeScale: 0.1,
  identitySourceIds: [SOURCE],
  requestLog: false,
});
console.log(`==> Mock Okta at ${mock.url}; data in ${dir}`);
console.log(
  `==> Importing ${USERS.toLocaleString("en-US")} users, ${groupIds.length} groups, ` +
    `${pairs.length.toLocaleString("en-US")} membership rows and some deletes with okta-idsrc\n`,
);
const args = ["import", "--source", SOURCE, "--poll-interval", "100", "--concurrency", "2"];
for (const [flag, path] of Object.entries(inputs)) args.push(flag, path);
console.log(`$ okta-idsrc ${args.join(" ").replaceAll(dir + "/", "")}\n`);
const code = await new Promise((resolveCode) => {
  const child = spawn(process.execPath, [join(root, "dist/src/cli/bin.js"), ...args], {
    stdio: "inherit",
    env: { ...process.env, OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: mock.apiToken },
  });
  child.on("exit", (c) => resolveCode(c ?? 1));
});

// ---- verify ------------------------------------------------------------------------------
const problems = [];
const state = mock.state(SOURCE);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
if (code !== 0) problems.push(`the CLI exited with ${code}`);
if (state.users.length !== expectedUsers.size) {
  problems.push(`${state.users.length} users in Okta, expected ${expectedUsers.size}`);
}
for (const u of state.users) {
  const want = expectedUsers.get(u.externalId);
  if (!want || want.status !== u.status || !same(sorted(want.profile), sorted(u.profile))) {
    problems.push(`user ${u.externalId} differs: ${JSON.stringify(u)}`);
  }
}
if (state.groups.length !== expectedGroups.size) {
  problems.push(`${state.groups.length} groups in Okta, expected ${expectedGroups.size}`);
}
for (const g of state.groups) {
  if (!same(sorted(expectedGroups.get(g.externalId) ?? {}), sorted(g.profile))) {
    problems.push(`group ${g.externalId} differs`);
  }
}
const actualMembers = new Map(
  state.memberships.map((m) => [m.groupExternalId, m.memberExternalIds]),
);
if (actualMembers.size !== expectedMembers.size) {
  problems.push(`${actualMembers.size} groups with members, expected ${expectedMembers.size}`);
}
for (const [g, members] of expectedMembers) {
  const got = actualMembers.get(g) ?? [];
  if (!same([...members].sort(), [...got].sort())) problems.push(`members of ${g} differ`);
}
const open = state.sessions.filter((s) =>
  ["CREATED", "IN_PROGRESS", "TRIGGERED"].includes(s.status),
);
if (open.length > 0) problems.push(`${open.length} session(s) left open`);
const overBudget = state.sessions.filter((s) => s.bulkRequests > 50);
if (overBudget.length > 0) problems.push(`${overBudget.length} session(s) over 50 bulk requests`);

await mock.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });
console.log();
if (problems.length > 0) {
  console.error(`==> FAILED: the mock's final state does not match the input:`);
  for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
  process.exit(1);
}
const pairCount = [...expectedMembers.values()].reduce((n, m) => n + m.size, 0);
console.log(
  `==> Verified: Okta now holds exactly the input: ${expectedUsers.size.toLocaleString("en-US")} users ` +
    `(custom attributes included, ${USERS / 100} deactivated), ${expectedGroups.size} groups, ` +
    `${pairCount.toLocaleString("en-US")} memberships, in ${state.sessions.length} sessions of at most 50 requests.`,
);
