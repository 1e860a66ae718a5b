// Faults: a 20,000-user import with groups, memberships, devices and deletes, through the
// public client, while the mock throws everything at it: 429 storms (a small per-second bucket that
// every burst overruns, plus a concurrency limit below the importer's), 5% 5xx, dropped and cut-off
// connections, slow answers and a few past the client's timeout. The import must end with the
// mock's state exactly equal to the input, no session over 50 bulk requests (every attempt counted,
// faulted ones too), and no request over 200 entities or 200,000 bytes. Seeded (mock `seed`), so
// the fault sequence is the same on every run; only the rate-limit windows follow the clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentitySourceClient, type ImportReport } from "../../src/index.js";
import { MAX_BULK_BYTES, MAX_BULK_ENTITIES, MAX_REQUESTS_PER_SESSION } from "../../src/limits.js";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const USERS = 20_000;
const GROUPS = 120;

const user = (i: number) => {
  const id = `emp-${String(i).padStart(5, "0")}`;
  return {
    externalId: id,
    profile: {
      userName: `${id}@example.com`,
      email: `${id}@example.com`,
      firstName: `Fïrst${i}`,
      lastName: `Läst${i}`,
      department: ["Engineering", "Sales", "Finance", "Support", "Legal"][i % 5]!,
      costCenter: `CC-${1000 + (i % 97)}`,
      mobilePhone: i % 3 === 0 ? null : `+1-555-${String(i).padStart(7, "0")}`,
    },
  };
};
const users = Array.from({ length: USERS }, (_, i) => user(i));
const groups = Array.from({ length: GROUPS }, (_, g) => ({
  externalId: `grp-${g}`,
  profile: {
    displayName: `Group ${g}`,
    description: g % 2 ? `Team ${g}` : null,
    site: `S${g % 7}`,
  },
}));
// Everyone is in one group; every third user in a second one.
const memberships = groups.map((g, n) => ({
  groupExternalId: g.externalId,
  memberExternalIds: users
    .filter(
      (_, i) => i % GROUPS === n || (i % 3 === 0 && (i * 7) % GROUPS === n && i % GROUPS !== n),
    )
    .map((u) => u.externalId),
}));
const devices = Array.from({ length: 300 }, (_, i) => ({
  externalId: `dev-${i}`,
  profile: {
    serialNumber: `SN${i}`,
    platform: i % 2 ? "MACOS" : "WINDOWS",
    displayName: `Laptop ${i}`,
  },
}));

// Already in Okta before the import: stale records the input deletes, and users it updates.
const staleUsers = Array.from({ length: 400 }, (_, i) => `gone-${i}`);
const staleGroups = ["old-a", "old-b", "old-c"];
const staleDevices = Array.from({ length: 10 }, (_, i) => `old-dev-${i}`);
const staleMemberships = [
  { groupExternalId: "grp-1", memberExternalIds: ["gone-1", "gone-2"] },
  { groupExternalId: "grp-2", memberExternalIds: ["emp-00000"] },
];

interface Sent {
  path: string;
  entities: number;
  bytes: number;
}

let mock: MockOkta;
let report: ImportReport;
const sent: Sent[] = [];
let durationMs = 0;
const storms: { name: string; from: number; to: number }[] = [];

/** Every request is answered 429 for `ms`, then the usual limit applies again. */
function storm(name: string, ms: number): void {
  storms.push({ name, from: Date.now(), to: Date.now() + ms });
  mock.setRateLimit({ perMinute: 0 });
  setTimeout(() => mock.setRateLimit({ perMinute: 25 }), ms);
}

