// Public types of `runSync` / `source.sync()`.
import type { ENTITY_KINDS } from "../../generated/registry.js";
import type { BulkItems } from "../bulk-bodies.js";
import type { ImportInput, ImportOptions, ImportProgress, ImportReport } from "../import/index.js";
import type { LeaseState, MembershipPair, SyncEntityKind, SyncKind, SyncStore } from "./store.js";

/**
 * The complete current state of the HR source: one list per entity kind of the spec (`users`,
 * `groups`, `devices`, ...; devices are early access: docs/okta-behaviour.md, "Devices"), and
 * `memberships`. A kind left out is not managed by this sync: nothing of it is sent or deleted. A
 * kind given as an empty list means "there are none".
 */
export type SyncSnapshot = {
  [K in SyncEntityKind]?: ImportInput<BulkItems[(typeof ENTITY_KINDS)[K]["upsert"]]>;
} & {
  /** `{groupExternalId, memberExternalIds}` items; a group may appear in several. */
  memberships?: ImportInput<BulkItems["memberships"]>;
};

/** Options of `runSync`; the import options are passed on to the import that applies the plan. */
export interface SyncOptions extends Omit<ImportOptions, "onProgress"> {
  /** Where the state Okta confirmed is kept between runs. */
  store: SyncStore;
  /** Compute and return the plan without sending anything or changing the store. @default false */
  dryRun?: boolean;
  /** Record the snapshot in the store as if Okta had confirmed it, without sending. @default false */
  adopt?: boolean;
  /** Refuse a plan deleting more than this percentage of the known entities of a kind. @default 20 */
  maxDeletePercent?: number;
  /** Refuse a plan deleting more than this many entities of any one kind. @default Infinity */
  maxDeletes?: number;
  /** Apply a plan even when it breaks maxDeletePercent or maxDeletes. @default false */
  allowMassDelete?: boolean;
  /** How many items of each kind and action the plan lists. @default 10 */
  sampleSize?: number;
  /** Where to stage the snapshot while planning. @default store.staging ?? "disk" */
  staging?: "memory" | "disk";
  /** Progress of planning, uploading and confirming. */
  onProgress?: (progress: SyncProgress) => void;
  /**
   * How long the store's lease outlives this process if it dies without releasing it; renewed
   * every third of it while the run lasts. @default 60000
   */
  leaseTtlMs?: number;
  /** How many runs the store's history keeps (the oldest are dropped). @default 1000 */
  keepRuns?: number;
}

/** How many entities of one kind a plan creates, updates, leaves alone and deletes. */
export interface SyncActionCounts {
  /** New to the store (memberships: pairs to add). */
  create: number;
  /** Changed, or sent before without Okta's confirmation (always 0 for memberships). */
  update: number;
  unchanged: number;
  /** Known to the store but missing from the snapshot (memberships: pairs to remove). */
  delete: number;
}

/** The first items of each action, for review. */
export type SyncPlanSamples = {
  [K in SyncEntityKind]: { create: string[]; update: string[]; delete: string[] };
} & { memberships: { create: MembershipPair[]; delete: MembershipPair[] } };

/** What a sync sends (or, with dryRun, would send). */
export interface SyncPlan {
  /** The kinds the snapshot included. */
  kinds: SyncKind[];
  counts: Record<SyncKind, SyncActionCounts>;
  /** What the store knew per kind before the run (the base of maxDeletePercent). */
  known: Record<SyncKind, number>;
  samples: SyncPlanSamples;
}

/** The result of `runSync`. */
export interface SyncReport {
  /** This run's ID in the store's history (`okta-idsrc sync show RUN`). */
  runId: string;
  plan: SyncPlan;
  /** "dry-run": nothing sent; "adopted": store seeded, nothing sent; "unchanged": nothing to send. */
  outcome: "applied" | "unchanged" | "dry-run" | "adopted";
  /** The safeguard limits the plan breaks; a dry run lists them instead of refusing. */
  safeguard: SafeguardViolation[];
  /** The import that applied the plan, when one ran. */
  import?: ImportReport;
  /** Sessions Okta completed whose entities were recorded in the store. */
  confirmedSessions: string[];
  durationMs: number;
}

/** A progress event of `runSync`. */
export type SyncProgress =
  /** Waiting for the lease of a holder whose process died on this host, until it expires. */
  | { phase: "lease-wait"; holder: LeaseState }
  | { phase: "plan"; kind: SyncKind; scanned: number }
  /** The plan is complete and within the safeguard; sending starts. */
  | { phase: "planned"; plan: SyncPlan }
  | { phase: "apply"; import: ImportProgress }
  | { phase: "confirmed"; sessionId: string; entities: number };

/** One limit a plan broke. */
export interface SafeguardViolation {
  kind: SyncKind;
  /** Entities of `kind` the plan would delete. */
  deletes: number;
  /** Entities of `kind` the store knew before the run. */
  known: number;
  /** `deletes` as a percentage of `known`. */
  percent: number;
  /** Which limit it broke, and its value. */
  limit: { maxDeletePercent: number } | { maxDeletes: number };
}
