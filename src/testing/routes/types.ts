// What a route handler gets and gives back.
import type { Route } from "../router.js";
import type { SessionManager } from "../sessions.js";
import type { SourceData } from "../state.js";

export interface RouteContext {
  route: Route;
  params: Record<string, string>;
  // Query parameters, validated and coerced against the spec.
  query: Record<string, unknown>;
  // The parsed JSON body (validated against the spec by the time `handle` runs).
  body: unknown;
  // Size of the raw body in bytes, for the 200 KB rule.
  bodyBytes: number;
  source: SourceData;
  sessions: SessionManager;
  // `http://host:port` as the client addressed the mock, for absolute links.
  origin: string;
  // The request path as received (still URL-encoded).
  pathname: string;
  // Default page size of membership listings.
  membershipPageSize: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export interface RouteHandler {
  // Checks that must come before schema validation (session rules, size limits).
  precheck?: (ctx: RouteContext) => void;
  handle: (ctx: RouteContext) => Reply;
}
