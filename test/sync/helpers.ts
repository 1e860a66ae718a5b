// Shared setup for the sync tests: the embedded mock Okta, a client on it, and a generated HR
// snapshot that tests can change a little between runs.
import { expect } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import type { IdentitySource } from "../../src/index.js";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta, MockOktaOptions, RecordedRequest } from "../../src/testing/index.js";
import type { ImportOptions } from "../../src/import/index.js";

export const SOURCE_ID = "0oa3l6l6WK6h0R0QW0g4";

/** Okta's minutes become tenths of a second; no rate limit, so runs are bounded by work only. */
export async function startMock(options: MockOktaOptions = {}): Promise<MockOkta> {
  return startMockOkta({
    timeScale: 0.001,
    rateLimit: { perMinute: Infinity, concurrency: Infinity },
    requestLog: { max: 100_000, bodies: true },
    ...options,
  });
}

export function sourceFor(mock: MockOkta): IdentitySource {
  return createIdentitySourceClient({
    orgUrl: mock.url,
    token: mock.apiToken,
    timeout: 10_000,
  }).identitySource(SOURCE_ID);
}

/** Import options for fast tests: polls every few ms. */
export const FAST = { pollInterval: 5 } as const satisfies ImportOptions;

export interface User {
  externalId: string;
  profile: Record<string, string>;
}
export interface Group {
  externalId: string;
  profile: { displayName: string; description?: string };
}
export interface Membership {
  groupExternalId: string;
  memberExternalIds: string[];
}
export interface Snapshot {
  users: User[];
  groups: Group[];
  memberships: Membership[];
}

export function user(i: number, version = 0): User {
  const id = `u${String(i).padStart(6, "0")}`;
  return {
    externalId: id,
    profile: {
      userName: `${id}@example.com`,
      email: `${id}@example.com`,
      firstName: `First${i}`,
      lastName: `Lást${i}`,
      department: ["Engineering", "Sales", "Finance", "Support"][i % 4]!,
      title: `Title v${version}`,
    },
  };
}

/** `users` users, `groups` groups; user i belongs to group i % groups. */
export function snapshot(users: number, groups = 0): Snapshot {
  const g = Array.from({ length: groups }, (_, i) => ({
    externalId: `g${String(i).padStart(4, "0")}`,
    profile: { displayName: `Group ${i}` },
  }));
  const members = new Map<string, string[]>(g.map((x) => [x.externalId, []]));
  const u = Array.from({ length: users }, (_, i) => user(i));
  if (groups > 0) u.forEach((x, i) => members.get(g[i % groups]!.externalId)!.push(x.externalId));
  return {
    users: u,
    groups: g,
    memberships: [...members].map(([groupExternalId, memberExternalIds]) => ({
      groupExternalId,
      memberExternalIds,
    })),
  };
}

/** The bulk upload requests the mock received since `from`, in arrival order. */
export const bulkRequests = (mock: MockOkta, from = 0): RecordedRequest[] =>
  mock.requests.slice(from).filter((r) => r.path.includes("/bulk-"));

/** Entities per bulk path suffix (memberships count pairs), over the given requests. */
export function entityCounts(requests: readonly RecordedRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) {
    const kind = r.path.slice(r.path.lastIndexOf("/") + 1);
    const b = r.body as Record<string, unknown[] | undefined>;
    const n = b["memberships"]
      ? (b["memberships"] as Membership[]).reduce((a, m) => a + m.memberExternalIds.length, 0)
      : (b["profiles"] ?? b["externalIds"] ?? []).length;
    counts[kind] = (counts[kind] ?? 0) + n;
  }
  return counts;
}

/** Asserts the mock's active users, groups and memberships equal the snapshot. */
export function expectMockEquals(mock: MockOkta, snap: Snapshot): void {
  const state = mock.state(SOURCE_ID);
  const active = state.users.filter((u) => u.status === "ACTIVE");
  expect(sortBy(active.map((u) => ({ externalId: u.externalId, profile: u.profile })))).toEqual(
    sortBy(snap.users),
  );
  expect(
    sortBy(state.groups.map((g) => ({ externalId: g.externalId, profile: g.profile }))),
  ).toEqual(sortBy(snap.groups));
  expect(pairs(state.memberships)).toEqual(pairs(snap.memberships));
}

function sortBy<T extends { externalId: string }>(list: T[]): T[] {
  return [...list].sort((a, b) =>
    a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0,
  );
}

export function pairs(memberships: readonly Membership[]): string[] {
  return memberships
    .flatMap((m) => m.memberExternalIds.map((id) => `${m.groupExternalId}/${id}`))
    .sort();
}
