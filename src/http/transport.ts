// Every request goes out here: credentials, User-Agent and Accept, the hooks, and a re-send (once or
// twice) when the auth mode can fix a 401 (new OAuth token, DPoP nonce). openapi-fetch calls it, for
// the wrapper methods and `okta.raw` alike, through `fromRequest`.
import type { Auth } from "./auth/types.js";
import { rateLimitOf, requestIdOf } from "./headers.js";
import type { CommonClientOptions } from "./options.js";
import { safeHeaders } from "../core/redact.js";
import { VERSION } from "./version.js";

const nodeVersion = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
  ?.node;
/** `okta-identity-sources/<version> node/<version>`. */
export const USER_AGENT = `okta-identity-sources/${VERSION}${nodeVersion ? ` node/${nodeVersion}` : ""}`;

const MAX_RESENDS = 2;

/** One request as the transport takes it; the body can be sent again as is. */
export interface Outgoing {
  method: string;
  headers: Headers;
  body: string | ArrayBuffer | null;
  signal: AbortSignal;
}

export type Transport = (url: string, init: Outgoing) => Promise<Response>;

export function createTransport(
  auth: Auth,
  fetch: (url: string, init: RequestInit) => Promise<Response>,
  options: Pick<CommonClientOptions, "onRequest" | "onResponse">,
): Transport {
  const { onRequest, onResponse } = options;
  return async (url, init) => {
    const { method, headers, body, signal } = init;
    headers.set("User-Agent", USER_AGENT);
    if (!headers.has("accept")) headers.set("Accept", "application/json");
    // Never follow redirects: the credentials must not travel to another host. (No `body` key
    // without a body: fetch converts every key it is given.)
    const request: RequestInit = { method, headers, signal, redirect: "manual" };
    if (body !== null) request.body = body;
    for (let resend = 0; ; resend++) {
      await auth.authorize(headers, method, url, signal);
      if (onRequest) await onRequest({ method, url, headers: safeHeaders(headers) });
      const started = Date.now();
      const response = await fetch(url, request);
      if (onResponse) {
        await onResponse({
          method,
          url,
          status: response.status,
          requestId: requestIdOf(response.headers),
          rateLimit: rateLimitOf(response.headers),
          headers: response.headers,
          durationMs: Date.now() - started,
        });
      }
      if (!(auth.renew?.(response) && resend < MAX_RESENDS)) return response;
      await response.body?.cancel();
    }
  };
}

/** The fetch openapi-fetch calls: its Request, body read once so a re-send can repeat it. */
export const fromRequest =
  (transport: Transport) =>
  async (request: Request): Promise<Response> =>
    transport(request.url, {
      method: request.method,
      headers: new Headers(request.headers),
      body: request.body === null ? null : await request.arrayBuffer(),
      signal: request.signal,
    });
