// The planner's edges, called directly: batch and progress boundaries, cancellation at every pass,
// the exact errors for malformed snapshot items, and staging only what changes.
import { describe, expect, it } from "vitest";
import { OktaValidationError } from "../../src/core/errors.js";
import type { ImportSource } from "../../src/import/index.js";
import { createMemoryStore, runSync } from "../../src/sync/index.js";
import type { SyncProgress, SyncSnapshot, SyncStore } from "../../src/sync/index.js";
import { batches, planSync } from "../../src/sync/plan.js";
import { createMemoryStaging } from "../../src/sync/staging.js";
import type { Staging } from "../../src/sync/staging.js";
import { snapshot, user } from "./helpers.js";

const OFFLINE: ImportSource = {
  get sessions(): never {
    throw new Error("planning must not contact Okta");
  },
};

/** A memory staging area that records each call's method, first argument and array sizes. */
function recordingStaging(): { staging: Staging; calls: [string, unknown, number][] } {
  const inner = createMemoryStaging();
  const calls: [string, unknown, number][] = [];
  const staging = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const list = args.find(Array.isArray) as unknown[] | undefined;
        calls.push([String(name), args[0], list?.length ?? -1]);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { staging, calls };
}

async function plan(
  snap: SyncSnapshot,
  options: {
    store?: SyncStore;
    staging?: Staging;
    sampleSize?: number;
    signal?: AbortSignal;
    onProgress?: (p: SyncProgress) => void;
  } = {},
) {
  const { store = createMemoryStore(), staging = createMemoryStaging(), ...rest } = options;
  return planSync(store, snap, staging, {
    sampleSize: rest.sampleSize ?? 10,
    signal: rest.signal,
    onProgress: rest.onProgress,
  });
}

async function adopted(snap: SyncSnapshot): Promise<SyncStore> {
  const store = createMemoryStore();
  await runSync(OFFLINE, snap, { store, adopt: true });
  return store;
}

const device = (i: number) => ({
  externalId: `d${i}`,
  profile: { displayName: `Device ${i}`, serialNumber: `S${i}`, platform: "LINUX" },
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OktaValidationError);
  const { field, message } = error as OktaValidationError;
  return { field, message };
}

describe("planSync", () => {
  it("returns zero counts, zero known and empty samples for every kind outside the snapshot", async () => {
    const result = await plan({ users: [user(1)] });
    const zero = { create: 0, update: 0, unchanged: 0, delete: 0 };
    expect(result).toEqual({
      kinds: ["users"],
      counts: { users: { ...zero, create: 1 }, groups: zero, devices: zero, memberships: zero },
      known: { users: 0, groups: 0, devices: 0, memberships: 0 },
      samples: {
        users: { create: ["u000001"], update: [], delete: [] },
        groups: { create: [], update: [], delete: [] },
        devices: { create: [], update: [], delete: [] },
        memberships: { create: [], delete: [] },
      },
    });
  });

  it("plans devices like the other entity kinds", async () => {
    const store = await adopted({ devices: [device(1), device(2), device(3)] });
    const changed = { ...device(2), profile: { ...device(2).profile, displayName: "renamed" } };
    const result = await plan({ devices: [device(1), changed, device(4)] }, { store });
    expect(result.kinds).toEqual(["devices"]);
    expect(result.known.devices).toBe(3);
    expect(result.counts.devices).toEqual({ create: 1, update: 1, unchanged: 1, delete: 1 });
    expect(result.samples.devices).toEqual({ create: ["d4"], update: ["d2"], delete: ["d3"] });
  });

  it("keeps at most sampleSize samples of each action", async () => {
    const users = Array.from({ length: 5 }, (_, i) => user(i));
    expect((await plan({ users }, { sampleSize: 3 })).samples.users.create).toEqual([
      "u000000",
      "u000001",
      "u000002",
    ]);
    expect((await plan({ users }, { sampleSize: 0 })).samples.users.create).toEqual([]);
  });

  it("reports progress after every 500 entities, and only then", async () => {
    for (const [n, expected] of [
      [0, []],
      [500, [500]],
      [501, [500, 501]],
      [1200, [500, 1000, 1200]],
    ] as const) {
      const seen: SyncProgress[] = [];
      const users = Array.from({ length: n }, (_, i) => user(i));
      await plan({ users }, { onProgress: (p) => seen.push(p) });
      expect(seen).toEqual(expected.map((scanned) => ({ phase: "plan", kind: "users", scanned })));
    }
  });

  it("reports membership progress after every 2,000 pairs, however entries spread them", async () => {
    const members = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `m${from + i}`);
    for (const [memberships, expected] of [
      [[], []],
      [[{ groupExternalId: "g", memberExternalIds: members(2000) }], [2000]],
      [[{ groupExternalId: "g", memberExternalIds: members(2001) }], [2000, 2001]],
      [
        [
          { groupExternalId: "g", memberExternalIds: members(1999) },
          { groupExternalId: "h", memberExternalIds: members(2501) },
        ],
        [2000, 4000, 4500],
      ],
    ] as const) {
      const seen: SyncProgress[] = [];
      const result = await plan(
        { memberships: memberships as never },
        { onProgress: (p) => seen.push(p) },
      );
      expect(seen).toEqual(
        expected.map((scanned) => ({ phase: "plan", kind: "memberships", scanned })),
      );
      expect(result.counts.memberships.create).toBe(expected.at(-1) ?? 0);
    }
  });

  it("plans without a signal or a progress callback", async () => {
    const store = await adopted(snapshot(3, 1));
    const result = await planSync(store, snapshot(2, 1), createMemoryStaging(), {
      sampleSize: 10,
      signal: undefined,
      onProgress: undefined,
    });
    expect(result.counts.users.delete).toBe(1);
    expect(result.counts.memberships.delete).toBe(1);
  });
});

