// groups.listMembers, page by page along the `Link` header (`limit` and an `after` cursor). groups.ts loads this with
// import() on first use: few callers list members, so it stays out of the client entry's bundle.
import { OktaError, OktaValidationError } from "../core/errors.js";
import type { Operation, Send } from "../http/send.js";
import { nextLink } from "./link.js";
import type { RequestOptions } from "../http/request-options.js";

export async function* listMembers(
  send: Send,
  pathParams: Record<string, string>,
  path: string,
  origin: string,
  params: { limit?: number } | null | undefined,
  options: RequestOptions | undefined,
): AsyncGenerator<string> {
  const limit = params?.limit; // null reads as "no params"
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0 && limit <= 1000)) {
    throw new OktaValidationError("limit", "limit must be an integer from 1 to 1000", 1000);
  }
  let op: Operation = { method: "GET", path, pathParams, query: { limit } };
  const seen = new Set<string>();
  for (;;) {
    const { data, response } = await send(op, options);
    const ids = (data as { memberExternalIds?: unknown } | null | undefined)?.memberExternalIds;
    if (Array.isArray(ids)) for (const id of ids) if (typeof id === "string") yield id;
    // Follow the link as given; it carries the `after` cursor.
    const next = nextLink(response, origin);
    if (!next) return;
    // A server that links back to a page already read would loop forever.
    if (seen.has(next)) throw new OktaError(`the next-page link repeats ${next}`);
    seen.add(next);
    op = { method: "GET", path: next };
  }
}
