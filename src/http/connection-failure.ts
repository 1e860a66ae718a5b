// Which errors from fetch mean "the request never got an answer". The fetch standard says a
// network failure rejects with a TypeError (browsers, Node's undici, Deno), but not every runtime
// follows it: Bun has rejected with an Error carrying a `code` such as "ConnectionRefused", and
// Cloudflare's workerd rejects with a plain Error "Network connection lost.". Anything else a
// fetch throws (a bug in a caller's fetch, say) is surfaced as it is.

/** Socket error codes (ECONNREFUSED, ECONNRESET...), Bun's (ConnectionRefused...), undici's. */
const CODES = /^(E[A-Z]+|Connection[A-Z]\w+|FailedToOpenSocket|UND_ERR_\w+)$/;

/** What workerd, Bun and Deno say when a connection fails or drops (browsers throw TypeErrors). */
const MESSAGES = /connection (refused|reset|closed|lost)|unable to connect|error sending request/i;

/** True for an error a fetch implementation throws when the connection failed or broke. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  // Not `instanceof Error`: a DOMException is not an Error in every runtime.
  if (typeof error !== "object" || error === null) return false;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  return (
    name === "NetworkError" ||
    (typeof code === "string" && CODES.test(code)) ||
    (typeof message === "string" && MESSAGES.test(message))
  );
}
