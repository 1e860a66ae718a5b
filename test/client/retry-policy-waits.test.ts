// How long a retry waits when Okta's headers cannot be used: a Retry-After that is not whole
// seconds or an HTTP date, and a 429 without X-Rate-Limit-Reset, both fall back to the backoff of
// their reason. Small delays on real timers.
import { afterEach, describe, expect, it } from "vitest";
import { OktaRateLimitError } from "../../src/index.js";
import { retryAfterWait } from "../../src/http/retry.js";
import { closeServers, failThen, retryClient, status } from "./retry-support.js";

afterEach(closeServers);

describe("Retry-After that cannot be read", () => {
  it("is neither seconds with trailing text, nor a date not starting with the day's name, nor blank", () => {
    expect(retryAfterWait("10abc", null)).toBeUndefined();
    expect(retryAfterWait("1.5", null)).toBeUndefined();
    // Date.parse reads ISO dates, but an HTTP date starts with a letter.
    const iso = new Date(Date.now() + 60_000).toISOString();
    expect(Number.isFinite(Date.parse(iso))).toBe(true);
    expect(retryAfterWait(iso, null)).toBeUndefined();
    expect(retryAfterWait("", null)).toBeUndefined();
    expect(retryAfterWait("   ", null)).toBeUndefined();
  });

  it.each([["10abc"], [""], [new Date(Date.now() + 60_000).toISOString()]])(
    "a 503 with Retry-After %j waits the computed backoff",
    async (retryAfter) => {
      const { server, source, infos } = await retryClient(
        failThen(1, status(503, { "Retry-After": retryAfter })),
        { retry: { baseDelay: 4, maxRetryTime: 10_000 } },
      );
      await expect(source.sessions.list()).resolves.toEqual([]);
      expect(server.requests).toHaveLength(2);
      expect(infos.map((i) => i.reason)).toEqual(["server-error"]);
      expect(infos[0]!.delayMs).toBeGreaterThanOrEqual(2);
      expect(infos[0]!.delayMs).toBeLessThanOrEqual(4);
    },
  );
});

describe("a rate-limit 429 without X-Rate-Limit-Reset", () => {
  it("backs off from rateLimitBaseDelay, as a limit wait, not from baseDelay", async () => {
    const { server, source, infos } = await retryClient(
      failThen(1, status(429, { "X-Rate-Limit-Limit": "600", "X-Rate-Limit-Remaining": "0" })),
      {
        // A wait computed from baseDelay would pass maxRetryTime and fail the call.
        retry: { rateLimitBaseDelay: 6, baseDelay: 60_000, maxRetryTime: 10_000 },
      },
    );
    await expect(source.sessions.list()).resolves.toEqual([]);
    expect(server.requests).toHaveLength(2);
    expect(infos.map((i) => i.reason)).toEqual(["rate-limit"]);
    expect(infos[0]!.error).toBeInstanceOf(OktaRateLimitError);
    expect(infos[0]!.delayMs).toBeGreaterThanOrEqual(3);
    expect(infos[0]!.delayMs).toBeLessThanOrEqual(6);
  });
});
