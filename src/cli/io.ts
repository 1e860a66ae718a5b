// What the CLI talks to, injected so tests can run `main` in-process.

/** Where output goes and what the environment holds. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Whether stderr (where progress goes) is a terminal. */
  isTTY: boolean;
  /** Terminal width for the progress bar. */
  columns?: number;
  /** Aborts a running command (the bin wires it to SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

/** Exit codes: 0 success, 1 import or API failure, 2 bad usage or bad input. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Bad usage (unknown flag, missing argument): exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
