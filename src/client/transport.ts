// The fetch that openapi-fetch calls: adds credentials, User-Agent and Accept, runs the hooks, and
// re-sends once or twice when the auth mode can fix a 401 (new OAuth token, DPoP nonce). Both the
// wrapper methods and `okta.raw` go through it.
import type { Auth } from "./auth/types.js";
import { rateLimitOf, requestIdOf } from "./headers.js";
import type { CommonClientOptions } from "./options.js";
import { safeHeaders } from "./redact.js";
import { VERSION } from "./version.js";

type Fetch = (request: Request) => Promise<Response>;

const nodeVersion = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
  ?.node;
/** `okta-identity-sources/<version> node/<version>`. */
export const USER_AGENT = `okta-identity-sources/${VERSION}${nodeVersion ? ` node/${nodeVersion}` : ""}`;

const MAX_RESENDS = 2;

export function createTransport(
  auth: Auth,
  fetch: Fetch,
  options: Pick<CommonClientOptions, "onRequest" | "onResponse">,
): Fetch {
  return async (input) => {
    // Read the body once so the request can be rebuilt for a re-send.
    const body = input.body === null ? null : await input.arrayBuffer();
    for (let resend = 0; ; resend++) {
      const headers = new Headers(input.headers);
      headers.set("User-Agent", USER_AGENT);
      if (!headers.has("accept")) headers.set("Accept", "application/json");
      await auth.authorize(headers, input.method, input.url, input.signal);
      // Never follow redirects: the credentials must not travel to another host.
      const request = new Request(input.url, {
        method: input.method,
        headers,
        body,
        signal: input.signal,
        redirect: "manual",
      });
      await options.onRequest?.({
        method: request.method,
        url: request.url,
        headers: safeHeaders(headers),
      });
      const started = Date.now();
      const response = await fetch(request);
      await options.onResponse?.({
        method: request.method,
        url: request.url,
        status: response.status,
        requestId: requestIdOf(response.headers),
        rateLimit: rateLimitOf(response.headers),
        headers: response.headers,
        durationMs: Date.now() - started,
      });
      if (!(auth.renew?.(response) && resend < MAX_RESENDS)) return response;
      await response.body?.cancel();
    }
  };
}
