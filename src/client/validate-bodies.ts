// The per-operation body checks: a small reader of the rules `npm run generate` derives from the
// spec's request schemas (generated/rules.ts), so the client refuses before sending what the spec
// (and so the mock, which validates with ajv) would refuse. Loaded on the first write through
// `bodyChecks()` (body-checks.ts): reads never need these rules.
// Bulk bodies are checked on every upload of up to 200 entities, so the hot path allocates little:
// `fits` answers yes or no without building any field name, and only for an entity that does not
// fit does `explain` walk it again, in the same order, to name the first field at fault.
import { BULK, type BulkItems, type BulkKind } from "../../generated/registry.js";
import { BODY_RULES, BULK_RULES, FORMATS, type Rule } from "../../generated/rules.js";
import { bulkBody } from "../bulk-bodies.js";
import { checkId, checkText, fail, isRecord } from "../core/validate.js";
import { toJson, utf8Length } from "../core/json.js";

// A UTF-16 surrogate means a character outside the BMP, which Okta refuses (see checkText).
// `bmp` says the body's JSON text holds no surrogate (see checkBulk): then no string that is sent
// can, and the per-string test is skipped.
const SURROGATE = /[\uD800-\uDFFF]/;
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * An own entry of a rule or a value: attribute names like `constructor` must not find inherited
 * members, and JSON leaves inherited ones out.
 */
const own = <T>(record: Readonly<Record<string, T>>, name: string): T | undefined =>
  hasOwn.call(record, name) ? record[name] : undefined;

/** Whether ajv-formats' "email" format (the spec's `format: email`, as the mock reads it) accepts `text`. */
export const isEmail = (text: string): boolean => FORMATS.email.test(text);

/** How errors name what each format expects. */
const FORMAT_NAMES: Readonly<Record<keyof typeof FORMATS, string>> = { email: "an email address" };

/** Whether a value satisfies a rule, with no field names built; `bmp`: see checkBulk. */
type Fits = (value: unknown, bmp: boolean) => boolean;

// Each rule is turned into a closure once, on first use, with its defaults resolved and its
// attribute names in a Map (no inherited names like `constructor`): the bulk hot path then runs
// straight-line code per entity. The closures mirror `explain`, which names what they refuse.
const compiled = new WeakMap<Rule, Fits>();
function fitsOf(rule: Rule): Fits {
  let fits = compiled.get(rule);
  if (!fits) compiled.set(rule, (fits = compile(rule)));
  return fits;
}

function compile(rule: Rule): Fits {
  switch (rule.t) {
    case "string": {
      const { min = 0, max = Infinity, enum: allowed } = rule;
      const id = rule.id === true;
      const nullable = rule.nullable === true;
      const format = rule.format === undefined ? undefined : FORMATS[rule.format];
      return (value, bmp) => {
        if (typeof value !== "string") return value === null && nullable;
        const n = value.length;
        if (n < min || n > max) return false;
        if (id && (value === "." || value === "..")) return false;
        if (!bmp && SURROGATE.test(value)) return false;
        return (
          (format === undefined || format.test(value)) &&
          (allowed === undefined || allowed.includes(value))
        );
      };
    }
    case "array": {
      const { min = 0, max = Infinity } = rule;
      const item = fitsOf(rule.of);
      return (value, bmp) => {
        if (!Array.isArray(value) || value.length < min || value.length > max) return false;
        for (let i = 0; i < value.length; i++) if (!item(value[i], bmp)) return false;
        return true;
      };
    }
    case "object": {
      const names = Object.keys(rule.props);
      const checks = names.map((name) => fitsOf(rule.props[name]!));
      if (rule.extra === undefined) {
        // A structure ({ externalId, profile }): its named members; others are not looked at. An
        // inherited member is absent: JSON sends own properties only.
        const required = names.map((name) => rule.req.includes(name));
        return (value, bmp) => {
          if (!isRecord(value)) return false;
          for (let i = 0; i < names.length; i++) {
            const member = own(value, names[i]!);
            if (member === undefined ? required[i] : !checks[i]!(member, bmp)) return false;
          }
          return true;
        };
      }
      // A profile: every attribute is looked at, by the rule of its name or the custom rule.
      const byName = new Map(names.map((name, i) => [name, checks[i]!]));
      const custom = rule.extra === false ? undefined : fitsOf(rule.extra);
      const { req } = rule;
      return (value, bmp) => {
        if (!isRecord(value)) return false;
        for (let i = 0; i < req.length; i++) if (own(value, req[i]!) === undefined) return false;
        // for-in with hasOwnProperty visits what Object.keys lists, in its order, and V8 compiles
        // it to field loads: this loop runs 1,400 times for 200 users of 7 attributes.
        for (const name in value) {
          if (!hasOwn.call(value, name)) continue;
          const attr = value[name];
          // A name whose value is undefined is not in the text `bmp` read. (Nor is one whose value is
          // a function or a symbol, but no rule takes those: they are refused below either way.)
          if ((attr === undefined || !bmp) && SURROGATE.test(name)) return false;
          const check = byName.get(name) ?? custom;
          if (check === undefined) return false;
          if (attr !== undefined && !check(attr, bmp)) return false;
        }
        return true;
      };
    }
  }
}

function checkList(field: string, value: unknown, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) return fail(field, "must be an array");
  const n = value.length;
  if (n > max) fail(field, `has ${n} entries; the limit is ${max} per request`, max);
  if (n < min) fail(field, `must have at least ${min} entr${min === 1 ? "y" : "ies"}`, min);
  return value;
}

