// Real-time group and membership operations; they apply at once.
import type { components } from "../../../generated/openapi.js";
import { notFound, validationFailed } from "../errors.js";
import { addMembers, removeMembers, upsertGroup } from "../processing.js";
import type { MockGroup, Profile, SourceData } from "../state.js";
import type { RouteContext, RouteHandler } from "./types.js";

type Schemas = components["schemas"];

// GroupsResponseSchema with the flat profile (our spec allows flat or nested).
const toApi = (g: MockGroup) => ({ id: g.id, externalId: g.externalId, profile: g.profile });

function group(source: SourceData, groupOrExternalId: string): MockGroup {
  const found = source.findGroup(groupOrExternalId);
  if (!found) throw notFound(`${groupOrExternalId} (IdentitySourceGroup)`);
  return found;
}

function member(source: SourceData, memberExternalId: string): string {
  if (!source.users.has(memberExternalId))
    throw notFound(`${memberExternalId} (IdentitySourceUser)`);
  return memberExternalId;
}

// The `after` cursor is the offset of the next member, base64url-encoded so clients treat it as opaque.
const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString("base64url");

function decodeCursor(after: unknown): number {
  if (after === undefined) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(String(after), "base64url").toString());
  if (!match) throw validationFailed(["after"], ["after: is not a cursor this server issued"]);
  return Number(match[1]);
}

function listMembers(ctx: RouteContext) {
  const { source, params, query } = ctx;
  const found = group(source, params["groupOrExternalId"]!);
  const limit = typeof query["limit"] === "number" ? query["limit"] : ctx.membershipPageSize;
  if (limit < 1) throw validationFailed(["limit"], ["limit: must be >= 1"]);
  const start = decodeCursor(query["after"]);
  const members = source.memberships.get(found.externalId) ?? new Set<string>();
  const page: string[] = [];
  let index = 0;
  for (const id of members) {
    if (index++ < start) continue;
    if (page.length === limit) break;
    page.push(id);
  }
  const base = `${ctx.origin}${ctx.pathname}?limit=${limit}`;
  const links = [`<${base}${start > 0 ? `&after=${encodeCursor(start)}` : ""}>; rel="self"`];
  if (start + page.length < members.size) {
    links.push(`<${base}&after=${encodeCursor(start + page.length)}>; rel="next"`);
  }
  return { status: 200, body: { memberExternalIds: page }, headers: { Link: links } };
}

function checkSameId(found: MockGroup, bodyExternalId: string): void {
  if (bodyExternalId !== found.externalId) {
    throw validationFailed(["externalId"], ["externalId: must match the group's externalId"]);
  }
}

export const groupRoutes: Record<string, RouteHandler> = {
  createIdentitySourceGroups: {
    handle: ({ source, body }) => {
      const { externalId, profile } = body as Schemas["GroupsRequestSchema"];
      if (source.groups.has(externalId)) {
        throw validationFailed(
          ["externalId"],
          ["externalId: a group with this externalId already exists in the identity source"],
        );
      }
      return {
        status: 200,
        body: toApi(upsertGroup(source, externalId, profile as Profile, now())),
      };
    },
  },
  getIdentitySourceGroup: {
    handle: ({ source, params }) => ({
      status: 200,
      body: toApi(group(source, params["groupOrExternalId"]!)),
    }),
  },
  updateIdentitySourceGroups: {
    handle: ({ source, params, body }) => {
      const { externalId, profile } = body as Schemas["GroupsRequestSchema"];
      const found = group(source, params["groupOrExternalId"]!);
      checkSameId(found, externalId);
      // Update merges the profile, as bulk group upserts do.
      return {
        status: 200,
        body: toApi(upsertGroup(source, found.externalId, profile as Profile, now())),
      };
    },
  },
  deleteIdentitySourceGroup: {
    handle: ({ source, params }) => {
      source.removeGroup(group(source, params["groupOrExternalId"]!).externalId);
      return { status: 204 };
    },
  },
  getIdentitySourceGroupMemberships: { handle: listMembers },
  createIdentitySourceGroupsMemberships: {
    handle: ({ source, params, body }) => {
      const found = group(source, params["groupOrExternalId"]!);
      const { memberExternalId } = body as Schemas["MembershipRequestSchema"];
      addMembers(source, found.externalId, [member(source, memberExternalId)]);
      return { status: 204 };
    },
  },
  deleteIdentitySourceGroupMemberships: {
    handle: ({ source, params }) => {
      const found = group(source, params["groupOrExternalId"]!);
      // Removing a user who is not a member is a no-op; an unknown user is a 404.
      removeMembers(source, found.externalId, [member(source, params["memberExternalId"]!)]);
      return { status: 204 };
    },
  },
};

function now(): string {
  return new Date().toISOString();
}