beforeAll(async () => {
  mock = await startMockOkta({
    // Okta's minutes become tenths of a second: processing 3 ms, create cool-down 300 ms.
    timeScale: 0.001,
    seed: 20_260_806,
    requestLog: { max: 1_000_000 },
    // 429s all along: 25 requests per 1 s window, overrun by every burst, and at most 2 in flight
    // against the importer's 6. Two storms on top (below) refuse everything for 1.5 s.
    rateLimit: { perMinute: 25, windowMs: 1000, concurrency: 2 },
    faults: {
      errorRate: 0.05,
      errorStatuses: [500, 502, 503, 504],
      dropRate: 0.02,
      truncateRate: 0.01,
      // 10% are slow; some of those past the client's 1.5 s timeout.
      latencyMs: [20, 2500],
      latencyRate: 0.1,
    },
  });
  mock.load({
    users: [
      ...staleUsers.map((externalId) => ({ externalId, profile: { email: `${externalId}@x.io` } })),
      // Updated by the import: same attributes, other values.
      ...users.slice(0, 500).map((u) => ({
        externalId: u.externalId,
        profile: { ...u.profile, department: "Old", firstName: "Old" },
      })),
    ],
    groups: [...staleGroups, "grp-1", "grp-2"].map((externalId) => ({
      externalId,
      profile: { displayName: `stale ${externalId}` },
    })),
    memberships: staleMemberships,
    devices: staleDevices.map((externalId) => ({
      externalId,
      profile: { serialNumber: "OLD", platform: "IOS", displayName: "old" },
    })),
  });

  // A fetch that notes what every bulk request carried, including those the mock then dropped.
  const recordingFetch = async (request: Request) => {
    if (request.url.includes("/bulk-")) {
      const body = await request.clone().text();
      const json = JSON.parse(body) as Record<string, unknown[] | undefined>;
      const list = json["profiles"] ?? json["externalIds"] ?? json["memberships"] ?? [];
      sent.push({
        path: new URL(request.url).pathname,
        entities: list.length,
        bytes: Buffer.byteLength(body),
      });
    }
    return fetch(request);
  };
  const source = createIdentitySourceClient({
    orgUrl: mock.url,
    token: mock.apiToken,
    timeout: 1500,
    fetch: recordingFetch,
  }).identitySource(SOURCE);

  const started = Date.now();
  report = await source.import(
    {
      users,
      groups,
      memberships,
      devices,
      deletedMemberships: staleMemberships,
      deletedGroups: staleGroups,
      deletedUsers: staleUsers,
      deletedDevices: staleDevices,
    },
    {
      concurrency: 6,
      // About one attempt in eight fails here before any 429 (5xx, drops, cut-offs, timeouts), and
      // the 429s count as attempts too; on a loaded CI machine more answers pass the timeout. The
      // default 4 retries can run out for one upload, so this run allows 8 (still within budget).
      maxRetries: 8,
      pollInterval: 20,
      coolDownTimeout: 120_000,
      // Storms mid-users and as the memberships start.
      onProgress({ type, counts }) {
        if (type !== "uploaded") return;
        const had = (name: string) => storms.some((s) => s.name === name);
        if (counts.users >= 6000 && !had("users")) storm("users", 1500);
        if (counts.memberships > 0 && !had("memberships")) storm("memberships", 1500);
      },
    },
  );
  durationMs = Date.now() - started;
}, 150_000);

afterAll(() => mock?.close());

const bulk = () => mock.requests.filter((r) => r.path.includes("/bulk-"));

