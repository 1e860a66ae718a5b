// Seeded pseudo-random numbers, so fault injection is reproducible run after run.

// mulberry32: tiny, fast and good enough for picking faults (not for secrets).
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A generator for the `n`-th decision under `seed`: the same pair always yields the same draws.
export function rngFor(seed: number, n: number): () => number {
  // Mix n into the seed (splitmix-style) so neighbouring n give unrelated streams.
  let x = (seed ^ Math.imul(n + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return mulberry32((x ^ (x >>> 16)) >>> 0);
}
