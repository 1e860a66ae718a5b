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
    if (overPercent(deletes, known, limits.maxDeletePercent)) {
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

/**
 * Whether `deletes` of `known` is more than `limit` percent, in exact integer arithmetic
 * (`deletes * 100 > limit * known`): in floating point 70 of 1,000 reads as more than 7 %. A
 * fractional limit is scaled by a power of ten taken from its decimal digits, so 7.5 is 75 / 10.
 */
export function overPercent(deletes: number, known: number, limit: number): boolean {
  if (known === 0) return 100 > limit; // nothing known: every delete is 100 %
  const [whole = "0", fraction = ""] = decimal(limit).split(".");
  const scale = 10n ** BigInt(fraction.length);
  const scaledLimit = BigInt(whole) * scale + BigInt(fraction || "0");
  return BigInt(deletes) * 100n * scale > scaledLimit * BigInt(known);
}

/** A number in plain decimal notation (no exponent): 1e-7 -> "0.0000001". */
function decimal(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/0+$/, "").replace(/\.$/, "");
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
