// What each input file holds and how a row becomes the entity the importer sends, with the checks
// Okta would otherwise answer with a 400 for a whole request (limits from src/limits.ts).
//
// Empty CSV cells: an empty cell OMITS the attribute (it is sent neither as null nor as ""). CSV
// cannot tell "no value" from "empty value"; "" breaks the minimum lengths of named attributes
// (email, firstName, displayName, ...) and email/userName must not be null. To clear an
// attribute explicitly, use JSON or NDJSON input with `null`.
import { BULK } from "../../../generated/registry.js";
import { BULK_RULES, type ObjectRule, type Rule } from "../../../generated/rules.js";
import type { BulkItems, BulkKind } from "../../bulk-bodies.js";
import { OktaValidationError } from "../../core/errors.js";
import { checkBulk } from "../../client/validate-bodies.js";
import { LIMITS, MAX_BULK_BYTES } from "../../limits.js";
import { plural } from "../plural.js";
import type { Row } from "./rows.js";

type Range = { readonly min: number; readonly max: number };

/**
 * A row's problems, and the one field (column or attribute) they are all about: null when they
 * concern several fields or the row as a whole. Unset until the first problem, so a valid row
 * costs nothing more.
 */
export type Problems = string[] & { field?: string | null };

function problem(problems: Problems, field: string | null, message: string): void {
  problems.field = problems.length === 0 || problems.field === field ? field : null;
  problems.push(message);
}

export interface Mapped {
  entity?: BulkItems[BulkKind];
  /** The externalId that must be unique in the file (upsert kinds only). */
  key?: string;
  /** Entities the row stands for: 1, or the members of a membership row. */
  count: number;
  problems: Problems;
}

export interface KindSpec {
  kind: BulkKind;
  /** The CLI flag that names the file. */
  flag: string;
  /** CSV columns the header must have. */
  columns: readonly string[];
  /**
   * `validated`: the row passed every check of the validation pass and is read again (upload);
   * the costly per-row client check is skipped (the client checks each request before sending).
   */
  map(row: Row, validated?: boolean): Mapped;
}

const DEVICE_FIELDS = ["serialNumber", "platform", "displayName"];
const FOUR_BYTE = /[\u{10000}-\u{10FFFF}]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const ANY_LENGTH: Range = { min: 0, max: Infinity };

// The checks below run on every cell of a million-row file, twice: they push into the caller's
// `problems` and iterate with for-in, so a valid row allocates no arrays (Object.entries and
// spread arrays per cell were the largest share of the validation pass's garbage).

/** Adds the problems with one string value (length, 4-byte characters, undecodable bytes). */
function checkText(name: string, value: string, range: Range, problems: Problems): void {
  if (value.length < range.min)
    problem(problems, name, `${name} is shorter than ${plural(range.min, "character")}`);
  if (value.length > range.max) {
    problem(
      problems,
      name,
      `${name} is ${value.length} characters long; the limit is ${range.max}`,
    );
  }
  const four = FOUR_BYTE.exec(value);
  if (four) {
    const cp = four[0].codePointAt(0)!.toString(16).toUpperCase();
    problem(
      problems,
      name,
      `${name} contains U+${cp}, a 4-byte UTF-8 character, which Okta does not accept`,
    );
  } else if (LONE_SURROGATE.test(value)) {
    problem(problems, name, `${name} contains an unpaired surrogate`);
  }
  if (value.includes("\uFFFD")) {
    problem(
      problems,
      name,
      `${name} has bytes that are not valid in the file's encoding (UTF-8 unless --encoding ` +
        "says otherwise; an Excel or Latin-1 export may need --encoding windows-1252)",
    );
  }
}

