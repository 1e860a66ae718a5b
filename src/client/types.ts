// The shape of the client's operations: what `createApiClient` returns. The package entry
// (src/entry/) adds the importer and sync to each identity source.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type { BulkMethodItems } from "../../generated/registry.js";
import type {
  GroupRequest,
  IdentitySourceGroup,
  IdentitySourceSession,
  IdentitySourceUser,
  UserCreateRequest,
  UserReplaceRequest,
  UserUpdateRequest,
} from "../types.js";
import type { RequestOptions } from "../http/request-options.js";

/**
 * One upload method per bulk operation of the spec (`upsertUsers`, `deleteUsers`, `upsertGroups`,
 * ...), named and typed from the operation registry. Each checks its items against the spec's
 * rules, then sends them in one request.
 */
export type BulkUploadMethods = {
  [M in keyof BulkMethodItems]: (
    sessionId: string,
    items: readonly BulkMethodItems[M][],
    options?: RequestOptions,
  ) => Promise<void>;
};

/** The import session operations of one identity source, and its bulk uploads. */
export interface SessionsApi extends BulkUploadMethods {
  /** Creates a session (never retried after a 5xx: a second one might be created). */
  create(options?: RequestOptions): Promise<IdentitySourceSession>;
  list(options?: RequestOptions): Promise<IdentitySourceSession[]>;
  get(sessionId: string, options?: RequestOptions): Promise<IdentitySourceSession>;
  /** Cancels a CREATED or IN_PROGRESS session. */
  delete(sessionId: string, options?: RequestOptions): Promise<void>;
  /** Asks Okta to import the uploaded data (never retried after a 5xx). */
  startImport(sessionId: string, options?: RequestOptions): Promise<IdentitySourceSession>;
}

/** The real-time user operations of one identity source. */
export interface UsersApi {
  /** Creates a user; Okta may answer without a body (its spec declares none), then this resolves to undefined. */
  create(
    user: UserCreateRequest,
    options?: RequestOptions,
  ): Promise<IdentitySourceUser | undefined>;
  get(externalId: string, options?: RequestOptions): Promise<IdentitySourceUser>;
  /** Replaces the whole profile. */
  replace(
    externalId: string,
    user: UserReplaceRequest,
    options?: RequestOptions,
  ): Promise<IdentitySourceUser>;
  /** Merges the given attributes into the profile (email and userName are still required). */
  update(
    externalId: string,
    user: UserUpdateRequest,
    options?: RequestOptions,
  ): Promise<IdentitySourceUser>;
  delete(externalId: string, options?: RequestOptions): Promise<void>;
}

/** The real-time group operations of one identity source; `id` is the Okta group ID or external ID. */
export interface GroupsApi {
  create(group: GroupRequest, options?: RequestOptions): Promise<IdentitySourceGroup>;
  get(id: string, options?: RequestOptions): Promise<IdentitySourceGroup>;
  update(id: string, group: GroupRequest, options?: RequestOptions): Promise<IdentitySourceGroup>;
  delete(id: string, options?: RequestOptions): Promise<void>;
  addMember(id: string, memberExternalId: string, options?: RequestOptions): Promise<void>;
  removeMember(id: string, memberExternalId: string, options?: RequestOptions): Promise<void>;
  /**
   * Every member's external ID, page by page along the `Link` header.
   * @example for await (const memberId of source.groups.listMembers("eng", { limit: 500 })) console.log(memberId);
   */
  listMembers(
    id: string,
    params?: { limit?: number },
    options?: RequestOptions,
  ): AsyncIterable<string>;
}

/** One custom identity source (`0oa…`): its operation groups. */
export interface IdentitySourceApi {
  readonly id: string;
  readonly sessions: SessionsApi;
  readonly users: UsersApi;
  readonly groups: GroupsApi;
}

/**
 * The client `createApiClient` returns; `identitySource()` gives an `S`, the operation groups alone
 * or (from the package entry) with `import` and `sync` added.
 */
export interface ApiClient<S extends IdentitySourceApi = IdentitySourceApi> {
  /** The operations of one identity source. */
  identitySource(identitySourceId: string): S;
  /**
   * The typed openapi-fetch client (credentials, User-Agent and hooks applied; no retries), set up
   * on first access.
   */
  readonly raw: Client<paths>;
  /** The org origin every request goes to. */
  readonly orgUrl: string;
}
