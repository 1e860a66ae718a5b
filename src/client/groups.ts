// source.groups: the 7 real-time group operations.
import { LIMITS } from "../limits.js";
import type { IdentitySourceGroup } from "../types.js";
import { OktaError } from "../core/errors.js";
import type { Operation, Send } from "../http/send.js";
import { PATHS } from "./paths.js";
import type { RequestOptions } from "../http/request-options.js";
import type { GroupsApi } from "./types.js";
import { bodyChecks } from "./body-checks.js";
import { checkId, isRecord } from "../core/validate.js";

/** Okta's spec nests the group profile as `profile.profile`; callers always get the flat form. */
export function flattenGroup(data: unknown): IdentitySourceGroup {
  if (!isRecord(data)) throw new OktaError("the group answer is not an object");
  const { profile } = data;
  if (!isRecord(profile) || !isRecord(profile.profile)) return data as IdentitySourceGroup;
  const { profile: inner, ...outer } = profile;
  return { ...data, profile: { ...outer, ...inner } } as IdentitySourceGroup;
}

export function groupsApi(send: Send, identitySourceId: string, origin: string): GroupsApi {
  const at = (id: string) => ({
    identitySourceId,
    groupOrExternalId: checkId("id", id, LIMITS.groupExternalId),
  });
  const member = (id: string) => checkId("memberExternalId", id, LIMITS.memberExternalId);
  const group = async (op: Operation, options?: RequestOptions) =>
    flattenGroup((await send(op, options)).data);
  const none = async (op: Operation, options?: RequestOptions) => void (await send(op, options));
  return {
    // A POST: not retried after a 5xx or timeout, the group may exist by then.
    create: async (body, options) =>
      group(
        {
          method: "POST",
          path: PATHS.groups,
          pathParams: { identitySourceId },
          body: (await bodyChecks()).checkGroup(body),
        },
        options,
      ),
    get: async (id, options) =>
      group({ method: "GET", path: PATHS.group, pathParams: at(id) }, options),
    // A POST, but safe to repeat: it replaces the group at a known path (see retry.ts).
    update: async (id, body, options) =>
      group(
        {
          method: "POST",
          path: PATHS.group,
          pathParams: at(id),
          body: (await bodyChecks()).checkGroup(body),
        },
        options,
      ),
    delete: async (id, options) =>
      none({ method: "DELETE", path: PATHS.group, pathParams: at(id) }, options),
    // Adding a member is a set insert, safe to repeat (see retry.ts).
    addMember: async (id, memberExternalId, options) =>
      none(
        {
          method: "POST",
          path: PATHS.members,
          pathParams: at(id),
          body: JSON.stringify({ memberExternalId: member(memberExternalId) }),
        },
        options,
      ),
    removeMember: async (id, memberExternalId, options) =>
      none(
        {
          method: "DELETE",
          path: PATHS.member,
          pathParams: { ...at(id), memberExternalId: member(memberExternalId) },
        },
        options,
      ),
    // `params` is read in the body, not destructured in the signature: a generator's parameters
    // are bound at the call, where a bad value would throw synchronously instead of rejecting.
    async *listMembers(id, params, options) {
      const { listMembers } = await import("./members.js");
      yield* listMembers(send, at(id), PATHS.members, origin, params, options);
    },
  };
}
