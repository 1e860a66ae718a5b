// Public surface of incremental sync.
export { runSync } from "./run.js";
export { createMemoryStore } from "./memory-store.js";
export { createSqliteStore } from "./sqlite-store.js";
export type { SqliteSyncStore } from "./sqlite-store.js";
export { fingerprint } from "./fingerprint.js";
export { OktaSyncSafeguardError } from "./errors.js";
export type { SafeguardViolation } from "./errors.js";
export type { OnSessionCompleted, SessionEntities } from "./confirm.js";
export type {
  MembershipPair,
  StoredEntity,
  StoredMembership,
  SyncEntityKind,
  SyncKind,
  SyncStore,
  SyncStoreChanges,
} from "./store.js";
export type {
  SyncActionCounts,
  SyncOptions,
  SyncPlan,
  SyncPlanSamples,
  SyncProgress,
  SyncReport,
  SyncSnapshot,
} from "./types.js";
