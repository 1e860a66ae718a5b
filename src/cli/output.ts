// Printing single-operation results.
import type { CliIo } from "./io.js";

/** Prints an API result as indented JSON. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value ?? null, null, 2)}\n`);
}

/** Confirms an operation without a result: text for people, `{"ok":true,...}` with --json. */
export function printDone(
  io: CliIo,
  asJson: boolean | undefined,
  text: string,
  fields: object,
): void {
  io.stdout.write(asJson ? `${JSON.stringify({ ok: true, ...fields })}\n` : `${text}\n`);
}

/** 130 after SIGINT, 143 after SIGTERM (128 + the signal's number), as shells report them. */
export function abortExit(signal: AbortSignal | undefined): number {
  const name = (signal?.reason as { signal?: unknown } | undefined)?.signal;
  if (name === "SIGTERM") return 143;
  if (name === "SIGINT") return 130;
  return 1;
}
