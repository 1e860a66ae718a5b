// runImport against the embedded mock: request and session counts, limits, exact final state,
// upload order, streaming and concurrency.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { BulkItems } from "../../src/bulk-bodies.js";
import { OktaValidationError } from "../../src/core/errors.js";
import { runImport, UPLOAD_ORDER } from "../../src/import/index.js";
import type { ImportSource } from "../../src/import/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import {
  activeUsers,
  bodyBytes,
  bulkRequests,
  entitiesIn,
  membershipPairs,
  requestsPerSession,
  sourceFor,
  startMock,
  user,
} from "./helpers.js";

let mock: MockOkta;
beforeAll(async () => {
  mock = await startMock({ requestLog: { max: 100_000 } });
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const FAST = { pollInterval: 10 };

describe("a 25,000-user import", () => {
  test("is split into 125 requests over 3 sessions, within every limit, and lands exactly", async () => {
    const users = Array.from({ length: 25_000 }, (_, i) => user(i));
    const report = await runImport(sourceFor(mock), { users }, FAST);

    const bulk = bulkRequests(mock);
    expect(bulk).toHaveLength(125);
    expect(bulk.every((r) => r.status === 202)).toBe(true);
    for (const r of bulk) {
      expect(entitiesIn(r.body)).toBeLessThanOrEqual(200);
      expect(bodyBytes(r)).toBeLessThanOrEqual(200_000);
    }
    expect([...requestsPerSession(mock).values()]).toEqual([50, 50, 25]);
    expect(report.requests).toBe(125);
    expect(report.retries).toBe(0);
    expect(report.counts.users).toBe(25_000);
    expect(report.sessions.map((s) => [s.status, s.requests, s.counts.users])).toEqual([
      ["COMPLETED", 50, 10_000],
      ["COMPLETED", 50, 10_000],
      ["COMPLETED", 25, 5_000],
    ]);
    expect(mock.state().sessions.map((s) => s.id)).toEqual(report.sessions.map((s) => s.id));

    // Final state: every user, every attribute (custom ones included), nothing else.
    const stored = activeUsers(mock);
    expect(stored.size).toBe(25_000);
    for (const u of users) expect(stored.get(u.externalId)).toEqual(u.profile);
  });

  test("of large profiles is split by bytes, never over 200,000", async () => {
    const users = Array.from({ length: 600 }, (_, i) => ({
      externalId: `big${i}`,
      profile: {
        email: `big${i}@example.com`,
        userName: `big${i}`,
        bio: "ü".repeat(3000 + (i % 7) * 100),
      },
    }));
    await runImport(sourceFor(mock), { users }, FAST);
    const bulk = bulkRequests(mock);
    expect(bulk.length).toBeGreaterThan(3); // 600 entities would fit in 3 requests by count
    for (const r of bulk) expect(bodyBytes(r)).toBeLessThanOrEqual(200_000);
    expect(bulk.some((r) => bodyBytes(r) > 190_000)).toBe(true); // packed, not timid
    expect(activeUsers(mock).size).toBe(600);
  });
});

function mixedData() {
  const users = Array.from({ length: 1200 }, (_, i) => user(i));
  const groups = Array.from({ length: 40 }, (_, g) => ({
    externalId: `g${g}`,
    profile: { displayName: `Group ${g}`, description: `Team ${g} — ünïcödé`, region: `R${g % 3}` },
  }));
  const memberships = groups.map((g, n) => ({
    groupExternalId: g.externalId,
    memberExternalIds: users.filter((_, i) => i % 40 === n || i % 7 === n).map((u) => u.externalId),
  }));
  const devices = Array.from({ length: 30 }, (_, i) => ({
    externalId: `d${i}`,
    profile: {
      serialNumber: `SN${i}`,
      platform: i % 2 ? "MACOS" : "WINDOWS",
      displayName: `Laptop ${i}`,
    },
  }));
  return {
    users,
    groups,
    memberships,
    devices,
    deletedMemberships: [{ groupExternalId: "g1", memberExternalIds: ["u000001", "u000041"] }],
    deletedGroups: ["g39"],
    deletedUsers: ["u000000", "u000002"],
    deletedDevices: ["d0"],
  };
}

function expectMixedState(data: ReturnType<typeof mixedData>) {
  const deleted = new Set(data.deletedUsers);
  const users = activeUsers(mock);
  expect(users.size).toBe(data.users.length - deleted.size);
  for (const u of data.users) {
    if (!deleted.has(u.externalId)) expect(users.get(u.externalId)).toEqual(u.profile);
  }
  const state = mock.state();
  expect(
    state.users
      .filter((u) => u.status === "DEACTIVATED")
      .map((u) => u.externalId)
      .sort(),
  ).toEqual([...deleted].sort());
  expect(new Map(state.groups.map((g) => [g.externalId, g.profile]))).toEqual(
    new Map(
      data.groups.filter((g) => g.externalId !== "g39").map((g) => [g.externalId, g.profile]),
    ),
  );
  const removed = new Set(
    data.deletedMemberships.flatMap((m) =>
      m.memberExternalIds.map((id) => `${m.groupExternalId}/${id}`),
    ),
  );
  const pairs = data.memberships
    .filter((m) => m.groupExternalId !== "g39")
    .flatMap((m) => m.memberExternalIds.map((id) => `${m.groupExternalId}/${id}`))
    .filter((p) => !removed.has(p))
    .sort();
  expect(membershipPairs(mock)).toEqual(pairs);
  expect(new Map(state.devices.map((d) => [d.externalId, d.profile]))).toEqual(
    new Map(
      data.devices.filter((d) => d.externalId !== "d0").map((d) => [d.externalId, d.profile]),
    ),
  );
}

describe("a mixed import", () => {
  test("uploads kinds in the documented order and ends with the exact input state", async () => {
    const data = mixedData();
    const report = await runImport(sourceFor(mock), data, FAST);
    const kinds = bulkRequests(mock).map((r) => r.path.slice(r.path.lastIndexOf("/") + 1));
    const order = [
      "bulk-upsert",
      "bulk-groups-upsert",
      "bulk-group-memberships-upsert",
      "bulk-devices-upsert",
      "bulk-group-memberships-delete",
      "bulk-groups-delete",
      "bulk-delete",
      "bulk-devices-delete",
    ];
    const indexes = kinds.map((k) => order.indexOf(k));
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(new Set(kinds).size).toBe(8);
    expect(UPLOAD_ORDER).toEqual([
      "users",
      "groups",
      "memberships",
      "devices",
      "deletedMemberships",
      "deletedGroups",
      "deletedUsers",
      "deletedDevices",
    ]);
    expect(report.counts).toEqual({
      users: 1200,
      groups: 40,
      devices: 30,
      deletedGroups: 1,
      deletedUsers: 2,
      deletedDevices: 1,
      memberships: data.memberships.reduce((n, m) => n + m.memberExternalIds.length, 0),
      deletedMemberships: 2,
    });
    expectMixedState(data);
  });

  test("can run again safely: a rerun leaves the same state", async () => {
    const data = mixedData();
    await runImport(sourceFor(mock), data, FAST);
    const again = await runImport(sourceFor(mock), mixedData(), FAST);
    expect(again.sessions.every((s) => s.status === "COMPLETED")).toBe(true);
    expectMixedState(data);
  });

  test("bad input met midway rejects with OktaValidationError and cancels the open session", async () => {
    function* users() {
      for (let i = 0; i < 500; i++) yield user(i);
      yield { externalId: "bad", profile: { email: null, userName: "bad" } } as never;
    }
    const error = await runImport(sourceFor(mock), { users: users() }, FAST).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OktaValidationError);
    expect((error as OktaValidationError).field).toMatch(/\.profile\.email$/);
    expect(mock.state().sessions.map((s) => s.status)).toEqual(["CLOSED"]);
    expect(mock.state().users).toEqual([]);
  });

  test("a session of deletes that match nothing is cancelled, not left open", async () => {
    const report = await runImport(
      sourceFor(mock),
      { deletedUsers: ["nobody", "nobody-else"] },
      FAST,
    );
    expect(report.sessions).toEqual([expect.objectContaining({ status: "CLOSED", requests: 1 })]);
    expect(mock.state().sessions.map((s) => s.status)).toEqual(["CLOSED"]);
  });
});

describe("streaming and concurrency", () => {
  test("reads async iterables lazily, never holding more than the requests in flight", async () => {
    let produced = 0;
    let accepted = 0;
    let worst = 0;
    async function* users() {
      for (let i = 0; i < 6000; i++) {
        produced++;
        worst = Math.max(worst, produced - accepted);
        yield user(i);
      }
    }
    function* groups() {
      for (let g = 0; g < 3; g++) yield { externalId: `g${g}`, profile: { displayName: `G${g}` } };
    }
    await runImport(
      sourceFor(mock),
      { users: users(), groups: groups() },
      {
        ...FAST,
        concurrency: 3,
        onProgress: (p) => (accepted = p.counts.users),
      },
    );
    expect(produced).toBe(6000);
    expect(worst).toBeLessThanOrEqual(200 * (3 + 1) + 1);
    expect(activeUsers(mock).size).toBe(6000);
    expect(mock.state().groups).toHaveLength(3);
  });

  test("keeps at most `concurrency` uploads in flight and within the session budget", async () => {
    mock.setFaults({ path: "/bulk-", latencyMs: 15 });
    const real = sourceFor(mock).sessions;
    let inFlight = 0;
    let peak = 0;
    const sessions = Object.create(real) as typeof real;
    sessions.upsertUsers = async (id, items, o) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await real.upsertUsers(id, items, o);
      } finally {
        inFlight--;
      }
    };
    const source: ImportSource = { sessions };
    const users: BulkItems["users"][] = Array.from({ length: 12_000 }, (_, i) => user(i));
    const report = await runImport(source, { users }, { ...FAST, concurrency: 4 });
    mock.setFaults(undefined);
    expect(peak).toBe(4);
    expect([...requestsPerSession(mock).values()]).toEqual([50, 10]);
    expect(report.sessions.map((s) => s.status)).toEqual(["COMPLETED", "COMPLETED"]);
    expect(activeUsers(mock).size).toBe(12_000);
  });
});
