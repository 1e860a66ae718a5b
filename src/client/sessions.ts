// source.sessions: the 5 session operations and the 8 bulk uploads (CONTRACTS "Client API").
import { BULK_PATHS, type BulkItems, type BulkKind } from "../bulk-bodies.js";
import type { IdentitySourceSession } from "../types.js";
import { OktaError } from "./errors.js";
import type { Operation, Send } from "./http.js";
import { PATHS } from "./paths.js";
import type { RequestOptions, SessionsApi } from "./types.js";
import { checkBulk } from "./validate-bodies.js";
import { checkId, isRecord } from "./validate.js";

/** G1: create-session and start-import may answer a one-element array; callers get the session. */
function oneSession(data: unknown, what: string): IdentitySourceSession {
  const session: unknown = Array.isArray(data) ? data[0] : data;
  if (!isRecord(session)) throw new OktaError(`${what} answered without a session`);
  return session as IdentitySourceSession;
}

export function sessionsApi(send: Send, identitySourceId: string): SessionsApi {
  const at = (sessionId: string) => ({
    identitySourceId,
    sessionId: checkId("sessionId", sessionId),
  });
  // Bulk uploads upsert or delete by external ID: repeating one leaves the same state, so they are
  // retried after 5xx, connection errors and timeouts (issue 4 §3).
  const bulk =
    <K extends BulkKind>(kind: K) =>
    async (sessionId: string, items: readonly BulkItems[K][], options?: RequestOptions) => {
      const pathParams = at(sessionId);
      const body = checkBulk(kind, items);
      const path = `${PATHS.session}/${BULK_PATHS[kind]}`;
      await send({ method: "POST", path, pathParams, body, idempotent: true }, options);
    };
  const call = async (
    method: Operation["method"],
    path: string,
    sessionId: string | null,
    options: RequestOptions | undefined,
  ) => {
    const pathParams = sessionId === null ? { identitySourceId } : at(sessionId);
    return (await send({ method, path, pathParams }, options)).data;
  };
  return {
    // POSTs, so never retried after a 5xx or timeout (issue 4 §3): the first attempt may have
    // created a session, or triggered the import already.
    create: async (o) => oneSession(await call("POST", PATHS.sessions, null, o), "create-session"),
    startImport: async (id, o) =>
      oneSession(await call("POST", PATHS.startImport, id, o), "start-import"),
    async list(options) {
      const data = await call("GET", PATHS.sessions, null, options);
      if (data !== undefined && !Array.isArray(data)) {
        throw new OktaError("list-sessions answered without a list");
      }
      return (data ?? []) as IdentitySourceSession[];
    },
    get: async (id, o) => oneSession(await call("GET", PATHS.session, id, o), "get-session"),
    delete: async (id, o) => void (await call("DELETE", PATHS.session, id, o)),
    upsertUsers: bulk("users"),
    deleteUsers: bulk("deletedUsers"),
    upsertGroups: bulk("groups"),
    deleteGroups: bulk("deletedGroups"),
    upsertMemberships: bulk("memberships"),
    deleteMemberships: bulk("deletedMemberships"),
    upsertDevices: bulk("devices"),
    deleteDevices: bulk("deletedDevices"),
  };
}
