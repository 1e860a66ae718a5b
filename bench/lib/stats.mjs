// Small statistics helpers: medians of repeated rounds and their ratios.

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Rounds to `digits` decimals (for tables and JSON). */
export const round = (value, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** The order of `items` for round `i`: rotated so no contestant always runs first. */
export const rotate = (items, i) => items.map((_, j) => items[(i + j) % items.length]);
