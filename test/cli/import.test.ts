// `okta-idsrc import` end to end against the embedded mock: inputs, validation, reports, exit codes.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { envFor, files, run, SOURCE_ID } from "./helpers.js";

let mock: MockOkta;
let cleanup: (() => void)[] = [];
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

function inputs(contents: Record<string, string>) {
  const f = files(contents);
  cleanup.push(f.cleanup);
  return f.paths;
}

const importArgs = (...rest: string[]) => [
  "import",
  "--source",
  SOURCE_ID,
  "--poll-interval",
  "10",
  ...rest,
];

const USERS_CSV =
  "\uFEFFexternalId,userName,email,firstName,lastName,department,costCenter\r\n" +
  'u1,ann@example.com,ann@example.com,Ann,"Lee, Jr.",Engineering,CC-1\r\n' +
  'u2,bob@example.com,bob@example.com,Bób,"O""Brien",,CC-2\r\n' +
  'u3,zoe@example.com,zoe@example.com,Zoë,"Multi\r\nLine",日本語,\r\n';

describe("import from CSV", () => {
  test("imports users, groups, unsorted memberships and deletes; --json prints the report", async () => {
    const p = inputs({
      "users.csv": USERS_CSV,
      "groups.csv":
        'externalId,displayName,description\ng1,Engineering,"Builds, ships"\ng2,Sales,\n',
      "memberships.csv": "groupExternalId,memberExternalId\ng2,u2\ng1,u1\ng2,u3\ng1,u3\ng1,u1\n",
      "gone.csv": "externalId\nu3\n",
    });
    const result = await run(
      importArgs(
        "--users",
        p["users.csv"]!,
        "--groups",
        p["groups.csv"]!,
        "--memberships",
        p["memberships.csv"]!,
        "--delete-users",
        p["gone.csv"]!,
        "--json",
      ),
      { env: envFor(mock) },
    );
    expect(result.stderr).not.toMatch(/okta-idsrc:/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      counts: { users: 3, groups: 2, memberships: 4, deletedUsers: 1 },
      skipped: [],
      skippedCount: 0,
    });
    expect(report.sessions).toEqual([expect.objectContaining({ status: "COMPLETED" })]);

    const state = mock.state();
    const users = Object.fromEntries(state.users.map((u) => [u.externalId, u]));
    expect(users["u1"]!.profile).toEqual({
      userName: "ann@example.com",
      email: "ann@example.com",
      firstName: "Ann",
      lastName: "Lee, Jr.",
      department: "Engineering",
      costCenter: "CC-1",
    });
    // Empty cells omit the attribute.
    expect(users["u2"]!.profile).toEqual({
      userName: "bob@example.com",
      email: "bob@example.com",
      firstName: "Bób",
      lastName: 'O"Brien',
      costCenter: "CC-2",
    });
    expect(users["u3"]!.profile).toMatchObject({
      firstName: "Zoë",
      lastName: "Multi\r\nLine",
      department: "日本語",
    });
    expect(users["u3"]!.status).toBe("DEACTIVATED");
    expect(state.groups.map((g) => [g.externalId, g.profile])).toEqual([
      ["g1", { displayName: "Engineering", description: "Builds, ships" }],
      ["g2", { displayName: "Sales" }],
    ]);
    expect(state.memberships).toEqual([
      { groupExternalId: "g2", memberExternalIds: ["u2", "u3"] },
      { groupExternalId: "g1", memberExternalIds: ["u1", "u3"] },
    ]);
    // Grouped for upload: one entry per group, duplicates folded.
    const upload = mock.requests.find((r) => r.path.endsWith("bulk-group-memberships-upsert"));
    expect(upload!.body).toEqual({
      memberships: [
        { groupExternalId: "g2", memberExternalIds: ["u2", "u3"] },
        { groupExternalId: "g1", memberExternalIds: ["u1", "u3"] },
      ],
    });
  });

  test("plain output: periodic progress lines on stderr and a readable report", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    const result = await run(importArgs("--users", p["users.csv"]!), { env: envFor(mock) });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^progress: 3\/3 entities \(100%\)/m);
    expect(result.stderr).not.toContain("\r");
    expect(result.stdout).toMatch(/^Imported 3 users\n1 session, 1 bulk request, 0 retries, /);
    expect(result.stdout).toMatch(/ COMPLETED +1 request {2}3 users\n/);
  });

  test("counts of one are singular in the headline, the report and the progress lines", async () => {
    const p = inputs({
      "users.csv": "externalId,userName,email\nu1,ann@example.com,ann@example.com\n",
      "groups.csv": "externalId,displayName\ng1,Engineering\n",
    });
    // Seed 18 answers the first users upload with a 503 and lets the second through: exactly one
    // retry, the same on every run.
    mock.setFaults({ path: "/bulk-upsert", errorRate: 0.5, errorStatuses: [503] }, 18);
    const result = await run(importArgs("--users", p["users.csv"]!, "--groups", p["groups.csv"]!), {
      env: envFor(mock),
    }).finally(() => mock.setFaults(undefined));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Imported 1 user, 1 group\n1 session, 3 bulk requests, 1 retry, [\d.]+ s\n/,
    );
    expect(result.stdout).toMatch(/ COMPLETED +3 requests {2}1 user, 1 group\n/);
    expect(result.stderr).toMatch(/^progress: 2\/2 entities \(100%\), 3 requests, 1 retry, /m);
    expect(result.stderr).not.toMatch(/\b1 (users|groups|retries|sessions|requests|rows)\b/);
  });

  test("on a terminal: a live bar redrawn in place", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    const result = await run(importArgs("--users", p["users.csv"]!), {
      env: envFor(mock),
      isTTY: true,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("\r\x1b[2K");
    expect(result.stderr).toMatch(
      /█+ 100% 3\/3 · \d+\/s · ETA 0:00 · session 1 COMPLETED · 1 req\n$/,
    );
  });
});

