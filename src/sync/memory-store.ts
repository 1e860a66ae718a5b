// An in-memory SyncStore, for tests and short-lived processes (nothing survives the process).
import { sourceMismatch } from "./errors.js";
import { MEMBERSHIP_OWNER, perEntityKind } from "./kinds.js";
import { isOpenStatus } from "./run-guard.js";
import { OktaSyncLeaseError } from "./state-errors.js";
import type {
  LeaseState,
  SyncEntityKind,
  SyncHistory,
  SyncKind,
  SyncLease,
  SyncRunRecord,
  SyncStore,
} from "./store.js";

/**
 * Creates a SyncStore that lives in memory.
 * @example
 * const store = createMemoryStore();
 */
export function createMemoryStore(): SyncStore {
  const entities = perEntityKind(() => new Map<string, string | null>());
  // group -> member -> confirmed; by group, so forgetting a group forgets its pairs at once.
  const groups = new Map<string, Map<string, boolean>>();
  let pairs = 0;
  let source: string | undefined;

  const removePair = (group: string, member: string) => {
    const members = groups.get(group);
    if (!members?.delete(member)) return;
    pairs--;
    if (members.size === 0) groups.delete(group);
  };

  // Runs in start order (newest last), with the IDs each deleted.
  const runs = new Map<string, SyncRunRecord>();
  const deletedIds = new Map<string, { kind: SyncEntityKind; externalId: string }[]>();
  let lease: LeaseState | undefined;

  const leaseApi: SyncLease = {
    acquire(holder, ttlMs) {
      if (lease && lease.runId !== holder.runId && Date.parse(lease.expiresAt) > Date.now()) {
        throw new OktaSyncLeaseError("held", { ...lease });
      }
      lease = { ...holder, expiresAt: new Date(Date.now() + ttlMs).toISOString() };
    },
    renew(runId, ttlMs) {
      if (lease?.runId !== runId) throw new OktaSyncLeaseError("lost", lease && { ...lease });
      lease.expiresAt = new Date(Date.now() + ttlMs).toISOString();
    },
    release(runId) {
      if (lease?.runId === runId) lease = undefined;
    },
    current: () => lease && { ...lease },
  };

  const copy = (r: SyncRunRecord): SyncRunRecord => structuredClone(r);
  const history: SyncHistory = {
    start(run) {
      runs.set(run.id, {
        ...structuredClone(run),
        outcome: "running",
        sessions: [],
        deleted: perEntityKind(() => 0),
      });
    },
    session(runId, session) {
      const run = runs.get(runId);
      if (!run) return;
      const known = run.sessions.find((s) => s.id === session.id);
      if (known) known.status = session.status;
      else run.sessions.push({ ...session });
    },
    finish(runId, end, keep) {
      const run = runs.get(runId);
      if (!run) return;
      const { sessions, ...rest } = structuredClone(end);
      Object.assign(run, rest);
      for (const s of sessions) history.session(runId, s);
      for (const id of [...runs.keys()].slice(0, Math.max(0, runs.size - keep))) {
        runs.delete(id);
        deletedIds.delete(id);
      }
    },
    list: (limit) => [...runs.values()].reverse().slice(0, limit).map(copy),
    get: (runId) => {
      const run = runs.get(runId);
      return run && copy(run);
    },
    async *deletedIds(runId) {
      yield* [...(deletedIds.get(runId) ?? [])];
    },
    openSessions: (runId) =>
      [...runs.values()].flatMap((r) =>
        r.id === runId
          ? []
          : r.sessions.filter((s) => isOpenStatus(s.status)).map((s) => ({ ...s, runId: r.id })),
      ),
  };

  return {
    staging: "memory",
    lease: leaseApi,
    history,
    *entities(kind) {
      // A copy, so a commit during iteration cannot disturb it.
      for (const [externalId, fingerprint] of [...entities[kind]])
        yield { externalId, fingerprint };
    },
    fingerprints(kind, externalIds) {
      const found = new Map<string, string | null>();
      for (const id of externalIds) {
        const fp = entities[kind].get(id);
        if (fp !== undefined) found.set(id, fp);
      }
      return found;
    },
    *memberships() {
      for (const [groupExternalId, members] of [...groups]) {
        for (const [memberExternalId, confirmed] of [...members]) {
          yield { groupExternalId, memberExternalId, confirmed };
        }
      }
    },
    findMemberships(list) {
      return list.flatMap(({ groupExternalId, memberExternalId }) => {
        const confirmed = groups.get(groupExternalId)?.get(memberExternalId);
        return confirmed === undefined ? [] : [{ groupExternalId, memberExternalId, confirmed }];
      });
    },
    count(kind: SyncKind) {
      return kind === "memberships" ? pairs : entities[kind].size;
    },
    commit(changes) {
      // Nothing below can throw halfway, so applying in place is atomic.
      const run = changes.deletedBy === undefined ? undefined : runs.get(changes.deletedBy);
      for (const { kind, externalId } of changes.remove ?? []) {
        if (run) {
          run.deleted[kind]++;
          let list = deletedIds.get(run.id);
          if (!list) deletedIds.set(run.id, (list = []));
          list.push({ kind, externalId });
        }
        entities[kind].delete(externalId);
        if (kind === MEMBERSHIP_OWNER) {
          pairs -= groups.get(externalId)?.size ?? 0;
          groups.delete(externalId);
        }
      }
      for (const p of changes.removeMemberships ?? [])
        removePair(p.groupExternalId, p.memberExternalId);
      for (const { kind, externalId, fingerprint } of changes.put ?? []) {
        entities[kind].set(externalId, fingerprint);
      }
      for (const { groupExternalId, memberExternalId, confirmed } of changes.putMemberships ?? []) {
        let members = groups.get(groupExternalId);
        if (!members) groups.set(groupExternalId, (members = new Map()));
        if (!members.has(memberExternalId)) pairs++;
        members.set(memberExternalId, confirmed);
      }
    },
    bindSource(identitySourceId) {
      source ??= identitySourceId;
      if (source !== identitySourceId) throw sourceMismatch("(memory)", source, identitySourceId);
    },
    close() {},
  };
}
