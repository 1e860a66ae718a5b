// Reads the bundled spec's x-idsrc-* extensions and request schemas, and writes two plain data
// modules: the operation registry (generated/registry.ts) and the client's pre-send validation
// rules (generated/rules.ts). Everything here is derived; a spec that the code could not serve
// (a bulk upload without a list, limits that disagree with maxItems, a format the checker does
// not know) stops the generation with a message naming the operation or schema.
import formats from "ajv-formats/dist/formats.js";

const METHODS = ["get", "post", "put", "patch", "delete"];
const SCHEMA_REF = "#/components/schemas/";

const fail = (message) => {
  throw new Error(`generate: ${message}`);
};
const capitalize = (s) => s[0].toUpperCase() + s.slice(1);
const literal = (value) => JSON.stringify(value);

/** Every operation of the document, in the document's order. */
function operationsOf(document) {
  const list = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      if (item[method]) list.push({ path, method: method.toUpperCase(), op: item[method], item });
    }
  }
  return list;
}

function deref(document, node) {
  let seen = 0;
  while (node?.$ref) {
    if (++seen > 20) fail(`$ref loop at ${node.$ref}`);
    const parts = node.$ref.slice(2).split("/");
    node = parts.reduce((n, p) => n?.[p.replace(/~1/g, "/").replace(/~0/g, "~")], document);
  }
  return node;
}

const schemaName = (node) =>
  typeof node?.$ref === "string" && node.$ref.startsWith(SCHEMA_REF)
    ? node.$ref.slice(SCHEMA_REF.length)
    : undefined;

function scopeOf(document, op) {
  for (const requirement of op.security ?? document.security ?? []) {
    const scopes = requirement.oauth2;
    if (Array.isArray(scopes) && typeof scopes[0] === "string") return scopes[0];
  }
  return undefined;
}

const bodySchemaOf = (document, op) =>
  deref(document, op.requestBody)?.content?.["application/json"]?.schema;

/**
 * What the importer, the client and the mock need to build and read a bulk body: the property
 * that holds the entities, constant properties (`entityType: USERS`), and whether each entity is
 * sent as `{ externalId }` although callers pass the bare ID.
 */
function bulkShape(document, operationId, bodySchema) {
  const body = deref(document, bodySchema);
  const props = body?.properties ?? fail(`${operationId}: the request body has no properties`);
  const lists = Object.keys(props).filter((name) => deref(document, props[name])?.type === "array");
  if (lists.length !== 1) fail(`${operationId}: the body needs exactly one array property`);
  const [list] = lists;
  const constants = {};
  for (const name of body.required ?? []) {
    const prop = deref(document, props[name]);
    if (name !== list && Array.isArray(prop?.enum) && prop.enum.length === 1) {
      constants[name] = prop.enum[0];
    }
  }
  const array = deref(document, props[list]);
  const itemSchema = array.items;
  const item = deref(document, itemSchema);
  const itemProps = Object.keys(item?.properties ?? {});
  // A list of `{ externalId }` objects: callers pass the IDs.
  const wrap = item?.type === "object" && itemProps.length === 1 ? itemProps[0] : undefined;
  let shape;
  if (wrap || item?.type === "string") shape = "ids";
  else if (itemProps.includes("externalId") && itemProps.includes("profile")) shape = "entities";
  else if (itemProps.includes("groupExternalId") && itemProps.includes("memberExternalIds"))
    shape = "links";
  else fail(`${operationId}: entities must be IDs, { externalId, profile } or group links`);
  const itemType = wrap
    ? "string"
    : item.type === "string"
      ? "string"
      : `components["schemas"][${literal(schemaName(itemSchema) ?? fail(`${operationId}: name the item schema`))}]`;
  return {
    list,
    constants,
    wrap,
    shape,
    itemType,
    minItems: array.minItems ?? 0,
    maxItems: array.maxItems,
  };
}