describe("validation before anything is sent", () => {
  const BAD =
    "externalId,email,userName,nickname\n" +
    "ok1,a@example.com,a,Al\n" +
    ",b@example.com,b,Bo\n" + // line 3: no externalId
    "ok2,c@example.com,c,Smile 😀\n" + // line 4: 4-byte character
    `ok3,${"x".repeat(95)}@example.com,d,Di\n` + // line 5: email over 100 characters
    "ok1,e@example.com,e,Ed\n" + // line 6: duplicate
    "ok4,f@example.com\n" + // line 7: too few fields
    "ok5,g@example.com,g,Gi\n";

  test("bad rows are reported with file and line, exit 2, nothing sent", async () => {
    const p = inputs({ "users.csv": BAD });
    const file = p["users.csv"]!;
    const result = await run(importArgs("--users", file), { env: envFor(mock) });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines.slice(0, 5)).toEqual([
      `${file}:3: externalId is missing`,
      `${file}:4: nickname contains U+1F600, a 4-byte UTF-8 character, which Okta does not accept`,
      `${file}:5: email is 107 characters long; the limit is 100`,
      `${file}:6: duplicate externalId "ok1" (first on line 2)`,
      `${file}:7: expected 4 fields, found 2`,
    ]);
    expect(lines[5]).toMatch(/5 invalid rows; nothing was sent/);
    expect(mock.requests).toEqual([]);
  });

  test("--skip-invalid imports the rest and lists what it skipped", async () => {
    const p = inputs({ "users.csv": BAD });
    const result = await run(importArgs("--users", p["users.csv"]!, "--skip-invalid", "--json"), {
      env: envFor(mock),
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.counts.users).toBe(2);
    expect(report.skippedCount).toBe(5);
    expect(report.skipped.map((s: { line: number }) => s.line)).toEqual([3, 4, 5, 6, 7]);
    // `field` is null where the reader does not name one.
    expect(report.skipped[0]).toMatchObject({
      file: p["users.csv"],
      line: 3,
      message: "externalId is missing",
    });
    expect(Object.keys(report.skipped[0]).sort()).toEqual(["field", "file", "line", "message"]);
    expect(
      mock
        .state()
        .users.map((u) => u.externalId)
        .sort(),
    ).toEqual(["ok1", "ok5"]);
  });

  test("a file problem (bad header, missing file, unknown extension) is exit 2", async () => {
    const p = inputs({ "groups.csv": "id,name\n1,x\n", "users.txt": "x" });
    const header = await run(importArgs("--groups", p["groups.csv"]!), { env: envFor(mock) });
    expect(header.code).toBe(2);
    expect(header.stderr).toContain(
      `${p["groups.csv"]}:1: header lacks column "externalId", "displayName"`,
    );
    expect(
      (await run(importArgs("--users", "/nonexistent/users.csv"), { env: envFor(mock) })).code,
    ).toBe(2);
    expect((await run(importArgs("--users", p["users.txt"]!), { env: envFor(mock) })).code).toBe(2);
    expect(mock.requests).toEqual([]);
  });
});

