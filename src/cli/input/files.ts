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
import { InputFileError } from "./errors.js";
import { createFileGuard } from "./guard.js";
import type { FileGuard } from "./guard.js";
import type { KindSpec, Problems } from "./kinds.js";
import { checkAttributes, createProfileCheck } from "./profile-check.js";
import { createUnresolved, noteId, notePair } from "./references.js";
import type { Missing, RunIds, Unresolved } from "./references.js";
import { createRowList, rowSet } from "./row-list.js";
import type { RowSet } from "./row-list.js";
import { readRows } from "./rows.js";
import type { ReadInfo, ReadOptions } from "./rows.js";

/** A row that was rejected, reported as `file:line: message`. */
export interface InvalidRow {
  file: string;
  line: number;
  /** The column or attribute every problem of the row is about, when the check knows one. */
  field?: string;
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
  /** How every later pass reads the file: the same options, through the same guard. */
  read: Omit<ReadOptions, "info"> & { guard: FileGuard };
  /** What the reader detected (format, encoding, delimiter, header, conversions). */
  info: ReadInfo;
  /** Things worth telling before anything is sent (empty file, duplicate pairs), file-prefixed. */
  warnings: string[];
  /** Why the file as a whole cannot be sent (bad attribute names, no userName): never sent. */
  refused?: string;
  /** Memberships: the group and member IDs this run's files do not hold (see references.ts). */
  unresolved?: Unresolved;
  /** Memberships: the IDs Okta does not know; their pairs are left out of the upload. */
  missing?: Missing;
  /** The run's shared IDs (released by reportInputs). */
  runIds?: RunIds;
}

export interface CheckOptions {
  /** How to read the file (encoding, delimiter, JSON property, mapping). */
  read?: Omit<ReadOptions, "guard" | "info">;
  /** Accept a users file without userName or email columns (--allow-incomplete-profiles). */
  allowIncompleteProfiles?: boolean;
  /** The run's users and groups IDs, filled by those files and read by memberships files. */
  runIds?: RunIds;
  /** Test seam: force hash collisions. */
  hash?: IdHash;
  /** Test seam: several confirmation passes over small files. */
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
  const info: ReadInfo = { converted: 0 };
  const read = { ...options.read, guard: createFileGuard(path) };
  const profiles = createProfileCheck(spec.kind, options.hash);
  const runIds = options.runIds;
  const unresolved = spec.kind === "memberships" && runIds ? createUnresolved() : undefined;
  try {
    for await (const row of readRows(path, spec.columns, { ...read, info })) {
      rows++;
      const mapped = row.error === undefined ? spec.map(row) : undefined;
      const problems: Problems = mapped ? mapped.problems : [row.error!];
      if (mapped && problems.length === 0) {
        entities -= profiles.add(mapped.entity, row.line);
        if (runIds) noteReferences(spec.kind, mapped.entity, runIds, unresolved);
      }
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
          const field = problems.field ? { field: problems.field } : {};
          invalid.push({ file: path, line: row.line, ...field, message: problems.join("; ") });
        }
      } else {
        entities += mapped!.count;
      }
    }
  } finally {
    ids.release();
    profiles.release();
  }
  // Refusals that concern the file as a whole (attribute names, missing userName/email).
  const refused = checkAttributes(
    path,
    spec.kind,
    profiles,
    info,
    options.allowIncompleteProfiles === true,
  );
  const warnings = profiles.warnings(path);
  if (rows === 0) {
    warnings.push(
      `${path}: no rows${info.header ? " (only a header)" : ""}; nothing will be sent from it`,
    );
  }
  let duplicates: Uint32Array | undefined;
  if (candidates.rows.length > 0) {
    const confirmed = await confirmDuplicates(
      spec,
      path,
      candidates,
      maxListed,
      options.groupsPerPass,
      read,
    );
    entities += confirmed.entities;
    invalidCount += confirmed.rows.length;
    duplicates = confirmed.rows;
    const listed = confirmed.listed.map(({ line, message }) => ({
      file: path,
      line,
      field: "externalId",
      message,
    }));
    // Stable: rows that start on the same line (a one-line JSON array) keep their order.
    invalid = [...invalid, ...listed].sort((a, b) => a.line - b.line).slice(0, maxListed);
  }
  if (refused !== undefined) {
    if (invalidCount === 0) throw new InputFileError(refused);
    // Listed with the invalid rows (so one run shows everything); entitiesOf refuses the file
    // even when invalid rows are skipped.
    invalid.unshift({ file: path, line: 1, message: refused.slice(path.length + 2) });
    invalidCount++;
  }
  return {
    spec,
    path,
    rows,
    entities,
    invalidRows: rowSet(invalidRows.view(), duplicates),
    invalid,
    invalidCount,
    read,
    info,
    warnings,
    ...(refused !== undefined ? { refused } : {}),
    ...(unresolved ? { unresolved } : {}),
    ...(runIds ? { runIds } : {}),
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
  if (check.refused !== undefined) throw new InputFileError(check.refused);
  const missing = check.missing;
  let n = 0;
  for await (const row of readRows(check.path, check.spec.columns, check.read)) {
    if (check.invalidRows.has(++n)) continue;
    const mapped = row.error === undefined ? check.spec.map(row, true) : undefined;
    if (!mapped || mapped.problems.length > 0 || mapped.entity === undefined) {
      throw new InputFileError(`${check.path}:${row.line}: file changed since it was validated`);
    }
    if (missing) {
      const m = mapped.entity as BulkItems["memberships"];
      if (missing.groups.has(m.groupExternalId!)) continue;
      const members = (m.memberExternalIds ?? []).filter((id) => !missing.users.has(id));
      if (members.length === 0) continue;
      yield { groupExternalId: m.groupExternalId, memberExternalIds: members };
      continue;
    }
    yield mapped.entity;
  }
}

function noteReferences(
  kind: BulkKind,
  entity: unknown,
  ids: RunIds,
  unresolved: Unresolved | undefined,
) {
  if (kind === "users" || kind === "groups") {
    noteId(ids, kind, (entity as { externalId: string }).externalId);
  } else if (unresolved) {
    const m = entity as BulkItems["memberships"];
    for (const member of m.memberExternalIds ?? []) {
      notePair(ids, unresolved, m.groupExternalId!, member);
    }
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
