// The log of requests the mock received, for tests that assert counts, limits and headers.
// Credentials never reach it: Authorization and DPoP values and client assertions are redacted.

/** One request the mock received, and how it was answered. */
export interface RecordedRequest {
  /** The `X-Okta-Request-Id` the mock answered with. */
  requestId: string;
  method: string;
  /** The path without the query string, as received (URL-encoded). */
  path: string;
  /** The query string without `?`, or "". */
  query: string;
  /** Request headers, lower-case names; credentials are replaced by `[REDACTED]` after the scheme. */
  headers: Record<string, string>;
  /** The parsed JSON (or form) body, undefined when there was none or it was not parsed. */
  body: unknown;
  /** The status answered; undefined while in flight or when the connection was dropped. */
  status: number | undefined;
  /** The operationId of the spec operation the request matched. */
  operationId: string | undefined;
  identitySourceId: string | undefined;
  sessionId: string | undefined;
  /** The fault injected into this request, if any. */
  fault: "drop" | "error" | "truncate" | undefined;
  /** Injected latency in milliseconds (0 when none). */
  latencyMs: number;
  /** Epoch milliseconds when the request arrived. */
  receivedAt: number;
}

/** How much the request log keeps. */
export interface RequestLogOptions {
  /** Most entries kept; the oldest tenth is dropped when it is exceeded. @default 10000 */
  max?: number;
  /** Keep parsed bodies (turn off for very large runs to save memory). @default true */
  bodies?: boolean;
}

const REDACTED = "[REDACTED]";

export function redactHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    if (name === "authorization") {
      const space = text.indexOf(" ");
      headers[name] = space === -1 ? REDACTED : `${text.slice(0, space)} ${REDACTED}`;
    } else if (name === "dpop" || name === "cookie") {
      headers[name] = REDACTED;
    } else {
      headers[name] = text;
    }
  }
  return headers;
}

// Form bodies of the token endpoint carry a client assertion; it is redacted like a header.
export function redactForm(form: URLSearchParams): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [key, value] of form) body[key] = key === "client_assertion" ? REDACTED : value;
  return body;
}

export class RequestLog {
  readonly entries: RecordedRequest[] = [];
  private readonly max: number;
  readonly keepBodies: boolean;
  readonly enabled: boolean;

  constructor(options: RequestLogOptions | false | undefined) {
    this.enabled = options !== false;
    this.max = (options ? options.max : undefined) ?? 10_000;
    this.keepBodies = (options ? options.bodies : undefined) ?? true;
  }

  add(entry: RecordedRequest): void {
    if (!this.enabled) return;
    this.entries.push(entry);
    if (this.entries.length > this.max) {
      this.entries.splice(0, Math.max(1, Math.ceil(this.max / 10)));
    }
  }

  clear(): void {
    this.entries.length = 0;
  }
}