function requiredId(name: string, value: unknown, max: number, problems: Problems): string {
  if (typeof value !== "string" || value === "") {
    problem(problems, name, `${name} is missing`);
    return "";
  }
  checkText(name, value, { min: 1, max }, problems);
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Splits a row into externalId and profile: nested `{externalId, profile}` or flat columns. */
function splitProfile(row: Row, problems: Problems) {
  const value = row.value;
  if (!isObject(value)) {
    problem(problems, null, "row must be an object");
    return { id: undefined, profile: {} as Record<string, string | null> };
  }
  const source = !row.csv && isObject(value["profile"]) ? value["profile"] : value;
  const profile: Record<string, string | null> = {};
  for (const name in source) {
    if (!Object.hasOwn(source, name)) continue;
    if (source === value && name === "externalId") continue;
    const v = source[name];
    if (row.csv && v === "") continue; // empty cell: omit (see the file comment)
    if (v === null || typeof v === "string") profile[name] = v;
    else problem(problems, name, `${name} must be a string or null`);
  }
  return { id: value["externalId"], profile };
}

function checkProfile(
  profile: Record<string, string | null>,
  limits: Record<string, Range>,
  notNull: readonly string[],
  problems: Problems,
) {
  for (const name in profile) {
    if (!Object.hasOwn(profile, name)) continue;
    const v = profile[name];
    if (v === null || v === undefined) {
      if (notNull.includes(name)) problem(problems, name, `${name} must not be null`);
      continue;
    }
    checkText(name, v, limits[name] ?? ANY_LENGTH, problems);
  }
}

function profileKind(
  kind: BulkKind,
  flag: string,
  idMax: number,
  limits: Record<string, Range>,
  required: readonly string[],
  notNull: readonly string[],
  closed: boolean,
): KindSpec {
  return {
    kind,
    flag,
    columns: ["externalId", ...required],
    map(row, validated) {
      const problems: Problems = [];
      const { id, profile } = splitProfile(row, problems);
      const externalId = requiredId("externalId", id, idMax, problems);
      for (const name of required) {
        if (profile[name] === undefined || profile[name] === null)
          problem(problems, name, `${name} is missing`);
      }
      if (closed) {
        for (const name of Object.keys(profile)) {
          if (!(name in limits))
            problem(problems, name, `${name} is not a ${kind.slice(0, -1)} attribute`);
        }
      }
      checkProfile(profile, limits, notNull, problems);
      const entity = { externalId, profile } as BulkItems[typeof kind];
      return {
        entity,
        key: externalId,
        count: 1,
        problems: validated ? problems : withClientChecks(kind, entity, problems),
      };
    },
  };
}

function deleteKind(kind: BulkKind, flag: string, idMax: number): KindSpec {
  return {
    kind,
    flag,
    columns: ["externalId"],
    map(row, validated) {
      const problems: Problems = [];
      const v = row.value;
      const id = typeof v === "string" && !row.csv ? v : isObject(v) ? v["externalId"] : undefined;
      const externalId = requiredId("externalId", id, idMax, problems);
      return {
        entity: externalId,
        count: 1,
        problems: validated ? problems : withClientChecks(kind, externalId, problems),
      };
    },
  };
}

function membershipKind(kind: BulkKind, flag: string): KindSpec {
  return {
    kind,
    flag,
    columns: ["groupExternalId", "memberExternalId"],
    map(row, validated) {
      const problems: Problems = [];
      const v = isObject(row.value) ? row.value : {};
      if (!isObject(row.value)) problem(problems, null, "row must be an object");
      const group = requiredId(
        "groupExternalId",
        v["groupExternalId"],
        LIMITS.groupExternalId,
        problems,
      );
      const given = Array.isArray(v["memberExternalIds"])
        ? v["memberExternalIds"]
        : [v["memberExternalId"]];
      const members = given.map((m, i) =>
        requiredId(
          given.length > 1 ? `memberExternalIds[${i}]` : "memberExternalId",
          m,
          LIMITS.memberExternalId,
          problems,
        ),
      );
      const entity = { groupExternalId: group, memberExternalIds: members };
      const checked = validated ? problems : withClientChecks(kind, entity, problems);
      return { entity, count: members.length, problems: checked };
    },
  };
}

/**
 * The client checks every bulk request before sending it; running the same check on each row here
 * guarantees that a row which passes validation can never fail the import midway (for example an
 * entity larger than one request on its own).
 */
function withClientChecks(kind: BulkKind, entity: unknown, problems: Problems): Problems {
  if (problems.length > 0) return problems;
  try {
    checkBulk(kind, [entity] as BulkItems[BulkKind][]);
  } catch (e) {
    if (!(e instanceof OktaValidationError)) throw e;
    // The importer splits a membership entry too large for one request; only members must fit.
    const splittable = BULK[kind].shape === "links";
    if (splittable && e.limit === MAX_BULK_BYTES) return problems;
    const strip = (text: string) =>
      text.replace(/^[A-Za-z]+\[0\]\.?/, "").replace(/^profile\./, "");
    // An ID alone (a delete kind) is named by its index only: its field is the externalId.
    const field = strip(e.field) || (typeof entity === "string" ? "externalId" : null);
    problem(problems, field, strip(e.message));
  }
  return problems;
}

/**
 * The kinds with rules of their own, beyond the spec's: a groups file must have a displayName
 * column, users' email and userName may be omitted but not null.
 */
const TUNED: readonly KindSpec[] = [
  profileKind(
    "users",
    "users",
    LIMITS.userExternalId,
    LIMITS.user,
    [],
    ["email", "userName"],
    false,
  ),
  profileKind(
    "groups",
    "groups",
    LIMITS.groupExternalId,
    LIMITS.group,
    ["displayName"],
    ["displayName"],
    false,
  ),
  membershipKind("memberships", "memberships"),
  profileKind(
    "devices",
    "devices",
    LIMITS.deviceExternalId,
    LIMITS.device,
    DEVICE_FIELDS,
    DEVICE_FIELDS,
    true,
  ),
  deleteKind("deletedUsers", "delete-users", LIMITS.userExternalId),
  deleteKind("deletedGroups", "delete-groups", LIMITS.groupExternalId),
  membershipKind("deletedMemberships", "delete-memberships"),
  deleteKind("deletedDevices", "delete-devices", LIMITS.deviceExternalId),
];

const maxOf = (rule: Rule | undefined): number =>
  rule !== undefined && rule.t === "string" && rule.max !== undefined ? rule.max : Infinity;

/**
 * The input of a bulk kind the CLI has no rules of its own for, read from the spec's rules: its
 * flag is the entity kind's name (`--things`, `--delete-things`), its ID limit, attribute lengths,
 * required and non-null attributes, and whether other attributes are refused, are the request
 * schema's.
 */
function derivedKind(kind: BulkKind): KindSpec {
  const bulk = BULK[kind];
  const flag = bulk.action === "delete" ? `delete-${bulk.kind}` : bulk.kind;
  const item = BULK_RULES[kind].of as Rule;
  if (bulk.shape === "links") return membershipKind(kind, flag);
  if (bulk.shape === "ids") return deleteKind(kind, flag, maxOf(item));
  const entity = item as ObjectRule;
  const profile = (entity.props["profile"] ?? { t: "object", props: {}, req: [] }) as ObjectRule;
  const limits: Record<string, Range> = {};
  const notNull: string[] = [];
  for (const [name, rule] of Object.entries(profile.props)) {
    const text = rule.t === "string" ? rule : undefined;
    limits[name] = { min: text?.min ?? 0, max: text?.max ?? Infinity };
    if (!text?.nullable) notNull.push(name);
  }
  const idMax = maxOf(entity.props["externalId"]);
  return profileKind(kind, flag, idMax, limits, profile.req, notNull, profile.extra === false);
}

const tuned = new Set(TUNED.map((spec) => spec.kind));
const kinds = Object.keys(BULK) as BulkKind[];
const derived = (action: "upsert" | "delete") =>
  kinds.filter((k) => BULK[k].action === action && !tuned.has(k)).map(derivedKind);

/**
 * Every input kind of the operation registry, in the order the CLI lists them: upserts, then
 * deletes, a kind without rules of its own after those with.
 */
/** A kind's input as the commands' help lists it: `--<flag> FILE` and its columns. */
export const kindHelpLine = (spec: KindSpec): string =>
  `  ${`--${spec.flag} FILE`.padEnd(27)}${spec.columns.join(", ")}\n`;

export const KIND_SPECS: readonly KindSpec[] = [
  ...TUNED.filter((spec) => BULK[spec.kind].action === "upsert"),
  ...derived("upsert"),
  ...TUNED.filter((spec) => BULK[spec.kind].action === "delete"),
  ...derived("delete"),
];
