// `okta-idsrc sessions list|get|create|delete|start`.
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse } from "../args.js";
import { identitySourceFrom } from "../config.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { printDone, printJson } from "../output.js";
import { plural } from "../plural.js";

export const SESSIONS_HELP = `Usage: okta-idsrc sessions <command> --source <id> [options]

Commands:
  list                 list the identity source's active import sessions (a table; --json: JSON)
  get <sessionId>      show one session
  create               create an import session
  delete <sessionId>   cancel a CREATED or IN_PROGRESS session
  start <sessionId>    start the import of an IN_PROGRESS session

${CONNECTION_HELP}
`;

export async function sessionsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, CONNECTION_OPTIONS);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(SESSIONS_HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const arity: Record<string, number> = { list: 0, create: 0, get: 1, delete: 1, start: 1 };
  if (!(command in arity)) throw new UsageError(`unknown sessions command "${command}"`);
  if (rest.length !== arity[command]) {
    throw new UsageError(
      `sessions ${command} takes ${arity[command] ? "a session ID" : "no argument"}`,
    );
  }
  const sessions = identitySourceFrom(values, io.env).sessions;
  const options = io.signal ? { signal: io.signal } : {};
  const id = rest[0]!;
  switch (command) {
    case "list": {
      const list = await sessions.list(options);
      if (values.json) printJson(io, list);
      else io.stdout.write(sessionsTable(list));
      break;
    }
    case "create":
      printJson(io, await sessions.create(options));
      break;
    case "get":
      printJson(io, await sessions.get(id, options));
      break;
    case "start":
      printJson(io, await sessions.startImport(id, options));
      break;
    case "delete":
      await sessions.delete(id, options);
      printDone(io, values.json, `cancelled session ${id}`, { sessionId: id });
      break;
  }
  return EXIT.ok;
}

type SessionRow = {
  id?: string;
  status?: string;
  importType?: string;
  created?: string;
  lastUpdated?: string;
};

/** Sessions as an aligned table with a count, for people; --json keeps the API's shape. */
export function sessionsTable(sessions: readonly SessionRow[]): string {
  if (sessions.length === 0) return "No active import sessions.\n";
  const rows = [
    ["ID", "STATUS", "TYPE", "CREATED", "LAST UPDATED"],
    ...sessions.map((s) => [
      s.id ?? "",
      s.status ?? "",
      s.importType ?? "",
      s.created ?? "",
      s.lastUpdated ?? "",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n${plural(sessions.length, "session")}\n`;
}
