// When to retry and how long to wait: the one retry policy every request uses, the importer's and
// sync's included. The policy is data (RetryPolicy, with its defaults in DEFAULT_RETRY); the
// functions below are pure: send.ts feeds them the error and the response headers, tests feed
// them numbers.
import {
  OktaConnectionError,
  OktaRateLimitError,
  OktaServerError,
  OktaTimeoutError,
  type OktaError,
} from "../core/errors.js";
import { IDEMPOTENT } from "../../generated/registry.js";
import { fail } from "../core/validate.js";

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
 * The client's `retry` option. A 429 is always retryable (Okta did not act on the request); the
 * other failures only for operations that are safe to repeat.
 */
export interface RetryOptions {
  /** Retries after the first attempt; 0 sends each request once. @default 4 */
  maxRetries?: number;
  /** Longest a call may keep retrying, in ms from its first attempt; a retry that would wait past it is not made. @default 120000 */
  maxRetryTime?: number;
  /** Longest computed backoff wait, in ms. Waits Okta asks for (`X-Rate-Limit-Reset`, `Retry-After`) are kept as given, bounded by `maxRetryTime`. @default 30000 */
  maxDelay?: number;
  /** First backoff wait after a 5xx, a lost connection or a timeout, in ms; it doubles per retry. @default 500 */
  baseDelay?: number;
  /** First backoff wait after a concurrency-limit 429 (or a 429 without a reset time), in ms; it doubles per retry. @default 1000 */
  rateLimitBaseDelay?: number;
  /** 5xx statuses retried for operations that are safe to repeat. @default [500, 502, 503, 504] */
  statuses?: readonly number[];
  /** Retry lost connections and per-attempt timeouts for operations that are safe to repeat. @default true */
  retryNetworkErrors?: boolean;
}

/** A complete policy: every field of RetryOptions set. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** The defaults of every field of the `retry` option. */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  maxRetryTime: 120_000,
  maxDelay: 30_000,
  baseDelay: 500,
  rateLimitBaseDelay: 1000,
  statuses: Object.freeze([500, 502, 503, 504]),
  retryNetworkErrors: true,
});

/**
 * The client's policy: DEFAULT_RETRY, then the top-level `maxRetries`/`maxRetryTime` shorthands,
 * then `retry` (which wins where both are given). Bad values are refused here, naming the option.
 */
export function retryPolicy(
  retry: RetryOptions | undefined,
  shorthand: { maxRetries?: number; maxRetryTime?: number },
): RetryPolicy {
  if (retry !== undefined && (typeof retry !== "object" || retry === null)) {
    fail("retry", "must be an object");
  }
  // Only the two shorthands: `shorthand` is the whole client options, credentials included.
  const { maxRetries, maxRetryTime } = shorthand;
  const given = { ...pick({ maxRetries, maxRetryTime }), ...pick(retry ?? {}) };
  const policy = { ...DEFAULT_RETRY, ...given };
  const where = (name: keyof RetryOptions) =>
    retry && retry[name] !== undefined ? `retry.${name}` : name;
  for (const name of [
    "maxRetries",
    "maxRetryTime",
    "maxDelay",
    "baseDelay",
    "rateLimitBaseDelay",
  ] as const) {
    const value = policy[name];
    if (
      typeof value !== "number" ||
      !(value >= 0) ||
      (name === "maxRetries" && !Number.isInteger(value))
    ) {
      fail(
        where(name),
        `must be a ${name === "maxRetries" ? "whole number" : "number of ms"} >= 0`,
      );
    }
  }
  const { statuses } = policy;
  if (
    !Array.isArray(statuses) ||
    statuses.some((s) => !Number.isInteger(s) || s < 500 || s > 599)
  ) {
    fail(where("statuses"), "must be a list of 5xx statuses (500 to 599)");
  }
  if (typeof policy.retryNetworkErrors !== "boolean") {
    fail(where("retryNetworkErrors"), "must be true or false");
  }
  return Object.freeze({ ...policy, statuses: Object.freeze([...statuses]) });
}