/** The registry: one entry per operation, and one per bulk kind. */
export function buildRegistry(document) {
  const operations = [];
  const bulk = [];
  let sessionLimits;
  for (const { path, method, op } of operationsOf(document)) {
    const id = op.operationId ?? fail(`${method} ${path} has no operationId`);
    if (typeof op["x-idsrc-idempotent"] !== "boolean") fail(`${id}: x-idsrc-idempotent missing`);
    const ext = op["x-idsrc-bulk"];
    const limits = op["x-idsrc-limits"];
    if (op["x-idsrc-session-limits"]) {
      if (sessionLimits) fail(`${id}: x-idsrc-session-limits is declared twice`);
      sessionLimits = op["x-idsrc-session-limits"];
    }
    operations.push({
      operationId: id,
      method,
      path,
      scope: scopeOf(document, op),
      idempotent: op["x-idsrc-idempotent"],
      kind: ext?.kind,
      action: ext?.action,
      limits,
      resource: op["x-idsrc-realtime"]?.resource,
    });
    if (!ext) continue;
    if (!limits) fail(`${id}: a bulk upload needs x-idsrc-limits`);
    const shape = bulkShape(document, id, bodySchemaOf(document, op));
    if (shape.maxItems !== limits.maxEntities) {
      fail(`${id}: maxItems ${shape.maxItems} differs from maxEntities ${limits.maxEntities}`);
    }
    // `source.import()` data keys: `users` uploads users, `deletedUsers` deletes them.
    const name = ext.action === "upsert" ? ext.kind : `deleted${capitalize(ext.kind)}`;
    if (bulk.some((b) => b.name === name)) fail(`${id}: a second ${ext.action} of ${ext.kind}`);
    if ((shape.shape === "links") !== (ext.owner !== undefined)) {
      fail(`${id}: x-idsrc-bulk owner is required on uploads of links and refused on others`);
    }
    bulk.push({
      name,
      operationId: id,
      kind: ext.kind,
      action: ext.action,
      effect: ext.action === "delete" ? (ext.effect ?? "remove") : undefined,
      owner: ext.owner,
      method: `${ext.action}${capitalize(ext.kind)}`,
      path,
      suffix: path.slice(path.lastIndexOf("/") + 1),
      idempotent: op["x-idsrc-idempotent"],
      ...limits,
      summary: op.summary,
      ...shape,
    });
  }
  if (!sessionLimits) fail("no operation declares x-idsrc-session-limits");
  return { operations, bulk, sessionLimits, ...kindsOf(bulk) };
}

/**
 * The kinds incremental sync can keep: an entity kind has an upsert of `{ externalId, profile }`
 * entities and a delete by ID; a links kind has an upsert and a delete of links, and an owner
 * that is an entity kind. Each with the `source.import()` data keys of its upsert and delete.
 */
function kindsOf(bulk) {
  const find = (kind, action) => bulk.find((b) => b.kind === kind && b.action === action);
  const entityKinds = {};
  const linkKinds = {};
  for (const upsert of bulk) {
    if (upsert.action !== "upsert") continue;
    const remove = find(upsert.kind, "delete");
    if (upsert.shape === "entities" && remove?.shape === "ids") {
      entityKinds[upsert.kind] = { upsert: upsert.name, delete: remove.name };
    }
  }
  for (const upsert of bulk) {
    if (upsert.action !== "upsert" || upsert.shape !== "links") continue;
    const remove = find(upsert.kind, "delete");
    if (remove?.shape !== "links")
      fail(`${upsert.operationId}: links of ${upsert.kind} need a delete of links`);
    if (remove.owner !== upsert.owner) {
      fail(
        `${remove.operationId}: owner ${remove.owner} differs from the upsert's ${upsert.owner}`,
      );
    }
    if (!entityKinds[upsert.owner]) {
      fail(
        `${upsert.operationId}: owner ${upsert.owner} is not an entity kind with an upsert of entities and a delete by ID`,
      );
    }
    linkKinds[upsert.kind] = { upsert: upsert.name, delete: remove.name, owner: upsert.owner };
  }
  return { entityKinds, linkKinds };
}

const docComment = (text, indent = "") =>
  `${indent}/** ${String(text).replace(/\*\//g, "*\\/").replace(/\s+/g, " ").trim()} */\n`;

