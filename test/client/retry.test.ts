// Retries: which errors, which operations, how long to wait (read from headers), the
// retry headers and the onRetry hook. Long waits run on fake timers.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createIdentitySourceClient,
  OktaConnectionError,
  OktaRateLimitError,
  OktaServerError,
  OktaTimeoutError,
  OktaBadRequestError,
  type ClientOptions,
  type IdentitySource,
  type RetryInfo,
} from "../../src/index.js";
import { backoff, rateLimitWait, retryReason } from "../../src/http/retry.js";
import type { RateLimit } from "../../src/core/errors.js";
import {
  reply,
  session,
  SOURCE,
  startServer,
  TOKEN,
  type Handler,
  type TestServer,
} from "./server.js";

const servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  handler: Handler,
  options: Partial<ClientOptions> = {},
): Promise<{ server: TestServer; source: IdentitySource }> {
  const server = await startServer(handler);
  servers.push(server);
  const source = createIdentitySourceClient({
    orgUrl: server.url,
    token: TOKEN,
    ...options,
  } as ClientOptions).identitySource(SOURCE);
  return { server, source };
}

/** Answers from a script, one entry per request; the last entry repeats. */
const script =
  (...steps: ((res: Parameters<Handler>[1], n: number) => void)[]): Handler =>
  (_req, res) => {
    const n = script.count.get(steps) ?? 0;
    script.count.set(steps, n + 1);
    (steps[Math.min(n, steps.length - 1)] as (typeof steps)[number])(res, n);
  };
script.count = new Map<unknown, number>();

/** Waits (on setImmediate, which these fake timers leave alone) until `n` retries were announced. */
async function retries(infos: RetryInfo[], n: number): Promise<RetryInfo> {
  for (let i = 0; infos.length < n; i++) {
    if (i > 200_000) throw new Error(`only ${infos.length} retries`);
    await new Promise((r) => setImmediate(r));
  }
  return infos[n - 1]!;
}

const rl = (limit: number, remaining: number, reset: number): RateLimit => ({
  limit,
  remaining,
  reset,
});
const err429 = (rateLimit: RateLimit) =>
  new OktaRateLimitError({
    status: 429,
    method: "GET",
    url: "u",
    errorCode: "E0000047",
    errorSummary: undefined,
    errorCauses: [],
    errorId: undefined,
    requestId: undefined,
    rateLimit,
  });
const err5xx = (status: number) =>
  new OktaServerError({
    status,
    method: "GET",
    url: "u",
    errorCode: undefined,
    errorSummary: undefined,
    errorCauses: [],
    errorId: undefined,
    requestId: undefined,
    rateLimit: rl(1, 1, 1),
  });

