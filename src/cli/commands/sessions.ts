// `okta-idsrc sessions list|get|create|delete|start`.
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse } from "../args.js";
import { identitySourceFrom } from "../config.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { printDone, printJson } from "../output.js";

export const SESSIONS_HELP = `Usage: okta-idsrc sessions <command> --source <id> [options]

Commands:
  list                 list the identity source's active import sessions
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
    case "list":
      printJson(io, await sessions.list(options));
      break;
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
