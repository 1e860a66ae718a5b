// Okta's per-response headers (docs/okta-behaviour.md, "Rate limits"): rate-limit bucket and request ID.
import type { RateLimit } from "../core/errors.js";

const num = (value: string | null): number | undefined => {
  // Number("") is 0: a blank header is a missing one.
  const n = value?.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

export const rateLimitOf = (headers: Headers): RateLimit => ({
  limit: num(headers.get("x-rate-limit-limit")),
  remaining: num(headers.get("x-rate-limit-remaining")),
  reset: num(headers.get("x-rate-limit-reset")),
});

export const requestIdOf = (headers: Headers): string | undefined =>
  headers.get("x-okta-request-id") ?? undefined;
