// The `next` page from a `Link` header (Okta pages with `limit` and an `after` cursor), kept on the org's origin so a hostile or
// misconfigured answer cannot send our credentials elsewhere.
import { OktaError } from "../core/errors.js";

/** The path and query of the `rel="next"` link, or undefined on the last page. */
export function nextLink(response: Response, origin: string): string | undefined {
  // Okta writes each link as `<url>; rel="next"`, several joined by ", ".
  const target = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(response.headers.get("link") ?? "")?.[1];
  if (target === undefined) return undefined;
  const url = URL.canParse(target, origin) ? new URL(target, origin) : undefined;
  if (url?.origin !== origin) {
    throw new OktaError(
      `refusing to follow a next-page link to ${url?.origin ?? "an invalid URL"}, not the org`,
    );
  }
  return url.pathname + url.search;
}