describe("retry policy (pure)", () => {
  it("429 is retried for every operation; 5xx, connection and timeout only when idempotent", () => {
    expect(retryReason(err429(rl(600, 0, 1)), false)).toBe("rate-limit");
    expect(retryReason(err429(rl(0, 0, 1)), false)).toBe("concurrency-limit");
    expect(retryReason(err5xx(503), true)).toBe("server-error");
    expect(retryReason(err5xx(503), false)).toBeUndefined();
    expect(retryReason(err5xx(501), true)).toBeUndefined();
    expect(retryReason(new OktaConnectionError("GET", "u", new TypeError("x")), true)).toBe(
      "connection",
    );
    expect(retryReason(new OktaTimeoutError("GET", "u", 1), true)).toBe("timeout");
    expect(retryReason(new OktaTimeoutError("GET", "u", 1), false)).toBeUndefined();
  });

  it("a 429 is a concurrency limit only when limit and remaining are both 0", () => {
    expect(retryReason(err429(rl(0, 0, 1)), true)).toBe("concurrency-limit");
    for (const [limit, remaining] of [
      [0, 5],
      [600, 0],
      [600, 5],
    ] as const) {
      expect(retryReason(err429(rl(limit, remaining, 1)), true), `${limit}/${remaining}`).toBe(
        "rate-limit",
      );
    }
    // A 429 without the rate-limit headers.
    const none = { limit: undefined, remaining: undefined, reset: undefined };
    expect(retryReason(err429(none), false)).toBe("rate-limit");
  });

  it("rate-limit wait = reset - Date header (Okta's clock), plus up to 1 s of jitter", () => {
    const date = "Thu, 01 Jan 2026 00:00:00 GMT";
    const reset = Date.parse(date) / 1000 + 30;
    // The local clock is an hour behind; it must not matter.
    const localNow = Date.parse(date) - 3_600_000;
    expect(rateLimitWait(reset, date, localNow, () => 0)).toBe(30_000);
    expect(rateLimitWait(reset, date, localNow, () => 0.999)).toBe(30_999);
    // Without a Date header, the local clock is all there is.
    expect(rateLimitWait(reset, null, Date.parse(date) + 10_000, () => 0)).toBe(20_000);
    // A reset already past means "now", not a negative wait.
    expect(rateLimitWait(reset - 60, date, 0, () => 0)).toBe(0);
  });

  it("backoff doubles per attempt, is capped, and stays within [half, full]", () => {
    expect([1, 2, 3, 4].map((a) => backoff("server-error", a, () => 1))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3].map((a) => backoff("server-error", a, () => 0))).toEqual([250, 500, 1000]);
    // Capped by maxDelay (30 s by default).
    expect(backoff("server-error", 30, () => 1)).toBe(30_000);
    expect([1, 2, 3].map((a) => backoff("concurrency-limit", a, () => 1))).toEqual([
      1000, 2000, 4000,
    ]);
    expect(backoff("concurrency-limit", 20, () => 1)).toBe(30_000);
  });

  it("both limit reasons back off from rateLimitBaseDelay, the other reasons from baseDelay", () => {
    for (const reason of ["rate-limit", "concurrency-limit"] as const) {
      expect(
        [1, 2].map((a) => backoff(reason, a, () => 1)),
        reason,
      ).toEqual([1000, 2000]);
    }
    for (const reason of ["server-error", "connection", "timeout"] as const) {
      expect(
        [1, 2].map((a) => backoff(reason, a, () => 1)),
        reason,
      ).toEqual([500, 1000]);
    }
  });
});

