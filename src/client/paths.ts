// The schema paths the wrapper calls, checked against the generated `paths` at compile time.
import type { paths } from "../../generated/openapi.js";

const BASE = "/api/v1/identity-sources/{identitySourceId}";

export const PATHS = {
  sessions: `${BASE}/sessions`,
  session: `${BASE}/sessions/{sessionId}`,
  startImport: `${BASE}/sessions/{sessionId}/start-import`,
  users: `${BASE}/users`,
  user: `${BASE}/users/{externalId}`,
  groups: `${BASE}/groups`,
  group: `${BASE}/groups/{groupOrExternalId}`,
  members: `${BASE}/groups/{groupOrExternalId}/membership`,
  member: `${BASE}/groups/{groupOrExternalId}/membership/{memberExternalId}`,
} as const satisfies Record<string, keyof paths>;
