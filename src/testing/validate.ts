// Request and response validation against the bundled spec (generated/openapi-document.ts), so the
// mock and the spec cannot drift. Validators are compiled once per process, on first use.
import Ajv2020 from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openapiDocument } from "../../generated/openapi-document.js";

const DOC = "openapi.json";
const JSON_MEDIA = "application~1json";

type Json = Record<string, unknown>;

// The problems found in one value: the field paths (for errorSummary) and one line per problem.
export interface Problems {
  fields: string[];
  causes: string[];
}

function newAjv(coerceTypes: boolean) {
  // strict is off because the document carries OpenAPI keywords (example, x-*) ajv does not know.
  const ajv = new Ajv2020.default({
    strict: false,
    allErrors: true,
    coerceTypes,
    logger: false,
    validateSchema: false,
  });
  addFormats.default(ajv);
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addSchema(openapiDocument, DOC);
  return ajv;
}

const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const unescape = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

// Follows a local `$ref` (`#/components/...`) to its target and pointer.
function deref(node: Json, pointer: string): { node: Json; pointer: string } {
  const ref = node["$ref"];
  if (typeof ref !== "string" || !ref.startsWith("#/")) return { node, pointer };
  let target: unknown = openapiDocument;
  for (const part of ref.slice(2).split("/")) target = (target as Json)[unescape(part)];
  return deref(target as Json, ref.slice(1));
}

function pathOf(error: ErrorObject): string {
  let path = error.instancePath.split("/").slice(1).map(unescape).join("/");
  const extra =
    error.keyword === "required"
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === "additionalProperties"
        ? (error.params as { additionalProperty: string }).additionalProperty
        : undefined;
  if (extra !== undefined) path = path ? `${path}/${extra}` : extra;
  return path;
}

// Turns ajv errors into Okta-style causes such as "profiles/0/externalId: must NOT have ...".
export function describe(errors: readonly ErrorObject[], root = "body"): Problems {
  const fields = new Set<string>();
  const causes = new Set<string>();
  for (const error of errors) {
    // anyOf/oneOf add a summary line on top of their branches' errors; the branches say more.
    if (error.keyword === "anyOf" || error.keyword === "oneOf") continue;
    const field = pathOf(error) || root;
    fields.add(field);
    causes.add(`${field}: ${error.message ?? "is invalid"}`);
  }
  return { fields: [...fields].slice(0, 10), causes: [...causes].slice(0, 20) };
}

interface OperationSpec {
  pointer: string;
  operation: Json;
  pathItem: Json;
}

class SpecValidators {
  private readonly ajv = newAjv(false);
  private readonly coercing = newAjv(true);
  private readonly operations = new Map<string, OperationSpec>();
  private readonly cache = new Map<string, ValidateFunction | null>();

  constructor() {
    const paths = openapiDocument["paths"] as Record<string, Json>;
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const id = (operation as Json)["operationId"];
        if (typeof id !== "string") continue;
        const pointer = `/paths/${escape(path)}/${method}`;
        this.operations.set(id, { pointer, operation: operation as Json, pathItem: item });
      }
    }
  }

  private cached(key: string, build: () => ValidateFunction | null): ValidateFunction | null {
    let fn = this.cache.get(key);
    if (fn === undefined) this.cache.set(key, (fn = build()));
    return fn;
  }

  private spec(operationId: string): OperationSpec {
    const spec = this.operations.get(operationId);
    if (!spec) throw new Error(`operation ${operationId} is not in the spec`);
    return spec;
  }

  // The request-body validator of an operation, or null when it takes no body.
  body(operationId: string): ValidateFunction | null {
    return this.cached(`body:${operationId}`, () => {
      const { operation, pointer } = this.spec(operationId);
      const requestBody = operation["requestBody"] as Json | undefined;
      if (!requestBody) return null;
      const resolved = deref(requestBody, `${pointer}/requestBody`);
      const content = resolved.node["content"] as Json | undefined;
      if (!content?.["application/json"]) return null;
      return this.ajv.compile({ $ref: `${DOC}#${resolved.pointer}/content/${JSON_MEDIA}/schema` });
    });
  }

  // Whether the operation's request body is required by the spec.
  bodyRequired(operationId: string): boolean {
    const { operation, pointer } = this.spec(operationId);
    const requestBody = operation["requestBody"] as Json | undefined;
    return requestBody ? deref(requestBody, pointer).node["required"] === true : false;
  }

  // The validator of the query parameters (it coerces "10" to 10 in place), or null when none.
  query(operationId: string): ValidateFunction | null {
    return this.cached(`query:${operationId}`, () => {
      const { operation, pathItem, pointer } = this.spec(operationId);
      const pathPointer = pointer.slice(0, pointer.lastIndexOf("/"));
      const properties: Json = {};
      const required: string[] = [];
      const lists: [unknown, string][] = [
        [pathItem["parameters"], `${pathPointer}/parameters`],
        [operation["parameters"], `${pointer}/parameters`],
      ];
      for (const [list, listPointer] of lists) {
        if (!Array.isArray(list)) continue;
        list.forEach((param: Json, i) => {
          const { node, pointer: p } = deref(param, `${listPointer}/${i}`);
          if (node["in"] !== "query") return;
          const name = node["name"] as string;
          properties[name] = { $ref: `${DOC}#${p}/schema` };
          if (node["required"] === true) required.push(name);
        });
      }
      if (Object.keys(properties).length === 0) return null;
      return this.coercing.compile({ type: "object", properties, required });
    });
  }

  // The validator of a response body for a status, or null when the spec declares no body.
  response(operationId: string, status: number): ValidateFunction | null {
    return this.cached(`response:${operationId}:${status}`, () => {
      const { operation, pointer } = this.spec(operationId);
      const responses = operation["responses"] as Json;
      const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
      if (key === undefined) throw new Error(`${operationId} declares no response ${status}`);
      const resolved = deref(responses[key] as Json, `${pointer}/responses/${escape(key)}`);
      const content = resolved.node["content"] as Json | undefined;
      if (!content?.["application/json"]) return null;
      return this.ajv.compile({ $ref: `${DOC}#${resolved.pointer}/content/${JSON_MEDIA}/schema` });
    });
  }

  // Whether the spec declares this status for the operation (or a matching range/default).
  declaresStatus(operationId: string, status: number): boolean {
    const responses = this.spec(operationId).operation["responses"] as Json;
    return [String(status), `${String(status)[0]}XX`, "default"].some((k) => k in responses);
  }
}

let shared: SpecValidators | undefined;

// The process-wide validators (compiling them is the costly part, so it happens once).
export function specValidators(): SpecValidators {
  return (shared ??= new SpecValidators());
}

export type { SpecValidators };