describe("rate limits on the wire", () => {
  it("waits until X-Rate-Limit-Reset on Okta's clock (skewed by an hour), then retries with the retry headers", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const okta = new Date(Math.floor(Date.now() / 1000) * 1000 + 3_600_000);
    const { server, source } = await setup(
      script(
        (res) =>
          reply(
            res,
            429,
            { errorCode: "E0000047" },
            {
              Date: okta.toUTCString(),
              "X-Rate-Limit-Limit": "600",
              "X-Rate-Limit-Remaining": "0",
              "X-Rate-Limit-Reset": String(okta.getTime() / 1000 + 30),
              "X-Okta-Request-Id": "first-failure",
            },
          ),
        (res) => reply(res, 200, session()),
      ),
    );
    let retried!: (info: RetryInfo) => void;
    const onRetry = new Promise<RetryInfo>((resolve) => (retried = resolve));
    // create-session is not idempotent, but a 429 means Okta did nothing: it is retried.
    const call = source.sessions.create({ onRetry: (info) => retried(info) });
    // If the skew were ignored the wait (an hour) would exceed maxRetryTime: the call would fail.
    const info = await Promise.race([onRetry, call.then(() => expect.fail("no retry"))]);
    expect(info).toMatchObject({ attempt: 1, reason: "rate-limit", method: "POST" });
    expect(info.error).toBeInstanceOf(OktaRateLimitError);
    expect(info.delayMs).toBeGreaterThanOrEqual(30_000);
    expect(info.delayMs).toBeLessThan(31_000);
    await vi.advanceTimersByTimeAsync(info.delayMs - 1);
    expect(server.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).resolves.toMatchObject({ id: session().id });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[0]?.headers["x-okta-retry-count"]).toBeUndefined();
    expect(server.requests[1]?.headers["x-okta-retry-count"]).toBe("1");
    expect(server.requests[1]?.headers["x-okta-retry-for"]).toBe("first-failure");
  });

  it("a concurrency 429 (limit and remaining 0) backs off exponentially", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const concurrency = {
      "X-Rate-Limit-Limit": "0",
      "X-Rate-Limit-Remaining": "0",
      "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 300),
    };
    const { server, source } = await setup(
      script(
        (res) => reply(res, 429, {}, { ...concurrency, "X-Okta-Request-Id": "r1" }),
        (res) => reply(res, 429, {}, { ...concurrency, "X-Okta-Request-Id": "r2" }),
        (res) => reply(res, 200, []),
      ),
    );
    const infos: RetryInfo[] = [];
    const call = source.sessions.list({ onRetry: (i) => void infos.push(i) });
    for (const n of [1, 2]) await vi.advanceTimersByTimeAsync((await retries(infos, n)).delayMs);
    await expect(call).resolves.toEqual([]);
    expect(infos.map((i) => i.reason)).toEqual(["concurrency-limit", "concurrency-limit"]);
    // Not the 300 s reset estimate: 0.5-1 s, then 1-2 s.
    expect(infos[0]!.delayMs).toBeGreaterThanOrEqual(500);
    expect(infos[0]!.delayMs).toBeLessThanOrEqual(1000);
    expect(infos[1]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(infos[1]!.delayMs).toBeLessThanOrEqual(2000);
    expect(
      server.requests.map((r) => [r.headers["x-okta-retry-count"], r.headers["x-okta-retry-for"]]),
    ).toEqual([
      [undefined, undefined],
      ["1", "r1"],
      ["2", "r1"],
    ]);
  });

  it("gives up at once when the reset is beyond maxRetryTime", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 600);
    const { server, source } = await setup(
      (_r, res) =>
        reply(
          res,
          429,
          {},
          {
            "X-Rate-Limit-Limit": "600",
            "X-Rate-Limit-Remaining": "0",
            "X-Rate-Limit-Reset": reset,
          },
        ),
      { maxRetryTime: 60_000 },
    );
    await expect(source.sessions.list()).rejects.toBeInstanceOf(OktaRateLimitError);
    expect(server.requests).toHaveLength(1);
  });
});

