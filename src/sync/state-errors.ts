// Errors about the sync state itself: a state that is not ours (refused before it is touched), a
// state path that cannot exist, and a state another run is using.
import { OktaError } from "../core/errors.js";
import type { LeaseState } from "./store.js";

/** Why a state was refused. */
export type SyncStateFailureReason =
  /** The file or schema exists and holds something that is not a sync state of ours. */
  | "foreign"
  /** The state was written by a newer version of this package. */
  | "newer-version"
  /** The state's directory does not exist. */
  | "missing-directory"
  /** The state cannot be opened at all (not a database, unreachable server). */
  | "unreadable";

/**
 * The sync state could not be used; nothing in it was changed. `where` names the file or the
 * redacted database URL and schema.
 */
export class OktaSyncStateError extends OktaError {
  override name = "OktaSyncStateError";
  constructor(
    readonly reason: SyncStateFailureReason,
    readonly where: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`sync state ${where}: ${message}`, options);
  }
}

/** Refuses state written by a newer version of this package (its schema may mean other things). */
export function checkSchemaVersion(where: string, version: number, supported: number): void {
  if (version <= supported) return;
  throw new OktaSyncStateError(
    "newer-version",
    where,
    `has schema version ${version}; this version of okta-identity-sources understands up to ` +
      `${supported}: upgrade the package`,
  );
}

/**
 * Another run holds the store's lease ("held"), or this run lost its lease to another after it
 * expired ("lost"). `holder` is the other run's lease as the store recorded it.
 */
export class OktaSyncLeaseError extends OktaError {
  override name = "OktaSyncLeaseError";
  constructor(
    readonly reason: "held" | "lost",
    readonly holder: LeaseState | undefined,
  ) {
    super(leaseMessage(reason, holder));
  }
}

function leaseMessage(reason: "held" | "lost", holder: LeaseState | undefined): string {
  const who = holder
    ? `process ${holder.pid} on host ${holder.host} (run ${holder.runId}, since ${holder.since})`
    : "no run";
  if (reason === "lost") {
    return (
      `this sync lost its lease on the state to ${who} after not renewing it in time; ` +
      "it stopped before recording anything more"
    );
  }
  return (
    `another sync is running on this state: ${who}. Nothing was done. Its lease expires at ` +
    `${holder?.expiresAt ?? "?"} unless renewed; if that process is gone, rerun after that time`
  );
}
