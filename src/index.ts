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
