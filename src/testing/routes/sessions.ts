// The five session operations.
import { SessionManager } from "../sessions.js";
import type { RouteHandler } from "./types.js";

const toApi = SessionManager.toApi;

export const sessionRoutes: Record<string, RouteHandler> = {
  createIdentitySourceSession: {
    handle: ({ sessions, source }) => ({ status: 200, body: toApi(sessions.create(source)) }),
  },
  listIdentitySourceSessions: {
    handle: ({ sessions, source }) => ({
      status: 200,
      body: sessions.listActive(source).map(toApi),
    }),
  },
  getIdentitySourceSession: {
    handle: ({ sessions, source, params }) => ({
      status: 200,
      body: toApi(sessions.get(source, params["sessionId"]!)),
    }),
  },
  deleteIdentitySourceSession: {
    handle: ({ sessions, source, params }) => {
      sessions.delete(sessions.get(source, params["sessionId"]!));
      return { status: 204 };
    },
  },
  startImportFromIdentitySource: {
    handle: ({ sessions, source, params }) => {
      const session = sessions.get(source, params["sessionId"]!);
      sessions.startImport(source, session);
      // Okta's own example answers with a one-element array; clients must accept both forms.
      return { status: 200, body: [toApi(session)] };
    },
  },
};