describe("--json names the field of each rejected row", () => {
  test("a too-long attribute, a bad email, a missing ID, a duplicate; null for a row-wide problem", async () => {
    const long = "x".repeat(51);
    const p = inputs({
      "users.csv":
        "externalId,userName,email,firstName\n" +
        `u1,ann@example.com,ann@example.com,${long}\n` +
        "u2,bob@example.com,not-an-email,Bob\n" +
        ",cy@example.com,cy@example.com,Cy\n" +
        `u4,dee@example.com,dee\u{1F600}@example.com,${long}\n` +
        "u5,eve@example.com,eve@example.com\n" +
        "u6,fay@example.com,fay@example.com,Fay\n" +
        "u6,fay@example.com,fay@example.com,Fay\n",
    });
    const result = await run(importArgs("--users", p["users.csv"]!, "--json"), {
      env: envFor(mock),
    });
    expect(result.code).toBe(2);
    const { invalid } = JSON.parse(result.stdout) as {
      invalid: { file: string; line: number; field: string | null; message: string }[];
    };
    const byLine = Object.fromEntries(invalid.map((r) => [r.line, r]));
    expect(byLine[2]).toMatchObject({
      file: p["users.csv"],
      field: "firstName",
      message: expect.stringContaining("firstName is 51 characters long; the limit is 50"),
    });
    expect(byLine[3]).toMatchObject({ field: "email", message: expect.stringMatching(/email/) });
    expect(byLine[4]).toMatchObject({ field: "externalId", message: "externalId is missing" });
    // Two problems about two fields: the message has both, no single field is right.
    expect(byLine[5]!.field).toBeNull();
    expect(byLine[5]!.message).toBe(
      "email contains U+1F600, a 4-byte UTF-8 character, which Okta does not accept; " +
        "firstName is 51 characters long; the limit is 50",
    );
    // A row with fewer cells than the header: the reader's problem, about no one field.
    expect(byLine[6]).toMatchObject({ field: null, message: "expected 4 fields, found 3" });
    expect(byLine[8]).toMatchObject({
      field: "externalId",
      message: expect.stringContaining("duplicate externalId"),
    });
    expect(mock.requests).toHaveLength(0);
  });
});

describe("JSON and NDJSON inputs, dry run", () => {
  test("reads .json arrays and .ndjson lines (nested or flat rows, null clears)", async () => {
    const p = inputs({
      "users.json": JSON.stringify([
        { externalId: "j1", profile: { email: "j1@example.com", userName: "j1", title: null } },
        { externalId: "j2", email: "j2@example.com", userName: "j2", costCenter: "CC-9" },
      ]),
      "devices.ndjson":
        '{"externalId":"d1","serialNumber":"SN1","platform":"MACOS","displayName":"Mac"}\n\n' +
        '{"externalId":"d2","profile":{"serialNumber":"SN2","platform":"ANDROID","displayName":"Pixel"}}\n',
    });
    const result = await run(
      importArgs("--users", p["users.json"]!, "--devices", p["devices.ndjson"]!),
      {
        env: envFor(mock),
      },
    );
    expect(result.code).toBe(0);
    const state = mock.state();
    expect(state.users.map((u) => [u.externalId, u.profile])).toEqual([
      ["j1", { email: "j1@example.com", userName: "j1", title: null }],
      ["j2", { email: "j2@example.com", userName: "j2", costCenter: "CC-9" }],
    ]);
    expect(state.devices.map((d) => d.profile.displayName)).toEqual(["Mac", "Pixel"]);
  });

  test("--dry-run prints the plan and sends nothing", async () => {
    const rows = Array.from({ length: 450 }, (_, i) => `u${i},u${i}@example.com,u${i}`).join("\n");
    const p = inputs({ "users.csv": `externalId,email,userName\n${rows}\n` });
    const result = await run(["import", "--users", p["users.csv"]!, "--dry-run", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      dryRun: true,
      counts: { users: 450 },
      requests: { users: 3 },
      totalRequests: 3,
      sessions: 1,
    });
    expect(mock.requests).toEqual([]);
  });
});

