// Errors of sync: the safeguard's refusal (a truncated HR export must never deactivate the company,
// see maxDeletePercent and maxDeletes), and a state file used for the wrong identity source.
import { OktaError } from "../core/errors.js";
import type { SafeguardViolation, SyncPlan } from "./types.js";

export type { SafeguardViolation };

/** runSync refused a plan that deletes too much; nothing was sent. `plan` is the refused plan. */
export class OktaSyncSafeguardError extends OktaError {
  override name = "OktaSyncSafeguardError";
  constructor(
    readonly violations: SafeguardViolation[],
    readonly plan: SyncPlan,
  ) {
    const what = violations.map(describe).join("; ");
    super(
      `sync refused, nothing was sent: ${what}. If the snapshot is complete and this is intended, ` +
        "pass allowMassDelete: true (CLI: --allow-mass-delete)",
    );
  }
}

function describe(v: SafeguardViolation): string {
  const limit =
    "maxDeletePercent" in v.limit
      ? `maxDeletePercent ${v.limit.maxDeletePercent}`
      : `maxDeletes ${v.limit.maxDeletes}`;
  return (
    `it would delete ${v.deletes} of ${v.known} known ${v.kind} ` +
    `(${v.percent.toFixed(1)}%), more than ${limit} allows`
  );
}

/** The error for a store used with another identity source than the one it describes. */
export function sourceMismatch(where: string, bound: string, requested: string): OktaError {
  return new OktaError(
    `sync state ${where} belongs to identity source ${bound}, not ${requested}: ` +
      "use one state file per identity source",
  );
}
