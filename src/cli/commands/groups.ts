// `okta-idsrc groups ...` (real-time group and membership operations).
import type { GroupRequest } from "../../types.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, intFlag, parse } from "../args.js";
import { identitySourceFrom } from "../config.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { printDone, printJson } from "../output.js";
import { PROFILE_HELP, PROFILE_OPTIONS, profileFrom } from "../profile-flags.js";

export const GROUPS_HELP = `Usage: okta-idsrc groups <command> <group> [member] --source <id> [options]

<group> is the Okta group ID or the group's external ID.

Commands:
  get <group>                       show a group
  create <externalId>               create a group (needs --display-name)
  update <group>                    update a group (needs --display-name)
  delete <group>                    delete a group
  add-member <group> <memberId>     add a user (by external ID) to the group
  remove-member <group> <memberId>  remove a user from the group
  list-members <group>              print the members' external IDs, one per line

Options:
  --display-name <name>   the group's displayName
  --description <text>    the group's description
  --external-id <id>      update: the group's external ID when <group> is an Okta group ID
  --limit <n>             page size for list-members (at most 1000)
${PROFILE_HELP}

${CONNECTION_HELP}
`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...PROFILE_OPTIONS,
  "display-name": { type: "string" },
  description: { type: "string" },
  "external-id": { type: "string" },
  limit: { type: "string" },
} as const;

const ARITY: Record<string, number> = {
  get: 1,
  create: 1,
  update: 1,
  delete: 1,
  "add-member": 2,
  "remove-member": 2,
  "list-members": 1,
};

export async function groupsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(GROUPS_HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const arity = ARITY[command];
  if (arity === undefined) throw new UsageError(`unknown groups command "${command}"`);
  if (rest.length !== arity) {
    throw new UsageError(
      `groups ${command} takes ${arity === 2 ? "a group and a member" : "one group"}`,
    );
  }
  const limit = intFlag("limit", values.limit, 1);
  const [id, member] = rest as [string, string];
  const groups = identitySourceFrom(values, io.env).groups;
  const options = io.signal ? { signal: io.signal } : {};
  switch (command) {
    case "get":
      printJson(io, await groups.get(id, options));
      break;
    case "create":
    case "update": {
      const profile = {
        ...profileFrom(values.profile, values.set),
        ...(values["display-name"] !== undefined ? { displayName: values["display-name"] } : {}),
        ...(values.description !== undefined ? { description: values.description } : {}),
      } as GroupRequest["profile"];
      if (!profile.displayName) throw new UsageError(`groups ${command} needs --display-name`);
      const body = { externalId: values["external-id"] ?? id, profile };
      printJson(
        io,
        command === "create"
          ? await groups.create(body, options)
          : await groups.update(id, body, options),
      );
      break;
    }
    case "delete":
      await groups.delete(id, options);
      printDone(io, values.json, `deleted group ${id}`, { group: id });
      break;
    case "add-member":
      await groups.addMember(id, member, options);
      printDone(io, values.json, `added ${member} to ${id}`, {
        group: id,
        memberExternalId: member,
      });
      break;
    case "remove-member":
      await groups.removeMember(id, member, options);
      printDone(io, values.json, `removed ${member} from ${id}`, {
        group: id,
        memberExternalId: member,
      });
      break;
    case "list-members": {
      const members: string[] = [];
      for await (const m of groups.listMembers(id, limit ? { limit } : {}, options)) {
        if (values.json) members.push(m);
        else io.stdout.write(`${m}\n`);
      }
      if (values.json) printJson(io, members);
      break;
    }
  }
  return EXIT.ok;
}
