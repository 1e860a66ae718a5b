// Growable lists of row numbers in a Uint32Array (4 bytes a row, outside the JS heap), for the
// per-row bookkeeping of the validation pass: rejected rows, duplicate candidates. Rows are
// numbered 1, 2, ... in file order; line numbers cannot identify them, because several elements
// of a JSON array can start on one line (a minified file has one line).

export interface RowList {
  readonly length: number;
  push(row: number): void;
  /** The rows so far (a view, valid until the next push). */
  view(): Uint32Array;
}

export function createRowList(capacity = 256): RowList {
  let items = new Uint32Array(capacity);
  let length = 0;
  return {
    get length() {
      return length;
    },
    push(row) {
      if (length === items.length) {
        const bigger = new Uint32Array(items.length * 2);
        bigger.set(items);
        items = bigger;
      }
      items[length++] = row;
    },
    view: () => items.subarray(0, length),
  };
}

/** A set of row numbers, answering `has` and `size` as a `Set<number>` does. */
export interface RowSet {
  has(row: number): boolean;
  readonly size: number;
}

/** The union of two ascending lists, as a set with binary-search lookups. */
export function rowSet(a: Uint32Array, b: Uint32Array = new Uint32Array(0)): RowSet {
  const rows = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    rows[k++] = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
  }
  return {
    size: rows.length,
    has(row) {
      let lo = 0;
      let hi = rows.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = rows[mid]!;
        if (v === row) return true;
        if (v < row) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}
