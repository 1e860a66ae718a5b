// Handlers of every operation of the spec, by operationId.
import { bulkRoutes } from "./bulk.js";
import { groupRoutes } from "./groups.js";
import { sessionRoutes } from "./sessions.js";
import type { RouteHandler } from "./types.js";
import { userRoutes } from "./users.js";

export const handlers: Readonly<Record<string, RouteHandler>> = {
  ...sessionRoutes,
  ...bulkRoutes,
  ...userRoutes,
  ...groupRoutes,
};
