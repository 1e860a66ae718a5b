// Which errors from fetch mean "the request never got an answer". The fetch standard says a
// network failure rejects with a TypeError (browsers, Node's undici, Deno), but not every runtime
// follows it: Bun rejects with an Error carrying a `code` such as "ConnectionRefused", and
// Cloudflare's workerd with a plain Error "Network connection lost.". Anything else a fetch throws
// (a bug in a caller's fetch, say) is surfaced as it is.

/** Error codes of failed connections: Node's and Bun's socket errors, undici's. */
const CODES =
  /^(E(CONNREFUSED|CONNRESET|CONNABORTED|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|NETDOWN|NOTFOUND|AI_AGAIN|ADDRNOTAVAIL)|Connection(Refused|Reset|Closed)|FailedToOpenSocket|UND_ERR_\w+)$/;

/** What workerd, Bun and Deno say when a connection fails or drops. */
const MESSAGES =
  /network connection lost|connection (was )?(refused|reset|closed|lost)|unable to connect|error sending request|tcp connect error|socket (connection )?(was )?closed|failed to fetch|networkerror/i;

/** True for an error a fetch implementation throws when the connection failed or broke. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (!(error instanceof Error) && !isDomException(error)) return false;
  const { name, message, code } = error as { name?: unknown; message?: unknown; code?: unknown };
  if (name === "NetworkError") return true;
  if (typeof code === "string" && CODES.test(code)) return true;
  return typeof message === "string" && MESSAGES.test(message);
}

// DOMException is not an Error subclass in every runtime.
const isDomException = (error: unknown): boolean =>
  typeof DOMException !== "undefined" && error instanceof DOMException;
