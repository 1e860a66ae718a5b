// Like Okta's own import safeguards: refuse a plan that deletes too large a share of what is known.
// Applies to every kind, memberships included: a truncated membership file strips access as surely
// as a truncated user file deactivates people.
import { OktaSyncSafeguardError } from "./errors.js";
import type { SafeguardViolation } from "./errors.js";
import type { SyncPlan } from "./types.js";

export interface SafeguardLimits {
  maxDeletePercent: number;
  maxDeletes: number;
}

/** The limits the plan breaks (empty when it is within them). */
export function safeguardViolations(plan: SyncPlan, limits: SafeguardLimits): SafeguardViolation[] {
  const violations: SafeguardViolation[] = [];
  for (const kind of plan.kinds) {
    const deletes = plan.counts[kind].delete;
    if (deletes === 0) continue;
    const known = plan.known[kind];
    const percent = known === 0 ? 100 : (deletes / known) * 100;
    if (percent > limits.maxDeletePercent) {
      violations.push({
        kind,
        deletes,
        known,
        percent,
        limit: { maxDeletePercent: limits.maxDeletePercent },
      });
    } else if (deletes > limits.maxDeletes) {
      violations.push({ kind, deletes, known, percent, limit: { maxDeletes: limits.maxDeletes } });
    }
  }
  return violations;
}

/** Throws OktaSyncSafeguardError when the plan breaks a limit. */
export function checkSafeguard(plan: SyncPlan, limits: SafeguardLimits): void {
  const violations = safeguardViolations(plan, limits);
  if (violations.length > 0) throw new OktaSyncSafeguardError(violations, plan);
}

/** Validates the limits given as options. */
export function safeguardLimits(options: {
  maxDeletePercent?: number;
  maxDeletes?: number;
}): SafeguardLimits {
  const maxDeletePercent = options.maxDeletePercent ?? 20;
  const maxDeletes = options.maxDeletes ?? Infinity;
  if (!(maxDeletePercent >= 0 && maxDeletePercent <= 100)) {
    throw new RangeError("maxDeletePercent must be between 0 and 100");
  }
  if (!(maxDeletes >= 0)) throw new RangeError("maxDeletes must be >= 0");
  return { maxDeletePercent, maxDeletes };
}
