// The mass-delete safeguard compares in integers: exactly the limit passes, one more is refused,
// at percentages where floating point gets it wrong ((70 / 1000) * 100 is 7.000000000000001).
import { describe, expect, it } from "vitest";
import { overPercent, safeguardViolations } from "../../src/sync/safeguard.js";
import type { SyncPlan } from "../../src/sync/types.js";

function planDeleting(deletes: number, known: number): SyncPlan {
  const zero = { create: 0, update: 0, unchanged: 0, delete: 0 };
  const none = { create: [], update: [], delete: [] };
  return {
    kinds: ["users"],
    counts: {
      users: { ...zero, unchanged: known - deletes, delete: deletes },
      groups: zero,
      devices: zero,
      memberships: zero,
    },
    known: { users: known, groups: 0, devices: 0, memberships: 0 },
    samples: { users: none, groups: none, devices: none, memberships: { create: [], delete: [] } },
  };
}

describe("maxDeletePercent", () => {
  for (const percent of [7, 14, 28, 55, 56]) {
    it(`allows exactly ${percent}% of 1,000 and refuses one more`, () => {
      const limits = { maxDeletePercent: percent, maxDeletes: Infinity };
      expect(safeguardViolations(planDeleting(percent * 10, 1000), limits)).toEqual([]);
      const refused = safeguardViolations(planDeleting(percent * 10 + 1, 1000), limits);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ kind: "users", deletes: percent * 10 + 1, known: 1000 });
    });
  }

  it("is exact for fractional limits and large counts", () => {
    expect(overPercent(75, 1000, 7.5)).toBe(false);
    expect(overPercent(76, 1000, 7.5)).toBe(true);
    expect(overPercent(1, 10_000_000, 0.00001)).toBe(false);
    expect(overPercent(2, 10_000_000, 0.00001)).toBe(true);
    expect(overPercent(3, 3, 100)).toBe(false);
  });

  it("treats deletes with nothing known as 100%", () => {
    expect(overPercent(1, 0, 100)).toBe(false);
    expect(overPercent(1, 0, 99)).toBe(true);
  });
});
