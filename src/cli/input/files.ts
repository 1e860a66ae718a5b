// The two passes over each input file: a validation pass (before anything is sent) and the upload
// pass that streams entities to the importer, skipping the rows the first pass rejected. Reading
// twice keeps memory flat: only the rejected line numbers and the seen externalIds (for the
// duplicate check) are held.
import type { BulkItems, BulkKind } from "../../bulk-bodies.js";
import { InputFileError } from "./json.js";
import type { KindSpec } from "./kinds.js";
import { readRows } from "./rows.js";

/** A row that was rejected, reported as `file:line: message`. */
export interface InvalidRow {
  file: string;
  line: number;
  message: string;
}

export interface FileCheck {
  spec: KindSpec;
  path: string;
  rows: number;
  /** Entities in valid rows (membership rows count their members). */
  entities: number;
  invalidLines: Set<number>;
  /** The first `maxListed` rejected rows. */
  invalid: InvalidRow[];
  invalidCount: number;
}

export async function checkFile(
  spec: KindSpec,
  path: string,
  maxListed: number,
): Promise<FileCheck> {
  const check: FileCheck = {
    spec,
    path,
    rows: 0,
    entities: 0,
    invalidLines: new Set(),
    invalid: [],
    invalidCount: 0,
  };
  const firstLine = new Map<string, number>();
  for await (const row of readRows(path, spec.columns)) {
    check.rows++;
    const mapped = row.error === undefined ? spec.map(row) : undefined;
    const problems = mapped ? mapped.problems : [row.error!];
    if (mapped?.key !== undefined && problems.length === 0) {
      const first = firstLine.get(mapped.key);
      if (first !== undefined)
        problems.push(`duplicate externalId "${mapped.key}" (first on line ${first})`);
      else firstLine.set(mapped.key, row.line);
    }
    if (problems.length > 0) {
      check.invalidLines.add(row.line);
      check.invalidCount++;
      if (check.invalid.length < maxListed) {
        check.invalid.push({ file: path, line: row.line, message: problems.join("; ") });
      }
    } else {
      check.entities += mapped!.count;
    }
  }
  return check;
}

/** The valid entities of a checked file, streamed (memberships grouped, see groupMemberships). */
export function entitiesOf(check: FileCheck): AsyncIterable<BulkItems[BulkKind]> {
  const rows = validEntities(check);
  const kind = check.spec.kind;
  return kind === "memberships" || kind === "deletedMemberships"
    ? groupMemberships(rows as AsyncIterable<BulkItems["memberships"]>)
    : rows;
}

async function* validEntities(check: FileCheck): AsyncGenerator<BulkItems[BulkKind]> {
  for await (const row of readRows(check.path, check.spec.columns)) {
    if (check.invalidLines.has(row.line)) continue;
    const mapped = row.error === undefined ? check.spec.map(row) : undefined;
    if (!mapped || mapped.problems.length > 0 || mapped.entity === undefined) {
      throw new InputFileError(`${check.path}:${row.line}: file changed since it was validated`);
    }
    yield mapped.entity;
  }
}

/** Pairs held before a flush; about 10 MB at realistic ID lengths. */
export const MEMBERSHIP_WINDOW = 100_000;

/**
 * Groups membership rows by group so one entry carries many members. Rows need not be sorted:
 * up to `window` pairs are grouped at a time, so memory stays bounded. A group whose rows are
 * spread wider than the window is sent as several entries; that costs a few bytes, never
 * correctness, because membership upserts and deletes apply per (group, member) pair.
 */
export async function* groupMemberships(
  rows: AsyncIterable<BulkItems["memberships"]>,
  window = MEMBERSHIP_WINDOW,
): AsyncGenerator<BulkItems["memberships"]> {
  let groups = new Map<string, Set<string>>();
  let pairs = 0;
  const flush = function* () {
    for (const [groupExternalId, members] of groups) {
      yield { groupExternalId, memberExternalIds: [...members] };
    }
    groups = new Map();
    pairs = 0;
  };
  for await (const row of rows) {
    const group = row.groupExternalId!;
    let members = groups.get(group);
    if (!members) groups.set(group, (members = new Set()));
    for (const member of row.memberExternalIds ?? []) {
      if (members.has(member)) continue;
      members.add(member);
      pairs++;
    }
    if (pairs >= window) yield* flush();
  }
  yield* flush();
}