describe("failures", () => {
  test("an import that fails midway exits 1; --json prints the error and the report", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    mock.failNextSessions(1);
    const result = await run(importArgs("--users", p["users.csv"]!, "--json"), {
      env: envFor(mock),
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: false,
      error: { name: "OktaImportError", reason: "session-error" },
    });
    expect(report.sessions).toEqual([expect.objectContaining({ status: "ERROR" })]);
    expect(result.stderr).toMatch(/okta-idsrc: import session \S+ ended ERROR/);
  });

  test("a rejected token exits 1 and never prints it", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    const env = { ...envFor(mock), OKTA_CLIENT_TOKEN: "wrong-secret-token" };
    const result = await run(importArgs("--users", p["users.csv"]!, "--json"), { env });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { reason: "request-failed" },
    });
    expect(result.stderr).toMatch(/401/);
    expect(result.stdout + result.stderr).not.toContain("wrong-secret-token");
  });

  test("a rejected token says to check the token, not that a rerun is safe", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    const env = { ...envFor(mock), OKTA_CLIENT_TOKEN: "wrong-secret-token" };
    const plain = await run(importArgs("--users", p["users.csv"]!), { env });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/^okta-idsrc: .*Okta refused the credentials \(401\): check the/m);
    const asJson = await run(importArgs("--users", p["users.csv"]!, "--json"), { env });
    const { message } = JSON.parse(asJson.stdout).error;
    expect(message).toContain("check the API token");
    for (const text of [plain.stdout, plain.stderr, message]) {
      expect(text).not.toMatch(/rerun\w* (the same import )?is safe|rerun to/i);
    }
    expect(mock.state().users).toEqual([]);
  });

  test("interrupting cancels the open session and exits 1", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `u${i},u${i}@example.com,u${i}`).join("\n");
    const p = inputs({ "users.csv": `externalId,email,userName\n${rows}\n` });
    const controller = new AbortController();
    mock.setFaults({ path: "/bulk-", latencyMs: 20 });
    const pending = run(importArgs("--users", p["users.csv"]!), {
      env: envFor(mock),
      signal: controller.signal,
    });
    while (!mock.requests.some((r) => r.path.includes("/bulk-") && r.status === 202)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    controller.abort();
    const result = await pending;
    mock.setFaults(undefined);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/import aborted/);
    expect(mock.state().sessions.map((s) => s.status)).toEqual(["CLOSED"]);
  });
});

