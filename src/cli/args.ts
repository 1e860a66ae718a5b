// Flag parsing on node:util parseArgs, with the connection flags every API command shares.
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { distance } from "./near.js";
import { UsageError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export const CONNECTION_OPTIONS = {
  "org-url": { type: "string" },
  token: { type: "string" },
  "authorization-mode": { type: "string" },
  "client-id": { type: "string" },
  scopes: { type: "string" },
  "private-key": { type: "string" },
  "key-id": { type: "string" },
  source: { type: "string", short: "s" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

export const CONNECTION_HELP = `Connection (flags override the environment):
  --org-url <url>            Okta org URL                          [OKTA_CLIENT_ORGURL]
  --token <token>            API token (SSWS)                      [OKTA_CLIENT_TOKEN]
  --authorization-mode <m>   SSWS (default), Bearer or PrivateKey  [OKTA_CLIENT_AUTHORIZATIONMODE]
  --client-id <id>           OAuth service app client ID           [OKTA_CLIENT_CLIENTID]
  --scopes <list>            OAuth scopes, space or comma separated [OKTA_CLIENT_SCOPES]
  --private-key <pem|jwk|file>  private key for PrivateKey mode    [OKTA_CLIENT_PRIVATEKEY]
  --key-id <kid>             key ID of the private key             [OKTA_CLIENT_KEYID]
  -s, --source <id>          identity source ID (0oa...)
  --json                     print the result as JSON
  -h, --help                 show this help`;

export interface Parsed<O extends Options> {
  values: {
    [K in keyof O]?: O[K] extends { type: "boolean" }
      ? boolean
      : O[K] extends { multiple: true }
        ? string[]
        : string;
  };
  positionals: string[];
}

/** parseArgs, strict, with errors turned into UsageError (exit 2). */
export function parse<O extends Options>(args: string[], options: O): Parsed<O> {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Parsed<O>["values"], positionals };
  } catch (e) {
    throw new UsageError(friendlyParseError(e as Error & { code?: string }, options));
  }
}

/** Our wording for node:util's parse errors, with the nearest valid flag for an unknown one. */
function friendlyParseError(e: Error & { code?: string }, options: Options): string {
  const flags = Object.keys(options);
  const named = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && named) {
    const name = named.replace(/^-+/, "").split("=")[0]!;
    const near = nearestFlag(name, flags);
    return (
      `unknown flag ${named}` +
      (near ? `; did you mean --${near}?` : "") +
      (named.startsWith("--") ? "" : " (flags start with --)")
    );
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && named) {
    const name = named.replace(/^-+/, "");
    const option = options[name];
    return option?.type === "boolean"
      ? `--${name} takes no value`
      : `--${name} needs a value (e.g. --${name} <value>)`;
  }
  if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return e.message;
  return e.message;
}

/** The flag nearest to `name` (typo, case, a missing or extra dash), if close enough. */
export function nearestFlag(name: string, flags: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const prefixed = flags.filter((f) => f.startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const flag of flags) {
    const d = distance(lower, flag);
    if (d < bestDistance) {
      best = flag;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** A non-negative integer flag. */
export function intFlag(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be an integer >= ${min} (got "${value}")`);
  return n;
}
