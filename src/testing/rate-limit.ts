// Okta-style rate limiting: a per-minute bucket per endpoint family and an org-wide concurrency
// limit. Every response carries the headers Okta sends (docs/okta-behaviour.md, "Rate limits").

/** Rate-limit settings of the mock. */
export interface RateLimitOptions {
  /** Requests allowed per window in each bucket (`/api/*` and `/oauth2/*`); Infinity disables. @default 600 */
  perMinute?: number;
  /** Requests in flight at once, over the whole mock; Infinity disables. @default 75 */
  concurrency?: number;
  /** Length of the window in milliseconds (not scaled by timeScale). @default 60000 */
  windowMs?: number;
}

export interface RateLimitHeaders {
  "X-Rate-Limit-Limit": string;
  "X-Rate-Limit-Remaining": string;
  "X-Rate-Limit-Reset": string;
}

export type Admission =
  | { ok: true; headers: RateLimitHeaders; release: () => void }
  | { ok: false; reason: "rate-limit" | "concurrency"; headers: RateLimitHeaders };

// Unlimited buckets still need numeric headers; this ceiling never runs out in practice.
const UNLIMITED = 2_147_483_647;

interface Bucket {
  windowEnd: number;
  used: number;
}

export class RateLimiter {
  private perMinute: number;
  private concurrency: number;
  private windowMs: number;
  private inFlight = 0;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions = {}) {
    this.perMinute = options.perMinute ?? 600;
    this.concurrency = options.concurrency ?? 75;
    this.windowMs = options.windowMs ?? 60_000;
  }

  configure(options: RateLimitOptions): void {
    if (options.perMinute !== undefined) this.perMinute = options.perMinute;
    if (options.concurrency !== undefined) this.concurrency = options.concurrency;
    if (options.windowMs !== undefined) this.windowMs = options.windowMs;
  }

  reset(): void {
    this.buckets.clear();
  }

  // Admits one request to `bucketKey`, or says why not. `release` must be called when it ends.
  admit(bucketKey: string): Admission {
    const now = Date.now();
    let bucket = this.buckets.get(bucketKey);
    if (!bucket || now >= bucket.windowEnd) {
      bucket = { windowEnd: now + this.windowMs, used: 0 };
      this.buckets.set(bucketKey, bucket);
    }
    const reset = String(Math.ceil(bucket.windowEnd / 1000));
    if (this.inFlight >= this.concurrency) {
      // Concurrency 429s report 0 and 0; Reset is only an estimate.
      const estimate = String(Math.ceil(now / 1000) + 1);
      return {
        ok: false,
        reason: "concurrency",
        headers: header(0, 0, estimate),
      };
    }
    const limit = Number.isFinite(this.perMinute) ? this.perMinute : UNLIMITED;
    if (bucket.used >= limit) {
      return { ok: false, reason: "rate-limit", headers: header(limit, 0, reset) };
    }
    bucket.used += 1;
    this.inFlight += 1;
    let released = false;
    return {
      ok: true,
      headers: header(limit, limit - bucket.used, reset),
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
      },
    };
  }
}

function header(limit: number, remaining: number, reset: string): RateLimitHeaders {
  return {
    "X-Rate-Limit-Limit": String(limit),
    "X-Rate-Limit-Remaining": String(remaining),
    "X-Rate-Limit-Reset": reset,
  };
}
