// The `retry` option: Retry-After (seconds and HTTP dates), each configurable field against a
// local server, the top-level shorthands, the one table of operations safe to repeat, and bad
// values refused up front. Small delays on real timers: no test waits more than a few ms per retry.
import { afterEach, describe, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaConnectionError,
  OktaRateLimitError,
  OktaServerError,
  OktaValidationError,
  type ClientOptions,
} from "../../src/index.js";
import {
  backoff,
  DEFAULT_RETRY,
  isSafeToRepeat,
  retryAfterWait,
  retryPolicy,
} from "../../src/http/retry.js";
import { PATHS } from "../../src/client/paths.js";
import { OPERATIONS } from "../../generated/registry.js";
import { reply, session, SOURCE, TOKEN, type Handler } from "./server.js";
import { closeServers, failThen, retryClient, status } from "./retry-support.js";

afterEach(closeServers);

describe("Retry-After", () => {
  it("reads seconds, and HTTP dates against the response's Date (Okta's clock)", () => {
    expect(retryAfterWait("7", null)).toBe(7000);
    expect(retryAfterWait(" 0 ", null)).toBe(0);
    const okta = new Date("2026-01-01T10:00:00Z");
    const at = new Date(okta.getTime() + 12_000).toUTCString();
    // The local clock is an hour off: the Date header is what counts.
    expect(retryAfterWait(at, okta.toUTCString(), okta.getTime() + 3_600_000)).toBe(12_000);
    expect(retryAfterWait(at, null, okta.getTime() + 2000)).toBe(10_000);
    expect(retryAfterWait(new Date(0).toUTCString(), null)).toBe(0);
    expect(retryAfterWait("soon", null)).toBeUndefined();
    expect(retryAfterWait("-3", null)).toBeUndefined();
    expect(retryAfterWait(null, null)).toBeUndefined();
  });

  it("a 503 with Retry-After in seconds waits exactly that long", async () => {
    const { server, source, infos } = await retryClient(
      failThen(1, status(503, { "Retry-After": "0" })),
      {
        retry: { baseDelay: 60_000 },
      },
    );
    await expect(source.sessions.list()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
    // Not the 30-60 s backoff the policy would compute.
    expect(infos.map((i) => [i.reason, i.delayMs])).toEqual([["server-error", 0]]);
  });

  it("on a 429, Retry-After wins over X-Rate-Limit-Reset; a wait past maxRetryTime is not made", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    const headers = { "X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "0" };
    const soon = new Date(Date.now() - 5000).toUTCString(); // already past: wait 0
    const { source, infos } = await retryClient(
      failThen(1, status(429, { ...headers, "X-Rate-Limit-Reset": reset, "Retry-After": soon })),
    );
    await expect(source.sessions.list()).resolves.toEqual([]);
    expect(infos.map((i) => [i.reason, i.delayMs])).toEqual([["rate-limit", 0]]);

    const later = await retryClient(status(429, { ...headers, "Retry-After": "30" }), {
      retry: { maxRetryTime: 10_000 },
    });
    await expect(later.source.sessions.list()).rejects.toBeInstanceOf(OktaRateLimitError);
    expect(later.server.requests).toHaveLength(1);
  });
});

describe("each field of the retry option", () => {
  it("maxRetries: the number of retries; retry.maxRetries wins over the top-level shorthand", async () => {
    const a = await retryClient(status(500), { retry: { maxRetries: 2, baseDelay: 1 } });
    await expect(a.source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(a.server.requests).toHaveLength(3);
    const b = await retryClient(status(500), {
      maxRetries: 5,
      retry: { maxRetries: 1, baseDelay: 1 },
    });
    await expect(b.source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(b.server.requests).toHaveLength(2);
    // The shorthand alone still works.
    const c = await retryClient(status(500), { maxRetries: 0 });
    await expect(c.source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(c.server.requests).toHaveLength(1);
    // And a per-call maxRetries overrides the client's policy (what the importer relies on).
    const d = await retryClient(status(500), { retry: { maxRetries: 0, baseDelay: 1 } });
    await expect(d.source.sessions.list({ maxRetries: 2 })).rejects.toBeInstanceOf(OktaServerError);
    expect(d.server.requests).toHaveLength(3);
  });

  it("maxRetryTime: a retry that would wait past it is not made", async () => {
    const { server, source } = await retryClient(status(503), {
      retry: { baseDelay: 400, maxRetryTime: 150 },
    });
    // The first wait is 200-400 ms, past 150 ms: one attempt only.
    await expect(source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(server.requests).toHaveLength(1);
  });

  it("baseDelay and maxDelay: the first wait and the cap of the doubling", async () => {
    const { source, infos } = await retryClient(failThen(4, status(502)), {
      retry: { baseDelay: 8, maxDelay: 20 },
    });
    await expect(source.sessions.list()).resolves.toEqual([]);
    const delays = infos.map((i) => i.delayMs);
    expect(delays).toHaveLength(4);
    // 4-8, 8-16, then capped at 20: 10-20, 10-20.
    expect(delays[0]).toBeGreaterThanOrEqual(4);
    expect(delays[0]).toBeLessThanOrEqual(8);
    expect(delays[1]).toBeGreaterThanOrEqual(8);
    expect(delays[1]).toBeLessThanOrEqual(16);
    for (const d of delays.slice(2)) {
      expect(d).toBeGreaterThanOrEqual(10);
      expect(d).toBeLessThanOrEqual(20);
    }
    const policy = retryPolicy({ baseDelay: 8, maxDelay: 20 }, {});
    expect([1, 2, 3, 9].map((a) => backoff("server-error", a, () => 1, policy))).toEqual([
      8, 16, 20, 20,
    ]);
  });

  it("rateLimitBaseDelay: the first wait after a concurrency-limit 429", async () => {
    const concurrency = {
      "X-Rate-Limit-Limit": "0",
      "X-Rate-Limit-Remaining": "0",
      "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 300),
    };
    const ok: Handler = (_q, res) => reply(res, 200, session());
    const { source, infos } = await retryClient(failThen(1, status(429, concurrency), ok), {
      retry: { rateLimitBaseDelay: 6, baseDelay: 60_000 },
    });
    await expect(source.sessions.create()).resolves.toMatchObject({ id: session().id });
    expect(infos).toHaveLength(1);
    expect(infos[0]!.reason).toBe("concurrency-limit");
    expect(infos[0]!.delayMs).toBeGreaterThanOrEqual(3);
    expect(infos[0]!.delayMs).toBeLessThanOrEqual(6);
  });

  it("statuses: which 5xx are retried for operations safe to repeat", async () => {
    const none = await retryClient(status(503), { retry: { statuses: [], baseDelay: 1 } });
    await expect(none.source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(none.server.requests).toHaveLength(1);
    // 501 is not in the default list; it is retried once listed.
    const dflt = await retryClient(failThen(1, status(501)), { retry: { baseDelay: 1 } });
    await expect(dflt.source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(dflt.server.requests).toHaveLength(1);
    const listed = await retryClient(failThen(1, status(501)), {
      retry: { statuses: [501], baseDelay: 1 },
    });
    await expect(listed.source.sessions.list()).resolves.toEqual([]);
    expect(listed.server.requests).toHaveLength(2);
  });

  it("retryNetworkErrors: lost connections are retried by default, not when it is false", async () => {
    const drop: Handler = (_req, res) => void res.socket?.destroy();
    const on = await retryClient(failThen(1, drop), { retry: { baseDelay: 1 } });
    await expect(on.source.sessions.list()).resolves.toEqual([]);
    expect(on.infos.map((i) => i.reason)).toEqual(["connection"]);
    const off = await retryClient(failThen(1, drop), { retry: { retryNetworkErrors: false } });
    await expect(off.source.sessions.list()).rejects.toBeInstanceOf(OktaConnectionError);
    expect(off.server.requests).toHaveLength(1);
  });

  it("refuses bad values up front, naming the option", () => {
    const make = (options: Partial<ClientOptions>) =>
      createIdentitySourceClient({
        orgUrl: "https://acme.okta.com",
        token: TOKEN,
        ...options,
      } as ClientOptions);
    const cases: [Partial<ClientOptions>, string][] = [
      [{ retry: { maxRetries: -1 } }, "retry.maxRetries"],
      [{ retry: { maxRetries: 1.5 } }, "retry.maxRetries"],
      [{ maxRetries: -1 }, "maxRetries"],
      [{ retry: { maxRetryTime: Number.NaN } }, "retry.maxRetryTime"],
      [{ retry: { maxDelay: -5 } }, "retry.maxDelay"],
      [{ retry: { baseDelay: "1" as unknown as number } }, "retry.baseDelay"],
      [{ retry: { rateLimitBaseDelay: -1 } }, "retry.rateLimitBaseDelay"],
      [{ retry: { statuses: [404] } }, "retry.statuses"],
      [{ retry: { retryNetworkErrors: "yes" as unknown as boolean } }, "retry.retryNetworkErrors"],
      [{ retry: 3 as unknown as object }, "retry"],
    ];
    for (const [options, field] of cases) {
      expect(() => make(options), field).toThrow(OktaValidationError);
      try {
        make(options);
      } catch (e) {
        expect((e as OktaValidationError).field).toBe(field);
      }
    }
    expect(retryPolicy(undefined, {})).toEqual(DEFAULT_RETRY);
  });
});

describe("operations safe to repeat", () => {
  it("every GET, PUT, PATCH and DELETE; of the POSTs only the bulk uploads, group update and add-member", () => {
    for (const m of ["GET", "PUT", "PATCH", "DELETE"])
      expect(isSafeToRepeat(m, PATHS.users)).toBe(true);
    expect(isSafeToRepeat("POST", `${PATHS.session}/bulk-upsert`)).toBe(true);
    expect(isSafeToRepeat("POST", `${PATHS.session}/bulk-devices-delete`)).toBe(true);
    expect(isSafeToRepeat("POST", PATHS.group)).toBe(true);
    expect(isSafeToRepeat("POST", PATHS.members)).toBe(true);
    for (const p of [PATHS.sessions, PATHS.startImport, PATHS.users, PATHS.groups]) {
      expect(isSafeToRepeat("POST", p), p).toBe(false);
    }
  });

  it("answers as the registry's operations say, and by method for a path the spec lacks", () => {
    for (const op of Object.values(OPERATIONS)) {
      expect(isSafeToRepeat(op.method, op.path), op.operationId).toBe(op.idempotent);
    }
    expect(isSafeToRepeat("POST", "/api/v1/somewhere-else")).toBe(false);
    for (const m of ["GET", "PUT", "PATCH", "DELETE"]) {
      expect(isSafeToRepeat(m, "/api/v1/somewhere-else"), m).toBe(true);
    }
    expect(isSafeToRepeat("POST", "constructor")).toBe(false);
  });

  it("on the wire: group update is repeated after a 503, create-session is not", async () => {
    const group = { id: "00g1", externalId: "g1", profile: { displayName: "G" } };
    const a = await retryClient(
      failThen(1, status(503), (_q, res) => reply(res, 200, group)),
      {
        retry: { baseDelay: 1 },
      },
    );
    await a.source.groups.update("g1", {
      externalId: "g1",
      profile: { displayName: "G" },
    } as never);
    expect(a.server.requests).toHaveLength(2);
    const b = await retryClient(
      failThen(1, status(503), (_q, res) => reply(res, 200, session())),
      {
        retry: { baseDelay: 1 },
      },
    );
    await expect(b.source.sessions.create()).rejects.toBeInstanceOf(OktaServerError);
    expect(b.server.requests).toHaveLength(1);
  });
});
