// --json promises exactly one JSON document on stdout, whatever happens (a bad flag included):
// a command that throws before printing its own gets `{"ok": false, "error": …}` printed for it.
import type { CliIo } from "./io.js";

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Indented JSON text and a newline, as every --json document is printed. */
export const jsonText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Wraps `command` so that with --json a failure before its own document still prints one. */
export function oneJsonDocument(command: Command): Command {
  return async (args, io) => {
    if (!args.includes("--json")) return command(args, io);
    let printed = false;
    const watched: CliIo = {
      ...io,
      stdout: { write: (text: string) => ((printed = true), io.stdout.write(text)) },
    };
    try {
      return await command(args, watched);
    } catch (e) {
      if (!printed) {
        const error =
          e instanceof Error ? { name: e.name, message: e.message } : { message: String(e) };
        io.stdout.write(jsonText({ ok: false, error }));
      }
      throw e;
    }
  };
}
