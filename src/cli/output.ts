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
