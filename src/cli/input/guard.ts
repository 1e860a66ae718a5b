// The CLI reads each input file more than once (validation, duplicate confirmation, upload or
// planning) so that no row is held in memory. That is only sound if every pass reads the same
// bytes: an HR export rewritten in place while a run reads it would otherwise upload (or, for a
// sync, delete) from a file that was never validated. The first complete pass records the file's
// identity (device, inode, size, mtime) and a hash of every block; each later pass checks the
// identity when it opens the file and each block's hash BEFORE the block's bytes reach the parser,
// so not one row of changed content is ever parsed, let alone sent.
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { InputFileError } from "./errors.js";

/** Bytes read and hashed at a time. 64 KB keeps decoded chunks out of V8's large-object space. */
export const BLOCK_BYTES = 64 * 1024;
/** Bytes of each block's SHA-256 kept: 16 (a 1 GB file costs 256 KB of digests). */
const DIGEST_BYTES = 16;

/** An input file changed between two passes of one run; nothing more is read from it or sent. */
export class InputChangedError extends InputFileError {
  override name = "InputChangedError";
  constructor(
    /** The file, as the user named it. */
    readonly path: string,
    /** What differed, e.g. "its size went from 1,000 to 850 bytes". */
    readonly change: string,
  ) {
    super(
      `${path}: the file changed while it was being read (${change}); stopped before sending ` +
        `anything more from it. Rerun once the file is complete and no longer being written.`,
    );
  }
}

interface Recorded {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** DIGEST_BYTES per block, in file order. */
  blocks: Buffer;
  /** SHA-256 of the whole file, hex. */
  sha256: string;
}

/** What a run knows about one input file; shared by all its passes. */
export interface FileGuard {
  readonly path: string;
  /** The whole file's SHA-256 (hex) once a first pass has read it completely. */
  readonly sha256: string | undefined;
  /** The file's bytes, read block by block: recorded on the first pass, verified on later ones. */
  blocks(): AsyncGenerator<Buffer>;
}

export function createFileGuard(path: string): FileGuard {
  let recorded: Recorded | undefined;

  async function* blocks(): AsyncGenerator<Buffer> {
    const file = await open(path, "r");
    try {
      const stat = await file.stat();
      if (recorded) checkIdentity(path, recorded, stat);
      const whole = createHash("sha256");
      let digests = Buffer.alloc(recorded ? 0 : 64 * DIGEST_BYTES);
      let count = 0;
      let size = 0;
      for (;;) {
        const block = await readBlock(file);
        if (block.length === 0) break;
        const digest = createHash("sha256").update(block).digest().subarray(0, DIGEST_BYTES);
        if (recorded) {
          const at = count * DIGEST_BYTES;
          const expected = recorded.blocks.subarray(at, at + DIGEST_BYTES);
          if (expected.length === 0 || !digest.equals(expected)) {
            const now = (await file.stat()).size;
            throw new InputChangedError(
              path,
              now !== recorded.size
                ? `its size went from ${formatInt(recorded.size)} to ${formatInt(now)} bytes`
                : `its content differs from byte ${formatInt(size)} on`,
            );
          }
        } else {
          whole.update(block);
          if ((count + 1) * DIGEST_BYTES > digests.length) {
            const bigger = Buffer.alloc(digests.length * 2);
            digests.copy(bigger);
            digests = bigger;
          }
          digest.copy(digests, count * DIGEST_BYTES);
        }
        count++;
        size += block.length;
        yield block;
      }
      if (recorded) {
        if (size !== recorded.size) {
          throw new InputChangedError(
            path,
            `its size went from ${formatInt(recorded.size)} to ${formatInt(size)} bytes`,
          );
        }
        return;
      }
      // A file written to during this very pass: its end may not match its start.
      const after = await file.stat();
      if (after.size !== size || after.mtimeMs !== stat.mtimeMs) {
        throw new InputChangedError(path, "it was written to while it was being validated");
      }
      recorded = {
        dev: stat.dev,
        ino: stat.ino,
        size,
        mtimeMs: stat.mtimeMs,
        blocks: digests.subarray(0, count * DIGEST_BYTES),
        sha256: whole.digest("hex"),
      };
    } finally {
      await file.close();
    }
  }

  return {
    path,
    get sha256() {
      return recorded?.sha256;
    },
    blocks,
  };
}

/** Reads up to BLOCK_BYTES into a new buffer (the caller may keep it); empty at the end. */
async function readBlock(file: FileHandle): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  let filled = 0;
  while (filled < BLOCK_BYTES) {
    const { bytesRead } = await file.read(buffer, filled, BLOCK_BYTES - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function checkIdentity(
  path: string,
  recorded: Recorded,
  stat: { dev: number; ino: number; size: number; mtimeMs: number },
): void {
  if (stat.dev !== recorded.dev || stat.ino !== recorded.ino) {
    throw new InputChangedError(path, "it was replaced by another file");
  }
  if (stat.size !== recorded.size) {
    throw new InputChangedError(
      path,
      `its size went from ${formatInt(recorded.size)} to ${formatInt(stat.size)} bytes`,
    );
  }
  // Within a millisecond: setting a time back (utimes, a copy tool) keeps about that much; a
  // rewrite inside the same millisecond is still caught by the block hashes.
  if (Math.abs(stat.mtimeMs - recorded.mtimeMs) >= 1) {
    throw new InputChangedError(path, "it was modified (its modification time changed)");
  }
}

const formatInt = (n: number) => n.toLocaleString("en-US");
