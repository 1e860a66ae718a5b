// Help for every command and subcommand, each with at least one example, printed the same way for
// `okta-idsrc help <command> [sub]`, `okta-idsrc <command> --help` and `<command> <sub> --help`.
// A command's own help text is loaded with the command; the examples live here so that every
// command has them, whichever module owns its options.

/** Examples per command, shown after its help unless the help already has an Examples section. */
export const EXAMPLES: Record<string, string[]> = {
  import: [
    "okta-idsrc import --source 0oa... --users users.csv --groups groups.csv --memberships memberships.csv",
    "okta-idsrc import --source 0oa... --users workers.csv --mapping mapping.yaml --dry-run",
    "okta-idsrc import --source 0oa... --users export.csv --delimiter ';' --encoding windows-1252",
  ],
  sync: [
    "okta-idsrc sync --source 0oa... --users users.csv --groups groups.csv --state sync-state.db",
    "okta-idsrc sync --source 0oa... --users workers.csv --mapping mapping.yaml --dry-run",
  ],
  sessions: [
    "okta-idsrc sessions list --source 0oa...",
    "okta-idsrc sessions delete aps... --source 0oa...",
  ],
  users: [
    "okta-idsrc users get E1001 --source 0oa...",
    "okta-idsrc users update E1001 --source 0oa... --set department=Ops --keep-required",
  ],
  groups: [
    'okta-idsrc groups create G-ENG --source 0oa... --display-name "Engineering"',
    "okta-idsrc groups add-member G-ENG E1001 --source 0oa...",
  ],
  mock: [
    "okta-idsrc mock --port 8080 --token dev-token",
    "okta-idsrc mock --time-scale 0.01",
    "okta-idsrc mock --cors-origin http://localhost:5173",
  ],
  inspect: ["okta-idsrc inspect workers.csv"],
};

/** Help of the subcommands of sessions, users and groups (usage line, what it does, example). */
export const SUBCOMMAND_HELP: Record<string, Record<string, string>> = {
  sync: {
    history: sub(
      "sync history [--state FILE|URL] [--json] [--limit N]",
      "Lists the state's runs, newest first: start, outcome, what each planned and its sessions.",
      "okta-idsrc sync history --state sync-state.db --limit 5",
    ),
    show: sub(
      "sync show <runId> [--state FILE|URL] [--json] [--deleted-limit N]",
      "Prints one run: its options, plan counts, sessions with their final status, and the\n" +
        "external IDs Okta confirmed it deleted.",
      "okta-idsrc sync show 3f0c2a5e-... --state sync-state.db",
    ),
  },
  sessions: {
    list: sub(
      "sessions list --source <id> [--json]",
      "Lists the identity source's import sessions that are not finished, as a table (--json: the API's JSON).",
      "okta-idsrc sessions list --source 0oa...",
    ),
    get: sub(
      "sessions get <sessionId> --source <id>",
      "Shows one session.",
      "okta-idsrc sessions get aps... --source 0oa...",
    ),
    create: sub(
      "sessions create --source <id>",
      "Creates an import session (CREATED).",
      "okta-idsrc sessions create --source 0oa...",
    ),
    delete: sub(
      "sessions delete <sessionId> --source <id>",
      "Cancels a CREATED or IN_PROGRESS session (it becomes CLOSED; nothing in it is imported).",
      "okta-idsrc sessions delete aps... --source 0oa...",
    ),
    start: sub(
      "sessions start <sessionId> --source <id>",
      "Starts the import of an IN_PROGRESS session (it becomes TRIGGERED).",
      "okta-idsrc sessions start aps... --source 0oa...",
    ),
  },
  users: {
    get: sub(
      "users get <externalId> --source <id>",
      "Shows one user.",
      "okta-idsrc users get E1001 --source 0oa...",
    ),
    create: sub(
      "users create <externalId> --source <id> (--profile <json> | --set k=v ...)",
      "Creates a user. Okta requires email and userName in the profile.",
      "okta-idsrc users create E1001 --source 0oa... --set email=ann@example.com --set userName=ann@example.com",
    ),
    replace: sub(
      "users replace <externalId> --source <id> (--profile <json> | --set k=v ...)",
      "Replaces the whole profile (attributes left out are removed). Needs email and userName.",
      'okta-idsrc users replace E1001 --source 0oa... --profile \'{"email":"a@example.com","userName":"a"}\'',
    ),
    update: sub(
      "users update <externalId> --source <id> --set k=v ... [--keep-required]",
      "Updates the given attributes. Okta's update-user operation requires email and userName in\n" +
        "every update: pass them too, or add --keep-required to send the user's current values of\n" +
        "those two (read first with a get) along with your --set attributes.",
      "okta-idsrc users update E1001 --source 0oa... --set department=Ops --keep-required",
    ),
    delete: sub(
      "users delete <externalId> --source <id>",
      "Deletes (deactivates) a user.",
      "okta-idsrc users delete E1001 --source 0oa...",
    ),
  },
  groups: {
    get: sub(
      "groups get <group> --source <id>",
      "Shows a group (by Okta ID or external ID).",
      "okta-idsrc groups get G-ENG --source 0oa...",
    ),
    create: sub(
      "groups create <externalId> --source <id> --display-name <name> [--description <text>]",
      "Creates a group.",
      'okta-idsrc groups create G-ENG --source 0oa... --display-name "Engineering"',
    ),
    update: sub(
      "groups update <group> --source <id> --display-name <name> [--external-id <id>]",
      "Updates a group; Okta needs its external ID in the body (given, or <group> itself).",
      'okta-idsrc groups update G-ENG --source 0oa... --display-name "Eng"',
    ),
    delete: sub(
      "groups delete <group> --source <id>",
      "Deletes a group.",
      "okta-idsrc groups delete G-ENG --source 0oa...",
    ),
    "add-member": sub(
      "groups add-member <group> <memberExternalId> --source <id>",
      "Adds a user (by external ID) to the group.",
      "okta-idsrc groups add-member G-ENG E1001 --source 0oa...",
    ),
    "remove-member": sub(
      "groups remove-member <group> <memberExternalId> --source <id>",
      "Removes a user from the group.",
      "okta-idsrc groups remove-member G-ENG E1001 --source 0oa...",
    ),
    "list-members": sub(
      "groups list-members <group> --source <id> [--limit <n>] [--json]",
      "Prints the members' external IDs, one per line.",
      "okta-idsrc groups list-members G-ENG --source 0oa...",
    ),
  },
};

function sub(usage: string, what: string, example: string): string {
  return `Usage: okta-idsrc ${usage}\n\n${what}\n\nExample:\n  ${example}\n`;
}

/** A command's help with its examples appended (when it has none of its own). */
export function withExamples(command: string, help: string): string {
  const examples = EXAMPLES[command];
  if (!examples || /^Examples?:/m.test(help)) return help;
  return `${help.trimEnd()}\n\nExamples:\n${examples.map((e) => `  ${e}`).join("\n")}\n`;
}

/** The subcommand's help followed by the options of its command, or undefined. */
export function subcommandHelp(
  command: string,
  subcommand: string,
  commandHelp: string,
): string | undefined {
  const text = SUBCOMMAND_HELP[command]?.[subcommand];
  if (!text) return undefined;
  const options = commandHelp.slice(commandHelp.search(/^(Options|Profile|Connection)/m));
  return `${text}\n${options.trimEnd()}\n`;
}
