// The data of one identity source as the mock holds it, and plain-data snapshots of it.
import type { SessionRecord } from "./sessions.js";

export type Profile = Record<string, unknown>;

/** A user imported from the identity source; deletes deactivate (facts §5), so status is kept. */
export interface MockUser {
  id: string;
  externalId: string;
  status: "ACTIVE" | "DEACTIVATED";
  created: string;
  lastUpdated: string;
  profile: Profile;
}

/** A group imported from the identity source; the profile is flat (`displayName`, ...). */
export interface MockGroup {
  id: string;
  externalId: string;
  created: string;
  lastUpdated: string;
  profile: Profile;
}

/** A device imported from the identity source (early access, facts §10). */
export interface MockDevice {
  id: string;
  externalId: string;
  created: string;
  lastUpdated: string;
  profile: Profile;
}

/** A session as `state()` reports it: the API fields plus how many bulk requests it accepted. */
export interface MockSession {
  id: string;
  identitySourceId: string;
  status: string;
  importType: "INCREMENTAL";
  created: string;
  lastUpdated: string;
  bulkRequests: number;
}

/** Everything one identity source holds, as plain data (a copy: changing it changes nothing). */
export interface MockState {
  identitySourceId: string;
  users: MockUser[];
  groups: MockGroup[];
  /** One entry per group that has members, in the shape of the bulk membership bodies. */
  memberships: { groupExternalId: string; memberExternalIds: string[] }[];
  devices: MockDevice[];
  sessions: MockSession[];
}

// The live data of one identity source. Records are replaced, never mutated, once stored.
export class SourceData {
  readonly users = new Map<string, MockUser>();
  readonly groups = new Map<string, MockGroup>();
  // Okta group id -> external id, for `{groupOrExternalId}` lookups.
  readonly groupIds = new Map<string, string>();
  // group external id -> member external ids, in insertion order (membership paging relies on it).
  readonly memberships = new Map<string, Set<string>>();
  readonly devices = new Map<string, MockDevice>();
  readonly sessions = new Map<string, SessionRecord>();

  constructor(readonly id: string) {}

  // Finds a group by Okta id or external id (facts §9, `groupOrExternalId`).
  findGroup(groupOrExternalId: string): MockGroup | undefined {
    const direct = this.groups.get(groupOrExternalId);
    if (direct) return direct;
    const externalId = this.groupIds.get(groupOrExternalId);
    return externalId === undefined ? undefined : this.groups.get(externalId);
  }

  putGroup(group: MockGroup): void {
    this.groups.set(group.externalId, group);
    this.groupIds.set(group.id, group.externalId);
  }

  removeGroup(externalId: string): boolean {
    const group = this.groups.get(externalId);
    if (!group) return false;
    this.groups.delete(externalId);
    this.groupIds.delete(group.id);
    this.memberships.delete(externalId);
    return true;
  }

  clearData(): void {
    this.users.clear();
    this.groups.clear();
    this.groupIds.clear();
    this.memberships.clear();
    this.devices.clear();
  }

  snapshot(): MockState {
    const copy = <T extends { profile: Profile }>(record: T): T => ({
      ...record,
      profile: { ...record.profile },
    });
    const memberships: MockState["memberships"] = [];
    for (const [groupExternalId, members] of this.memberships) {
      if (members.size > 0) memberships.push({ groupExternalId, memberExternalIds: [...members] });
    }
    return {
      identitySourceId: this.id,
      users: Array.from(this.users.values(), copy),
      groups: Array.from(this.groups.values(), copy),
      memberships,
      devices: Array.from(this.devices.values(), copy),
      sessions: Array.from(this.sessions.values(), (s) => ({
        id: s.id,
        identitySourceId: s.identitySourceId,
        status: s.status,
        importType: s.importType,
        created: new Date(s.created).toISOString(),
        lastUpdated: new Date(s.lastUpdated).toISOString(),
        bulkRequests: s.bulkRequests,
      })),
    };
  }
}
