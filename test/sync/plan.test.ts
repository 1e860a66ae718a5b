// Planning without sending: dryRun and adopt, with both staging areas.
import { describe, expect, it } from "vitest";
import { OktaValidationError } from "../../src/core/errors.js";
import type { ImportSource } from "../../src/import/index.js";
import {
  OktaSyncSafeguardError,
  createMemoryStore,
  fingerprint,
  runSync,
} from "../../src/sync/index.js";
import type { SyncOptions, SyncSnapshot, SyncStore } from "../../src/sync/index.js";
import { snapshot, user } from "./helpers.js";

/** A source that fails the test if anything tries to reach Okta. */
const OFFLINE: ImportSource = {
  get sessions(): never {
    throw new Error("planning must not contact Okta");
  },
};

describe.each(["memory", "disk"] as const)("plan with %s staging", (staging) => {
  const plan = (store: SyncStore, snap: SyncSnapshot, options: Partial<SyncOptions> = {}) =>
    runSync(OFFLINE, snap, { store, staging, dryRun: true, ...options });
  const adopt = (store: SyncStore, snap: SyncSnapshot) =>
    runSync(OFFLINE, snap, { store, staging, adopt: true });

  it("creates everything on a first run and deletes nothing", async () => {
    const store = createMemoryStore();
    const report = await plan(store, snapshot(30, 3));
    expect(report.outcome).toBe("dry-run");
    expect(report.plan.kinds).toEqual(["users", "groups", "memberships"]);
    expect(report.plan.counts.users).toEqual({ create: 30, update: 0, unchanged: 0, delete: 0 });
    expect(report.plan.counts.groups).toEqual({ create: 3, update: 0, unchanged: 0, delete: 0 });
    expect(report.plan.counts.memberships).toEqual({
      create: 30,
      update: 0,
      unchanged: 0,
      delete: 0,
    });
    expect(report.plan.samples.users.create).toEqual([
      "u000000",
      "u000001",
      "u000002",
      "u000003",
      "u000004",
      "u000005",
      "u000006",
      "u000007",
      "u000008",
      "u000009",
    ]);
    expect(report.plan.samples.memberships.create[0]).toEqual({
      groupExternalId: "g0000",
      memberExternalId: "u000000",
    });
    // A dry run leaves the store as it was.
    expect(await store.count("users")).toBe(0);
  });

  it("finds exactly the created, changed, unchanged and removed entities and pairs", async () => {
    const store = createMemoryStore();
    const before = snapshot(50, 5);
    await adopt(store, before);
    expect(await store.count("users")).toBe(50);
    expect(await store.count("memberships")).toBe(50);

    const after = snapshot(50, 5);
    after.users[3] = user(3, 1);
    after.users[7] = user(7, 1);
    after.users.splice(10, 1); // u000010 leaves (its pair g0000/u000010 too)
    after.memberships[0]!.memberExternalIds = after.memberships[0]!.memberExternalIds.filter(
      (id) => id !== "u000010",
    );
    after.users.push(user(60));
    after.memberships[1]!.memberExternalIds.push("u000060", "u000000"); // u000000 joins g0001 as well
    after.groups[4]!.profile.description = "renamed";
    const report = await plan(store, after, { sampleSize: 2 });
    const { counts, samples } = report.plan;
    expect(counts.users).toEqual({ create: 1, update: 2, unchanged: 47, delete: 1 });
    expect(counts.groups).toEqual({ create: 0, update: 1, unchanged: 4, delete: 0 });
    expect(counts.memberships).toEqual({ create: 2, update: 0, unchanged: 49, delete: 1 });
    expect(samples.users).toEqual({
      create: ["u000060"],
      update: ["u000003", "u000007"],
      delete: ["u000010"],
    });
    expect(samples.memberships.delete).toEqual([
      { groupExternalId: "g0000", memberExternalId: "u000010" },
    ]);
  });

  it("resends what was sent but never confirmed, and removes unconfirmed pairs that left", async () => {
    const store = createMemoryStore();
    const snap = snapshot(4, 1);
    await adopt(store, snap);
    await store.commit({
      put: [{ kind: "users", externalId: "u000001", fingerprint: null }],
      putMemberships: [
        { groupExternalId: "g0000", memberExternalId: "u000002", confirmed: false },
        { groupExternalId: "g0000", memberExternalId: "ghost", confirmed: false },
      ],
    });
    const { counts } = (await plan(store, snap)).plan;
    expect(counts.users).toEqual({ create: 0, update: 1, unchanged: 3, delete: 0 });
    expect(counts.memberships).toEqual({ create: 1, update: 0, unchanged: 3, delete: 1 });
  });

  it("leaves kinds the snapshot does not include alone", async () => {
    const store = createMemoryStore();
    await adopt(store, snapshot(10, 2));
    const report = await runSync(
      OFFLINE,
      { users: snapshot(8).users },
      { store, staging, adopt: true },
    );
    expect(report.plan.kinds).toEqual(["users"]);
    expect(report.plan.counts.users.delete).toBe(2);
    expect(await store.count("users")).toBe(8);
    expect(await store.count("groups")).toBe(2);
    expect(await store.count("memberships")).toBe(10);
  });

  it("counts a membership pair once however often and in whatever batches the input repeats it", async () => {
    const store = createMemoryStore();
    const members = Array.from({ length: 2500 }, (_, i) => `m${i}`);
    const memberships = [
      { groupExternalId: "big", memberExternalIds: members },
      ...members.slice(0, 3).map((m) => ({ groupExternalId: "big", memberExternalIds: [m, m] })),
      { groupExternalId: "big", memberExternalIds: members.slice(2400) },
    ];
    const first = await adopt(store, { memberships });
    expect(first.plan.counts.memberships).toEqual({
      create: 2500,
      update: 0,
      unchanged: 0,
      delete: 0,
    });
    const second = await plan(store, {
      memberships: [{ groupExternalId: "big", memberExternalIds: members.slice(1) }],
    });
    expect(second.plan.counts.memberships).toEqual({
      create: 0,
      update: 0,
      unchanged: 2499,
      delete: 1,
    });
  });

  it("reads the snapshot once, from async iterables", async () => {
    const store = createMemoryStore();
    let reads = 0;
    async function* users() {
      reads++;
      for (let i = 0; i < 1200; i++) yield user(i);
    }
    const report = await adopt(store, { users: users() });
    expect(report.plan.counts.users.create).toBe(1200);
    expect(reads).toBe(1);
    expect(await store.fingerprints("users", ["u001199"])).toEqual(
      new Map([["u001199", fingerprint(user(1199).profile)]]),
    );
  });

  it("rejects duplicate externalIds and memberships of unknown groups, naming them", async () => {
    const store = createMemoryStore();
    const twice = { users: [user(1), user(2), user(1)] };
    await expect(plan(store, twice)).rejects.toThrow(OktaValidationError);
    await expect(plan(store, twice)).rejects.toThrow(/externalId "u000001" appears more than once/);
    const orphan = {
      groups: [{ externalId: "g1", profile: { displayName: "G1" } }],
      memberships: [
        { groupExternalId: "g1", memberExternalIds: ["u1"] },
        { groupExternalId: "nope", memberExternalIds: ["u1"] },
      ],
    };
    await expect(plan(store, orphan)).rejects.toThrow(
      /memberships\[1\]: group "nope" is not in the snapshot's groups/,
    );
    // A duplicate far apart (different batches) is found as well.
    const far = { users: [...Array.from({ length: 1500 }, (_, i) => user(i)), user(3)] };
    await expect(plan(store, far)).rejects.toThrow(/externalId "u000003" appears more than once/);
    await expect(plan(store, { users: [{ externalId: "", profile: {} }] })).rejects.toThrow(
      /users\[0\]\.externalId/,
    );
    expect(await store.count("users")).toBe(0);
  });

  it("lists safeguard violations in a dry run and refuses them otherwise, naming the counts", async () => {
    const store = createMemoryStore();
    await adopt(store, snapshot(100, 4));
    const truncated = snapshot(70, 4);
    const dry = await plan(store, truncated);
    expect(dry.safeguard).toEqual([
      { kind: "users", deletes: 30, known: 100, percent: 30, limit: { maxDeletePercent: 20 } },
      {
        kind: "memberships",
        deletes: 30,
        known: 100,
        percent: 30,
        limit: { maxDeletePercent: 20 },
      },
    ]);
    const refused = runSync(OFFLINE, truncated, { store, staging });
    await expect(refused).rejects.toThrow(OktaSyncSafeguardError);
    await expect(runSync(OFFLINE, truncated, { store, staging })).rejects.toThrow(
      /delete 30 of 100 known users \(30\.0%\), more than maxDeletePercent 20/,
    );
    // Within the percentage but above an absolute limit.
    const small = snapshot(95, 4);
    await expect(runSync(OFFLINE, small, { store, staging, maxDeletes: 4 })).rejects.toThrow(
      /delete 5 of 100 known users \(5\.0%\), more than maxDeletes 4/,
    );
    expect((await plan(store, small, { maxDeletePercent: 5 })).safeguard).toEqual([]);
  });
});