/** The source text of generated/registry.ts. */
export function registryModule({ operations, bulk, sessionLimits, entityKinds, linkKinds }) {
  const opRows = operations
    .map((o) => {
      const entry = {
        operationId: o.operationId,
        method: o.method,
        path: o.path,
        scope: o.scope ?? null,
        idempotent: o.idempotent,
        kind: o.kind ?? null,
        action: o.action ?? null,
        limits: o.limits ?? null,
        resource: o.resource ?? null,
      };
      return `  ${o.operationId}: ${literal(entry)},`;
    })
    .join("\n");
  const bulkRows = bulk
    .map((b) => {
      const entry = {
        operationId: b.operationId,
        kind: b.kind,
        action: b.action,
        effect: b.effect ?? null,
        owner: b.owner ?? null,
        method: b.method,
        path: b.path,
        suffix: b.suffix,
        idempotent: b.idempotent,
        maxEntities: b.maxEntities,
        maxBytes: b.maxBytes,
        minItems: b.minItems,
        list: b.list,
        constants: b.constants,
        wrap: b.wrap ?? null,
        shape: b.shape,
      };
      return `  ${b.name}: ${literal(entry)},`;
    })
    .join("\n");
  const items = bulk.map((b) => `  ${b.name}: ${b.itemType};`).join("\n");
  const methods = bulk
    .map((b) => `${docComment(b.summary, "  ")}  ${b.method}: BulkItems[${literal(b.name)}];`)
    .join("\n");
  return `import type { components } from "./openapi.js";

/** One operation of the spec: what a client, a retry policy or a mock needs to know about it. */
export interface RegistryOperation {
  readonly operationId: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path template, as in \`paths\`. */
  readonly path: string;
  /** The OAuth scope the operation needs (an API token needs none). */
  readonly scope: string | null;
  /** Whether sending the request twice leaves the same state as sending it once (x-idsrc-idempotent). */
  readonly idempotent: boolean;
  /** The entity kind a bulk upload carries (x-idsrc-bulk). */
  readonly kind: string | null;
  readonly action: "upsert" | "delete" | null;
  /** Per-request limits of a bulk upload (x-idsrc-limits). */
  readonly limits: { readonly maxEntities: number; readonly maxBytes: number } | null;
  /** The resource a real-time operation acts on (x-idsrc-realtime). */
  readonly resource: string | null;
}

/** Every operation of the spec, by operationId, in the spec's order. */
export const OPERATIONS = {
${opRows}
} as const satisfies Record<string, RegistryOperation>;

/** The operationIds of the spec. */
export type OperationId = keyof typeof OPERATIONS;

/** One bulk upload, under the name \`source.import()\` data uses for it. */
export interface RegistryBulk {
  readonly operationId: OperationId;
  readonly kind: string;
  readonly action: "upsert" | "delete";
  /** What a processed delete does: remove the entity, or deactivate it (users). */
  readonly effect: "remove" | "deactivate" | null;
  /** Links only: the entity kind each link belongs to; removing one of its entities removes its links. */
  readonly owner: string | null;
  /** The \`source.sessions\` method that uploads it. */
  readonly method: string;
  readonly path: string;
  /** The last path segment, after \`/sessions/{sessionId}/\`. */
  readonly suffix: string;
  readonly idempotent: boolean;
  readonly maxEntities: number;
  /** Most bytes of JSON one request may carry. */
  readonly maxBytes: number;
  /** Fewest entities one request may carry (0: an empty upload is accepted). */
  readonly minItems: number;
  /** The body property that holds the entities. */
  readonly list: string;
  /** Body properties with one allowed value, sent as is. */
  readonly constants: Readonly<Record<string, string>>;
  /** Entities are sent as \`{ [wrap]: id }\` although callers pass the bare ID. */
  readonly wrap: string | null;
  /** IDs, \`{ externalId, profile }\` entities, or group-to-members links. */
  readonly shape: "ids" | "entities" | "links";
}

/** Every bulk upload, by the name \`source.import()\` data uses for it, in the spec's order. */
export const BULK = {
${bulkRows}
} as const satisfies Record<string, RegistryBulk>;

/** One entity kind a bulk request carries; the names match the keys of \`source.import()\` data. */
export type BulkKind = keyof typeof BULK;

/** What a caller passes for each kind. */
export interface BulkItems {
${items}
}

/** The bulk-upload methods of \`source.sessions\`, with the items each takes. */
export interface BulkMethodItems {
${methods}
}

/**
 * The method of each bulk kind, apart from \`BULK\` so the client can name its upload methods
 * without loading the whole registry up front.
 */
export const BULK_METHODS = ${literal(Object.fromEntries(bulk.map((b) => [b.name, b.method])))} as const satisfies Record<BulkKind, string>;

/**
 * The entity kinds incremental sync fingerprints, in the spec's order: each has an upsert of
 * \`{ externalId, profile }\` entities and a delete by ID, under these \`source.import()\` data keys.
 */
export const ENTITY_KINDS = ${literal(entityKinds)} as const satisfies Record<string, { readonly upsert: BulkKind; readonly delete: BulkKind }>;

/** An entity kind sync fingerprints (\`users\`, \`groups\`, ...). */
export type BulkEntityKind = keyof typeof ENTITY_KINDS;

/**
 * The kinds of group-to-members links, kept by sync as pairs: the data keys of their adds and
 * removes, and the entity kind that owns them (removing one of its entities removes its links).
 */
export const LINK_KINDS = ${literal(linkKinds)} as const satisfies Record<string, { readonly upsert: BulkKind; readonly delete: BulkKind; readonly owner: BulkEntityKind }>;

/** A kind of links (\`memberships\`). */
export type BulkLinkKind = keyof typeof LINK_KINDS;

/** The strictest per-request limits over all bulk uploads (each one's own are in \`BULK\`). */
export const REQUEST_LIMITS = ${literal({
    maxEntities: Math.min(...bulk.map((b) => b.maxEntities)),
    maxBytes: Math.min(...bulk.map((b) => b.maxBytes)),
  })} as const;

/** Limits of one import session (x-idsrc-session-limits). */
export const SESSION_LIMITS = ${literal(sessionLimits)} as const;

/**
 * Whether each operation is safe to repeat (x-idsrc-idempotent), by \`"METHOD path"\`: apart from
 * \`OPERATIONS\` so the retry policy can ask without loading the whole registry up front.
 */
export const IDEMPOTENT: Readonly<Record<string, boolean>> = ${literal(
    Object.fromEntries(operations.map((o) => [`${o.method} ${o.path}`, o.idempotent])),
  )};
`;
}

