// Memberships whose group or member is neither in this import nor known to Okta. Okta accepts
// such a pair and silently ignores it, so reporting it as imported would be false. The validation
// pass checks every pair against the externalIds of this run's users and groups files (a hash set,
// 12 to 24 bytes an ID); the IDs that are not there are looked up in Okta with the real-time get
// operations, at most LOOKUP_LIMIT of them, before anything is sent. Pairs naming an ID Okta
// answered 404 for are left out of the upload and listed as warnings; IDs past the limit, or
// whose lookup failed otherwise, are sent as before (we never drop what might be valid).
import type { IdentitySourceApi } from "../../client/index.js";
import { OktaNotFoundError } from "../../core/errors.js";
import { createIdIndex } from "./id-index.js";
import type { IdIndex } from "./id-index.js";
import { plural } from "../plural.js";

/** Distinct IDs (groups and members together) looked up in Okta in one run. */
export const LOOKUP_LIMIT = 100;

/** The externalIds this run's users and groups files hold, shared by the checks of one run. */
export interface RunIds {
  users: IdIndex | undefined;
  groups: IdIndex | undefined;
}

export const createRunIds = (): RunIds => ({ users: undefined, groups: undefined });

/** What one memberships file names that this run does not hold. */
export interface Unresolved {
  /** Distinct group / member IDs not in this run, with the pairs naming them (bounded). */
  groups: Map<string, number>;
  users: Map<string, number>;
  /** Pairs naming an ID past the bound (not looked up). */
  unchecked: number;
}

export function createUnresolved(): Unresolved {
  return { groups: new Map(), users: new Map(), unchecked: 0 };
}

/** Records one pair of a memberships file against the run's IDs. */
export function notePair(ids: RunIds, out: Unresolved, group: string, member: string): void {
  const check = (index: IdIndex | undefined, map: Map<string, number>, id: string) => {
    if (index?.has(id)) return true;
    const seen = map.get(id);
    if (seen !== undefined) map.set(id, seen + 1);
    else if (out.groups.size + out.users.size < LOOKUP_LIMIT) map.set(id, 1);
    else return false;
    return true;
  };
  const g = check(ids.groups, out.groups, group);
  const m = check(ids.users, out.users, member);
  if (!g || !m) out.unchecked++;
}

/** Gives `id` to the run's index of `kind` (users or groups). */
export function noteId(ids: RunIds, kind: "users" | "groups", id: string): void {
  (ids[kind] ??= createIdIndex()).add(id, 1);
}

export function releaseRunIds(ids: RunIds): void {
  ids.users?.release();
  ids.groups?.release();
  ids.users = ids.groups = undefined;
}

/** The IDs Okta does not know, to be left out of the upload. */
export interface Missing {
  groups: Set<string>;
  users: Set<string>;
}

/**
 * Looks the unresolved IDs up in Okta (`source` undefined: a dry run, nothing is looked up) and
 * returns the IDs Okta answered 404 for, with the warnings to print (file-prefixed).
 */
export async function resolveMissing(
  path: string,
  unresolved: Unresolved,
  source: Pick<IdentitySourceApi, "users" | "groups"> | undefined,
  signal?: AbortSignal,
): Promise<{ missing: Missing; warnings: string[]; droppedPairs: number }> {
  const missing: Missing = { groups: new Set(), users: new Set() };
  const warnings: string[] = [];
  const total = unresolved.groups.size + unresolved.users.size;
  let droppedPairs = 0;
  if (total === 0 && unresolved.unchecked === 0) return { missing, warnings, droppedPairs };
  if (!source) {
    warnings.push(
      `${path}: memberships name ${plural(total, "ID")} that this import does not hold ` +
        `(${sample(unresolved)}); a real run looks them up in Okta and leaves out unknown ones`,
    );
    return { missing, warnings, droppedPairs };
  }
  const options = signal ? { signal } : {};
  const lookup = async (kind: "users" | "groups", id: string): Promise<boolean> => {
    try {
      await source[kind].get(id, options);
      return true;
    } catch (e) {
      if (e instanceof OktaNotFoundError) return false;
      return true; // unknown: keep the pair
    }
  };
  for (const [kind, map] of [
    ["groups", unresolved.groups],
    ["users", unresolved.users],
  ] as const) {
    for (const [id, pairs] of map) {
      if (await lookup(kind, id)) continue;
      missing[kind].add(id);
      droppedPairs += pairs;
    }
  }
  const names = (set: Set<string>) =>
    [...set]
      .slice(0, 10)
      .map((id) => `"${id}"`)
      .join(", ") + (set.size > 10 ? ", ..." : "");
  if (missing.groups.size > 0) {
    warnings.push(
      `${path}: ${plural(missing.groups.size, "group")} neither in this import nor in Okta: ` +
        `${names(missing.groups)}; their memberships are not sent`,
    );
  }
  if (missing.users.size > 0) {
    warnings.push(
      `${path}: ${plural(missing.users.size, "member")} neither in this import nor in Okta: ` +
        `${names(missing.users)}; their memberships are not sent`,
    );
  }
  if (unresolved.unchecked > 0) {
    warnings.push(
      `${path}: ${plural(unresolved.unchecked, "more membership")} name IDs outside this import ` +
        `that were not looked up (at most ${LOOKUP_LIMIT} IDs are); they are sent as they are`,
    );
  }
  return { missing, warnings, droppedPairs };
}

function sample(u: Unresolved): string {
  const ids = [...u.groups.keys()].map((g) => `group "${g}"`);
  ids.push(...[...u.users.keys()].map((m) => `member "${m}"`));
  return ids.slice(0, 5).join(", ") + (ids.length > 5 ? ", ..." : "");
}
