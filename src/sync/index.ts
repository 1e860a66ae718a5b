// Public surface of incremental sync.
export { runSync } from "./run.js";
export { createMemoryStore } from "./memory-store.js";
export { createSqliteStore } from "./sqlite-store.js";
export type { SqliteStoreOptions, SqliteSyncStore } from "./sqlite-store.js";
export type { SqliteDriver } from "./sqlite-adapter.js";
export { createPostgresStore } from "./postgres-store.js";
export type {
  PgClientLike,
  PgPoolLike,
  PostgresStoreOptions,
  PostgresSyncStore,
} from "./postgres-store.js";
export { openStateStore } from "./open-state.js";
export { OktaSyncLeaseError, OktaSyncStateError } from "./state-errors.js";
export type { SyncStateFailureReason } from "./state-errors.js";
export { fingerprint } from "./fingerprint.js";
export { MEMBERSHIP_OWNER } from "./kinds.js";
export { OktaSyncSafeguardError } from "./errors.js";
export type { SafeguardViolation } from "./errors.js";
export type { OnSessionCompleted, SessionEntities } from "./confirm.js";
export type {
  LeaseHolder,
  LeaseState,
  MembershipPair,
  StoredEntity,
  StoredMembership,
  SyncEntityKind,
  SyncHistory,
  SyncKind,
  SyncLease,
  SyncRunEnd,
  SyncRunOptions,
  SyncRunOutcome,
  SyncRunRecord,
  SyncRunSession,
  SyncRunStart,
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