describe("cancellation", () => {
  const aborted = () => AbortSignal.abort(new Error("stop"));

  it("stops before reading snapshot entities", async () => {
    await expect(plan({ users: [user(1)] }, { signal: aborted() })).rejects.toThrow("stop");
  });

  it("stops before reading snapshot memberships", async () => {
    const memberships = [{ groupExternalId: "g", memberExternalIds: ["a"] }];
    await expect(plan({ memberships }, { signal: aborted() })).rejects.toThrow("stop");
  });

  it("stops between reading the snapshot and looking for deleted entities", async () => {
    const store = await adopted({ users: [user(1)] });
    const controller = new AbortController();
    const run = plan(
      { users: [user(1)] },
      { store, signal: controller.signal, onProgress: () => controller.abort(new Error("stop")) },
    );
    await expect(run).rejects.toThrow("stop");
  });

  it("stops between reading memberships and looking for deleted ones", async () => {
    const memberships = [{ groupExternalId: "g", memberExternalIds: ["a"] }];
    const store = await adopted({ memberships });
    const controller = new AbortController();
    const run = plan(
      { memberships },
      { store, signal: controller.signal, onProgress: () => controller.abort(new Error("stop")) },
    );
    await expect(run).rejects.toThrow("stop");
  });
});

describe("staging", () => {
  it("stages only non-empty batches, and looks each group up once per run of its entries", async () => {
    const store = await adopted(snapshot(4, 2));
    const { staging, calls } = recordingStaging();
    const groups = snapshot(4, 2).groups;
    const memberships = [
      { groupExternalId: "g0000", memberExternalIds: ["u000000"] },
      { groupExternalId: "g0000", memberExternalIds: ["u000002"] },
      { groupExternalId: "g0001", memberExternalIds: ["u000001"] },
      { groupExternalId: "g0001", memberExternalIds: ["u000003"] },
      { groupExternalId: "g0000", memberExternalIds: ["u000002"] },
    ];
    // Unchanged: nothing to upsert, delete, add or remove.
    const result = await plan(
      { users: snapshot(4).users, groups, memberships },
      { store, staging },
    );
    expect(result.counts.memberships).toEqual({ create: 0, update: 0, unchanged: 4, delete: 0 });
    expect(calls.filter(([name]) => name.startsWith("stage"))).toEqual([]);
    const groupLookups = calls.filter(([name, kind]) => name === "unseen" && kind === "groups");
    // Once for the groups' own delete pass, then once per run of entries of one group (3 runs).
    expect(groupLookups).toHaveLength(1 + 3);
  });

  it("stages each change once, in batches that are never empty", async () => {
    const store = await adopted(snapshot(1200, 2));
    const { staging, calls } = recordingStaging();
    const next = snapshot(1200, 2);
    next.users[700] = user(700, 1);
    next.users.splice(100, 1);
    const g0 = next.memberships[0]!;
    g0.memberExternalIds = g0.memberExternalIds.filter((id) => id !== "u000100");
    g0.memberExternalIds.push("u000001");
    await plan(next, { store, staging });
    const staged = calls.filter(([name]) => name.startsWith("stage"));
    expect(staged.map(([name, first, size]) => [name, first, size])).toEqual([
      ["stageUpserts", "users", 1],
      ["stageDeletes", "users", 1],
      ["stagePairs", "add", 1],
      ["stagePairs", "remove", 1],
    ]);
  });
});