describe("honest output", () => {
  test("a failed session counts nothing as imported and lists what was only sent; exit 1", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    mock.failNextSessions(1);
    const human = await run(importArgs("--users", p["users.csv"]!), { env: envFor(mock) });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^Imported nothing\n/);
    expect(human.stdout).toContain("Sent but not confirmed by Okta");
    expect(human.stdout).toContain("3 users");

    mock.failNextSessions(1);
    const asJson = await run(importArgs("--users", p["users.csv"]!, "--json"), {
      env: envFor(mock),
    });
    const report = JSON.parse(asJson.stdout);
    expect(report.counts.users).toBe(0);
    expect(report.unconfirmed.users).toBe(3);
    expect(report.sessions[0]).toMatchObject({ status: "ERROR", confirmed: false });
  });

  test("--json prints one JSON document for invalid rows: file, line, field, message", async () => {
    const p = inputs({
      "users.csv": "externalId,email,userName\n,a@x.io,a@x.io\nok,b@x.io,b@x.io\n",
    });
    const result = await run(importArgs("--users", p["users.csv"]!, "--json"), {
      env: envFor(mock),
    });
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ ok: false, invalidCount: 1 });
    expect(doc.invalid).toHaveLength(1);
    expect(doc.invalid[0]).toMatchObject({ file: p["users.csv"], line: 2 });
    expect(Object.keys(doc.invalid[0]).sort()).toEqual(["field", "file", "line", "message"]);
    expect(mock.requests).toEqual([]);
  });

  test("--json prints one JSON document for a missing file and for a bad flag", async () => {
    const missing = await run(importArgs("--users", "/nonexistent/users.csv", "--json"), {
      env: envFor(mock),
    });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({
      ok: false,
      error: { message: expect.any(String) },
    });

    const p = inputs({ "users.csv": USERS_CSV });
    const flag = await run(
      importArgs("--users", p["users.csv"]!, "--max-retries", "-1", "--json"),
      {
        env: envFor(mock),
      },
    );
    expect(flag.code).toBe(2);
    expect(JSON.parse(flag.stdout).error.message).toContain("--max-retries");
  });

  test("--max-retries 0 sends each request once; bad --max-retry-time or --processing-timeout is exit 2", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    mock.setRateLimit({ perMinute: 0 });
    try {
      const result = await run(importArgs("--users", p["users.csv"]!, "--max-retries", "0"), {
        env: envFor(mock),
      });
      expect(result.code).toBe(1);
      expect(mock.requests).toHaveLength(1);
    } finally {
      mock.setRateLimit({ perMinute: 600 });
    }
    for (const flag of ["--max-retry-time", "--processing-timeout"]) {
      const bad = await run(importArgs("--users", p["users.csv"]!, flag, "soon"), {
        env: envFor(mock),
      });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(flag);
    }
  });

  test("--processing-timeout ends a wait for another run's session, naming it and the flag", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    const other = await fetch(`${mock.url}/api/v1/identity-sources/${SOURCE_ID}/sessions`, {
      method: "POST",
      headers: { Authorization: `SSWS ${mock.apiToken}` },
    }).then((r) => r.json() as Promise<{ id: string }>);
    const result = await run(
      importArgs("--users", p["users.csv"]!, "--processing-timeout", "300", "--json"),
      { env: envFor(mock) },
    );
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.error.reason).toBe("active-session");
    expect(doc.error.message).toContain(other.id);
    expect(doc.error.message).toContain("--active-session cancel");
    expect(result.stderr).toContain(`waiting for active session ${other.id} (CREATED, created`);
  });
});

describe("progress that explains waits", () => {
  test("plain lines keep coming while waiting, with the reason and a countdown", async () => {
    const p = inputs({ "users.csv": USERS_CSV });
    const other = await fetch(`${mock.url}/api/v1/identity-sources/${SOURCE_ID}/sessions`, {
      method: "POST",
      headers: { Authorization: `SSWS ${mock.apiToken}` },
    }).then((r) => r.json() as Promise<{ id: string }>);
    // One poll of the foreign session every 1.5 s; a progress line every 200 ms.
    const result = await run(
      [
        "import",
        "--source",
        SOURCE_ID,
        "--users",
        p["users.csv"]!,
        "--poll-interval",
        "1500",
        "--progress-interval",
        "200",
        "--processing-timeout",
        "1400",
      ],
      { env: envFor(mock) },
    );
    expect(result.code).toBe(1);
    const waiting = result.stderr
      .split("\n")
      .filter(
        (l) => l.startsWith("progress:") && l.includes(`waiting for active session ${other.id}`),
      );
    // Several lines during one 1.5 s sleep, each with what is left of it.
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    for (const line of waiting) expect(line).toMatch(/; \d+ s left\)$/);
  });
});
