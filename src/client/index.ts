// The client layer's surface: its creator and the shapes of the operation groups. The package
// entry (src/index.ts) exports the public client, which adds the importer and sync on top.
export { createApiClient } from "./create-client.js";
export type { ApiClient, IdentitySourceApi, SessionsApi, UsersApi, GroupsApi } from "./types.js";
