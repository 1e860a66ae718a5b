// A starter mapping guessed from a header, for `okta-idsrc inspect`: each column is matched to one
// of Okta's standard attributes of the kind (read from the bundled OpenAPI document, so a new
// attribute in the spec is picked up) by a case-, space- and punctuation-insensitive comparison,
// a small edit distance, or the names HR exports commonly use. The rest become custom attributes
// under a name Okta accepts. The output is YAML that `--mapping` reads as it is.
import { openapiDocument } from "../../../generated/openapi-document.js";
import type { BulkKind } from "../../bulk-bodies.js";
import { ATTRIBUTE_NAME, suggestName } from "../input/profile-check.js";
import { distance } from "../input/rows.js";

/** The profile schema of each kind with a profile, in the bundled document. */
const PROFILE_SCHEMAS: Partial<Record<BulkKind, string>> = {
  users: "IdentitySourceUserProfileForUpsert",
  groups: "IdentitySourceGroupProfileForUpsert",
  devices: "IdentitySourceDeviceProfile",
};

/** What HR systems call the standard attributes (after normalising: lower case, no separators). */
const SYNONYMS: Record<string, string[]> = {
  externalId: [
    "employeeid",
    "workerid",
    "employeenumber",
    "personid",
    "id",
    "uid",
    "empid",
    "employeeno",
  ],
  userName: ["username", "login", "loginname", "userid", "upn", "userprincipalname"],
  email: ["workemail", "emailaddress", "businessemail", "mail", "primaryemail", "workemailaddress"],
  secondEmail: ["personalemail", "secondaryemail", "privateemail", "homeemail", "alternateemail"],
  firstName: ["givenname", "legalfirstname", "preferredfirstname", "forename", "first"],
  lastName: ["surname", "familyname", "legallastname", "last"],
  mobilePhone: ["mobile", "cellphone", "cell", "mobilenumber", "workmobile", "phone"],
  homeAddress: ["address", "streetaddress", "homestreetaddress"],
  displayName: ["name", "groupname", "title", "departmentname", "fullname"],
  description: ["groupdescription", "desc"],
  groupExternalId: ["groupid", "group", "departmentid", "orgid", "teamid"],
  memberExternalId: ["memberid", "member", "employeeid", "userid", "workerid"],
  serialNumber: ["serial", "serialno", "sn"],
};

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The standard attributes of a kind, as the spec names them. */
export function standardAttributes(kind: BulkKind): string[] {
  if (kind === "memberships" || kind === "deletedMemberships") {
    return ["groupExternalId", "memberExternalId"];
  }
  const name = PROFILE_SCHEMAS[kind];
  const schemas = (openapiDocument["components"] as { schemas?: Record<string, unknown> })?.schemas;
  const schema = name ? (schemas?.[name] as { properties?: Record<string, unknown> }) : undefined;
  return ["externalId", ...Object.keys(schema?.properties ?? {})];
}

/** The kind a header most likely holds. */
export function guessKind(header: readonly string[]): BulkKind {
  const names = header.map(norm);
  if (names.some((n) => n.includes("group")) && names.some((n) => n.includes("member"))) {
    return "memberships";
  }
  if (names.includes("serialnumber") || names.includes("platform")) return "devices";
  if (!names.some((n) => n.includes("mail") || n.includes("user") || n.includes("login"))) {
    if (names.some((n) => n === "displayname" || n.endsWith("name"))) return "groups";
  }
  return "users";
}

export interface Guess {
  /** Target attribute -> source column. */
  matched: { target: string; column: string }[];
  /** Columns with no standard match: sent as custom attributes under `target`. */
  custom: { target: string; column: string }[];
}

export function guessMapping(kind: BulkKind, header: readonly string[]): Guess {
  const targets = standardAttributes(kind);
  const free = new Set(header);
  const matched: Guess["matched"] = [];
  // Three rounds, most certain first, so "Email" takes email before "Work Email" is considered.
  const rounds: ((target: string, column: string) => boolean)[] = [
    (t, c) => norm(t) === norm(c),
    (t, c) => (SYNONYMS[t] ?? []).includes(norm(c)),
    (t, c) => norm(c).length > 3 && distance(norm(t), norm(c)) <= 2,
  ];
  for (const round of rounds) {
    for (const target of targets) {
      if (matched.some((m) => m.target === target)) continue;
      const column = header.find((c) => free.has(c) && round(target, c));
      if (column === undefined) continue;
      matched.push({ target, column });
      free.delete(column);
    }
  }
  // Okta's users need a userName; an export usually has only the work email, which is the usual
  // login, so it is reused.
  const email = matched.find((m) => m.target === "email");
  if (kind === "users" && email && !matched.some((m) => m.target === "userName")) {
    matched.push({ target: "userName", column: email.column });
  }
  matched.sort((a, b) => targets.indexOf(a.target) - targets.indexOf(b.target));
  const closed = kind !== "users" && kind !== "groups";
  const taken = new Set(matched.map((m) => m.target));
  const custom: Guess["custom"] = [];
  if (!closed) {
    for (const column of header) {
      if (!free.has(column)) continue;
      let target = ATTRIBUTE_NAME.test(column) ? column : suggestName(column);
      while (taken.has(target)) target += "_";
      taken.add(target);
      custom.push({ target, column });
    }
  }
  return { matched, custom };
}

/** The guess as a mapping file (YAML) with comments saying what to check. */
export function mappingYaml(kind: BulkKind, guess: Guess, source: string): string {
  const template = (target: string, column: string) => {
    const filter = target === "email" || target === "userName" || target === "secondEmail";
    return JSON.stringify(`{${column}${filter ? " | trim | lower" : ""}}`);
  };
  const lines = [
    `# Starter mapping for ${source}, guessed by okta-idsrc inspect: check every line, then`,
    "# pass the file with --mapping. Templates: {Column}, filters | lower | upper | trim,",
    '# and | default: Other Column (or | default: "text") for empty cells.',
    `${kind}:`,
  ];
  const required =
    kind === "users"
      ? ["externalId", "userName", "email"]
      : kind === "memberships" || kind === "deletedMemberships"
        ? ["groupExternalId", "memberExternalId"]
        : ["externalId"];
  for (const target of required) {
    if (!guess.matched.some((m) => m.target === target)) {
      lines.push(`  # ${target}: "{...}"   # no column matched; required`);
    }
  }
  for (const { target, column } of guess.matched)
    lines.push(`  ${target}: ${template(target, column)}`);
  if (guess.custom.length > 0) {
    lines.push(
      "  # Custom attributes (they must exist in the identity source's profile; delete the",
    );
    lines.push("  # lines you do not want to send):");
    for (const { target, column } of guess.custom)
      lines.push(`  ${target}: ${template(target, column)}`);
  }
  return `${lines.join("\n")}\n`;
}
