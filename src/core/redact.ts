// Keeps credentials out of everything the client reports: messages, toJSON and util.inspect.

export const REDACTED = "[REDACTED]";

/** Replaces every known secret in `text`; short strings are skipped so they cannot mask plain words. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  return out;
}

/**
 * A server-supplied string made safe to put in a message: secrets redacted (a hostile or buggy
 * server may echo the Authorization header), control characters removed (log injection), length capped.
 */
export function clean(text: string, secrets: Iterable<string>): string {
  const flat = redact(text, secrets).replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ");
  return flat.length > 1000 ? `${flat.slice(0, 1000)}…` : flat;
}

const SECRET_HEADERS = new Set(["authorization", "dpop", "cookie", "proxy-authorization"]);

/** Request headers as a plain object with credential headers redacted, for hooks. */
export function safeHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.has(name)
      ? `${value.split(" ")[0] ?? ""} ${REDACTED}`.trim()
      : value;
  });
  return out;
}
