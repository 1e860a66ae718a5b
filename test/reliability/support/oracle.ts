// An independent judge of what may leave the process: a request is valid when its path matches an
// operation of the bundled spec segment for segment, every path parameter decodes and satisfies its
// schema, and its body satisfies the operation's request schema, Okta's 200 KB bulk limit and its
// "characters of up to 3 bytes" rule (see docs/). Built from generated/openapi-document.ts with
// ajv, not from the client's own checks, so a gap in the client cannot hide itself.
import Ajv2020 from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openapiDocument } from "../../../generated/openapi-document.js";
import { MAX_BULK_BYTES } from "../../../src/limits.js";

type Json = Record<string, unknown>;

interface Operation {
  method: string;
  segments: string[];
  params: Map<string, ValidateFunction>;
  body: ValidateFunction | undefined;
  bulk: boolean;
}

function resolve(node: Json): Json {
  const ref = node["$ref"];
  if (typeof ref !== "string") return node;
  let target: unknown = openapiDocument;
  for (const part of ref.slice(2).split("/")) {
    target = (target as Json)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return resolve(target as Json);
}

function compileOperations(formats: boolean): Operation[] {
  // Without formats the oracle judges structure and limits only; `format: email` is checked by a
  // test of its own so one gap does not mask every other property.
  const ajv = new Ajv2020.default({
    strict: false,
    validateSchema: false,
    validateFormats: formats,
    logger: false,
  });
  if (formats) addFormats.default(ajv);
  ajv.addSchema(openapiDocument, "openapi.json");
  const ops: Operation[] = [];
  const paths = openapiDocument["paths"] as Record<string, Json>;
  for (const [template, item] of Object.entries(paths)) {
    const shared = (item["parameters"] as Json[] | undefined) ?? [];
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params = new Map<string, ValidateFunction>();
      for (const p of [...shared, ...((op["parameters"] as Json[] | undefined) ?? [])]) {
        const param = resolve(p);
        if (param["in"] === "path") {
          params.set(param["name"] as string, ajv.compile(param["schema"] as Json));
        }
      }
      const requestBody = op["requestBody"] ? resolve(op["requestBody"] as Json) : undefined;
      const content = requestBody?.["content"] as Record<string, Json> | undefined;
      const schemaRef = (content?.["application/json"]?.["schema"] as Json | undefined)?.["$ref"];
      ops.push({
        method: method.toUpperCase(),
        segments: template.split("/"),
        params,
        body:
          typeof schemaRef === "string"
            ? ajv.compile({ $ref: `openapi.json${schemaRef}` })
            : undefined,
        bulk: template.includes("/bulk-"),
      });
    }
  }
  return ops;
}

let cache: Map<boolean, Operation[]> | undefined;
const operations = (formats: boolean) => {
  cache ??= new Map();
  let ops = cache.get(formats);
  if (!ops) cache.set(formats, (ops = compileOperations(formats)));
  return ops;
};

// Okta accepts UTF-8 characters of up to 3 bytes only: no astral characters, no halves.
const SURROGATE = /[\uD800-\uDFFF]/;

function hasAstral(value: unknown): boolean {
  if (typeof value === "string") return SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(hasAstral);
  if (value && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => SURROGATE.test(k) || hasAstral(v));
  }
  return false;
}

/** The operation a raw request path matches, with its decoded path parameters. */
export function matchOperation(
  method: string,
  rawPath: string,
  formats = false,
): { op: Operation; params: Record<string, string> } | undefined {
  const segments = rawPath.split("/");
  for (const op of operations(formats)) {
    if (op.method !== method || op.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = op.segments.every((seg, i) => {
      const got = segments[i]!;
      if (!seg.startsWith("{")) return seg === got;
      try {
        params[seg.slice(1, -1)] = decodeURIComponent(got);
        return true;
      } catch {
        return false;
      }
    });
    if (ok) return { op, params };
  }
  return undefined;
}

/** Why a request as received must not have been sent; empty when it is valid. */
export function problemsOf(
  request: { method: string; path: string; body: string },
  options: { formats?: boolean } = {},
): string[] {
  const match = matchOperation(request.method, request.path, options.formats);
  if (!match) return [`${request.method} ${request.path} matches no operation`];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(match.params)) {
    if (value === "." || value === "..") problems.push(`path parameter ${name} is a dot segment`);
    if (SURROGATE.test(value)) problems.push(`path parameter ${name} has a 4-byte character`);
    if (!match.op.params.get(name)?.(value)) problems.push(`path parameter ${name} is invalid`);
  }
  if (match.op.body) {
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return [...problems, "the body is not JSON"];
    }
    if (!match.op.body(body)) {
      problems.push(`body: ${JSON.stringify(match.op.body.errors?.[0] ?? {}).slice(0, 300)}`);
    }
    if (hasAstral(body)) problems.push("the body has a 4-byte character");
    if (match.op.bulk && Buffer.byteLength(request.body) > MAX_BULK_BYTES) {
      problems.push(`the body is ${Buffer.byteLength(request.body)} bytes`);
    }
  } else if (request.body !== "") {
    problems.push("a body on an operation that takes none");
  }
  return problems;
}
