// One attempt of a wrapper call, sent one of two ways. With middleware it goes through openapi-fetch
// (via-client.ts, loaded only then), so the middleware sees every call; without, straight to the
// transport, which saves a Request (and the AbortController each Request carries) and
// openapi-fetch's per-call setup: the per-call overhead budget is 15% of a loopback fetch (issue 6).
import type { Transport } from "./transport.js";

/** What an attempt sends: openapi-fetch's params (for middleware), the final URL, and the rest. */
export interface Attempt {
  method: string;
  path: string;
  params: { path: Record<string, string>; query: Record<string, unknown> };
  url: string;
  headers: Record<string, string | undefined>;
  /** JSON text. */
  body: string | undefined;
  signal: AbortSignal;
}

/** The response, and its body: the text when it is a success, else parsed JSON or the text. */
export type Exchange = (attempt: Attempt) => Promise<{ response: Response; body: unknown }>;

/** Straight to the transport, as openapi-fetch would send it. */
export const direct =
  (transport: Transport): Exchange =>
  async ({ method, url, headers: given, body = null, signal }) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(given)) {
      if (value !== undefined) headers.set(name, value);
    }
    if (body !== null) headers.set("Content-Type", "application/json");
    const response = await transport(url, { method, headers, body, signal });
    const text = await response.text();
    if (response.ok) return { response, body: text };
    try {
      return { response, body: JSON.parse(text) };
    } catch {
      return { response, body: text };
    }
  };
