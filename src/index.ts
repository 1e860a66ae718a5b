// The public entry of okta-identity-sources: everything a caller may import, listed explicitly.
export type { paths, components, operations } from "../generated/openapi.js";
export type {
  IdentitySourceSession,
  IdentitySourceSessionStatus,
  UserProfile,
  RequiredUserProfile,
  BulkUpsertUser,
  GroupProfile,
  BulkUpsertGroup,
  BulkGroupMembership,
  DeviceProfile,
  BulkUpsertDevice,
  UserCreateRequest,
  UserReplaceRequest,
  UserUpdateRequest,
  IdentitySourceUser,
  GroupRequest,
  IdentitySourceGroup,
  OktaErrorBody,
} from "./types.js";
export { MAX_BULK_ENTITIES, MAX_BULK_BYTES, MAX_REQUESTS_PER_SESSION, LIMITS } from "./limits.js";
export type { BulkKind } from "./bulk-bodies.js";
export { createIdentitySourceClient } from "./entry/create-client.js";
export {
  OktaError,
  OktaApiError,
  OktaBadRequestError,
  OktaAuthenticationError,
  OktaForbiddenError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaServerError,
  OktaConnectionError,
  OktaTimeoutError,
  OktaValidationError,
  // Thrown by `source.import()`; the importer itself loads lazily on first use (the upload order
  // is documented in the README).
  OktaImportError,
} from "./core/errors.js";
export type { ErrorCause, RateLimit } from "./core/errors.js";
export type {
  ClientOptions,
  CommonClientOptions,
  OAuthOptions,
  PrivateJwk,
  RequestHookInfo,
  ResponseHookInfo,
} from "./http/options.js";
export type { RequestOptions } from "./http/request-options.js";
export type { RetryInfo, RetryOptions, RetryReason } from "./http/retry.js";
export type { SessionsApi, UsersApi, GroupsApi } from "./client/types.js";
export type { IdentitySource, IdentitySourceClient } from "./entry/types.js";
export type {
  ActiveSessionPolicy,
  ImportCounts,
  ImportData,
  ImportFailureReason,
  ImportInput,
  ImportOptions,
  ImportProgress,
  ImportProgressType,
  ImportReport,
  ImportSessionReport,
  ImportSessionEntities,
  ImportSource,
  ImportSessionsApi,
} from "./import/index.js";
// Incremental sync runs through `source.sync()`; its stores and error class live in the
// `okta-identity-sources/sync` entry so they stay out of this one.
export type {
  SyncOptions,
  SyncSnapshot,
  SyncReport,
  SyncPlan,
  SyncProgress,
  SyncStore,
  SyncStoreChanges,
  SyncActionCounts,
} from "./sync/index.js";
