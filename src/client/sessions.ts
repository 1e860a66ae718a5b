// source.sessions: the 5 session operations, and one upload method per bulk operation of the
// operation registry (`upsertUsers`, `deleteUsers`, ...), so a bulk kind added to the spec gets
// its method with no edit here.
import { BULK_METHODS, type BulkItems, type BulkKind } from "../../generated/registry.js";
import type { IdentitySourceSession } from "../types.js";
import { OktaError } from "../core/errors.js";
import type { Operation, Send } from "../http/send.js";
import { PATHS } from "./paths.js";
import type { RequestOptions } from "../http/request-options.js";
import type { BulkUploadMethods, SessionsApi } from "./types.js";
import { bodyChecks } from "./body-checks.js";
import { checkId, isRecord } from "../core/validate.js";

/** Create-session and start-import may answer a one-element array (see IdentitySourceSessionResult); callers get the session. */
function oneSession(data: unknown, what: string): IdentitySourceSession {
  const session: unknown = Array.isArray(data) ? data[0] : data;
  if (!isRecord(session)) throw new OktaError(`${what} answered without a session`);
  return session as IdentitySourceSession;
}

export function sessionsApi(send: Send, identitySourceId: string): SessionsApi {
  // `null` for the calls on the session collection.
  const at = (sessionId: string | null) => ({
    identitySourceId,
    ...(sessionId !== null && { sessionId: checkId("sessionId", sessionId) }),
  });
  // The calls without a body. Their POSTs (create, start-import) are never retried after a 5xx or
  // timeout: the first attempt may have created a session, or triggered the import.
  const call = async (
    method: Operation["method"],
    path: string,
    sessionId: string | null,
    options: RequestOptions | undefined,
  ) => (await send({ method, path, pathParams: at(sessionId) }, options)).data;
  // Bulk uploads upsert or delete by external ID: repeating one leaves the same state, so the
  // registry marks them safe to repeat and they are retried after 5xx, connection errors and
  // timeouts.
  const bulk =
    <K extends BulkKind>(kind: K) =>
    async (sessionId: string, items: readonly BulkItems[K][], options?: RequestOptions) => {
      const pathParams = at(sessionId);
      const { path, body, idempotent } = (await bodyChecks()).bulkUpload(kind, items);
      await send({ method: "POST", path, pathParams, body, idempotent }, options);
    };
  const uploads = Object.fromEntries(
    Object.entries(BULK_METHODS).map(([kind, method]) => [method, bulk(kind as BulkKind)]),
  ) as unknown as BulkUploadMethods;
  return {
    create: async (o) => oneSession(await call("POST", PATHS.sessions, null, o), "create-session"),
    startImport: async (id, o) =>
      oneSession(await call("POST", PATHS.startImport, id, o), "start-import"),
    async list(options) {
      const data = (await call("GET", PATHS.sessions, null, options)) ?? [];
      if (!Array.isArray(data)) throw new OktaError("list-sessions answered without a list");
      return data as IdentitySourceSession[];
    },
    get: async (id, o) => oneSession(await call("GET", PATHS.session, id, o), "get-session"),
    delete: async (id, o) => void (await call("DELETE", PATHS.session, id, o)),
    ...uploads,
  };
}
