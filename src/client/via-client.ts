// The route of wrapper calls when middleware is registered: through openapi-fetch, so the middleware
// sees every call. Loaded by create-client.ts only then.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type { Exchange } from "./exchange.js";

type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

// Bodies arrive as JSON text already; openapi-fetch sends them as they are.
const bodySerializer = (body: unknown) => body;

/** Through openapi-fetch's `raw.request`. */
export const viaClient =
  (raw: Client<paths>): Exchange =>
  async ({ method, path, params, headers, body, signal }) => {
    // parseAs "text": success is decided by the status, and bodies are parsed by the caller, so an
    // empty 200 (G2) or a broken body is handled instead of thrown from inside openapi-fetch.
    const init = { params, headers, body, bodySerializer, signal, parseAs: "text" };
    const request = raw.request as unknown as LooseRequest;
    const { data, error, response } = await request(method, path, init);
    return { response, body: response.ok ? data : error };
  };
