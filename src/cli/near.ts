// Did-you-mean: the nearest of a few names (columns, kinds, commands, flags) to a misspelt one.

/** The name in `names` closest to `wanted` (case-insensitive, edit distance), if close enough. */
export function nearestName(wanted: string, names: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[\s_\-.#]/g, "");
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(norm(wanted), norm(name));
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(wanted.length / 3))
    ? best
    : undefined;
}

/** Levenshtein distance, small strings only. */
export function distance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return a === b ? 0 : Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}
