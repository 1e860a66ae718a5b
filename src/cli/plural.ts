// Counts as people write them: "1 user", "2 users", "1,000 retries".

/** `n` (grouped by thousands) and `word`, or `many` when `n` is not exactly 1. */
export const plural = (n: number, word: string, many = `${word}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? word : many}`;
