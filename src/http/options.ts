// Client options, their defaults and the orgUrl safety rules (https only, origin only).
import type { Middleware } from "openapi-fetch";
import { fail } from "../core/validate.js";
import type { RateLimit } from "../core/errors.js";
import type { RetryInfo, RetryOptions } from "./retry.js";

/**
 * A private RSA or EC key as a JWK (RFC 7517). Declared here rather than taken from the DOM or Node
 * typings, so the declarations type-check with either (or neither) of them.
 */
export interface PrivateJwk {
  kty?: string;
  /** The JWS algorithm; without it RSA keys sign with RS256 and EC keys with their curve's ES*. */
  alg?: string;
  crv?: string;
  kid?: string;
  use?: string;
  key_ops?: string[];
  ext?: boolean;
  d?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
}

/** OAuth 2.0 client credentials with `private_key_jwt`. */
export interface OAuthOptions {
  /** The service app's client ID. */
  clientId: string;
  /** The private key registered with the app: PEM (PKCS#8, PKCS#1 or SEC1) or a private JWK. */
  privateKey: string | PrivateJwk;
  /** The key ID (`kid`) Okta knows the public key by. */
  keyId?: string;
  /** @default ["okta.identitySources.read", "okta.identitySources.manage"] */
  scopes?: string[];
  /** Bind tokens to a per-client key with DPoP. @default false */
  dpop?: boolean;
}

/** What an `onRequest` hook sees; credential headers are redacted. */
export interface RequestHookInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** What an `onResponse` hook sees, for successful and failed calls alike. */
export interface ResponseHookInfo {
  method: string;
  url: string;
  status: number;
  /** The `X-Okta-Request-Id` header. */
  requestId: string | undefined;
  rateLimit: RateLimit;
  headers: Headers;
  durationMs: number;
}

/** Options shared by every auth mode. */
export interface CommonClientOptions {
  /** Your Okta org, reduced to its origin; https only (http for loopback hosts). @default env OKTA_CLIENT_ORGURL */
  orgUrl?: string;
  /** Per-attempt timeout in ms; 0 turns it off. @default 60000 */
  timeout?: number;
  /** The retry policy: which failures are retried, how long to wait, and the caps. See RetryOptions for each field and its default. */
  retry?: RetryOptions;
  /** Shorthand for `retry.maxRetries` (which wins when both are given). @default 4 */
  maxRetries?: number;
  /** Shorthand for `retry.maxRetryTime` (which wins when both are given). @default 120000 */
  maxRetryTime?: number;
  /** Called before each retry with the reason and the wait. */
  onRetry?: (info: RetryInfo) => void;
  /** Called before each HTTP request, including `raw` calls and retries. */
  onRequest?: (info: RequestHookInfo) => void | Promise<void>;
  /** Called after each HTTP response, including `raw` calls and retries. */
  onResponse?: (info: ResponseHookInfo) => void | Promise<void>;
  /** The fetch implementation. @default globalThis.fetch */
  fetch?: (request: Request) => Promise<Response>;
  /** openapi-fetch middleware, registered on the underlying client. */
  middleware?: Middleware[];
}

/** Options of `createIdentitySourceClient`: one of `token`, `accessToken` or `oauth`. */
export type ClientOptions = CommonClientOptions &
  (
    | {
        /** Okta API token, sent as `SSWS <token>`. @default env OKTA_CLIENT_TOKEN */
        token?: string;
        accessToken?: never;
        oauth?: never;
      }
    | {
        /** A bearer access token, or a function returning a current one before each request. */
        accessToken: string | (() => Promise<string>);
        token?: never;
        oauth?: never;
      }
    | { oauth: OAuthOptions; token?: never; accessToken?: never }
  );

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The org's origin; refuses anything but https, except plain http to a loopback host (tests, mocks). */
export function resolveOrgUrl(value: unknown): string {
  if (typeof value !== "string" || value === "") {
    fail("orgUrl", "is missing: pass orgUrl or set OKTA_CLIENT_ORGURL");
  }
  if (!URL.canParse(value)) fail("orgUrl", "is not a URL");
  const url = new URL(value);
  if (url.username || url.password) fail("orgUrl", "must not contain credentials");
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    fail("orgUrl", "must use https (plain http is allowed for localhost only)");
  }
  return url.origin;
}

/**
 * An environment default, read only where `process.env` exists. A runtime that refuses the read
 * (Deno without --allow-env throws) counts as not having the variable.
 */
export function env(name: string): string | undefined {
  try {
    const vars = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env;
    return vars?.[name] || undefined;
  } catch {
    return undefined;
  }
}
