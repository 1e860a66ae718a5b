// Computes the plan in one streaming pass over the snapshot: each batch of snapshot items is marked
// seen in the staging area and compared with the store's fingerprints; then one pass over the
// store finds what the snapshot no longer contains. Memory stays flat whatever the snapshot size.
import type { BulkItems } from "../bulk-bodies.js";
import { OktaValidationError } from "../core/errors.js";
import type { ImportInput } from "../import/index.js";
import { fingerprint } from "./fingerprint.js";
import {
  MEMBERSHIP_OWNER,
  perEntityKind,
  perKind,
  SYNC_ENTITY_KINDS,
  SYNC_KINDS,
} from "./kinds.js";
import type { EntityItem, Staging } from "./staging.js";
import type { MembershipPair, SyncEntityKind, SyncStore } from "./store.js";
import { pairKey } from "./store.js";
import type { SyncActionCounts, SyncPlan, SyncProgress, SyncSnapshot } from "./types.js";

const BATCH = 500;
const PAIR_BATCH = 2000;

interface PlanContext {
  store: SyncStore;
  staging: Staging;
  plan: SyncPlan;
  sampleSize: number;
  signal: AbortSignal | undefined;
  onProgress: ((p: SyncProgress) => void) | undefined;
}

const zero = (): SyncActionCounts => ({ create: 0, update: 0, unchanged: 0, delete: 0 });

/** Reads the snapshot once, stages every change, and returns the plan's counts and samples. */
export async function planSync(
  store: SyncStore,
  snapshot: SyncSnapshot,
  staging: Staging,
  options: Pick<PlanContext, "sampleSize" | "signal" | "onProgress">,
): Promise<SyncPlan> {
  const kinds = SYNC_KINDS.filter((k) => snapshot[k] !== undefined);
  const plan: SyncPlan = {
    kinds,
    counts: perKind(zero),
    known: perKind(() => 0),
    samples: {
      ...perEntityKind(() => ({ create: [], update: [], delete: [] })),
      memberships: { create: [], delete: [] },
    },
  };
  for (const kind of kinds) plan.known[kind] = await store.count(kind);
  const ctx: PlanContext = { store, staging, plan, ...options };
  for (const kind of SYNC_ENTITY_KINDS) {
    const input = snapshot[kind];
    if (input !== undefined) await planEntities(ctx, kind, input as ImportInput<EntityItem>);
  }
  if (snapshot.memberships !== undefined) {
    await planMemberships(ctx, snapshot.memberships, snapshot[MEMBERSHIP_OWNER] !== undefined);
  }
  return plan;
}

async function planEntities(
  ctx: PlanContext,
  kind: SyncEntityKind,
  input: ImportInput<EntityItem>,
) {
  const counts = ctx.plan.counts[kind];
  const samples = ctx.plan.samples[kind];
  let index = 0;
  for await (const batch of batches(input, BATCH)) {
    ctx.signal?.throwIfAborted();
    const ids = batch.map((item) => checkEntity(kind, item, index++));
    const duplicates = await ctx.staging.see(kind, ids);
    if (duplicates.length > 0) {
      throw new OktaValidationError(
        `${kind}.externalId`,
        `${kind}: externalId ${JSON.stringify(duplicates[0])} appears more than once in the snapshot`,
      );
    }
    const known = await ctx.store.fingerprints(kind, ids);
    const changed: EntityItem[] = [];
    for (const item of batch) {
      const stored = known.get(item.externalId);
      // A null fingerprint means "sent, never confirmed": Okta may or may not have it, so resend.
      const action =
        stored === undefined
          ? "create"
          : stored === fingerprint(item.profile)
            ? "unchanged"
            : "update";
      counts[action]++;
      if (action === "unchanged") continue;
      changed.push(item);
      sample(samples[action], item.externalId, ctx.sampleSize);
    }
    if (changed.length > 0) await ctx.staging.stageUpserts(kind, changed);
    ctx.onProgress?.({ phase: "plan", kind, scanned: index });
  }
  for await (const page of batches(ctx.store.entities(kind), BATCH)) {
    ctx.signal?.throwIfAborted();
    const gone = await ctx.staging.unseen(
      kind,
      page.map((e) => e.externalId),
    );
    if (gone.length === 0) continue;
    counts.delete += gone.length;
    for (const id of gone) sample(samples.delete, id, ctx.sampleSize);
    await ctx.staging.stageDeletes(kind, gone);
  }
}

