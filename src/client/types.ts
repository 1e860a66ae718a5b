// The public shape of the client: what `createIdentitySourceClient` returns.
import type { Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type { BulkMethodItems } from "../../generated/registry.js";
import type { ImportData, ImportOptions, ImportReport } from "../import/index.js";
import type { SyncOptions, SyncReport, SyncSnapshot } from "../sync/index.js";
import type {
  GroupRequest,
  IdentitySourceGroup,
  IdentitySourceSession,
  IdentitySourceUser,
  UserCreateRequest,
  UserReplaceRequest,
  UserUpdateRequest,
} from "../types.js";
import type { RetryInfo } from "../http/retry.js";

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Cancels the call, including waits between retries. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the client's. */
  timeout?: number;
  /** Retries after the first attempt; overrides the client's. */
  maxRetries?: number;
  /** Longest this call may keep retrying, in ms from its first attempt; overrides the client's. */
  maxRetryTime?: number;
  /** Called before each retry of this call (after the client's `onRetry`). */
  onRetry?: (info: RetryInfo) => void;
}

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

/** One custom identity source (`0oa…`). */
export interface IdentitySource {
  readonly id: string;
  readonly sessions: SessionsApi;
  readonly users: UsersApi;
  readonly groups: GroupsApi;
  /** Bulk-imports the data through as many sessions as needed (see `runImport`). */
  import(data: ImportData, options?: ImportOptions): Promise<ImportReport>;
  /**
   * Sends only what changed since the last sync recorded in `options.store`, and deletes what
   * vanished from the snapshot (see `runSync` in `okta-identity-sources/sync`).
   */
  sync(snapshot: SyncSnapshot, options: SyncOptions): Promise<SyncReport>;
}

/** The client `createIdentitySourceClient` returns. */
export interface IdentitySourceClient {
  /** The operations of one identity source. */
  identitySource(identitySourceId: string): IdentitySource;
  /**
   * The typed openapi-fetch client (credentials, User-Agent and hooks applied; no retries), set up
   * on first access.
   */
  readonly raw: Client<paths>;
  /** The org origin every request goes to. */
  readonly orgUrl: string;
}
