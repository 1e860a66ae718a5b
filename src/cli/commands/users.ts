// `okta-idsrc users get|create|replace|update|delete` (real-time user operations).
import type { UserCreateRequest } from "../../types.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, parse } from "../args.js";
import { identitySourceFrom } from "../config.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";
import { printDone, printJson } from "../output.js";
import { PROFILE_HELP, PROFILE_OPTIONS, profileFrom } from "../profile-flags.js";

export const USERS_HELP = `Usage: okta-idsrc users <command> <externalId> --source <id> [options]

Commands:
  get <externalId>       show a user
  create <externalId>    create a user (profile needs email and userName)
  replace <externalId>   replace the whole profile
  update <externalId>    update the given attributes (Okta also requires email and userName:
                         pass them, or --keep-required to resend the current ones)
  delete <externalId>    delete (deactivate) a user

${PROFILE_HELP}
  --keep-required      update: send the user's current email and userName along (read first)

${CONNECTION_HELP}
`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...PROFILE_OPTIONS,
  "keep-required": { type: "boolean" },
} as const;

/** What Okta's create, replace and update user operations require in every profile. */
const REQUIRED = ["email", "userName"] as const;
const COMMANDS = ["get", "create", "replace", "update", "delete"];

export async function usersCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  const [command, id, ...extra] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr).write(USERS_HELP);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  if (!COMMANDS.includes(command)) throw new UsageError(`unknown users command "${command}"`);
  if (!id || extra.length > 0) throw new UsageError(`users ${command} takes one externalId`);
  const writes = command === "create" || command === "replace" || command === "update";
  if (!writes && (values.profile !== undefined || values.set !== undefined)) {
    throw new UsageError(`users ${command} takes no profile`);
  }
  const profile = profileFrom(values.profile, values.set) as UserCreateRequest["profile"];
  if (writes && Object.keys(profile).length === 0) {
    throw new UsageError(`users ${command} needs --profile or --set`);
  }
  if (values["keep-required"] && command !== "update") {
    throw new UsageError("--keep-required applies to users update only");
  }
  const missing = REQUIRED.filter((name) => profile[name] === undefined);
  if (writes && missing.length > 0 && !(command === "update" && values["keep-required"])) {
    throw new UsageError(
      `Okta's ${command}-user operation requires email and userName in the profile; this one ` +
        `lacks ${missing.join(" and ")}. Add ${missing.map((m) => `--set ${m}=...`).join(" ")}` +
        (command === "update"
          ? ", or --keep-required to send the user's current values of them with your changes"
          : ""),
    );
  }
  const users = identitySourceFrom(values, io.env).users;
  const options = io.signal ? { signal: io.signal } : {};
  switch (command) {
    case "get":
      printJson(io, await users.get(id, options));
      break;
    case "create": {
      const created = await users.create({ externalId: id, profile }, options);
      // Okta may answer 200 without a body (see docs/okta-behaviour.md).
      if (created) printJson(io, created);
      else printDone(io, values.json, `created user ${id}`, { externalId: id });
      break;
    }
    case "replace":
      printJson(io, await users.replace(id, { profile }, options));
      break;
    case "update": {
      if (missing.length > 0) {
        // Only the two attributes Okta insists on, as they are now; nothing else is resent.
        const current = (await users.get(id, options)).profile as Record<string, unknown>;
        for (const name of missing) {
          const value = current?.[name];
          if (typeof value !== "string") {
            throw new UsageError(`user ${id} has no ${name} to keep; pass --set ${name}=...`);
          }
          (profile as Record<string, string>)[name] = value;
        }
      }
      printJson(io, await users.update(id, { profile }, options));
      break;
    }
    case "delete":
      await users.delete(id, options);
      printDone(io, values.json, `deleted user ${id}`, { externalId: id });
      break;
  }
  return EXIT.ok;
}