describe(`a ${USERS.toLocaleString("en")}-user import under 429 storms, 5xx, drops and slow answers`, () => {
  it("met every kind of fault on the way", () => {
    const log = mock.requests;
    const count = (f: (r: (typeof log)[number]) => boolean) => log.filter(f).length;
    const stats = {
      requests: log.length,
      bulkRequests: bulk().length,
      rateLimited: count((r) => r.status === 429),
      inStorms: count(
        (r) =>
          r.status === 429 && storms.some((s) => r.receivedAt >= s.from && r.receivedAt <= s.to),
      ),
      serverErrors: count((r) => r.fault === "error"),
      dropped: count((r) => r.fault === "drop"),
      truncated: count((r) => r.fault === "truncate"),
      slow: count((r) => r.latencyMs > 0),
      pastTimeout: count((r) => r.latencyMs > 1500),
      sessions: report.sessions.length,
      retries: report.retries,
      durationMs,
    };
    console.log(`faults suite: ${JSON.stringify(stats)}`);
    expect(storms.map((s) => s.name)).toEqual(["users", "memberships"]);
    expect(stats.inStorms).toBeGreaterThan(4);
    expect(stats.rateLimited).toBeGreaterThan(20);
    expect(stats.serverErrors).toBeGreaterThan(3);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.truncated).toBeGreaterThan(0);
    expect(stats.slow).toBeGreaterThan(5);
    expect(stats.pastTimeout).toBeGreaterThan(0);
    expect(report.retries).toBeGreaterThan(10);
  });

  it("ends with the mock's users exactly the input (stale ones deactivated)", () => {
    const state = mock.state(SOURCE);
    const active = state.users.filter((u) => u.status === "ACTIVE");
    const inactive = state.users.filter((u) => u.status !== "ACTIVE");
    expect(active).toHaveLength(USERS);
    const byId = new Map(active.map((u) => [u.externalId, u.profile]));
    const wrong = users.filter(
      (u) => JSON.stringify(byId.get(u.externalId)) !== JSON.stringify(u.profile),
    );
    expect(wrong.map((u) => u.externalId)).toEqual([]);
    expect(inactive.map((u) => u.externalId).sort()).toEqual([...staleUsers].sort());
  });

  it("ends with groups, memberships and devices exactly the input", () => {
    const state = mock.state(SOURCE);
    const groupsById = Object.fromEntries(state.groups.map((g) => [g.externalId, g.profile]));
    expect(groupsById).toEqual(Object.fromEntries(groups.map((g) => [g.externalId, g.profile])));
    const pairs = (list: { groupExternalId: string; memberExternalIds: string[] }[]) =>
      list.flatMap((m) => m.memberExternalIds.map((id) => `${m.groupExternalId}/${id}`)).sort();
    expect(pairs(state.memberships)).toEqual(pairs(memberships));
    const devicesById = Object.fromEntries(state.devices.map((d) => [d.externalId, d.profile]));
    expect(devicesById).toEqual(Object.fromEntries(devices.map((d) => [d.externalId, d.profile])));
  });

  it("completed every session it opened, and left none behind", () => {
    expect(report.sessions.length).toBeGreaterThanOrEqual(3);
    expect(report.sessions.every((s) => s.status === "COMPLETED")).toBe(true);
    const state = mock.state(SOURCE);
    expect(state.sessions.map((s) => [s.id, s.status]).sort()).toEqual(
      report.sessions.map((s) => [s.id, "COMPLETED"]).sort(),
    );
  });

  it(`sent no session more than ${MAX_REQUESTS_PER_SESSION} bulk requests, every attempt counted`, () => {
    const perSession = new Map<string, number>();
    for (const r of bulk()) {
      const id = /\/sessions\/([^/]+)\/bulk-/.exec(r.path)![1]!;
      perSession.set(id, (perSession.get(id) ?? 0) + 1);
    }
    expect(Math.max(...perSession.values())).toBeLessThanOrEqual(MAX_REQUESTS_PER_SESSION);
    for (const s of mock.state(SOURCE).sessions) {
      expect(s.bulkRequests).toBeLessThanOrEqual(MAX_REQUESTS_PER_SESSION);
    }
    // The mock saw no bulk request the client did not send (and its log lost none).
    expect(sent.length).toBeGreaterThanOrEqual(bulk().length);
  });

  it(`sent no request over ${MAX_BULK_ENTITIES} entities or ${MAX_BULK_BYTES} bytes`, () => {
    const logged = bulk();
    expect(logged.length).toBeGreaterThan(USERS / MAX_BULK_ENTITIES);
    for (const r of logged) {
      expect(Number(r.headers["content-length"])).toBeLessThanOrEqual(MAX_BULK_BYTES);
      if (r.body !== undefined) {
        const b = r.body as Record<string, unknown[] | undefined>;
        const list = b["profiles"] ?? b["externalIds"] ?? b["memberships"] ?? [];
        expect(list.length).toBeLessThanOrEqual(MAX_BULK_ENTITIES);
      }
    }
    for (const s of sent) {
      expect(s.entities).toBeLessThanOrEqual(MAX_BULK_ENTITIES);
      expect(s.bytes).toBeLessThanOrEqual(MAX_BULK_BYTES);
    }
    // Memberships really were split by bytes: some requests are near the limit.
    expect(Math.max(...sent.map((s) => s.bytes))).toBeGreaterThan(MAX_BULK_BYTES * 0.8);
  });
});
