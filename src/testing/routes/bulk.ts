// The bulk-upload operations, one route per bulk operation of the operation registry: checked
// against the session rules and the operation's own limits (x-idsrc-limits), then stored on the
// session until it is processed.
import { BULK, type BulkKind } from "../../../generated/registry.js";
import { ruleViolation } from "../errors.js";
import { entityCount } from "../processing.js";
import { SessionManager } from "../sessions.js";
import type { RouteContext, RouteHandler } from "./types.js";

const KIND_BY_OPERATION = new Map<string, BulkKind>(
  Object.entries(BULK).map(([kind, bulk]) => [bulk.operationId, kind as BulkKind]),
);

function kindOf(ctx: RouteContext): BulkKind {
  const kind = KIND_BY_OPERATION.get(ctx.route.operationId);
  if (!kind) throw new Error(`no bulk kind for ${ctx.route.operationId}`);
  return kind;
}

const bulkRoute: RouteHandler = {
  precheck: (ctx) => {
    const session = ctx.sessions.get(ctx.source, ctx.params["sessionId"]!);
    ctx.sessions.checkUploadAllowed(session);
    const kind = kindOf(ctx);
    const { maxBytes, maxEntities } = BULK[kind];
    if (ctx.bodyBytes > maxBytes) {
      throw ruleViolation(
        `the request body is ${ctx.bodyBytes} bytes; at most ${maxBytes} bytes ` +
          `(${maxBytes / 1000} KB) per bulk request are allowed`,
      );
    }
    SessionManager.checkEntityCount(entityCount(kind, ctx.body), maxEntities);
  },
  handle: (ctx) => {
    const session = ctx.sessions.get(ctx.source, ctx.params["sessionId"]!);
    ctx.sessions.upload(ctx.source, session, { kind: kindOf(ctx), body: ctx.body });
    return { status: 202 };
  },
};

export const bulkRoutes: Record<string, RouteHandler> = Object.fromEntries(
  [...KIND_BY_OPERATION.keys()].map((operationId) => [operationId, bulkRoute]),
);
