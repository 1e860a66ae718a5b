// File-level checks of the validation pass that no single row can decide: which attribute names
// the file sends (a misspelt `Email` silently becomes a custom attribute, `cost center` is a name
// Okta cannot store), and which membership pairs repeat. Refusals happen before anything is sent.
import type { BulkKind } from "../../bulk-bodies.js";
import { createIdIndex } from "./id-index.js";
import type { IdHash } from "./id-index.js";
import { createRowList } from "./row-list.js";
import { plural } from "../plural.js";
import { nearestName } from "./rows.js";
import type { ReadInfo } from "./rows.js";

/**
 * What an Okta profile attribute's variable name may be: a letter, then letters, digits or
 * underscores. Anything else (spaces, `#`, `-`) cannot be the name of a custom attribute.
 */
export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Distinct attribute names collected per file; a file with more is unusual, the rest are ignored. */
const MAX_NAMES = 10_000;
/** Duplicate membership pairs listed by line (all are counted). */
const MAX_LISTED_PAIRS = 10;

export interface ProfileCheck {
  /** Records one valid row's entity; returns how many of its membership pairs repeat earlier ones. */
  add(entity: unknown, line: number): number;
  /** The attribute names the file's rows carry (users, groups, devices). */
  readonly names: ReadonlySet<string>;
  /** The file's warnings (duplicate pairs), prefixed with `path`. */
  warnings(path: string): string[];
  release(): void;
}

export function createProfileCheck(kind: BulkKind, hash?: IdHash): ProfileCheck {
  const names = new Set<string>();
  const pairs =
    kind === "memberships" || kind === "deletedMemberships" ? createIdIndex(hash) : undefined;
  let pairRow = 0;
  const pairLines = createRowList(); // the line of pair n at n - 1 (4 bytes a pair)
  let duplicates = 0;
  const listed: string[] = [];
  return {
    names,
    add(entity, line) {
      const e = entity as { profile?: Record<string, unknown> } & {
        groupExternalId?: string;
        memberExternalIds?: string[];
      };
      if (!pairs) {
        if (e.profile && names.size < MAX_NAMES) for (const name in e.profile) names.add(name);
        return 0;
      }
      let repeated = 0;
      for (const member of e.memberExternalIds ?? []) {
        // A 64-bit hash of the pair: a collision would at worst add a warning, never drop a pair
        // (the uploader removes exact repeats by comparing the IDs themselves).
        const first = pairs.add(`${e.groupExternalId}\u0000${member}`, ++pairRow);
        pairLines.push(line);
        if (first === 0) continue;
        repeated++;
        duplicates++;
        if (listed.length < MAX_LISTED_PAIRS) {
          listed.push(
            `line ${line}: group "${e.groupExternalId}", member "${member}" repeats line ${pairLines.view()[first - 1]}`,
          );
        }
      }
      return repeated;
    },
    warnings(path) {
      if (duplicates === 0) return [];
      return [
        `${path}: ${plural(duplicates, "duplicate membership pair")}, each sent once` +
          (listed.length > 0
            ? `:\n  ${listed.map((l) => `${path}:${l.slice(5)}`).join("\n  ")}`
            : "") +
          (duplicates > listed.length ? `\n  ... and ${duplicates - listed.length} more` : ""),
      ];
    },
    release() {
      pairs?.release();
    },
  };
}

/**
 * Refuses a file whose attribute names Okta cannot accept, and a users file without `userName`
 * or `email` (unless `allowIncomplete`), naming the nearest column in a did-you-mean. Returns the
 * message, or undefined when the file is acceptable.
 */
export function checkAttributes(
  path: string,
  kind: BulkKind,
  check: ProfileCheck,
  info: ReadInfo,
  allowIncomplete: boolean,
): string | undefined {
  if (kind !== "users" && kind !== "groups") return undefined;
  const problems: string[] = [];
  let incomplete = false;
  const where = (name: string) => (info.header?.includes(name) ? "column" : "attribute");
  for (const name of check.names) {
    if (ATTRIBUTE_NAME.test(name)) continue;
    problems.push(
      `${where(name)} "${name}" is not a name Okta accepts for an attribute (a letter, then ` +
        `letters, digits or _), e.g. "${suggestName(name)}"`,
    );
  }
  if (kind === "users" && !allowIncomplete && check.names.size > 0) {
    const candidates = info.header ?? [...check.names];
    for (const required of ["userName", "email"]) {
      if (check.names.has(required)) continue;
      const near = nearestName(
        required,
        candidates.filter((n) => n !== required),
      );
      problems.push(
        `no row has ${required}` +
          (near ? `; did you mean ${where(near)} "${near}" -> "${required}"?` : ""),
      );
      incomplete = true;
    }
  }
  if (problems.length === 0) return undefined;
  return (
    `${path}: ${problems.join(";\n  ")}.\nRename the column${problems.length > 1 ? "s" : ""} or map ` +
    "them with --mapping (`okta-idsrc inspect FILE` prints a starting point)" +
    (incomplete ? ", or pass --allow-incomplete-profiles to import users without them" : "") +
    "; nothing was sent."
  );
}

/** A camelCase name Okta would accept, for a hint: "cost center" -> "costCenter". */
export function suggestName(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const camel = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join("");
  return /^[A-Za-z]/.test(camel) ? camel : `attr${camel}`;
}
