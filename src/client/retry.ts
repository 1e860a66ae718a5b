// When to retry and how long to wait: the one retry policy every request uses, the importer's and
// sync's included. Pure functions: http.ts feeds them the error and the response headers, tests
// feed them numbers.
import {
  OktaConnectionError,
  OktaRateLimitError,
  OktaServerError,
  OktaTimeoutError,
  type OktaError,
} from "./errors.js";

/** Why a request is retried. */
export type RetryReason =
  "rate-limit" | "concurrency-limit" | "server-error" | "connection" | "timeout";

/** What an `onRetry` hook sees before the client waits and sends again. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: RetryReason;
  error: OktaError;
  method: string;
  url: string;
}

/**
 * The retry reason for `error`, or undefined when it must not be retried. A 429 means Okta did not
 * act on the request, so every operation may repeat it; anything else only when repeating the
 * request cannot change the outcome (`idempotent`).
 */
export function retryReason(error: OktaError, idempotent: boolean): RetryReason | undefined {
  if (error instanceof OktaRateLimitError) {
    // Concurrency 429s report limit and remaining 0 and only an estimated reset (Okta's
    // rate-limit headers).
    const { limit, remaining } = error.rateLimit;
    return limit === 0 && remaining === 0 ? "concurrency-limit" : "rate-limit";
  }
  if (!idempotent) return undefined;
  // 501 means "not implemented": waiting will not help.
  if (error instanceof OktaServerError && error.status !== 501) return "server-error";
  if (error instanceof OktaConnectionError) return "connection";
  if (error instanceof OktaTimeoutError) return "timeout";
  return undefined;
}

/** Capped exponential backoff with "equal jitter": between half and all of base * 2^(attempt-1). */
export function backoff(reason: RetryReason, attempt: number, random = Math.random): number {
  // Limits need longer pauses than a failing server: 1 s doubling to 30 s, else 0.5 s to 15 s.
  const limit = reason === "rate-limit" || reason === "concurrency-limit";
  const full = Math.min(limit ? 30_000 : 15_000, (limit ? 1000 : 500) * 2 ** (attempt - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}

/**
 * Milliseconds until the rate-limit window resets. `reset` is epoch seconds on Okta's clock; the
 * `Date` header tells us Okta's "now", so a skewed local clock does not matter. Date has 1 s
 * resolution and is truncated, so reset - date never undershoots. Up to 1 s of jitter spreads
 * clients that all waited for the same reset.
 */
export function rateLimitWait(
  reset: number,
  date: string | null,
  now = Date.now(),
  random = Math.random,
): number {
  const serverNow = date ? Date.parse(date) : NaN;
  const base = reset * 1000 - (Number.isFinite(serverNow) ? serverNow : now);
  return Math.max(0, Math.ceil(base)) + Math.floor(random() * 1000);
}

/** The wait before retry number `attempt`. */
export function retryDelay(
  reason: RetryReason,
  attempt: number,
  error: OktaError,
  date: string | null,
): number {
  const reset = error instanceof OktaRateLimitError ? error.rateLimit.reset : undefined;
  if (reason === "rate-limit" && reset !== undefined) return rateLimitWait(reset, date);
  return backoff(reason, attempt);
}
