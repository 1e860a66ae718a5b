// source.groups: the 7 real-time group operations (facts §9).
import { LIMITS } from "../limits.js";
import type { IdentitySourceGroup } from "../types.js";
import { OktaError, OktaValidationError } from "./errors.js";
import type { Operation, Send } from "./http.js";
import { nextLink } from "./link.js";
import { PATHS } from "./paths.js";
import type { GroupsApi } from "./types.js";
import { checkGroup } from "./validate-bodies.js";
import { checkId, isRecord } from "./validate.js";

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
  const group = async (...args: Parameters<Send>) => flattenGroup((await send(...args)).data);
  const none = async (...args: Parameters<Send>) => void (await send(...args));
  return {
    // A POST: not retried after a 5xx or timeout, the group may exist by then (issue 4 §3).
    async create(body, options) {
      checkGroup(body);
      return group(
        { method: "POST", path: PATHS.groups, pathParams: { identitySourceId }, body },
        options,
      );
    },
    get: async (id, options) =>
      group({ method: "GET", path: PATHS.group, pathParams: at(id) }, options),
    // A POST, but it replaces the group at a known path with the given body: repeating it leaves
    // the same group, so it is retried like a PUT.
    async update(id, body, options) {
      const pathParams = at(id);
      checkGroup(body);
      return group(
        { method: "POST", path: PATHS.group, pathParams, body, idempotent: true },
        options,
      );
    },
    delete: async (id, options) =>
      none({ method: "DELETE", path: PATHS.group, pathParams: at(id) }, options),
    // Adding a member is a set insert: the same member twice is still one membership, so retried.
    addMember: async (id, memberExternalId, options) =>
      none(
        {
          method: "POST",
          path: PATHS.members,
          pathParams: at(id),
          body: { memberExternalId: member(memberExternalId) },
          idempotent: true,
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
    async *listMembers(id, { limit } = {}, options) {
      let op: Operation = {
        method: "GET",
        path: PATHS.members,
        pathParams: at(id),
        query: { limit },
      };
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0 && limit <= 1000)) {
        throw new OktaValidationError("limit", "limit must be an integer from 1 to 1000", 1000);
      }
      const seen = new Set<string>();
      for (;;) {
        const { data, response } = await send(op, options);
        const ids =
          isRecord(data) && Array.isArray(data.memberExternalIds) ? data.memberExternalIds : [];
        for (const memberId of ids) if (typeof memberId === "string") yield memberId;
        // Follow the link as given (facts §9); it carries the `after` cursor.
        const next = nextLink(response, origin);
        if (!next) return;
        // A server that links back to a page already read would loop forever.
        if (seen.has(next)) throw new OktaError(`the next-page link repeats ${next}`);
        seen.add(next);
        op = { method: "GET", path: next };
      }
    },
  };
}
