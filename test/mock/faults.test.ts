// Seeded fault injection: 5xx answers, latency, dropped connections and cut-short responses, each
// configurable per path and reproducible from the seed.
import { afterEach, expect, test } from "vitest";
import type { FaultRule, MockOkta, MockOktaOptions } from "../../src/testing/index.js";
import { call, SOURCE, start, user } from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(() => mock?.close());
async function startWith(options: MockOktaOptions = {}): Promise<MockOkta> {
  return (mock = await start(options));
}

const base = (m: MockOkta) => `${m.url}/api/v1/identity-sources/${SOURCE}`;
const auth = { Authorization: "SSWS test-token" };

/** Runs `count` sequential GETs and describes each outcome: a status, "dropped" or "cut". */
async function outcomes(m: MockOkta, count: number, path = "sessions"): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      const response = await fetch(`${base(m)}/${path}`, { headers: auth });
      try {
        await response.text();
        seen.push(String(response.status));
      } catch {
        seen.push(`cut-${response.status}`);
      }
    } catch {
      seen.push("dropped");
    }
  }
  return seen;
}

async function twice(rule: FaultRule, seed: number, count = 24) {
  const m = await startWith({ faults: rule, seed });
  const first = await outcomes(m, count);
  m.setFaults(rule, seed);
  const again = await outcomes(m, count);
  m.setFaults(rule, seed + 1);
  const otherSeed = await outcomes(m, count);
  return { m, first, again, otherSeed };
}

test("5xx answers at a rate, the same for the same seed", async () => {
  const { m, first, again, otherSeed } = await twice({ errorRate: 0.5 }, 42);
  expect(again).toEqual(first);
  expect(otherSeed).not.toEqual(first);
  expect(new Set(first)).toEqual(new Set(["200", "500", "502", "503"]));
  const injected = await call(m, "GET", "sessions");
  if (injected.status !== 200) expect(injected.body.errorCode).toBe("E0000009");
  expect(m.requests.filter((r) => r.fault === "error").every((r) => r.status! >= 500)).toBe(true);
});

test("dropped connections get no answer and the request is not handled", async () => {
  const { m, first, again, otherSeed } = await twice({ dropRate: 0.4 }, 7);
  expect(again).toEqual(first);
  expect(first).toContain("dropped");
  expect(first).toContain("200");
  const dropped = m.requests.filter((r) => r.fault === "drop");
  const seen = [...first, ...again, ...otherSeed].filter((o) => o === "dropped");
  expect(dropped.length).toBe(seen.length);
  expect(dropped.every((r) => r.status === undefined)).toBe(true);

  m.setFaults({ method: "POST", path: "/sessions", dropRate: 1 });
  await expect(fetch(`${base(m)}/sessions`, { method: "POST", headers: auth })).rejects.toThrow();
  expect(m.state().sessions).toEqual([]);
});

test("cut-short responses send headers and part of the body; the request was handled", async () => {
  const { m, first, again } = await twice({ truncateRate: 0.5 }, 3);
  expect(again).toEqual(first);
  expect(first).toContain("cut-200");
  expect(first).toContain("200");

  m.setFaults({ method: "POST", path: /\/sessions$/, truncateRate: 1 });
  const response = await fetch(`${base(m)}/sessions`, { method: "POST", headers: auth });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-okta-request-id")).toBeTruthy();
  expect(Number(response.headers.get("content-length"))).toBeGreaterThan(100);
  await expect(response.text()).rejects.toThrow();
  expect(m.state().sessions).toHaveLength(1);
  expect(m.requests.at(-1)).toMatchObject({ fault: "truncate", status: 200 });
});

test("latency is added per rule and reproducible", async () => {
  const rule: FaultRule = { latencyMs: [20, 60], latencyRate: 0.5 };
  const m = await startWith({ faults: rule, seed: 11 });
  const started = Date.now();
  await outcomes(m, 10);
  const latencies = m.requests.map((r) => r.latencyMs);
  expect(Date.now() - started).toBeGreaterThanOrEqual(latencies.reduce((a, b) => a + b, 0));
  expect(latencies.some((ms) => ms === 0)).toBe(true);
  expect(latencies.filter((ms) => ms > 0).every((ms) => ms >= 20 && ms <= 60)).toBe(true);
  m.clearRequests();
  m.setFaults(rule, 11);
  await outcomes(m, 10);
  expect(m.requests.map((r) => r.latencyMs)).toEqual(latencies);
});

test("rules apply per path and method; the first matching rule wins", async () => {
  const m = await startWith({
    faults: [
      { path: "/bulk-upsert", errorRate: 1, errorStatuses: [503] },
      { method: "GET", path: /\/users\//, errorRate: 1, errorStatuses: [502] },
      { path: "/users", errorRate: 0 },
    ],
  });
  const id = (await call(m, "POST", "sessions")).body.id;
  const upload = await call(m, "POST", `sessions/${id}/bulk-upsert`, {
    entityType: "USERS",
    profiles: [user("a")],
  });
  expect(upload.status).toBe(503);
  expect(upload.body.errorCode).toBe("E0000009");
  expect(m.state().sessions[0]!.bulkRequests).toBe(0);
  expect(
    (
      await call(m, "POST", `sessions/${id}/bulk-groups-upsert`, {
        profiles: [{ externalId: "g", profile: { displayName: "G" } }],
      })
    ).status,
  ).toBe(202);
  expect((await call(m, "GET", "users/x")).status).toBe(502);
  expect((await call(m, "POST", "users", user("x"))).status).toBe(200);
});
