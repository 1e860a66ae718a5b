// createIdentitySourceClient: the client layer's client, each identity source extended with
// `import()` and `sync()`. The importer and sync load on first use, so they stay out of the
// up-front bundle.
import { createApiClient } from "../client/create-client.js";
import type { IdentitySourceApi } from "../client/types.js";
import type { ClientOptions } from "../http/options.js";
import type { ImportData, ImportOptions } from "../import/index.js";
import type { SyncOptions, SyncSnapshot } from "../sync/index.js";
import type { IdentitySource, IdentitySourceClient } from "./types.js";

/** `api` with the importer and sync as methods; both receive the source they are called on. */
function withImportAndSync(api: IdentitySourceApi): IdentitySource {
  const source: IdentitySource = {
    ...api,
    import: async (data: ImportData, importOptions?: ImportOptions) =>
      (await import("../import/index.js")).runImport(source, data, importOptions),
    sync: async (snapshot: SyncSnapshot, syncOptions: SyncOptions) =>
      (await import("../sync/run.js")).runSync(source, snapshot, syncOptions),
  };
  return source;
}

/**
 * Creates a client for Okta's Identity Source API.
 * @example
 * const okta = createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: process.env.OKTA_TOKEN });
 * const session = await okta.identitySource("0oa3l6l6WK6h0R0QW0g4").sessions.create();
 */
export function createIdentitySourceClient(options?: ClientOptions): IdentitySourceClient {
  return createApiClient(options, withImportAndSync);
}
