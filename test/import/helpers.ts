// Shared setup for the importer's tests: an embedded mock Okta and a client pointed at it.
import { createIdentitySourceClient } from "../../src/index.js";
import type { IdentitySource } from "../../src/index.js";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta, MockOktaOptions, RecordedRequest } from "../../src/testing/index.js";

export const SOURCE_ID = "0oa3l6l6WK6h0R0QW0g4";

/** Okta's minutes become tenths of a second; processing takes 3 ms. */
export const FAST: MockOktaOptions = { timeScale: 0.001 };

export async function startMock(options: MockOktaOptions = {}): Promise<MockOkta> {
  return startMockOkta({ ...FAST, ...options });
}

export function sourceFor(mock: MockOkta, options: { timeout?: number } = {}): IdentitySource {
  return createIdentitySourceClient({
    orgUrl: mock.url,
    token: mock.apiToken,
    timeout: options.timeout ?? 10_000,
  }).identitySource(SOURCE_ID);
}

/** The bulk upload requests the mock received, in arrival order. */
export const bulkRequests = (mock: MockOkta): RecordedRequest[] =>
  mock.requests.filter((r) => r.path.includes("/bulk-"));

/** Entities in a recorded bulk body (the same arrays the mock's 200-entity rule counts). */
export function entitiesIn(body: unknown): number {
  const b = body as Record<string, unknown[] | undefined>;
  return (b["profiles"] ?? b["externalIds"] ?? b["memberships"] ?? []).length;
}

/** Bytes of a recorded request body as sent (its Content-Length). */
export const bodyBytes = (r: RecordedRequest): number => Number(r.headers["content-length"]);

export function user(i: number) {
  const id = `u${String(i).padStart(6, "0")}`;
  return {
    externalId: id,
    profile: {
      userName: `${id}@example.com`,
      email: `${id}@example.com`,
      firstName: `First${i}`,
      lastName: `Lást${i}`,
      department: ["Engineering", "Sales", "Finance", "Support"][i % 4]!,
      costCenter: `CC-${1000 + (i % 37)}`,
    },
  };
}

/** The mock's users as externalId -> profile (active users only). */
export function activeUsers(mock: MockOkta): Map<string, Record<string, unknown>> {
  return new Map(
    mock
      .state()
      .users.filter((u) => u.status === "ACTIVE")
      .map((u) => [u.externalId, u.profile]),
  );
}

/** The mock's memberships as sorted "group/member" strings. */
export function membershipPairs(mock: MockOkta): string[] {
  return mock
    .state()
    .memberships.flatMap((m) => m.memberExternalIds.map((id) => `${m.groupExternalId}/${id}`))
    .sort();
}

/** Bulk requests per session ID, every attempt the mock saw (retries, faults and 4xx included). */
export function requestsPerSession(mock: MockOkta): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of bulkRequests(mock)) {
    // From the path: requests failed by an injected fault never reach routing (no r.sessionId).
    const id = /\/sessions\/([^/]+)\/bulk-/.exec(r.path)![1]!;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
