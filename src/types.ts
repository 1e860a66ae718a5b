// Named aliases for the generated schema types, so callers never index `components` themselves.
import type { components } from "../generated/openapi.js";

type Schemas = components["schemas"];

/** An import session. */
export type IdentitySourceSession = Schemas["IdentitySourceSession"];
/** The status of an import session. */
export type IdentitySourceSessionStatus = Schemas["IdentitySourceSessionStatus"];
/** A user profile: the named attributes plus custom string (or null) attributes. */
export type UserProfile = Schemas["IdentitySourceUserProfileForUpsert"];
/** A user profile of the real-time operations, where `email` and `userName` are required. */
export type RequiredUserProfile = Schemas["IdentitySourceUserProfileForUpsertRequired"];
/** One user of a bulk upsert. */
export type BulkUpsertUser = Schemas["BulkUpsertUser"];
/** A group profile: the named attributes plus custom string (or null) attributes. */
export type GroupProfile = Schemas["IdentitySourceGroupProfileForUpsert"];
/** One group of a bulk upsert. */
export type BulkUpsertGroup = Schemas["BulkUpsertGroup"];
/** A group and some of its members, as bulk membership uploads carry them. */
export type BulkGroupMembership = Schemas["BulkGroupMembership"];
/** A device profile (early access). */
export type DeviceProfile = Schemas["IdentitySourceDeviceProfile"];
/** One device of a bulk upsert (early access). */
export type BulkUpsertDevice = Schemas["BulkUpsertDevice"];
/** The body of a real-time user create. */
export type UserCreateRequest = Schemas["UserRequestSchema"];
/** The body of a real-time user replace. */
export type UserReplaceRequest = Schemas["UserReplaceRequestSchema"];
/** The body of a real-time user update. */
export type UserUpdateRequest = Schemas["UsersUpdateRequestSchema"];
/** An identity source user as Okta returns it. */
export type IdentitySourceUser = Schemas["UserResponseSchema"];
/** The body of a real-time group create or update. */
export type GroupRequest = Schemas["GroupsRequestSchema"];
/** An identity source group, with its profile flattened (Okta's spec nests `profile.profile`). */
export type IdentitySourceGroup = Omit<Schemas["GroupsResponseSchema"], "profile"> & {
  profile?: GroupProfile;
};
/** Okta's error body. */
export type OktaErrorBody = Schemas["Error"];
