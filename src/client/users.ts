// source.users: the 5 real-time user operations.
import { LIMITS } from "../limits.js";
import type { IdentitySourceUser } from "../types.js";
import type { Operation, Send } from "../http/send.js";
import { PATHS } from "./paths.js";
import type { RequestOptions } from "../http/request-options.js";
import type { UsersApi } from "./types.js";
import { bodyChecks } from "./body-checks.js";
import { checkId } from "../core/validate.js";

export function usersApi(send: Send, identitySourceId: string): UsersApi {
  const at = (externalId: string) => ({
    identitySourceId,
    externalId: checkId("externalId", externalId, LIMITS.userExternalId),
  });
  const user = async (op: Operation, options?: RequestOptions) =>
    (await send(op, options)).data as IdentitySourceUser;
  return {
    // A POST: not retried after a 5xx or timeout, the user may exist by then.
    // Okta declares no body for this 200 (docs/okta-behaviour.md), so an empty answer resolves to undefined.
    create: async (body, options) =>
      user(
        {
          method: "POST",
          path: PATHS.users,
          pathParams: { identitySourceId },
          body: (await bodyChecks()).checkUser(body),
        },
        options,
      ),
    get: async (id, options) =>
      user({ method: "GET", path: PATHS.user, pathParams: at(id) }, options),
    replace: async (id, body, options) =>
      user(
        {
          method: "PUT",
          path: PATHS.user,
          pathParams: at(id),
          body: (await bodyChecks()).checkUser(body, id),
        },
        options,
      ),
    // PATCH is retried like PUT: the body sets attributes to given values (no increments or
    // appends), so sending it twice leaves the same profile as sending it once.
    update: async (id, body, options) =>
      user(
        {
          method: "PATCH",
          path: PATHS.user,
          pathParams: at(id),
          body: (await bodyChecks()).checkUser(body, id),
        },
        options,
      ),
    delete: async (id, options) =>
      void (await send({ method: "DELETE", path: PATHS.user, pathParams: at(id) }, options)),
  };
}
