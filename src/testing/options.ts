// The options of startMockOkta, with their defaults.
import type { FaultRule } from "./faults.js";
import type { OAuthClientRegistration } from "./oauth.js";
import type { RateLimitOptions } from "./rate-limit.js";
import type { RequestLogOptions } from "./request-log.js";
import type { FailSessionPredicate } from "./sessions.js";

/** Options of {@link startMockOkta}. Durations are Okta's and get multiplied by `timeScale`. */
export interface MockOktaOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** The API token accepted as `Authorization: SSWS <apiToken>`. @default "test-token" */
  apiToken?: string;
  /** The identity sources (Custom Identity Source app ids) that exist. @default ["0oa3l6l6WK6h0R0QW0g4"] */
  identitySourceIds?: readonly string[];
  /** Multiplies processing time, session expiry and the create cool-down; 0.001 turns minutes into tenths of a second. @default 1 */
  timeScale?: number;
  /** How long Okta takes to process a triggered session, before `timeScale`. @default 3000 */
  processingMs?: number;
  /** Inactivity after which a CREATED or IN_PROGRESS session becomes EXPIRED, before `timeScale`. @default 86400000 (24 h) */
  sessionExpiryMs?: number;
  /** How long after its creation an IN_PROGRESS or TRIGGERED session blocks new sessions, before `timeScale`. @default 300000 (5 min) */
  cooldownMs?: number;
  /** Decides which sessions end in ERROR (nothing applied) instead of COMPLETED. @default never */
  failSession?: FailSessionPredicate;
  /** Per-minute bucket and concurrency limit; see {@link RateLimitOptions}. @default { perMinute: 600, concurrency: 75 } */
  rateLimit?: RateLimitOptions;
  /** Fault rules (first match applies), drawn from a PRNG seeded with `seed`. @default none */
  faults?: FaultRule | readonly FaultRule[];
  /** Seed of the fault PRNG: the same seed gives the same faults for the same request sequence. @default 1 */
  seed?: number;
  /** OAuth service apps the token endpoint accepts (more can be added with `registerClient`). @default [] */
  clients?: readonly OAuthClientRegistration[];
  /** Lifetime of issued access tokens in seconds (not scaled). @default 3600 */
  accessTokenTtlSeconds?: number;
  /** Page size of membership listings when the request has no `limit`. @default 200 */
  membershipPageSize?: number;
  /** What `mock.requests` keeps, or false to keep nothing. @default { max: 10000, bodies: true } */
  requestLog?: RequestLogOptions | false;
  /**
   * Let browser apps on other origins call the mock: `true` for any origin, or a list of origins.
   * Preflights are answered (204), and every answer carries Access-Control-Allow-Origin and exposes
   * the rate-limit, request-ID and DPoP-Nonce headers. @default false
   */
  cors?: boolean | readonly string[];
  /** Check every API response against the spec and answer 500 on a mismatch (for the mock's own tests). @default false */
  validateResponses?: boolean;
}

export const DEFAULT_IDENTITY_SOURCE_ID = "0oa3l6l6WK6h0R0QW0g4";
export const DEFAULT_API_TOKEN = "test-token";

export function scaled(options: MockOktaOptions) {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
    throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  }
  return {
    processingMs: (options.processingMs ?? 3000) * timeScale,
    expiryMs: (options.sessionExpiryMs ?? 86_400_000) * timeScale,
    cooldownMs: (options.cooldownMs ?? 300_000) * timeScale,
  };
}
