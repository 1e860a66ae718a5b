// Loads a --mapping file (YAML or JSON): top-level keys are kinds, each maps a target attribute
// to a column template (template.ts). Every problem is reported with the file, the key and what
// is wrong, before any input file is read.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import type { BulkKind } from "../../bulk-bodies.js";
import { InputFileError } from "../input/errors.js";
import { KIND_SPECS } from "../input/kinds.js";
import { ATTRIBUTE_NAME } from "../input/profile-check.js";
import { cellOf, nearestName } from "../input/rows.js";
import type { RowMapper } from "../input/rows.js";
import { parseTemplate, TemplateError } from "./template.js";
import type { Template } from "./template.js";

export interface Mapping {
  /** The file it was read from. */
  path: string;
  /** The mapper for one kind, or undefined when the file does not map that kind. */
  forKind(kind: BulkKind): RowMapper | undefined;
}

/** The targets each kind must map, and for closed kinds the only ones it may. */
const FIXED: Partial<Record<BulkKind, readonly string[]>> = {
  memberships: ["groupExternalId", "memberExternalId"],
  deletedMemberships: ["groupExternalId", "memberExternalId"],
  deletedUsers: ["externalId"],
  deletedGroups: ["externalId"],
  deletedDevices: ["externalId"],
  devices: ["externalId", "serialNumber", "platform", "displayName"],
};

/** Kind names as keys, and the CLI's flag names (delete-users) as aliases. */
const KINDS = new Map<string, BulkKind>(
  KIND_SPECS.flatMap((s) => [
    [s.kind, s.kind],
    [s.flag, s.kind],
  ]),
);

export async function loadMapping(path: string): Promise<Mapping> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new InputFileError(`--mapping ${path}: cannot read the file (${(e as Error).message})`);
  }
  const fail = (message: string): never => {
    throw new InputFileError(`--mapping ${path}: ${message}`);
  };
  let doc: unknown;
  const ext = extname(path).toLowerCase();
  try {
    if (ext === ".json") doc = JSON.parse(text);
    else if (ext === ".yaml" || ext === ".yml") {
      const { parse } = await import("yaml");
      doc = parse(text, { uniqueKeys: true });
    } else fail(`unknown mapping format "${ext}" (use .yaml, .yml or .json)`);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    fail(`not valid ${ext === ".json" ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObject(doc))
    fail("expected an object whose keys are kinds (users, groups, memberships, ...)");
  const kinds = new Map<BulkKind, Map<string, Template>>();
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const kind = KINDS.get(key);
    if (!kind) {
      const near = nearestName(key, [...KINDS.keys()]);
      fail(
        `"${key}" is not a kind${near ? ` (did you mean "${near}"?)` : ""}; the kinds are ` +
          KIND_SPECS.map((s) => s.kind).join(", "),
      );
    }
    if (kinds.has(kind!)) fail(`"${key}": kind ${kind} is mapped twice`);
    if (!isObject(value)) fail(`${key}: expected an object of attribute: "{Column}" pairs`);
    const targets = new Map<string, Template>();
    for (const [target, source] of Object.entries(value as Record<string, unknown>)) {
      const at = `${key}.${target}`;
      const fixed = FIXED[kind!];
      if (fixed && !fixed.includes(target)) {
        fail(`${at}: ${kind} has no attribute "${target}"; its attributes are ${fixed.join(", ")}`);
      }
      if (!fixed && target !== "externalId" && !ATTRIBUTE_NAME.test(target)) {
        fail(
          `${at}: "${target}" is not a name Okta accepts for an attribute (a letter, then letters, digits or _)`,
        );
      }
      if (typeof source !== "string")
        fail(`${at}: expected a template string such as "{Column Name}"`);
      try {
        targets.set(target, parseTemplate(source as string));
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        fail(`${at}: template ${JSON.stringify(source)} ${e.message}`);
      }
    }
    const required = KIND_SPECS.find((s) => s.kind === kind)!.columns;
    const missing = required.filter((name) => !targets.has(name));
    if (missing.length > 0) fail(`${key}: must map ${missing.join(", ")}`);
    kinds.set(kind!, targets);
  }
  return {
    path,
    forKind(kind) {
      const targets = kinds.get(kind);
      return targets ? createMapper(path, kind, targets) : undefined;
    },
  };
}

function createMapper(
  mappingPath: string,
  kind: BulkKind,
  targets: Map<string, Template>,
): RowMapper {
  const entries = [...targets];
  let unmapped: string[] = [];
  return {
    header(path, line, columns) {
      const used = new Set<string>();
      for (const [target, template] of entries) {
        for (const column of template.columns) {
          used.add(column);
          if (columns.includes(column)) continue;
          const near = nearestName(column, columns);
          throw new InputFileError(
            `${path}:${line}: mapping ${mappingPath} ${kind}.${target} reads column "${column}", ` +
              `which the file does not have${near ? ` (did you mean "${near}"?)` : ""}`,
          );
        }
      }
      unmapped = columns.filter((c) => !used.has(c));
      return entries.map(([target]) => target);
    },
    row(value) {
      const cell = (column: string) => {
        const v = cellOf(value, column);
        return typeof v === "string" ? v : "";
      };
      const out: Record<string, string> = {};
      for (const [target, template] of entries) {
        const v = template.render(cell);
        if (v !== undefined) out[target] = v;
      }
      return out;
    },
    unmapped: () => unmapped,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
