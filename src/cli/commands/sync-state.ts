// The CLI's view of a sync state: --state (a SQLite path or a postgres:// URL, default from
// OKTA_IDSRC_STATE), the lease and history flags, and the messages for a state that cannot be used.
// Shared by `sync`, `sync history` and `sync show`.
import { intFlag } from "../args.js";
import { EXIT } from "../io.js";
import type { CliIo } from "../io.js";
import { openStateStore } from "../../sync/open-state.js";
import { isPostgresUrl, redactIn } from "../../sync/postgres-url.js";
import { OktaSyncStateError } from "../../sync/state-errors.js";
import type { OktaSyncLeaseError } from "../../sync/state-errors.js";
import type { SyncStore } from "../../sync/store.js";
import type { SyncOptions } from "../../sync/types.js";

export const STATE_OPTIONS = {
  state: { type: "string" },
  "state-schema": { type: "string" },
  "lease-ttl": { type: "string" },
  "keep-runs": { type: "string" },
} as const;

export const STATE_HELP = `  --state FILE|URL           SQLite state file, created on first use, or a postgres:// URL
                             (default $OKTA_IDSRC_STATE, else sync-state.db)
  --state-schema <name>      Postgres schema of the state (default okta_idsrc)
  --lease-ttl <seconds>      how long a crashed run blocks the next one; renewed while a run
                             lasts (default 60)
  --keep-runs <n>            runs kept in the state's history (default 1000)`;

type StateValues = {
  state?: string | undefined;
  "state-schema"?: string | undefined;
  "lease-ttl"?: string | undefined;
  "keep-runs"?: string | undefined;
  json?: boolean | undefined;
};

/** The state location the flags and environment name (not yet redacted). */
export function stateLocation(values: StateValues, io: CliIo): string {
  return values.state ?? (io.env.OKTA_IDSRC_STATE || undefined) ?? "sync-state.db";
}

/**
 * Opens the state; a state that cannot be used is reported on stderr (and as JSON with --json),
 * and the exit code returned instead: 2 for a foreign state or a missing directory, 1 otherwise.
 */
export async function openCliState(
  values: StateValues,
  io: CliIo,
): Promise<{ store: SyncStore; where: string } | number> {
  const state = stateLocation(values, io);
  try {
    const schema = values["state-schema"];
    const store = await openStateStore(state, schema !== undefined ? { schema } : {});
    return { store, where: store.where };
  } catch (e) {
    if (!(e instanceof OktaSyncStateError) && !isPostgresUrl(state)) throw e;
    const message = redactIn(e instanceof Error ? e.message : String(e), state);
    io.stderr.write(`okta-idsrc sync: ${message}\n`);
    if (values.json) {
      const name = e instanceof Error ? e.name : "Error";
      const reason = e instanceof OktaSyncStateError ? e.reason : undefined;
      io.stdout.write(
        `${JSON.stringify({ ok: false, error: { name, message, reason } }, null, 2)}\n`,
      );
    }
    const usage =
      e instanceof OktaSyncStateError &&
      (e.reason === "foreign" || e.reason === "missing-directory");
    return usage ? EXIT.usage : EXIT.failure;
  }
}

/** runSync options from the lease and history flags. */
export function stateRunOptions(values: StateValues): Pick<SyncOptions, "leaseTtlMs" | "keepRuns"> {
  const ttl = intFlag("lease-ttl", values["lease-ttl"], 1);
  const keep = intFlag("keep-runs", values["keep-runs"], 1);
  return {
    ...(ttl !== undefined ? { leaseTtlMs: ttl * 1000 } : {}),
    ...(keep !== undefined ? { keepRuns: keep } : {}),
  };
}

/** Another run holds the state: say who, exit 1. */
export function leaseRefused(e: OktaSyncLeaseError, json: boolean, io: CliIo): number {
  io.stderr.write(`okta-idsrc sync: ${e.message}\n`);
  if (json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          ok: false,
          error: { name: e.name, message: e.message, reason: e.reason, holder: e.holder },
        },
        null,
        2,
      )}\n`,
    );
  }
  return EXIT.failure;
}
