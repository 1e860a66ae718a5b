// Profiles given on the command line: --profile '<json object>' and/or repeated --set name=value.
import { UsageError } from "./io.js";

export const PROFILE_OPTIONS = {
  profile: { type: "string" },
  set: { type: "string", multiple: true },
} as const;

export const PROFILE_HELP = `Profile:
  --profile <json>     profile attributes as a JSON object
  --set <name=value>   one attribute (repeatable; applied after --profile)`;

export function profileFrom(
  json: string | undefined,
  sets: string[] | undefined,
): Record<string, string | null> {
  let profile: Record<string, string | null> = {};
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new UsageError("--profile must be a JSON object");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UsageError("--profile must be a JSON object");
    }
    profile = parsed as Record<string, string | null>;
  }
  for (const pair of sets ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set expects name=value, got "${pair}"`);
    profile[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return profile;
}
