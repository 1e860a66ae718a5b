// Confirms the duplicate candidates of the validation pass (rows whose externalId hash matched an
// earlier row's, see id-index.ts) by reading the file again and comparing the real IDs, so a hash
// collision never rejects a valid row. Only the IDs of the rows involved are held, for at most
// GROUPS_PER_PASS hash groups a pass, so even a file of nothing but duplicates is checked in
// bounded memory. A file without candidates (the usual case) is not read again.
import { InputFileError } from "./errors.js";
import type { KindSpec } from "./kinds.js";
import { createRowList } from "./row-list.js";
import type { RowList } from "./row-list.js";
import { readRows } from "./rows.js";
import type { ReadOptions } from "./rows.js";

/** What the first pass held back: `rows` ascending, `firsts[i]` the earlier row `rows[i]` matched. */
export interface Candidates {
  rows: RowList;
  firsts: RowList;
}

export interface Confirmed {
  /** The rows that are true duplicates, ascending. */
  rows: Uint32Array;
  /** The first `maxListed` of them by line, with their messages. */
  listed: { line: number; message: string }[];
  /** Entities of the candidates that were not duplicates after all (hash collisions). */
  entities: number;
}

/** Hash groups (distinct first rows) whose IDs one pass holds. */
export const GROUPS_PER_PASS = 100_000;

/** The first row of a hash group, and the first line of each other ID that shares its hash. */
interface Group {
  id: string;
  line: number;
  others?: Map<string, number>;
}

export async function confirmDuplicates(
  spec: KindSpec,
  path: string,
  candidates: Candidates,
  maxListed: number,
  groupsPerPass = GROUPS_PER_PASS,
  read: ReadOptions = {},
): Promise<Confirmed> {
  const rows = candidates.rows.view();
  const firsts = candidates.firsts.view();
  const starts = unique(firsts.slice().sort());
  const duplicate = new Uint8Array(rows.length);
  let listed: { index: number; line: number; message: string }[] = [];
  let entities = 0;

  for (let from = 0; from < starts.length; from += groupsPerPass) {
    const batch = starts.subarray(from, from + groupsPerPass);
    const inBatch = (first: number) => first >= batch[0]! && first <= batch[batch.length - 1]!;
    let last = rows.length - 1; // the batch's last candidate: reading stops there
    while (!inBatch(firsts[last]!)) last--;
    const groups = new Map<number, Group>();
    let n = 0; // row number
    let s = 0; // next start of the batch
    let c = 0; // next candidate
    for await (const row of readRows(path, spec.columns, read)) {
      if (++n > rows[last]!) break;
      const isStart = n === batch[s];
      const first = n === rows[c] ? firsts[c]! : 0;
      if (!isStart && !inBatch(first)) {
        if (first) c++;
        continue;
      }
      const mapped = row.error === undefined ? spec.map(row, true) : undefined;
      const id = mapped?.key;
      const group = isStart ? undefined : groups.get(first);
      if (id === undefined || mapped!.problems.length > 0 || (!isStart && !group)) {
        throw new InputFileError(`${path}:${row.line}: file changed since it was validated`);
      }
      if (isStart) {
        groups.set(n, { id, line: row.line });
        s++;
        continue;
      }
      const seen = group!.id === id ? group!.line : group!.others?.get(id);
      if (seen === undefined) {
        // A hash collision: another ID, valid, and from now on the first of its own.
        (group!.others ??= new Map()).set(id, row.line);
        entities += mapped!.count;
      } else {
        duplicate[c] = 1;
        const message = `duplicate externalId "${id}" (first on line ${seen})`;
        listed.push({ index: c, line: row.line, message });
        // Batches do not come in file order: keep the earliest `maxListed` so far.
        if (listed.length >= 2 * maxListed) listed = earliest(listed, maxListed);
      }
      c++;
    }
  }

  const duplicates = createRowList();
  for (let i = 0; i < rows.length; i++) if (duplicate[i]) duplicates.push(rows[i]!);
  return {
    rows: duplicates.view(),
    listed: earliest(listed, maxListed).map(({ line, message }) => ({ line, message })),
    entities,
  };
}

/** Drops repeats from an ascending array, in place. */
function unique(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  }
  return sorted.subarray(0, n);
}

const earliest = <T extends { index: number }>(items: T[], n: number): T[] =>
  items.sort((a, b) => a.index - b.index).slice(0, n);
