// Rate-limit headers on every response, the per-minute bucket and the concurrency limit.
import { afterEach, expect, test } from "vitest";
import type { MockOkta, MockOktaOptions } from "../../src/testing/index.js";
import { call, sleep, start } from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(() => mock?.close());
async function startWith(options: MockOktaOptions = {}): Promise<MockOkta> {
  return (mock = await start(options));
}

test("every response carries the rate-limit headers and a request id", async () => {
  const m = await startWith();
  const answers = [
    await call(m, "GET", "sessions"),
    await call(m, "GET", "sessions/apsNOPE"),
    await call(m, "GET", "sessions", undefined, { Authorization: "SSWS nope" }),
    await call(m, "PUT", "sessions"),
    await call(m, "GET", "/no/such/route"),
    await call(m, "POST", "/oauth2/v1/token", "grant_type=password", {
      "Content-Type": "application/x-www-form-urlencoded",
    }),
  ];
  const now = Date.now() / 1000;
  const ids = new Set<string>();
  for (const answer of answers) {
    expect(answer.headers.get("x-rate-limit-limit")).toBe("600");
    expect(Number(answer.headers.get("x-rate-limit-remaining"))).toBeLessThan(600);
    const reset = Number(answer.headers.get("x-rate-limit-reset"));
    // Epoch seconds, within the next minute.
    expect(reset).toBeGreaterThanOrEqual(Math.floor(now));
    expect(reset).toBeLessThanOrEqual(Math.ceil(now) + 61);
    ids.add(answer.headers.get("x-okta-request-id")!);
  }
  expect(ids.size).toBe(answers.length);
  expect(m.requests.map((r) => r.requestId)).toEqual(
    answers.map((a) => a.headers.get("x-okta-request-id")),
  );
  expect(m.requests.map((r) => r.status)).toEqual([200, 404, 401, 405, 404, 400]);
});

test("the per-minute bucket answers 429 E0000047 when empty, and refills after the window", async () => {
  const m = await startWith({ rateLimit: { perMinute: 3, windowMs: 1500 } });
  const remaining: (string | null)[] = [];
  for (let i = 0; i < 3; i++) {
    const answer = await call(m, "GET", "sessions");
    expect(answer.status).toBe(200);
    remaining.push(answer.headers.get("x-rate-limit-remaining"));
  }
  expect(remaining).toEqual(["2", "1", "0"]);
  const refused = await call(m, "GET", "sessions");
  expect(refused.status).toBe(429);
  expect(refused.body).toMatchObject({ errorCode: "E0000047", errorLink: "E0000047" });
  expect(refused.headers.get("x-rate-limit-limit")).toBe("3");
  expect(refused.headers.get("x-rate-limit-remaining")).toBe("0");
  expect(refused.headers.get("x-okta-request-id")).toBeTruthy();
  // The token endpoint has its own bucket, as in Okta.
  expect(
    (await call(m, "POST", "/oauth2/v1/token", "")).headers.get("x-rate-limit-remaining"),
  ).toBe("2");
  await sleep(1550);
  expect((await call(m, "GET", "sessions")).status).toBe(200);
});

test("the concurrency limit answers 429 with limit and remaining 0", async () => {
  // Every request waits 1 s inside the mock, so the first two hold both slots.
  const m = await startWith({ rateLimit: { concurrency: 2 }, faults: { latencyMs: 1000 } });
  const url = `${m.url}/api/v1/identity-sources/0oa3l6l6WK6h0R0QW0g4/sessions`;
  const first = [
    fetch(url, { headers: { Authorization: "SSWS test-token" } }),
    fetch(url, { headers: { Authorization: "SSWS test-token" } }),
  ];
  await sleep(200);
  const refused = await fetch(url, { headers: { Authorization: "SSWS test-token" } });
  expect(refused.status).toBe(429);
  expect(refused.headers.get("x-rate-limit-limit")).toBe("0");
  expect(refused.headers.get("x-rate-limit-remaining")).toBe("0");
  expect(Number(refused.headers.get("x-rate-limit-reset"))).toBeGreaterThan(Date.now() / 1000);
  expect((await refused.json()).errorCode).toBe("E0000047");
  expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
  // Slots are given back when the answers are done.
  m.setFaults(undefined);
  expect((await call(m, "GET", "sessions")).status).toBe(200);
});

test("limits can change at run time, and Infinity turns them off", async () => {
  const m = await startWith({ rateLimit: { perMinute: 1 } });
  expect((await call(m, "GET", "sessions")).status).toBe(200);
  expect((await call(m, "GET", "sessions")).status).toBe(429);
  m.setRateLimit({ perMinute: Infinity });
  const answer = await call(m, "GET", "sessions");
  expect(answer.status).toBe(200);
  expect(Number(answer.headers.get("x-rate-limit-remaining"))).toBeGreaterThan(1_000_000);
});