describe("malformed snapshot items", () => {
  for (const kind of ["users", "groups", "devices"] as const) {
    it(`names the ${kind} item and field that is wrong`, async () => {
      const ok = { externalId: "ok", profile: {} };
      const at = (items: unknown[]) => refusal(plan({ [kind]: items } as SyncSnapshot));
      for (const bad of [null, "text"]) {
        expect(await at([ok, bad])).toEqual({
          field: `${kind}[1]`,
          message: `${kind}[1] must be an object`,
        });
      }
      for (const externalId of [undefined, "", 5]) {
        expect(await at([ok, { externalId, profile: {} }])).toEqual({
          field: `${kind}[1].externalId`,
          message: `${kind}[1].externalId must be a non-empty string`,
        });
      }
      for (const profile of [undefined, null, "text", []]) {
        expect(await at([ok, { externalId: "x", profile }])).toEqual({
          field: `${kind}[1].profile`,
          message: `${kind}[1].profile must be an object`,
        });
      }
    });
  }

  it("counts positions across batches", async () => {
    const users: unknown[] = Array.from({ length: 600 }, (_, i) => user(i));
    users[550] = { externalId: "", profile: {} };
    expect(await refusal(plan({ users } as SyncSnapshot))).toEqual({
      field: "users[550].externalId",
      message: "users[550].externalId must be a non-empty string",
    });
  });

  it("names a duplicate externalId and its kind", async () => {
    expect(await refusal(plan({ groups: [device(1), device(2), device(1)] }))).toEqual({
      field: "groups.externalId",
      message: 'groups: externalId "d1" appears more than once in the snapshot',
    });
  });

  it("names the membership entry and field that is wrong", async () => {
    const ok = { groupExternalId: "g", memberExternalIds: ["a"] };
    const at = (items: unknown[]) => refusal(plan({ memberships: items } as SyncSnapshot));
    for (const bad of [null, "text"]) {
      expect(await at([ok, bad])).toEqual({
        field: "memberships[1]",
        message: "memberships[1] must be an object",
      });
    }
    for (const groupExternalId of [undefined, "", 5]) {
      expect(await at([ok, { groupExternalId, memberExternalIds: ["a"] }])).toEqual({
        field: "memberships[1].groupExternalId",
        message: "memberships[1].groupExternalId must be a non-empty string",
      });
    }
    for (const memberExternalIds of [undefined, "a", ["a", ""], ["a", 5], [""]]) {
      expect(await at([ok, { groupExternalId: "g", memberExternalIds }])).toEqual({
        field: "memberships[1].memberExternalIds",
        message: "memberships[1].memberExternalIds must be an array of non-empty strings",
      });
    }
  });

  it("names a membership of a group missing from the snapshot's groups", async () => {
    const groups = [{ externalId: "g1", profile: { displayName: "G1" } }];
    const memberships = [
      { groupExternalId: "g1", memberExternalIds: ["a"] },
      { groupExternalId: "g1", memberExternalIds: ["b"] },
      { groupExternalId: "nope", memberExternalIds: ["a"] },
    ];
    expect(await refusal(plan({ groups, memberships }))).toEqual({
      field: "memberships[2].groupExternalId",
      message: `memberships[2]: group "nope" is not in the snapshot's groups`,
    });
    // Without groups in the snapshot, memberships of any group are planned.
    expect((await plan({ memberships })).counts.memberships.create).toBe(3);
  });
});

describe("batches", () => {
  const sizes = async (n: number, size: number) => {
    const out: number[] = [];
    for await (const b of batches(
      Array.from({ length: n }, (_, i) => i),
      size,
    ))
      out.push(b.length);
    return out;
  };

  it("groups items into batches of exactly `size`, the last one shorter, none empty", async () => {
    expect(await sizes(0, 3)).toEqual([]);
    expect(await sizes(2, 3)).toEqual([2]);
    expect(await sizes(3, 3)).toEqual([3]);
    expect(await sizes(7, 3)).toEqual([3, 3, 1]);
    const items: number[] = [];
    for await (const b of batches([1, 2, 3, 4], 3)) items.push(...b);
    expect(items).toEqual([1, 2, 3, 4]);
  });
});
