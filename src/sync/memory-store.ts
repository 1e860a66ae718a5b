// An in-memory SyncStore, for tests and short-lived processes (nothing survives the process).
import { sourceMismatch } from "./errors.js";
import type { SyncEntityKind, SyncKind, SyncStore } from "./store.js";

/**
 * Creates a SyncStore that lives in memory.
 * @example
 * const store = createMemoryStore();
 */
export function createMemoryStore(): SyncStore {
  const entities: Record<SyncEntityKind, Map<string, string | null>> = {
    users: new Map(),
    groups: new Map(),
    devices: new Map(),
  };
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

  return {
    staging: "memory",
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
      for (const { kind, externalId } of changes.remove ?? []) {
        entities[kind].delete(externalId);
        if (kind === "groups") {
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