// ---- Validation rules ----------------------------------------------------------------------

// A string property with one of these names, and the items of an array named like their plural,
// is an identifier: non-empty, never "." or "..", and named so in errors.
const isIdName = (name) => /(^e|E)xternalId$/.test(name);
const isIdListName = (name) => /(^e|E)xternalIds$/.test(name);

function typesOf(schema) {
  const t = schema.type;
  return Array.isArray(t) ? t : t === undefined ? [] : [t];
}

/** Intersects two rules of the same value (allOf). */
function merge(a, b) {
  if (a.t !== b.t) fail(`allOf mixes ${a.t} and ${b.t}`);
  if (a.t === "object") {
    const props = { ...a.props };
    for (const [name, rule] of Object.entries(b.props)) {
      props[name] = props[name] ? merge(props[name], rule) : rule;
    }
    const out = { t: "object", props, req: [...new Set([...a.req, ...b.req])] };
    const extra = a.extra !== undefined ? a.extra : b.extra;
    if (extra !== undefined) out.extra = extra;
    return out;
  }
  const out = { ...a, ...b };
  for (const key of ["min"])
    if (a[key] !== undefined && b[key] !== undefined) out[key] = Math.max(a[key], b[key]);
  for (const key of ["max"])
    if (a[key] !== undefined && b[key] !== undefined) out[key] = Math.min(a[key], b[key]);
  if (!(a.nullable && b.nullable)) delete out.nullable;
  return out;
}

/**
 * Turns request schemas into the checker's rules. A named schema becomes one constant, written
 * once and shared where the spec shares it; inside other rules it is a `{ $named }` placeholder.
 */
class RuleWriter {
  constructor(document) {
    this.document = document;
    this.named = new Map();
    // Names in the order their rules were finished: a rule comes after the ones it refers to.
    this.done = [];
    this.formats = new Set();
  }

  /** The rule of a named schema, built once. */
  define(ref) {
    if (!this.named.has(ref)) {
      this.named.set(ref, undefined);
      this.named.set(ref, this.build(this.document.components.schemas[ref], undefined, ref));
      this.done.push(ref);
    }
    return this.named.get(ref);
  }

  /** A nested rule; `name` is the property it describes (identifiers are told by their name). */
  resolved(node, name, context) {
    const ref = schemaName(node);
    if (ref && !isIdName(name ?? "")) {
      this.define(ref);
      return { $named: ref };
    }
    return this.build(node, name, context);
  }

  /** A rule with no placeholder at its top, for allOf to intersect. */
  full(node, name, context) {
    const rule = this.resolved(node, name, context);
    return rule.$named ? this.define(rule.$named) : rule;
  }

