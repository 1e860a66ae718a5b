// The route table, built from the bundled spec's paths so every operation of the spec is served
// (and nothing else is): the mock cannot drift from the spec.
import { openapiDocument } from "../../generated/openapi-document.js";

export interface Route {
  operationId: string;
  method: string;
  // The spec's path template, e.g. `/api/v1/identity-sources/{identitySourceId}/sessions`.
  template: string;
  // The OAuth scope the spec requires.
  scope: string | undefined;
  segments: readonly (string | { param: string })[];
}

export type Match =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "wrong-method"; allowed: string[] }
  | { kind: "none" };

type Json = Record<string, unknown>;

function scopeOf(operation: Json): string | undefined {
  const security = (operation["security"] ?? openapiDocument["security"]) as Json[] | undefined;
  for (const requirement of security ?? []) {
    const scopes = requirement["oauth2"];
    if (Array.isArray(scopes) && typeof scopes[0] === "string") return scopes[0];
  }
  return undefined;
}

export function routesFromSpec(): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(openapiDocument["paths"] as Record<string, Json>)) {
    const segments = template
      .split("/")
      .slice(1)
      .map((s) => (s.startsWith("{") && s.endsWith("}") ? { param: s.slice(1, -1) } : s));
    for (const [method, operation] of Object.entries(item)) {
      const operationId = (operation as Json)["operationId"];
      if (typeof operationId !== "string") continue;
      routes.push({
        operationId,
        method: method.toUpperCase(),
        template,
        scope: scopeOf(operation as Json),
        segments,
      });
    }
  }
  // More literal segments first, so a literal always wins over a parameter in the same position.
  const literals = (r: Route) => r.segments.filter((s) => typeof s === "string").length;
  return routes.sort((a, b) => literals(b) - literals(a));
}

export class Router {
  constructor(private readonly routes: readonly Route[]) {}

  match(method: string, pathname: string): Match {
    const parts = pathname.split("/").slice(1);
    const allowed: string[] = [];
    let matchedTemplate: string | undefined;
    for (const route of this.routes) {
      if (matchedTemplate !== undefined && route.template !== matchedTemplate) continue;
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      matchedTemplate = route.template;
      if (route.method === method) return { kind: "found", route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: "wrong-method", allowed } : { kind: "none" };
  }
}

function matchSegments(
  segments: Route["segments"],
  parts: string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i]!;
    if (typeof segment === "string") {
      if (segment !== part) return undefined;
    } else {
      if (part === "") return undefined;
      try {
        params[segment.param] = decodeURIComponent(part);
      } catch {
        return undefined;
      }
    }
  }
  return params;
}