/** The defined fields of `options` (an explicit undefined falls back to the default). */
function pick(options: object): Partial<RetryOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/**
 * True when repeating `method` on the `paths` key `path` cannot change the outcome, from the spec's
 * `x-idsrc-idempotent` (the generated registry's IDEMPOTENT): bulk uploads upsert or delete by
 * external ID, group update replaces the group at a known path and adding a member is a set insert,
 * so repeating them leaves the same state; creating a session, starting an import and creating a
 * user or group could act twice.
 */
export function isSafeToRepeat(method: string, path: string): boolean {
  // A path the spec does not have (okta.raw with a hand-written path): only non-POSTs repeat. Every
  // key holds a space, so no Object.prototype member can answer for one.
  return IDEMPOTENT[`${method} ${path}`] ?? method !== "POST";
}

/**
 * The retry reason for `error`, or undefined when it must not be retried. A 429 means Okta did not
 * act on the request, so every operation may repeat it; anything else only when repeating the
 * request cannot change the outcome (`idempotent`).
 */
export function retryReason(
  error: OktaError,
  idempotent: boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
): RetryReason | undefined {
  if (error instanceof OktaRateLimitError) {
    // Concurrency 429s report limit and remaining 0 and only an estimated reset (Okta's
    // rate-limit headers).
    const { limit, remaining } = error.rateLimit;
    return limit === 0 && remaining === 0 ? "concurrency-limit" : "rate-limit";
  }
  if (!idempotent) return undefined;
  if (error instanceof OktaServerError) {
    return policy.statuses.includes(error.status) ? "server-error" : undefined;
  }
  if (!policy.retryNetworkErrors) return undefined;
  if (error instanceof OktaConnectionError) return "connection";
  if (error instanceof OktaTimeoutError) return "timeout";
  return undefined;
}

/** Capped exponential backoff with "equal jitter": between half and all of base * 2^(attempt-1). */
export function backoff(
  reason: RetryReason,
  attempt: number,
  random = Math.random,
  policy: RetryPolicy = DEFAULT_RETRY,
): number {
  // Limits need longer pauses than a failing server.
  const limit = reason === "rate-limit" || reason === "concurrency-limit";
  const base = limit ? policy.rateLimitBaseDelay : policy.baseDelay;
  const full = Math.min(policy.maxDelay, base * 2 ** (attempt - 1));
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

/**
 * The wait a `Retry-After` header asks for, in ms, or undefined when it is absent or unreadable.
 * It is either seconds or an HTTP date; a date is measured against the response's `Date` (Okta's
 * clock), else the local one.
 */
export function retryAfterWait(
  value: string | null,
  date: string | null,
  now = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date starts with the day's name; anything else (a negative number, an empty header)
  // is unreadable.
  const at = /^[a-z]/i.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(at)) return undefined;
  const serverNow = date ? Date.parse(date) : NaN;
  return Math.max(0, at - (Number.isFinite(serverNow) ? serverNow : now));
}

/**
 * The wait before retry number `attempt`: `Retry-After` when Okta sent one; for a plain 429 the
 * time until `X-Rate-Limit-Reset`; otherwise backoff.
 */
export function retryDelay(
  reason: RetryReason,
  attempt: number,
  error: OktaError,
  headers: Headers | undefined,
  policy: RetryPolicy = DEFAULT_RETRY,
): number {
  const date = headers?.get("date") ?? null;
  const asked = retryAfterWait(headers?.get("retry-after") ?? null, date);
  if (asked !== undefined) return asked;
  const reset = error instanceof OktaRateLimitError ? error.rateLimit.reset : undefined;
  if (reason === "rate-limit" && reset !== undefined) return rateLimitWait(reset, date);
  return backoff(reason, attempt, Math.random, policy);
}