  build(schema, name, context) {
    schema = deref(this.document, schema);
    if (schema.allOf) {
      return schema.allOf.map((part) => this.full(part, name, context)).reduce(merge);
    }
    if (schema.anyOf || schema.oneOf) fail(`${context}: anyOf/oneOf in a request body`);
    const types = typesOf(schema);
    const nullable = types.includes("null");
    const main = types.filter((t) => t !== "null");
    if (main.length > 1) fail(`${context}: more than one type`);
    const type = main[0] ?? (schema.properties ? "object" : undefined);
    if (type === "string") {
      const rule = { t: "string" };
      const id = isIdName(name ?? "");
      if (id) rule.id = true;
      if (schema.minLength !== undefined) rule.min = schema.minLength;
      // An identifier is never empty and never null, whatever the schema forgot to say.
      if (id) rule.min = Math.max(1, rule.min ?? 0);
      if (id && nullable) fail(`${context}: an identifier cannot be null`);
      if (schema.maxLength !== undefined) rule.max = schema.maxLength;
      if (nullable) rule.nullable = true;
      if (schema.format !== undefined) {
        if (!(formats.fullFormats[schema.format] instanceof RegExp)) {
          fail(`${context}: format ${schema.format} is not one the client can check`);
        }
        this.formats.add(schema.format);
        rule.format = schema.format;
      }
      if (schema.enum) rule.enum = schema.enum.filter((v) => v !== null);
      return rule;
    }
    if (type === "integer" || type === "number") {
      const rule = { t: type };
      if (schema.minimum !== undefined) rule.min = schema.minimum;
      if (schema.maximum !== undefined) rule.max = schema.maximum;
      return rule;
    }
    if (type === "array") {
      const itemName = isIdListName(name ?? "") ? "externalId" : undefined;
      const rule = { t: "array", of: this.resolved(schema.items, itemName, `${context}[]`) };
      if (schema.minItems !== undefined) rule.min = schema.minItems;
      if (schema.maxItems !== undefined) rule.max = schema.maxItems;
      return rule;
    }
    if (type === "object") {
      const props = {};
      for (const [prop, sub] of Object.entries(schema.properties ?? {})) {
        props[prop] = this.resolved(sub, prop, `${context}.${prop}`);
      }
      const rule = { t: "object", props, req: [...(schema.required ?? [])] };
      if (schema.additionalProperties === false) rule.extra = false;
      else if (typeof schema.additionalProperties === "object") {
        rule.extra = this.resolved(schema.additionalProperties, undefined, `${context}.*`);
      }
      return rule;
    }
    fail(`${context}: no type the checker knows`);
  }
}