/** Throws the OktaValidationError naming the first part of `value` that breaks `rule`. */
function explain(field: string, value: unknown, rule: Rule): void {
  switch (rule.t) {
    case "string": {
      if (rule.id) return void checkId(field, value, rule.max);
      if (typeof value !== "string") {
        if (value === null && rule.nullable) return;
        return fail(field, `must be a string${rule.nullable ? " or null" : ""}`);
      }
      checkText(field, value, rule);
      if (rule.format !== undefined && !FORMATS[rule.format].test(value)) {
        fail(field, `is not ${FORMAT_NAMES[rule.format]}`);
      }
      if (rule.enum !== undefined && !rule.enum.includes(value)) {
        fail(field, `must be one of ${rule.enum.join(", ")}`);
      }
      return;
    }
    case "array": {
      const list = checkList(field, value, rule.min ?? 0, rule.max ?? Infinity);
      for (let i = 0; i < list.length; i++) explain(`${field}[${i}]`, list[i], rule.of);
      return;
    }
    case "object": {
      if (!isRecord(value)) return fail(field, "must be an object");
      const { props, req, extra } = rule;
      if (extra === undefined) {
        for (const name in props) {
          const member = own(value, name);
          if (member !== undefined || req.includes(name)) {
            explain(`${field}.${name}`, member, props[name]!);
          }
        }
        return;
      }
      for (const name of req)
        if (own(value, name) === undefined) fail(`${field}.${name}`, "is required");
      // The names `fits` visits, in its order (for-in with hasOwnProperty lists Object.keys).
      for (const name of Object.keys(value)) {
        checkText(`${field} attribute name ${JSON.stringify(name)}`, name);
        const attrRule = own(props, name) ?? extra;
        if (attrRule === false) {
          const names = Object.keys(props).join(", ");
          fail(`${field}.${name}`, `is not allowed; the only attributes are ${names}`);
        }
        if (value[name] !== undefined) explain(`${field}.${name}`, value[name], attrRule);
      }
    }
  }
}

/** `explain`, for a value `fits` refused; if the two ever disagree, still refuse (never send). */
function refuse(field: string, value: unknown, rule: Rule): never {
  explain(field, value, rule);
  return fail(field, "does not satisfy the spec's rules");
}

/** Throws the OktaValidationError naming the first part of `value` (called `field`) that breaks `rule`. */
export function checkValue(field: string, value: unknown, rule: Rule): void {
  if (!fitsOf(rule)(value, false)) refuse(field, value, rule);
}

/**
 * Checks one bulk request and returns its wire body as JSON text, serialised once here: its size
 * is what Okta limits, and the same text is sent. How many entities a request may carry (and
 * whether it may carry none: an empty user upload is accepted) comes from the spec.
 */
export function checkBulk<K extends BulkKind>(kind: K, items: readonly BulkItems[K][]): string {
  if (!hasOwn.call(BULK_RULES, kind)) throw new TypeError(`unknown bulk kind ${String(kind)}`);
  const rule = BULK_RULES[kind];
  const list = checkList(kind, items, rule.min ?? 0, rule.max ?? Infinity);
  const body = bulkBody(kind, items);
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch {
    // Reported below, after the checks: a BigInt profile value is better named by them.
  }
  // JSON text carries every string as is, except lone surrogates, which it escapes as \udxxx. One
  // scan of the text then stands for testing each of its strings (thousands of calls) for
  // characters outside the BMP; only when it finds one are they tested one by one.
  const bmp = json !== undefined && !SURROGATE.test(json) && !json.includes("\\ud");
  const fits = fitsOf(rule.of);
  for (let i = 0; i < list.length; i++) {
    if (!fits(list[i], bmp)) refuse(`${kind}[${i}]`, list[i], rule.of);
  }
  // Unencodable values are looked for in the caller's items, so the error names them as given.
  json ??= toJson(kind, body, items);
  const limit = BULK[kind].maxBytes;
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so a short text needs no counting.
  const bytes = json.length * 3 <= limit ? 0 : utf8Length(json);
  if (bytes > limit)
    fail(kind, `request body is ${bytes} bytes of JSON; the limit is ${limit}`, limit);
  return json;
}

/**
 * A checked bulk upload: its path template, its wire body (JSON text), and whether repeating it
 * is safe (uploads upsert or delete by external ID, so the registry says they are).
 */
export const bulkUpload = <K extends BulkKind>(kind: K, items: readonly BulkItems[K][]) => ({
  path: BULK[kind].path,
  body: checkBulk(kind, items),
  idempotent: BULK[kind].idempotent,
});

/** A real-time user body as JSON text; `pathId` is the external ID in the URL (PUT and PATCH). */
export function checkUser(body: unknown, pathId?: string): string {
  const rule =
    pathId === undefined
      ? BODY_RULES.createIdentitySourceUser
      : BODY_RULES.replaceExistingIdentitySourceUser;
  // A body externalId that is a fine ID but not the URL's is named before the profile's problems.
  const externalId = isRecord(body) ? own(body, "externalId") : undefined;
  if (pathId !== undefined && externalId !== undefined) {
    checkValue("user.externalId", externalId, rule.props.externalId);
    if (externalId !== pathId) fail("user.externalId", "must equal the externalId argument");
  }
  checkValue("user", body, rule);
  return toJson("user", body);
}

/** A real-time group body as JSON text. */
export function checkGroup(body: unknown): string {
  checkValue("group", body, BODY_RULES.createIdentitySourceGroups);
  return toJson("group", body);
}
