// The duplicate-externalId check of the validation pass, in constant memory per ID: an
// open-addressing table of 64-bit hashes and the row each was first seen in, in typed arrays
// (12 to 24 bytes an ID, outside the JS heap; a Map of the ID strings took ~60 bytes an ID plus
// GC headroom, which made peak RSS grow with the file). A hash match is only a candidate: the
// caller confirms it by comparing the real IDs (duplicates.ts), so a collision never rejects a row.

/** Writes a 64-bit hash of `id` as two 32-bit lanes into `out[0]` and `out[1]`. */
export type IdHash = (id: string, out: Uint32Array) => void;

// Two multiplicative lanes over the UTF-16 code units, each finished with murmur3's fmix32 and
// mixed with the other, so every output bit depends on every input unit.
export const hashId: IdHash = (id, out) => {
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a = fmix(a ^ Math.imul(b, 0x9e3779b1));
  b = fmix(b ^ a);
  out[0] = a;
  out[1] = b;
};

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface IdIndex {
  /**
   * Records `row` (numbered from 1) for `id` and returns 0, or, when an earlier row had the same
   * hash, returns that row and records nothing: the two IDs are probably, not surely, equal.
   */
  add(id: string, row: number): number;
  /** Whether an ID with the same hash was added: surely not when false, probably when true. */
  has(id: string): boolean;
  readonly size: number;
  /** Gives the table's memory back now (the index is unusable afterwards). */
  release(): void;
}

// A resizable ArrayBuffer (Node 20+) can be shrunk to 0 bytes, which returns its pages to the OS
// at once; a plain one is freed only when the GC gets to it, possibly after the upload pass has
// started and added its own peak. Where the options argument is unknown, it is ignored.
type Releasable = ArrayBuffer & { resizable?: boolean; resize(bytes: number): void };
const ResizableBuffer = ArrayBuffer as unknown as new (
  bytes: number,
  options: { maxByteLength: number },
) => Releasable;
const allocate = (length: number) =>
  new Uint32Array(new ResizableBuffer(length * 4, { maxByteLength: length * 4 }));
const free = (array: Uint32Array) => {
  const buffer = array.buffer as Releasable;
  if (buffer.resizable) buffer.resize(0);
};

const MIN_SLOTS = 1 << 16;
const MAX_ROW = 0xffffffff;

export function createIdIndex(hash: IdHash = hashId): IdIndex {
  let slots = MIN_SLOTS;
  let hashes = allocate(slots * 2); // lanes of slot i at 2i, 2i+1
  let rows = allocate(slots); // 0 = empty slot
  let size = 0;
  const h = new Uint32Array(2);

  // Linear probing from the low bits of lane 0 (fmix-ed, so they are well spread).
  const find = (a: number, b: number): number => {
    const mask = slots - 1;
    let i = a & mask;
    while (rows[i] !== 0 && (hashes[2 * i] !== a || hashes[2 * i + 1] !== b)) i = (i + 1) & mask;
    return i;
  };

  const grow = () => {
    const oldHashes = hashes;
    const oldRows = rows;
    slots *= 2;
    hashes = allocate(slots * 2);
    rows = allocate(slots);
    for (let j = 0; j < oldRows.length; j++) {
      if (oldRows[j] === 0) continue;
      const i = find(oldHashes[2 * j]!, oldHashes[2 * j + 1]!);
      hashes[2 * i] = oldHashes[2 * j]!;
      hashes[2 * i + 1] = oldHashes[2 * j + 1]!;
      rows[i] = oldRows[j]!;
    }
    free(oldHashes);
    free(oldRows);
  };

  return {
    add(id, row) {
      if (!(row >= 1 && row <= MAX_ROW)) throw new RangeError(`row ${row} is out of range`);
      hash(id, h);
      const a = h[0]!;
      const b = h[1]!;
      const i = find(a, b);
      if (rows[i] !== 0) return rows[i]!;
      hashes[2 * i] = a;
      hashes[2 * i + 1] = b;
      rows[i] = row;
      // At most 3/4 full keeps probe sequences short.
      if (++size * 4 > slots * 3) grow();
      return 0;
    },
    has(id) {
      hash(id, h);
      return rows[find(h[0]!, h[1]!)] !== 0;
    },
    get size() {
      return size;
    },
    release() {
      free(hashes);
      free(rows);
    },
  };
}
