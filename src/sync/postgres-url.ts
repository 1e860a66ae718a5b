// State locations: a file path (SQLite) or a postgres:// URL, with the URL's credentials kept out
// of every message.

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(state: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(state);
}

/**
 * The URL with its password (and any `password` query parameter) replaced by `***`, for
 * messages and reports. Works on strings that do not parse as URLs too.
 */
export function redactUrl(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, "$1:***@");
  out = out.replace(/([?&](?:password|sslpassword|sslkey)=)[^&#]*/gi, "$1***");
  return out;
}

/** Replaces every occurrence of the URL's secrets in `text` (for messages built by drivers). */
export function redactIn(text: string, url: string): string {
  let out = text.split(url).join(redactUrl(url));
  for (const secret of secretsOf(url)) out = out.split(secret).join("***");
  return out;
}

function secretsOf(url: string): string[] {
  const secrets: string[] = [];
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:([^/?#@]*)@/i.exec(url)?.[1];
  if (password) {
    secrets.push(password);
    try {
      secrets.push(decodeURIComponent(password));
    } catch {}
  }
  for (const m of url.matchAll(/[?&](?:password|sslpassword)=([^&#]*)/gi)) {
    if (m[1]) secrets.push(m[1]);
  }
  return secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}
