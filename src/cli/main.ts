// The `okta-idsrc` entry: dispatches to a command and maps failures to exit codes
// (0 success, 1 import or API failure, 2 bad usage or bad input).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { OktaError, OktaValidationError } from "../core/errors.js";
import { subcommandHelp, withExamples } from "./help.js";
import { InputFileError } from "./input/json.js";
import { nearestName } from "./near.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIo } from "./io.js";

export type { CliIo } from "./io.js";

const HELP = `Usage: okta-idsrc <command> [options]

Okta Identity Source API (Anything-as-a-Source) from the command line.

Commands:
  import     bulk-import users, groups, memberships and devices from CSV/JSON/NDJSON files
  sync       send only what changed since the last sync (state file), with a mass-delete safeguard
  sync history | sync show RUN   what earlier syncs did (from the state's run history)
  sessions   list | get | create | delete | start import sessions
  users      get | create | replace | update | delete one user
  groups     get | create | update | delete | add-member | remove-member | list-members
  mock       start the embedded mock Okta
  inspect    show how a CSV/JSON file is read and print a starter --mapping for it

Run \`okta-idsrc help <command>\` (or \`okta-idsrc <command> --help\`) for a command's options
and examples; \`okta-idsrc --version\` prints the version. Configuration comes from flags or
OKTA_CLIENT_ORGURL, OKTA_CLIENT_TOKEN, and for OAuth private-key auth
OKTA_CLIENT_AUTHORIZATIONMODE=PrivateKey, OKTA_CLIENT_CLIENTID, OKTA_CLIENT_SCOPES,
OKTA_CLIENT_PRIVATEKEY, OKTA_CLIENT_KEYID.

Exit codes: 0 success, 1 import or API failure, 2 bad usage or invalid input.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

// Loaded on use: the mock alone (spec, ajv) adds ~8 MB to every process that imports it.
const COMMANDS: Record<string, () => Promise<Command>> = {
  import: async () => (await import("./commands/import.js")).importCommand,
  sync: async () => (await import("./commands/sync-history.js")).syncDispatch,
  sessions: async () => (await import("./commands/sessions.js")).sessionsCommand,
  users: async () => (await import("./commands/users.js")).usersCommand,
  groups: async () => (await import("./commands/groups.js")).groupsCommand,
  mock: async () => (await import("./commands/mock.js")).mockCommand,
  inspect: async () => (await import("./commands/inspect.js")).inspectCommand,
};

// Each command's help text, loaded with its module.
const HELPS: Record<string, () => Promise<string>> = {
  import: async () => (await import("./commands/import.js")).IMPORT_HELP,
  sync: async () => (await import("./commands/sync.js")).SYNC_HELP,
  sessions: async () => (await import("./commands/sessions.js")).SESSIONS_HELP,
  users: async () => (await import("./commands/users.js")).USERS_HELP,
  groups: async () => (await import("./commands/groups.js")).GROUPS_HELP,
  mock: async () => (await import("./commands/mock.js")).MOCK_HELP,
  inspect: async () => (await import("./commands/inspect.js")).INSPECT_HELP,
};

/** The package's version, from the package.json above this file (src/ or dist/src/). */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "okta-identity-sources" && pkg.version) return pkg.version;
    } catch {
      // not here: one level up
    }
    dir = dirname(dir);
  }
  return "unknown";
}

/** Prints the help of `command` (and of its subcommand, when it names one). */
async function printHelp(io: CliIo, command: string, subcommand: string | undefined) {
  const help = await HELPS[command]!();
  const sub = subcommand !== undefined ? subcommandHelp(command, subcommand, help) : undefined;
  io.stdout.write(sub ?? withExamples(command, help));
}

const unknownCommand = (command: string) => {
  const near = nearestName(command, Object.keys(COMMANDS));
  return `okta-idsrc: unknown command "${command}"${near ? ` (did you mean "${near}"?)` : ""}\n\n${HELP}`;
};

/** Runs `okta-idsrc` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === "--version" || command === "-v" || command === "version") {
    io.stdout.write(`okta-idsrc ${version()}\n`);
    return EXIT.ok;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    const [topic, sub] = args;
    if (topic === undefined) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (!Object.hasOwn(HELPS, topic)) {
      io.stderr.write(unknownCommand(topic));
      return EXIT.usage;
    }
    await printHelp(io, topic, sub);
    return EXIT.ok;
  }
  const load =
    command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    io.stderr.write(command === undefined ? HELP : unknownCommand(command));
    return EXIT.usage;
  }
  // `<command> [sub] --help`: the same help as `help <command> [sub]` (flags after "--" are data).
  const end = args.indexOf("--");
  const flags = end < 0 ? args : args.slice(0, end);
  if (flags.includes("--help") || flags.includes("-h")) {
    const first = flags[0];
    await printHelp(
      io,
      command!,
      first !== undefined && !first.startsWith("-") ? first : undefined,
    );
    return EXIT.ok;
  }
  try {
    const run = await load();
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(
        `okta-idsrc ${command}: ${e.message}\nRun \`okta-idsrc ${command} --help\` for usage.\n`,
      );
      return EXIT.usage;
    }
    // Bad input caught before sending (files, IDs, profiles) is the caller's to fix: 2.
    if (e instanceof InputFileError || e instanceof OktaValidationError || isMissingFile(e)) {
      io.stderr.write(`okta-idsrc ${command}: ${(e as Error).message}\n`);
      return EXIT.usage;
    }
    if (io.signal?.aborted) {
      io.stderr.write(`okta-idsrc ${command}: interrupted\n`);
      return EXIT.failure;
    }
    // Client errors carry no credentials (the client redacts them); anything else is a bug.
    const message = e instanceof OktaError || e instanceof Error ? e.message : String(e);
    io.stderr.write(`okta-idsrc ${command}: ${message}\n`);
    return EXIT.failure;
  }
}

function isMissingFile(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "EISDIR" || code === "EACCES";
}
