// CORS, seen with plain fetch as a browser would send it: the preflight, then the real request
// whose answer (success or error) must let the page read the status and the headers it needs.
import { afterEach, describe, expect, it } from "vitest";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const PAGE = "http://localhost:5173";
const mocks: MockOkta[] = [];
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

async function start(cors?: boolean | string[]) {
  const mock = await startMockOkta({ timeScale: 0.001, ...(cors === undefined ? {} : { cors }) });
  mocks.push(mock);
  return mock;
}

const preflight = (
  mock: MockOkta,
  origin: string,
  path = `/api/v1/identity-sources/${SOURCE}/sessions`,
) =>
  fetch(`${mock.url}${path}`, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization, dpop, content-type",
    },
  });

const get = (mock: MockOkta, path: string, origin = PAGE, token = "test-token") =>
  fetch(`${mock.url}/api/v1/identity-sources/${SOURCE}/${path}`, {
    headers: { Origin: origin, Authorization: `SSWS ${token}`, Accept: "application/json" },
  });

function expectExposed(headers: Headers) {
  const exposed = (headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/,\s*/);
  for (const name of [
    "x-rate-limit-limit",
    "x-rate-limit-remaining",
    "x-rate-limit-reset",
    "x-okta-request-id",
    "dpop-nonce",
  ]) {
    expect(exposed).toContain(name);
  }
}

describe("the mock with cors: true", () => {
  it("answers a preflight with 204, the methods, the headers and a max-age", async () => {
    const mock = await start(true);
    const answer = await preflight(mock, PAGE);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-allow-methods")).toMatch(/\bPOST\b.*\bDELETE\b/);
    const allowed = (answer.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const name of ["authorization", "dpop", "content-type"]) expect(allowed).toContain(name);
    expect(Number(answer.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    // The browser's preflight is not one of the client's requests.
    expect(mock.requests).toHaveLength(0);
  });

  it("lets the page read successes and errors alike, with the rate-limit and request-id headers", async () => {
    const mock = await start(true);
    for (const [path, token, status] of [
      ["sessions", "test-token", 200],
      ["sessions/nope", "test-token", 404],
      ["sessions", "wrong", 401],
    ] as const) {
      const answer = await get(mock, path, PAGE, token);
      expect(answer.status, path).toBe(status);
      expect(answer.headers.get("access-control-allow-origin")).toBe("*");
      expect(answer.headers.get("x-okta-request-id")).toBeTruthy();
      expectExposed(answer.headers);
      await answer.body?.cancel();
    }
  });
});

describe("the mock with a list of origins", () => {
  it("allows a listed origin by name and varies on Origin", async () => {
    const mock = await start([`${PAGE}/`, "https://admin.example.com"]);
    const answer = await preflight(mock, PAGE);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(answer.headers.get("vary")).toMatch(/Origin/);
    const real = await get(mock, "sessions");
    expect(real.headers.get("access-control-allow-origin")).toBe(PAGE);
    expectExposed(real.headers);
  });

  it("gives another origin no allowance, for the preflight or the request", async () => {
    const mock = await start([PAGE]);
    const answer = await preflight(mock, "http://evil.example");
    expect(answer.status).toBe(403);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    const real = await get(mock, "sessions", "http://evil.example");
    expect(real.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a value that is not an origin, naming it", async () => {
    await expect(startMockOkta({ cors: ["not an origin"] })).rejects.toThrow(
      /cors: "not an origin" is not an origin/,
    );
    await expect(startMockOkta({ cors: "yes" as never })).rejects.toThrow(/cors must be true/);
  });
});

describe("the mock without cors", () => {
  it("sends no CORS headers and does not answer preflights", async () => {
    const mock = await start();
    const answer = await preflight(mock, PAGE);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.status).not.toBe(204);
    const real = await get(mock, "sessions");
    expect(real.status).toBe(200);
    expect(real.headers.get("access-control-allow-origin")).toBeNull();
  });
});
