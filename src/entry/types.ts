// The public shape of the client: the client layer's identity source with the importer and sync
// added, as `createIdentitySourceClient` returns it.
import type { ImportData, ImportOptions, ImportReport } from "../import/index.js";
import type { SyncOptions, SyncReport, SyncSnapshot } from "../sync/index.js";
import type { ApiClient, IdentitySourceApi } from "../client/types.js";

/** One custom identity source (`0oa…`). */
export interface IdentitySource extends IdentitySourceApi {
  /** Bulk-imports the data through as many sessions as needed (see `runImport`). */
  import(data: ImportData, options?: ImportOptions): Promise<ImportReport>;
  /**
   * Sends only what changed since the last sync recorded in `options.store`, and deletes what
   * vanished from the snapshot (see `runSync` in `okta-identity-sources/sync`).
   */
  sync(snapshot: SyncSnapshot, options: SyncOptions): Promise<SyncReport>;
}

/** The client `createIdentitySourceClient` returns. */
export interface IdentitySourceClient extends ApiClient<IdentitySource> {}
