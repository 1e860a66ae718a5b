// One attempt of a wrapper call, sent through openapi-fetch's `client.request`: the one request
// path, so `okta.raw`, middleware and the wrapper methods build URLs (each path parameter
// percent-encoded whole) and requests the same way, and the transport openapi-fetch calls adds
// auth, the hooks and the no-redirect rule to all of them.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type { Transport } from "./transport.js";

/** What an attempt sends: openapi-fetch's params, the headers, the body and the signal. */
export interface Attempt {
  method: string;
  path: string;
  params: { path: Record<string, string>; query: Record<string, unknown> };
  headers: Record<string, string | undefined>;
  /** JSON text. */
  body: string | undefined;
  signal: AbortSignal;
}

/** The response, and its body: the text when it is a success, else parsed JSON or the text. */
export type Exchange = (attempt: Attempt) => Promise<{ response: Response; body: unknown }>;

type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

// Bodies arrive as JSON text already (serialised, and so checked, before the first attempt).
const bodySerializer = (body: unknown) => body;

/**
 * What openapi-fetch builds when no middleware is registered: the URL and init it computed, kept
 * as they are. A real Request would be parsed by fetch here, then taken apart again for the
 * transport (which adds auth and may re-send), costing a second Request per call for nothing.
 * Middleware may inspect or replace the request, so with middleware the real Request is used.
 */
class PlannedRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | null;
  readonly signal: AbortSignal;
  constructor(
    readonly url: string,
    init: { method?: string; headers: Headers; body?: string; signal: AbortSignal },
  ) {
    this.method = init.method ?? "GET";
    this.headers = init.headers;
    this.body = init.body ?? null;
    this.signal = init.signal;
  }
}

/**
 * Through `raw().request`; `raw` creates the openapi-fetch client on first use. `direct` is the
 * transport to hand a PlannedRequest to while `plain()` says no middleware is registered.
 */
export const throughClient =
  (raw: () => Client<paths>, direct: Transport, plain: () => boolean): Exchange =>
  async ({ method, path, params, headers, body, signal }) => {
    // parseAs "text": success is decided by the status, and bodies are parsed by the caller, so an
    // empty 200 or a broken body is handled instead of thrown from inside openapi-fetch.
    const init: Record<string, unknown> = {
      params,
      headers,
      body,
      bodySerializer,
      signal,
      parseAs: "text",
    };
    if (plain()) {
      init.Request = PlannedRequest;
      init.fetch = (request: PlannedRequest) => direct(request.url, request);
    }
    const { data, error, response } = await (raw().request as unknown as LooseRequest)(
      method,
      path,
      init,
    );
    return { response, body: response.ok ? data : error };
  };
