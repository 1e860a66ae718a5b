// Replaces the contents of directory `to` with those of `from` without a moment in which a file
// present in both is missing: each file is renamed over its counterpart (atomic on one file
// system, copied then renamed across file systems), then the files that only `to` had are removed.
// Usage: node scripts/swap-dir.mjs <from> <to>
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const [from, to] = process.argv.slice(2);

function files(dir) {
  const out = [];
  const walk = (d) => {
    let entries = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const incoming = files(from);
const keep = new Set(incoming);
for (const file of incoming) {
  const target = join(to, file);
  mkdirSync(dirname(target), { recursive: true });
  try {
    renameSync(join(from, file), target);
  } catch (e) {
    if (e.code !== "EXDEV") throw e;
    // Another file system: copy beside the target, then rename (still atomic for readers).
    const beside = `${target}.swap-${process.pid}`;
    copyFileSync(join(from, file), beside);
    renameSync(beside, target);
  }
}
for (const file of files(to)) if (!keep.has(file)) rmSync(join(to, file), { force: true });
// Directories the old build had and the new one does not, now empty, deepest first.
const dirs = (d) =>
  readdirSync(d, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [...dirs(join(d, e.name)), join(d, e.name)]);
for (const d of dirs(to)) {
  try {
    rmdirSync(d);
  } catch {
    // not empty: still used
  }
}
