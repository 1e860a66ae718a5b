// Real-time user operations; they apply at once, outside any session.
import type { components } from "../../../generated/openapi.js";
import { notFound, validationFailed } from "../errors.js";
import { deactivateUser, upsertUser } from "../processing.js";
import type { MockUser, Profile, SourceData } from "../state.js";
import type { RouteContext, RouteHandler } from "./types.js";

type Schemas = components["schemas"];

// UserResponseSchema; the status stays internal, as Okta's schema has none.
const toApi = (u: MockUser) => ({
  id: u.id,
  externalId: u.externalId,
  created: u.created,
  lastUpdated: u.lastUpdated,
  profile: u.profile,
});

function existing(source: SourceData, externalId: string): MockUser {
  const user = source.users.get(externalId);
  if (!user) throw notFound(`${externalId} (IdentitySourceUser)`);
  return user;
}

function checkSameId(ctx: RouteContext, bodyExternalId: string | undefined): void {
  if (bodyExternalId !== undefined && bodyExternalId !== ctx.params["externalId"]) {
    throw validationFailed(["externalId"], ["externalId: must match the externalId in the path"]);
  }
}

export const userRoutes: Record<string, RouteHandler> = {
  createIdentitySourceUser: {
    handle: ({ source, body }) => {
      const { externalId, profile } = body as Schemas["UserRequestSchema"];
      if (source.users.has(externalId)) {
        throw validationFailed(
          ["externalId"],
          ["externalId: a user with this externalId already exists in the identity source"],
        );
      }
      // Okta declares no body for this 200; answering with the user is allowed and useful.
      return {
        status: 200,
        body: toApi(upsertUser(source, externalId, profile as Profile, now())),
      };
    },
  },
  getIdentitySourceUser: {
    handle: ({ source, params }) => ({
      status: 200,
      body: toApi(existing(source, params["externalId"]!)),
    }),
  },
  replaceExistingIdentitySourceUser: {
    handle: (ctx) => {
      const { externalId, profile } = ctx.body as Schemas["UserReplaceRequestSchema"];
      const user = existing(ctx.source, ctx.params["externalId"]!);
      checkSameId(ctx, externalId);
      // PUT replaces the whole profile.
      const replaced = { ...user, lastUpdated: now(), profile: profile as Profile };
      ctx.source.users.set(user.externalId, replaced);
      return { status: 200, body: toApi(replaced) };
    },
  },
  updateIdentitySourceUsers: {
    handle: ({ source, params, body }) => {
      const { profile } = body as Schemas["UsersUpdateRequestSchema"];
      const user = existing(source, params["externalId"]!);
      // PATCH merges; Okta documents no merge rule, merging keeps attributes not sent.
      const updated = { ...user, lastUpdated: now(), profile: { ...user.profile, ...profile } };
      source.users.set(user.externalId, updated);
      return { status: 200, body: toApi(updated) };
    },
  },
  deleteIdentitySourceUser: {
    handle: ({ source, params }) => {
      existing(source, params["externalId"]!);
      // As for bulk deletes, Okta deactivates the user.
      deactivateUser(source, params["externalId"]!, now());
      return { status: 204 };
    },
  },
};

function now(): string {
  return new Date().toISOString();
}