describe("5xx, connection errors, timeouts", () => {
  const fail503 = (res: Parameters<Handler>[1], n: number) =>
    reply(res, 503, {}, { "X-Okta-Request-Id": `r${n}` });

  it("a bulk upload is retried after 5xx and succeeds", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { server, source } = await setup(script(fail503, fail503, (res) => reply(res, 202)));
    const infos: RetryInfo[] = [];
    const call = source.sessions.upsertUsers("aps1", [], { onRetry: (i) => void infos.push(i) });
    for (const n of [1, 2]) await vi.advanceTimersByTimeAsync((await retries(infos, n)).delayMs);
    await expect(call).resolves.toBeUndefined();
    expect(infos.map((i) => [i.attempt, i.reason])).toEqual([
      [1, "server-error"],
      [2, "server-error"],
    ]);
    expect(server.requests.map((r) => r.body)).toEqual(
      Array(3).fill('{"entityType":"USERS","profiles":[]}'),
    );
    expect(server.requests.map((r) => r.headers["x-okta-retry-for"])).toEqual([
      undefined,
      "r0",
      "r0",
    ]);
  });

  it.each([
    ["sessions.create", (s: IdentitySource) => s.sessions.create()],
    ["sessions.startImport", (s: IdentitySource) => s.sessions.startImport("aps1")],
    [
      "users.create",
      (s: IdentitySource) =>
        s.users.create({ externalId: "U1", profile: { email: "a@example.com", userName: "a" } }),
    ],
    [
      "groups.create",
      (s: IdentitySource) => s.groups.create({ externalId: "G1", profile: { displayName: "G" } }),
    ],
  ])("%s is never retried after a 5xx", async (_name, call) => {
    const onRetry = vi.fn();
    const { server, source } = await setup(script(fail503), { onRetry });
    await expect(call(source)).rejects.toBeInstanceOf(OktaServerError);
    expect(server.requests).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it.each([
    [
      "users.update (PATCH)",
      (s: IdentitySource) =>
        s.users.update("U1", { profile: { email: "a@example.com", userName: "a" } }),
    ],
    [
      "groups.update (POST to the group)",
      (s: IdentitySource) =>
        s.groups.update("G1", { externalId: "G1", profile: { displayName: "G" } }),
    ],
    ["groups.addMember", (s: IdentitySource) => s.groups.addMember("G1", "U1")],
    ["users.delete", (s: IdentitySource) => s.users.delete("U1")],
  ])("%s is retried after a 5xx (idempotent by design)", async (_name, call) => {
    const { server, source } = await setup(script(fail503, (res) => reply(res, 200, { id: "x" })));
    await call(source);
    expect(server.requests).toHaveLength(2);
  });

  it("stops after maxRetries (client default and per-call override)", async () => {
    const { server, source } = await setup(script(fail503), { maxRetries: 2 });
    // Per call: no retries.
    await expect(source.sessions.list({ maxRetries: 0 })).rejects.toBeInstanceOf(OktaServerError);
    expect(server.requests).toHaveLength(1);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const infos: RetryInfo[] = [];
    const call = source.sessions.list({ onRetry: (i) => void infos.push(i) }).catch((e) => e);
    for (const n of [1, 2]) await vi.advanceTimersByTimeAsync((await retries(infos, n)).delayMs);
    expect(await call).toBeInstanceOf(OktaServerError);
    expect(server.requests).toHaveLength(4);
  });

  it("400s are not retried", async () => {
    const { server, source } = await setup((_r, res) => reply(res, 400, { errorCode: "E0000001" }));
    await expect(source.sessions.list()).rejects.toBeInstanceOf(OktaBadRequestError);
    expect(server.requests).toHaveLength(1);
  });

  it("a dropped connection is retried for a GET but not for create-session", async () => {
    const drop = (res: Parameters<Handler>[1]) => void res.socket?.destroy();
    const { server, source } = await setup(script(drop, (res) => reply(res, 200, [])));
    const infos: RetryInfo[] = [];
    await expect(source.sessions.list({ onRetry: (i) => infos.push(i) })).resolves.toEqual([]);
    expect(infos.map((i) => i.reason)).toEqual(["connection"]);
    expect(infos[0]?.error).toBeInstanceOf(OktaConnectionError);
    expect(server.requests).toHaveLength(2);

    const other = await setup(script(drop));
    await expect(other.source.sessions.create()).rejects.toBeInstanceOf(OktaConnectionError);
    expect(other.server.requests).toHaveLength(1);
  });

  it("a timed-out GET is retried", async () => {
    const hang = () => undefined;
    const { server, source } = await setup(
      script(hang, (res) => reply(res, 200, [])),
      { timeout: 300 },
    );
    const infos: RetryInfo[] = [];
    await expect(source.sessions.list({ onRetry: (i) => infos.push(i) })).resolves.toEqual([]);
    // The first attempt hangs; a loaded machine might also time out a later one, so only the
    // first retry's reason is pinned.
    expect(infos[0]?.reason).toBe("timeout");
    expect(infos[0]?.error).toBeInstanceOf(OktaTimeoutError);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("an abort during the wait between retries stops the call", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { server, source } = await setup(script(fail503));
    const controller = new AbortController();
    let notify = () => {};
    const waiting = new Promise<void>((r) => (notify = r));
    const call = source.sessions
      .list({ signal: controller.signal, onRetry: () => notify() })
      .catch((e: unknown) => e);
    await waiting;
    controller.abort();
    const error = await call;
    expect((error as Error).name).toBe("AbortError");
    expect(server.requests).toHaveLength(1);
  });
});
