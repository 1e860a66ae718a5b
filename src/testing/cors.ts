// CORS for the mock, so an app in a browser (served from another origin) can run against it.
// Preflights are answered before rate limits, faults and auth, as an API gateway would, and are
// not recorded in mock.requests: they are the browser's, not the client's.
import type { IncomingMessage, ServerResponse } from "node:http";

const ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
// What our client and openapi-fetch send (User-Agent too: some browsers pass it on).
const ALLOW_HEADERS =
  "Authorization, DPoP, Content-Type, Accept, User-Agent, X-Okta-Retry-For, X-Okta-Retry-Count";
// What the client reads from answers: rate limits, request ID, DPoP nonce, auth challenge, paging.
const EXPOSE_HEADERS =
  "X-Rate-Limit-Limit, X-Rate-Limit-Remaining, X-Rate-Limit-Reset, X-Okta-Request-Id, " +
  "DPoP-Nonce, WWW-Authenticate, Retry-After, Link, Location";
const MAX_AGE = "600";

/** Applies the CORS headers to a response; true when it answered a preflight on its own. */
export type CorsPolicy = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The policy for `cors`: off, any origin (`true`), or the listed origins only. */
export function corsPolicy(cors: boolean | readonly string[] | undefined): CorsPolicy | undefined {
  if (cors === undefined || cors === false) return undefined;
  if (cors !== true && !(Array.isArray(cors) && cors.every((o) => typeof o === "string"))) {
    throw new TypeError("cors must be true, false or a list of origins");
  }
  // Origins as a browser sends them: scheme, host and port, no path or trailing slash.
  const allowed = cors === true ? undefined : new Set(cors.map(originOf));
  return (req, res) => {
    const origin = req.headers.origin;
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"];
    const ok = allowed === undefined || (origin !== undefined && allowed.has(origin));
    if (allowed) res.setHeader("Vary", "Origin");
    if (ok) {
      res.setHeader("Access-Control-Allow-Origin", allowed ? origin! : "*");
      res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    }
    if (!preflight) return false;
    if (ok) {
      res.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
      res.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
      res.setHeader("Access-Control-Max-Age", MAX_AGE);
    }
    // An origin not on the list gets no allowance, so the browser refuses the real request.
    res.writeHead(ok ? 204 : 403, { "Content-Length": "0" });
    res.end();
    return true;
  };
}

function originOf(value: string): string {
  if (!URL.canParse(value)) throw new TypeError(`cors: ${JSON.stringify(value)} is not an origin`);
  return new URL(value).origin;
}
