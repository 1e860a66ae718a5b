// createIdentitySourceClient: wires options, auth, transport and the request helper into a plain
// object of operation groups (no client class).
import createClient from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import type { ImportData, ImportOptions } from "../import/index.js";
import { resolveAuth } from "./auth/index.js";
import { groupsApi } from "./groups.js";
import { createSend } from "./http.js";
import { env, resolveOrgUrl, type ClientOptions } from "./options.js";
import { sessionsApi } from "./sessions.js";
import { createTransport } from "./transport.js";
import type { IdentitySource, IdentitySourceClient } from "./types.js";
import { usersApi } from "./users.js";
import { checkId } from "./validate.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Creates a client for Okta's Identity Source API.
 * @example
 * const okta = createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: process.env.OKTA_TOKEN });
 * const session = await okta.identitySource("0oa3l6l6WK6h0R0QW0g4").sessions.create();
 */
export function createIdentitySourceClient(options: ClientOptions = {}): IdentitySourceClient {
  const orgUrl = resolveOrgUrl(options.orgUrl ?? env("OKTA_CLIENT_ORGURL"));
  const timeout = options.timeout ?? 60_000;
  // Looked up per request, so a fetch replaced after the client was made is still used.
  const fetch = (request: Request) => (options.fetch ?? globalThis.fetch)(request);
  const auth = resolveAuth(options, env("OKTA_CLIENT_TOKEN"), { orgUrl, fetch, timeout });
  const raw = createClient<paths>({
    baseUrl: orgUrl,
    fetch: createTransport(auth, fetch, options),
  });
  if (options.middleware?.length) raw.use(...options.middleware);
  const send = createSend(raw, {
    orgUrl,
    timeout,
    maxRetries: options.maxRetries ?? 4,
    maxRetryTime: options.maxRetryTime ?? 120_000,
    onRetry: options.onRetry,
    secrets: () => auth.secrets(),
  });
  // Only what is safe to log: never the credentials.
  const describe = () => ({ orgUrl, auth: auth.kind });
  return {
    raw,
    orgUrl,
    identitySource(identitySourceId) {
      const id = checkId("identitySourceId", identitySourceId);
      const source: IdentitySource = {
        id,
        sessions: sessionsApi(send, id),
        users: usersApi(send, id),
        groups: groupsApi(send, id, orgUrl),
        // Loaded on demand so the importer stays out of the client entry's bundle.
        import: async (data: ImportData, importOptions?: ImportOptions) =>
          (await import("../import/index.js")).runImport(source, data, importOptions),
      };
      return source;
    },
    toJSON: describe,
    [INSPECT]: () => `IdentitySourceClient ${JSON.stringify(describe())}`,
  } as IdentitySourceClient;
}
