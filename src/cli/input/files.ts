// The two passes over each input file: a validation pass (before anything is sent) and the upload
// pass that streams entities to the importer, skipping the rows the first pass rejected. Reading
// twice keeps memory flat: no row and no ID string is held, only typed arrays of row numbers and
// of externalId hashes (id-index.ts); rows whose hash matched an earlier one are confirmed by
// comparing the real IDs (duplicates.ts) before they are reported.
import type { BulkItems, BulkKind } from "../../bulk-bodies.js";
import { confirmDuplicates } from "./duplicates.js";
import type { Candidates } from "./duplicates.js";
import { createIdIndex } from "./id-index.js";
import type { IdHash } from "./id-index.js";
import { InputFileError } from "./json.js";
import type { KindSpec } from "./kinds.js";
import { createRowList, rowSet } from "./row-list.js";
import type { RowSet } from "./row-list.js";
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
  /** The rejected rows, numbered 1, 2, ... in file order (not by line, see row-list.ts). */
  invalidRows: RowSet;
  /** The first `maxListed` rejected rows. */
  invalid: InvalidRow[];
  invalidCount: number;
}

/** Test seams: force hash collisions, and several confirmation passes over small files. */
export interface CheckOptions {
  hash?: IdHash;
  groupsPerPass?: number;
}

export async function checkFile(
  spec: KindSpec,
  path: string,
  maxListed: number,
  options: CheckOptions = {},
): Promise<FileCheck> {
  let rows = 0;
  let entities = 0;
  let invalidCount = 0;
  let invalid: InvalidRow[] = [];
  const invalidRows = createRowList();
  const ids = createIdIndex(options.hash);
  const candidates: Candidates = { rows: createRowList(), firsts: createRowList() };
  try {
    for await (const row of readRows(path, spec.columns)) {
      rows++;
      const mapped = row.error === undefined ? spec.map(row) : undefined;
      const problems = mapped ? mapped.problems : [row.error!];
      if (mapped?.key !== undefined && problems.length === 0) {
        const first = ids.add(mapped.key, rows);
        if (first !== 0) {
          // Probably a duplicate of row `first`: decided by comparing the IDs after this pass.
          candidates.rows.push(rows);
          candidates.firsts.push(first);
          continue;
        }
      }
      if (problems.length > 0) {
        invalidRows.push(rows);
        invalidCount++;
        if (invalid.length < maxListed) {
          invalid.push({ file: path, line: row.line, message: problems.join("; ") });
        }
      } else {
        entities += mapped!.count;
      }
    }
  } finally {
    ids.release();
  }
  let duplicates: Uint32Array | undefined;
  if (candidates.rows.length > 0) {
    const confirmed = await confirmDuplicates(
      spec,
      path,
      candidates,
      maxListed,
      options.groupsPerPass,
    );
    entities += confirmed.entities;
    invalidCount += confirmed.rows.length;
    duplicates = confirmed.rows;
    const listed = confirmed.listed.map(({ line, message }) => ({ file: path, line, message }));
    // Stable: rows that start on the same line (a one-line JSON array) keep their order.
    invalid = [...invalid, ...listed].sort((a, b) => a.line - b.line).slice(0, maxListed);
  }
  return {
    spec,
    path,
    rows,
    entities,
    invalidRows: rowSet(invalidRows.view(), duplicates),
    invalid,
    invalidCount,
  };
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
  let n = 0;
  for await (const row of readRows(check.path, check.spec.columns)) {
    if (check.invalidRows.has(++n)) continue;
    const mapped = row.error === undefined ? check.spec.map(row, true) : undefined;
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
