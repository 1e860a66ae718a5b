// createApiClient: wires options, auth, transport and the request helper into a plain object of
// operation groups (no client class). It knows nothing of the importer or sync: the package entry
// (src/entry/create-client.ts) adds those to each identity source through `extend`.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { resolveAuth } from "../http/auth/index.js";
import { groupsApi } from "./groups.js";
import { createSend } from "../http/send.js";
import { env, resolveOrgUrl, type ClientOptions } from "../http/options.js";
import { retryPolicy } from "../http/retry.js";
import { sessionsApi } from "./sessions.js";
import { createTransport, fromRequest } from "../http/transport.js";
import { throughClient } from "../http/exchange.js";
import type { ApiClient, IdentitySourceApi } from "./types.js";
import { usersApi } from "./users.js";
import { checkId, fail } from "../core/validate.js";

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Creates a client for Okta's Identity Source API: the operation groups of each identity source,
 * passed through `extend` (which may add methods) before `identitySource()` returns them.
 * @example
 * const okta = createApiClient({ orgUrl: "https://acme.okta.com", token: process.env.OKTA_TOKEN });
 * const session = await okta.identitySource("0oa3l6l6WK6h0R0QW0g4").sessions.create();
 */
export function createApiClient<S extends IdentitySourceApi = IdentitySourceApi>(
  given?: ClientOptions,
  extend: (source: IdentitySourceApi) => S = (source) => source as S,
): ApiClient<S> {
  // null reads as "no options": everything from the environment.
  const options: ClientOptions = given ?? {};
  if (typeof options !== "object") fail("options", "must be an object");
  const orgUrl = resolveOrgUrl(options.orgUrl ?? env("OKTA_CLIENT_ORGURL"));
  const timeout = options.timeout ?? 60_000;
  const retry = retryPolicy(options.retry, options);
  // Looked up per request, so a fetch replaced after the client was made is still used.
  const fetch = (request: Request) => (options.fetch ?? globalThis.fetch)(request);
  // The environment is a fallback only: asked when no credential option is given, so a runtime
  // that guards it (Deno without --allow-env) never sees the request.
  const auth = resolveAuth(options, () => env("OKTA_CLIENT_TOKEN"), { orgUrl, fetch, timeout });
  // openapi-fetch hands its Request to the transport, which adds credentials and the hooks.
  const transport = createTransport(
    auth,
    (url, init) =>
      options.fetch ? options.fetch(new Request(url, init)) : globalThis.fetch(url, init),
    options,
  );
  // Set up on first use: openapi-fetch's createClient reads globalThis.Request, which makes Node
  // load its fetch implementation (undici), tens of milliseconds a client that is only created
  // (a CLI printing --help, a test) should not pay.
  let raw: Client<paths> | undefined;
  let middleware = false;
  const getRaw = () => {
    if (raw) return raw;
    const client = createClient<paths>({ baseUrl: orgUrl, fetch: fromRequest(transport) });
    // Middleware sees real Requests; until any is registered, calls skip building one.
    const use = client.use.bind(client);
    client.use = (...added) => {
      use(...added);
      middleware ||= added.length > 0;
    };
    if (options.middleware?.length) client.use(...options.middleware);
    return (raw = client);
  };
  // A bad middleware is refused here, as openapi-fetch's use() refuses it.
  if (options.middleware?.length) getRaw();
  const send = createSend(
    throughClient(getRaw, transport, () => !middleware),
    {
      orgUrl,
      timeout,
      retry,
      onRetry: options.onRetry,
      secrets: () => auth.secrets(),
    },
  );
  // Only what is safe to log: never the credentials.
  const describe = () => ({ orgUrl, auth: auth.kind });
  return {
    get raw() {
      return getRaw();
    },
    orgUrl,
    identitySource(identitySourceId) {
      const id = checkId("identitySourceId", identitySourceId);
      return extend({
        id,
        sessions: sessionsApi(send, id),
        users: usersApi(send, id),
        groups: groupsApi(send, id, orgUrl),
      });
    },
    toJSON: describe,
    [INSPECT]: () => `IdentitySourceClient ${JSON.stringify(describe())}`,
  } as ApiClient<S>;
}
