// The eight bulk-upload operations: checked against the session rules and limits (facts §5),
// then stored on the session until it is processed.
import { BULK_PATHS, type BulkKind } from "../../bulk-bodies.js";
import { MAX_BULK_BYTES } from "../../limits.js";
import { ruleViolation } from "../errors.js";
import { entityCount } from "../processing.js";
import { SessionManager } from "../sessions.js";
import type { RouteContext, RouteHandler } from "./types.js";

const KIND_BY_SUFFIX = new Map<string, BulkKind>(
  Object.entries(BULK_PATHS).map(([kind, suffix]) => [suffix, kind as BulkKind]),
);

function kindOf(ctx: RouteContext): BulkKind {
  const suffix = ctx.route.template.slice(ctx.route.template.lastIndexOf("/") + 1);
  const kind = KIND_BY_SUFFIX.get(suffix);
  if (!kind) throw new Error(`no bulk kind for ${ctx.route.template}`);
  return kind;
}

const bulkRoute: RouteHandler = {
  precheck: (ctx) => {
    const session = ctx.sessions.get(ctx.source, ctx.params["sessionId"]!);
    ctx.sessions.checkUploadAllowed(session);
    if (ctx.bodyBytes > MAX_BULK_BYTES) {
      throw ruleViolation(
        `the request body is ${ctx.bodyBytes} bytes; at most ${MAX_BULK_BYTES} bytes (200 KB) ` +
          "per bulk request are allowed",
      );
    }
    SessionManager.checkEntityCount(entityCount(kindOf(ctx), ctx.body));
  },
  handle: (ctx) => {
    const session = ctx.sessions.get(ctx.source, ctx.params["sessionId"]!);
    ctx.sessions.upload(ctx.source, session, { kind: kindOf(ctx), body: ctx.body });
    return { status: 202 };
  },
};

export const bulkRoutes: Record<string, RouteHandler> = {
  uploadIdentitySourceDataForUpsert: bulkRoute,
  uploadIdentitySourceDataForDelete: bulkRoute,
  uploadIdentitySourceGroupsForUpsert: bulkRoute,
  uploadIdentitySourceGroupsDataForDelete: bulkRoute,
  uploadIdentitySourceGroupMembershipsForUpsert: bulkRoute,
  uploadIdentitySourceGroupMembershipsForDelete: bulkRoute,
  uploadIdentitySourceDevicesForUpsert: bulkRoute,
  uploadIdentitySourceDevicesForDelete: bulkRoute,
};
