// The safeguard's exact edges: which limit a plan breaks and what the violation reports, every kind
// the plan covers, and the option ranges, with messages naming the option and its bounds.
import { describe, expect, it } from "vitest";
import { OktaSyncSafeguardError } from "../../src/sync/errors.js";
import {
  checkSafeguard,
  overPercent,
  safeguardLimits,
  safeguardViolations,
} from "../../src/sync/safeguard.js";
import type { SyncPlan } from "../../src/sync/types.js";

type Kind = SyncPlan["kinds"][number];

function plan(deleting: Partial<Record<Kind, [deletes: number, known: number]>>): SyncPlan {
  const counts = (k: Kind) => {
    const [deletes, known] = deleting[k] ?? [0, 0];
    return { create: 0, update: 0, unchanged: known - deletes, delete: deletes };
  };
  const none = { create: [], update: [], delete: [] };
  return {
    kinds: Object.keys(deleting) as Kind[],
    counts: {
      users: counts("users"),
      groups: counts("groups"),
      devices: counts("devices"),
      memberships: counts("memberships"),
    },
    known: {
      users: deleting.users?.[1] ?? 0,
      groups: deleting.groups?.[1] ?? 0,
      devices: deleting.devices?.[1] ?? 0,
      memberships: deleting.memberships?.[1] ?? 0,
    },
    samples: { users: none, groups: none, devices: none, memberships: { create: [], delete: [] } },
  };
}

const NO_COUNT_LIMIT = { maxDeletePercent: 100, maxDeletes: Infinity };

describe("safeguardViolations", () => {
  it("reports the share it would delete and the percentage limit it broke", () => {
    expect(
      safeguardViolations(plan({ users: [10, 40] }), { maxDeletePercent: 20, maxDeletes: 1000 }),
    ).toEqual([
      { kind: "users", deletes: 10, known: 40, percent: 25, limit: { maxDeletePercent: 20 } },
    ]);
  });

  it("reports deletes with nothing known as 100 %", () => {
    expect(
      safeguardViolations(plan({ groups: [3, 0] }), { maxDeletePercent: 50, maxDeletes: 1000 }),
    ).toEqual([
      { kind: "groups", deletes: 3, known: 0, percent: 100, limit: { maxDeletePercent: 50 } },
    ]);
  });

  it("ignores kinds that delete nothing, even when nothing is known and the limit is 0 %", () => {
    const limits = { maxDeletePercent: 0, maxDeletes: 0 };
    expect(safeguardViolations(plan({ users: [0, 0], devices: [0, 5] }), limits)).toEqual([]);
  });

  it("allows exactly maxDeletes and refuses one more, naming that limit", () => {
    const limits = { maxDeletePercent: 100, maxDeletes: 5 };
    expect(safeguardViolations(plan({ devices: [5, 10] }), limits)).toEqual([]);
    expect(safeguardViolations(plan({ devices: [6, 10] }), limits)).toEqual([
      { kind: "devices", deletes: 6, known: 10, percent: 60, limit: { maxDeletes: 5 } },
    ]);
  });

  it("names the percentage limit, not the count, when a plan breaks both", () => {
    const limits = { maxDeletePercent: 10, maxDeletes: 1 };
    expect(safeguardViolations(plan({ users: [2, 4] }), limits)).toEqual([
      { kind: "users", deletes: 2, known: 4, percent: 50, limit: { maxDeletePercent: 10 } },
    ]);
  });

  it("checks every kind of the plan, memberships included", () => {
    const limits = { maxDeletePercent: 20, maxDeletes: Infinity };
    const violations = safeguardViolations(
      plan({ users: [1, 10], groups: [3, 10], devices: [2, 10], memberships: [9, 10] }),
      limits,
    );
    expect(violations.map((v) => [v.kind, v.deletes])).toEqual([
      ["groups", 3],
      ["memberships", 9],
    ]);
  });
});

describe("checkSafeguard", () => {
  it("passes a plan within the limits", () => {
    expect(() => checkSafeguard(plan({ users: [2, 10] }), NO_COUNT_LIMIT)).not.toThrow();
  });

  it("throws OktaSyncSafeguardError carrying the violations and the plan", () => {
    const refused = plan({ users: [3, 10] });
    let error: unknown;
    try {
      checkSafeguard(refused, { maxDeletePercent: 20, maxDeletes: Infinity });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OktaSyncSafeguardError);
    const e = error as OktaSyncSafeguardError;
    expect(e.plan).toBe(refused);
    expect(e.violations).toEqual([
      { kind: "users", deletes: 3, known: 10, percent: 30, limit: { maxDeletePercent: 20 } },
    ]);
    expect(e.message).toContain("it would delete 3 of 10 known users (30.0%)");
  });
});

describe("overPercent", () => {
  it("is exact for limits JavaScript writes with an exponent", () => {
    expect(String(1e-7)).toBe("1e-7");
    expect(overPercent(1, 1_000_000_000, 1e-7)).toBe(false);
    expect(overPercent(2, 1_000_000_000, 1e-7)).toBe(true);
    expect(overPercent(1, 100_000_000, 1e-7)).toBe(true);
  });

  it("reads a limit as written, not as its binary approximation", () => {
    // 0.7 is stored as 0.6999999999999999555910790149937...: 7 of 1,000 is exactly 0.7 %.
    expect(overPercent(7, 1000, 0.7)).toBe(false);
    expect(overPercent(8, 1000, 0.7)).toBe(true);
  });

  it("treats a limit too small for 20 decimals as 0 %", () => {
    expect(overPercent(0, 10, 1e-21)).toBe(false);
    expect(overPercent(1, 10, 1e-21)).toBe(true);
  });

  it("compares against the whole part of a fractional limit too", () => {
    expect(overPercent(125, 1000, 12.5)).toBe(false);
    expect(overPercent(126, 1000, 12.5)).toBe(true);
    expect(overPercent(0, 1000, 0)).toBe(false);
    expect(overPercent(1, 1000, 0)).toBe(true);
  });

  it("refuses any delete with nothing known unless the limit is 100 %", () => {
    expect(overPercent(5, 0, 100)).toBe(false);
    expect(overPercent(5, 0, 99.9)).toBe(true);
  });
});

describe("safeguardLimits", () => {
  it("defaults to 20 % and no count limit", () => {
    expect(safeguardLimits({})).toEqual({ maxDeletePercent: 20, maxDeletes: Infinity });
  });

  it("keeps the given values, the range's ends included", () => {
    expect(safeguardLimits({ maxDeletePercent: 0, maxDeletes: 0 })).toEqual({
      maxDeletePercent: 0,
      maxDeletes: 0,
    });
    expect(safeguardLimits({ maxDeletePercent: 100, maxDeletes: 7 })).toEqual({
      maxDeletePercent: 100,
      maxDeletes: 7,
    });
  });

  for (const bad of [-0.1, 100.1, Number.NaN]) {
    it(`refuses maxDeletePercent ${bad}, naming the option and its range`, () => {
      expect(() => safeguardLimits({ maxDeletePercent: bad })).toThrow(
        new RangeError("maxDeletePercent must be between 0 and 100"),
      );
    });
  }

  for (const bad of [-1, Number.NaN]) {
    it(`refuses maxDeletes ${bad}, naming the option and its bound`, () => {
      expect(() => safeguardLimits({ maxDeletes: bad })).toThrow(
        new RangeError("maxDeletes must be >= 0"),
      );
    });
  }
});
