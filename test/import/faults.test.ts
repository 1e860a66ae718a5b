// Imports under injected failures still end with exactly the input, and never exceed a session's
// request budget, even counting retries.
import { afterEach, expect, test } from "vitest";
import { runImport } from "../../src/import/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import {
  activeUsers,
  bulkRequests,
  membershipPairs,
  requestsPerSession,
  sourceFor,
  startMock,
  user,
} from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

test("429s, 5xx, dropped and cut-off connections: exact final state, no session over budget", async () => {
  mock = await startMock({
    requestLog: { max: 100_000 },
    // A tight bucket (10 requests per 500 ms) gives real 429s with X-Rate-Limit-Reset.
    rateLimit: { perMinute: 10, windowMs: 500 },
    faults: [
      // Every kind of request may fail: create-session and start-import too (the importer must
      // neither lose nor duplicate a session when the answer is lost).
      { errorRate: 0.1, dropRate: 0.05, truncateRate: 0.05, errorStatuses: [500, 502, 503] },
    ],
    seed: 7,
  });
  const users = Array.from({ length: 5000 }, (_, i) => user(i));
  const groups = Array.from({ length: 30 }, (_, g) => ({
    externalId: `g${g}`,
    profile: { displayName: `G${g}` },
  }));
  const memberships = groups.map((g, n) => ({
    groupExternalId: g.externalId,
    memberExternalIds: users.filter((_, i) => i % 30 === n).map((u) => u.externalId),
  }));
  const report = await runImport(
    sourceFor(mock),
    { users, groups, memberships, deletedUsers: ["u000001"] },
    { pollInterval: 10, concurrency: 2, maxRequestsPerSession: 20 },
  );

  const faulted = mock.requests.filter((r) => r.fault !== undefined);
  expect(faulted.length).toBeGreaterThanOrEqual(3);
  expect(mock.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
  expect(report.retries).toBeGreaterThan(0);
  for (const count of requestsPerSession(mock).values()) expect(count).toBeLessThanOrEqual(20);
  expect(report.requests).toBe(bulkRequests(mock).length);
  expect(report.sessions.length).toBeGreaterThan(1);
  expect(report.sessions.every((s) => s.status === "COMPLETED")).toBe(true);

  const stored = activeUsers(mock);
  expect(stored.size).toBe(4999);
  for (const u of users.slice(2)) expect(stored.get(u.externalId)).toEqual(u.profile);
  expect(mock.state().groups).toHaveLength(30);
  expect(membershipPairs(mock)).toEqual(
    memberships
      .flatMap((m) => m.memberExternalIds.map((id) => `${m.groupExternalId}/${id}`))
      .sort(),
  );
  // No session was left open or created twice behind the importer's back.
  expect(
    mock
      .state()
      .sessions.map((s) => s.id)
      .sort(),
  ).toEqual(report.sessions.map((s) => s.id).sort());
});

test("a chunk whose retries the budget cut short moves to the next session, never dropped", async () => {
  const m = (mock = await startMock({ requestLog: { max: 100_000 } }));
  const users = Array.from({ length: 10_000 }, (_, i) => user(i)); // 50 requests
  let second = false;
  const report = await runImport(
    sourceFor(m),
    { users },
    {
      pollInterval: 10,
      maxRetries: 4,
      onProgress: (p) => {
        // After 48 good uploads the next chunk may retry only once (50 - 48 - 1): make both fail.
        if (p.type === "uploaded" && p.requests === 48)
          m.setFaults({ path: "/bulk-", errorRate: 1 });
        if (p.type === "session-created" && p.sessions === 2 && !second) {
          second = true;
          m.setFaults(undefined);
        }
      },
    },
  );
  const perSession = [...requestsPerSession(m).values()];
  expect(perSession).toEqual([50, 2]); // 48 + 2 failed attempts; then the carried chunk + the last
  expect(report.sessions.map((s) => [s.status, s.counts.users])).toEqual([
    ["COMPLETED", 9_600],
    ["COMPLETED", 400],
  ]);
  expect(activeUsers(m).size).toBe(10_000);
});

test("a lost answer to create-session or start-import neither duplicates nor strands a session", async () => {
  const m = (mock = await startMock());
  // Handled, but the answer is cut off: the session exists (or is triggered) and the client
  // cannot know it.
  m.setFaults([
    { method: "POST", path: /\/sessions$/, truncateRate: 1 },
    { method: "POST", path: /\/start-import$/, truncateRate: 1 },
  ]);
  const users = Array.from({ length: 12_000 }, (_, i) => user(i)); // two sessions
  const report = await runImport(sourceFor(m), { users }, { pollInterval: 10 });
  const state = m.state();
  expect(state.sessions.map((s) => [s.id, s.status])).toEqual(
    report.sessions.map((s) => [s.id, "COMPLETED"]),
  );
  expect(state.sessions).toHaveLength(2);
  expect(m.requests.filter((r) => r.fault === "truncate")).toHaveLength(4);
  expect(activeUsers(m).size).toBe(12_000);
});
