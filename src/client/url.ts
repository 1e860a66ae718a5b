// The URL of one call, built the way openapi-fetch builds it (each path parameter percent-encoded
// whole, so it cannot leave its segment; query values encoded) so both routes in exchange.ts agree,
// but with each path template split once instead of matched on every call.

const templates = new Map<string, string[]>();

/** `origin` + `path` with its `{name}` parameters filled in, + `?query` of the defined values. */
export function finalUrl(
  origin: string,
  path: string,
  pathParams: Record<string, string>,
  query: Record<string, unknown>,
): string {
  let url = origin;
  // Only templates are cached: concrete paths (next-page links) have no braces (URL encodes them).
  let parts = path.includes("{") ? templates.get(path) : [path];
  if (!parts) templates.set(path, (parts = path.split(/\{([^{}]+)\}/)));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const value = i % 2 ? pathParams[part] : undefined;
    url += i % 2 === 0 ? part : value === undefined ? `{${part}}` : encodeURIComponent(value);
  }
  let search = "";
  for (const name in query) {
    const value = query[name];
    if (value !== undefined && value !== null) {
      search += `${search ? "&" : "?"}${name}=${encodeURIComponent(String(value))}`;
    }
  }
  return url + search;
}