/** The source text of generated/rules.ts, for the client's checks before a request is sent. */
export function rulesModule(document, registry) {
  const writer = new RuleWriter(document);
  const bulkRows = [];
  for (const b of registry.bulk) {
    const op = document.paths[b.path].post;
    const body = deref(document, bodySchemaOf(document, op));
    const list = deref(document, body.properties[b.list]);
    let item = list.items;
    if (b.wrap) item = deref(document, item).properties[b.wrap];
    const rule = writer.resolved(
      item,
      b.wrap ?? (b.shape === "ids" ? "externalId" : undefined),
      b.name,
    );
    const listRule = { t: "array", of: rule, min: b.minItems, max: b.maxEntities };
    bulkRows.push([b.name, listRule]);
  }
  // Plain numbers, apart from the rules, so a module that needs only a length (src/limits.ts,
  // loaded with the client) does not pull every rule in.
  const lengthRows = [];
  for (const b of registry.bulk) {
    if (b.shape !== "entities" || b.action !== "upsert") continue;
    const item = writer.full(
      deref(document, bodySchemaOf(document, document.paths[b.path].post)).properties[b.list],
      b.list,
      b.name,
    ).of;
    const entity = item.$named ? writer.define(item.$named) : item;
    const profile = entity.props.profile.$named
      ? writer.define(entity.props.profile.$named)
      : entity.props.profile;
    const attrs = {};
    for (const [name, rule] of Object.entries(profile.props)) {
      if (rule.t === "string") attrs[name] = { min: rule.min ?? 0, max: rule.max ?? null };
    }
    lengthRows.push([b.kind, { externalId: entity.props.externalId.max ?? null, profile: attrs }]);
  }
  // The checker reads strings, arrays and objects; numbers only occur in query parameters.
  const bodyOnly = (rule, context) => {
    if (rule.$named) return;
    if (rule.t === "integer" || rule.t === "number") {
      fail(`${context}: a number in a request body; teach src/client/validate-bodies.ts first`);
    }
    if (rule.t === "array") bodyOnly(rule.of, `${context}[]`);
    if (rule.t === "object") {
      for (const [name, sub] of Object.entries(rule.props)) bodyOnly(sub, `${context}.${name}`);
      if (rule.extra) bodyOnly(rule.extra, `${context}.*`);
    }
  };
  const bodyRows = [];
  for (const o of registry.operations) {
    if (o.kind !== undefined || !o.resource) continue;
    const op = document.paths[o.path][o.method.toLowerCase()];
    const schema = bodySchemaOf(document, op);
    if (schema) bodyRows.push([o.operationId, writer.resolved(schema, undefined, o.operationId)]);
  }
  const paramRows = new Map();
  for (const { path, method, op, item } of operationsOf(document)) {
    for (const param of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
      const p = deref(document, param);
      if (p.in !== "path" && p.in !== "query") continue;
      const rule = writer.build(
        p.schema,
        p.in === "path" ? "externalId" : p.name,
        `${method} ${path} ${p.name}`,
      );
      if (p.in === "path") rule.id = true;
      const text = literal(rule);
      const before = paramRows.get(p.name);
      if (before !== undefined && before !== text) fail(`parameter ${p.name} has two schemas`);
      paramRows.set(p.name, text);
    }
  }

  const out = (rule) => JSON.stringify(rule).replace(/\{"\$named":"(\w+)"\}/g, (_, ref) => ref);
  for (const [ref, rule] of writer.named) bodyOnly(rule, ref);
  for (const [name, rule] of bulkRows) bodyOnly(rule, name);
  for (const [id, rule] of bodyRows) bodyOnly(rule, id);
  const named = writer.done.map(
    (ref) => `const ${ref} = ${out(writer.named.get(ref))} as const satisfies Rule;`,
  );
  const formatRows = [...writer.formats]
    .sort()
    .map((name) => {
      const format = formats.fullFormats[name];
      if (!(format instanceof RegExp))
        fail(`format ${name} is not a regular expression in ajv-formats`);
      return `  ${literal(name)}: ${format.toString()},`;
    })
    .join("\n");

  return `import type { BulkKind, OperationId } from "./registry.js";

/** A string; \`id\`: an identifier (non-empty, never "." or ".."). Lengths in UTF-16 code units. */
export interface StringRule {
  readonly t: "string";
  readonly min?: number;
  readonly max?: number;
  readonly nullable?: true;
  readonly id?: true;
  readonly format?: keyof typeof FORMATS;
  readonly enum?: readonly string[];
}
/** A number (query parameters only). */
export interface NumberRule {
  readonly t: "integer" | "number";
  readonly min?: number;
  readonly max?: number;
}
/** An array of \`of\`, with \`min\` to \`max\` entries. */
export interface ArrayRule {
  readonly t: "array";
  readonly of: Rule;
  readonly min?: number;
  readonly max?: number;
}
/**
 * An object. \`extra\`: the rule of attributes not in \`props\` (a profile's custom attributes),
 * \`false\` when none is allowed; absent when other properties are not looked at.
 */
export interface ObjectRule {
  readonly t: "object";
  readonly props: Readonly<Record<string, Rule>>;
  readonly req: readonly string[];
  readonly extra?: Rule | false;
}
/** The rule of a request body or of a part of one. */
export type Rule = StringRule | ArrayRule | ObjectRule;
/** The rule of a path or query parameter. */
export type ParamRule = StringRule | NumberRule;

/** The formats the request schemas use, as ajv-formats defines them (the mock validates with ajv). */
export const FORMATS = {
${formatRows}
} as const;

// Named request schemas, each written once and shared where the spec shares it.
${named.join("\n")}

/** The list of each bulk upload (by \`source.import()\` name) and the rule of each entity in it. */
export const BULK_RULES = {
${bulkRows.map(([name, rule]) => `  ${name}: ${out(rule)},`).join("\n")}
} as const satisfies Record<BulkKind, ArrayRule>;

/** Length limits (UTF-16 code units) of each entity kind's external ID and named profile attributes. */
export const LENGTHS = {
${lengthRows.map(([kind, row]) => `  ${kind}: ${literal(row)},`).join("\n")}
} as const;

/** The request body of each real-time operation that takes one, by operationId. */
export const BODY_RULES = {
${bodyRows.map(([id, rule]) => `  ${id}: ${out(rule)},`).join("\n")}
} as const satisfies Partial<Record<OperationId, Rule>>;

/** Path and query parameters, by name. */
export const PARAM_RULES = {
${[...paramRows].map(([name, text]) => `  ${name}: ${text},`).join("\n")}
} as const satisfies Record<string, ParamRule>;
`;
}