async function planMemberships(
  ctx: PlanContext,
  input: ImportInput<BulkItems["memberships"]>,
  ownersManaged: boolean,
) {
  const counts = ctx.plan.counts.memberships;
  const samples = ctx.plan.samples.memberships;
  let scanned = 0;
  const planBatch = async (pairs: MembershipPair[]) => {
    ctx.signal?.throwIfAborted();
    // Duplicate pairs are harmless (membership uploads are additive): count each pair once.
    const fresh = await ctx.staging.seePairs(pairs);
    const stored = new Map(
      (await ctx.store.findMemberships(fresh)).map((m) => [pairKey(m), m.confirmed]),
    );
    const adds = fresh.filter((p) => stored.get(pairKey(p)) !== true);
    counts.create += adds.length;
    counts.unchanged += fresh.length - adds.length;
    for (const p of adds) sample(samples.create, p, ctx.sampleSize);
    if (adds.length > 0) await ctx.staging.stagePairs("add", adds);
    scanned += pairs.length;
    ctx.onProgress?.({ phase: "plan", kind: "memberships", scanned });
  };
  // Batches of PAIR_BATCH pairs, however the input spreads them over entries: one entry may hold
  // a 100,000-member group, or a thousand entries one member each.
  let pairs: MembershipPair[] = [];
  let index = 0;
  let knownGroup: string | undefined;
  for await (const item of input) {
    checkMembership(item, index);
    // Entries usually come grouped: the previous entry's group needs no second look-up.
    if (ownersManaged && item.groupExternalId !== knownGroup) {
      await checkGroupKnown(ctx, item.groupExternalId, index);
      knownGroup = item.groupExternalId;
    }
    index++;
    for (const memberExternalId of item.memberExternalIds) {
      pairs.push({ groupExternalId: item.groupExternalId, memberExternalId });
      if (pairs.length >= PAIR_BATCH) {
        await planBatch(pairs);
        pairs = [];
      }
    }
  }
  if (pairs.length > 0) await planBatch(pairs);
  for await (const page of batches(ctx.store.memberships(), BATCH)) {
    ctx.signal?.throwIfAborted();
    const gone = await ctx.staging.unseenPairs(page);
    if (gone.length === 0) continue;
    const removes = gone.map(({ groupExternalId, memberExternalId }) => ({
      groupExternalId,
      memberExternalId,
    }));
    counts.delete += removes.length;
    for (const p of removes) sample(samples.delete, p, ctx.sampleSize);
    await ctx.staging.stagePairs("remove", removes);
  }
}

// Okta ignores memberships of a group it does not have; a store recording them would be wrong.
async function checkGroupKnown(ctx: PlanContext, group: string, index: number) {
  if ((await ctx.staging.unseen(MEMBERSHIP_OWNER, [group])).length > 0) {
    throw new OktaValidationError(
      `memberships[${index}].groupExternalId`,
      `memberships[${index}]: group ${JSON.stringify(group)} is not in the snapshot's ${MEMBERSHIP_OWNER}`,
    );
  }
}

function checkEntity(kind: SyncEntityKind, item: EntityItem, index: number): string {
  const at = `${kind}[${index}]`;
  if (!item || typeof item !== "object")
    throw new OktaValidationError(at, `${at} must be an object`);
  if (typeof item.externalId !== "string" || item.externalId === "") {
    throw new OktaValidationError(
      `${at}.externalId`,
      `${at}.externalId must be a non-empty string`,
    );
  }
  const profile: unknown = item.profile;
  if (!profile || typeof profile !== "object" || Array.isArray(profile)) {
    throw new OktaValidationError(`${at}.profile`, `${at}.profile must be an object`);
  }
  return item.externalId;
}

function checkMembership(item: BulkItems["memberships"], index: number): void {
  const at = `memberships[${index}]`;
  if (!item || typeof item !== "object")
    throw new OktaValidationError(at, `${at} must be an object`);
  if (typeof item.groupExternalId !== "string" || item.groupExternalId === "") {
    throw new OktaValidationError(
      `${at}.groupExternalId`,
      `${at}.groupExternalId must be a non-empty string`,
    );
  }
  const members: unknown = item.memberExternalIds;
  if (!Array.isArray(members) || members.some((m) => typeof m !== "string" || m === "")) {
    throw new OktaValidationError(
      `${at}.memberExternalIds`,
      `${at}.memberExternalIds must be an array of non-empty strings`,
    );
  }
}

function sample<T>(list: T[], item: T, size: number): void {
  if (list.length < size) list.push(item);
}

/** Groups any (async) iterable into arrays of at most `size`. */
export async function* batches<T>(
  input: Iterable<T> | AsyncIterable<T>,
  size: number,
): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of input) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
