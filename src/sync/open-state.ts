// One way to open a state from a location string (the CLI's --state, OKTA_IDSRC_STATE): a
// postgres:// URL opens the Postgres store, anything else is a SQLite file path.
import { isPostgresUrl } from "./postgres-url.js";
import type { SyncStore } from "./store.js";

/** The store at `state`: a `postgres://`/`postgresql://` URL, or a SQLite file path. */
export async function openStateStore(
  state: string,
  options: { schema?: string } = {},
): Promise<SyncStore & { readonly where: string }> {
  if (isPostgresUrl(state)) {
    const { createPostgresStore } = await import("./postgres-store.js");
    return createPostgresStore(
      state,
      options.schema !== undefined ? { schema: options.schema } : {},
    );
  }
  const { createSqliteStore } = await import("./sqlite-store.js");
  const store = await createSqliteStore(state);
  return Object.assign(store, { where: state });
}
