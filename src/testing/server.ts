// The request pipeline: request id and rate limits, injected faults, then either the token
// endpoint or an API operation (route -> auth -> scope -> identity source -> JSON -> query ->
// session rules -> body schema -> handler), and finally the answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import { requireScope } from "./auth.js";
import type { MockCore } from "./core.js";
import { corsPolicy } from "./cors.js";
import {
  malformedJson,
  MockHttpError,
  methodNotAllowed,
  notFound,
  oktaErrorBody,
  rateLimited,
  serverError,
  validationFailed,
} from "./errors.js";
import { readBody, replyFromError, send, sendTruncated } from "./http.js";
import { requestId as newRequestId } from "./ids.js";
import { redactForm, redactHeaders, type RecordedRequest } from "./request-log.js";
import { handlers } from "./routes/index.js";
import type { Reply, RouteContext } from "./routes/types.js";
import { describe, specValidators } from "./validate.js";

const TOKEN_PATH = "/oauth2/v1/token";

export function requestListener(core: MockCore, cors?: boolean | readonly string[]) {
  const policy = corsPolicy(cors);
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (policy?.(req, res)) return;
    handle(core, req, res).catch(() => res.destroy());
  };
}

async function handle(core: MockCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const search = q === -1 ? "" : rawUrl.slice(q + 1);
  const requestId = newRequestId();
  const entry: RecordedRequest = {
    requestId,
    method,
    path: pathname,
    query: search,
    headers: redactHeaders(req.headers),
    body: undefined,
    status: undefined,
    operationId: undefined,
    identitySourceId: undefined,
    sessionId: undefined,
    fault: undefined,
    latencyMs: 0,
    receivedAt: Date.now(),
  };
  core.log.add(entry);
  const answer = (reply: Reply, truncate = false) => {
    entry.status = reply.status;
    (truncate ? sendTruncated : send)(res, reply);
  };

  // Every response carries these, including 404s and 429s (docs/okta-behaviour.md, "Rate limits").
  res.setHeader("X-Okta-Request-Id", requestId);
  const admission = core.limiter.admit(pathname.startsWith("/oauth2/") ? "oauth" : "api");
  for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
  if (!admission.ok) return answer(replyFromError(rateLimited()));
  res.once("close", admission.release);

  const fault = core.faults.decide(method, pathname);
  if (fault && fault.latencyMs > 0) {
    entry.latencyMs = fault.latencyMs;
    await sleep(core, fault.latencyMs);
  }
  if (fault?.action === "drop") {
    entry.fault = "drop";
    req.socket.destroy();
    return;
  }
  if (fault?.action === "error") {
    entry.fault = "error";
    return answer(replyFromError(serverError(fault.status)));
  }

  let reply: Reply;
  try {
    const raw = await readBody(req);
    reply =
      pathname === TOKEN_PATH
        ? await tokenEndpoint(core, req, method, raw, entry)
        : await apiRequest(core, req, method, pathname, search, raw, entry);
    if (core.validateResponses && entry.operationId) checkResponse(entry.operationId, reply);
  } catch (error) {
    if (error instanceof MockHttpError) {
      reply = replyFromError(error);
    } else if (res.destroyed || res.headersSent) {
      return; // The client went away mid-request; nobody is left to answer.
    } else {
      // A bug in the mock (or a failed validateResponses check): a 500 with the reason makes the
      // test that hit it fail loudly.
      const message = error instanceof Error ? error.message : String(error);
      reply = { status: 500, body: oktaErrorBody("E0000009", "Internal Server Error", [message]) };
    }
  }
  if (fault?.action === "truncate") entry.fault = "truncate";
  answer(reply, fault?.action === "truncate");
}

function sleep(core: MockCore, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      core.timers.delete(timer);
      resolve();
    }, ms).unref();
    core.timers.add(timer);
  });
}

function originOf(req: IncomingMessage): string {
  const address = req.socket.localAddress ?? "127.0.0.1";
  const host =
    req.headers.host ??
    `${address.includes(":") ? `[${address}]` : address}:${req.socket.localPort}`;
  return `http://${host}`;
}

async function tokenEndpoint(
  core: MockCore,
  req: IncomingMessage,
  method: string,
  raw: Buffer,
  entry: RecordedRequest,
): Promise<Reply> {
  if (method !== "POST") throw methodNotAllowed(method, ["POST"]);
  const form = new URLSearchParams(raw.toString("utf8"));
  if (core.log.keepBodies) entry.body = redactForm(form);
  return core.oauth.handle({ method, origin: originOf(req), headers: req.headers, form });
}

async function apiRequest(
  core: MockCore,
  req: IncomingMessage,
  method: string,
  pathname: string,
  search: string,
  raw: Buffer,
  entry: RecordedRequest,
): Promise<Reply> {
  const match = core.router.match(method, pathname);
  if (match.kind === "none") throw notFound(pathname);
  if (match.kind === "wrong-method") throw methodNotAllowed(method, match.allowed);
  const { route, params } = match;
  entry.operationId = route.operationId;
  entry.identitySourceId = params["identitySourceId"];
  entry.sessionId = params["sessionId"];

  const origin = originOf(req);
  const dpop = req.headers["dpop"];
  const principal = await core.auth.authenticate({
    authorization: req.headers.authorization,
    dpop: typeof dpop === "string" ? dpop : undefined,
    method,
    url: origin + pathname,
  });
  requireScope(principal, route.scope);

  const source = core.sources.get(params["identitySourceId"]!);
  if (!source) throw notFound(`${params["identitySourceId"]} (IdentitySource)`);

  const validators = specValidators();
  const bodyValidator = validators.body(route.operationId);
  let body: unknown;
  if (bodyValidator && raw.length > 0) {
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      throw malformedJson();
    }
    if (core.log.keepBodies) entry.body = body;
  }

  const query: Record<string, unknown> = Object.fromEntries(new URLSearchParams(search));
  const queryValidator = validators.query(route.operationId);
  if (queryValidator && !queryValidator(query)) {
    const problems = describe(queryValidator.errors ?? [], "query");
    throw validationFailed(problems.fields, problems.causes);
  }

  const handler = handlers[route.operationId];
  if (!handler) throw new Error(`no handler for ${route.operationId}`);
  const ctx: RouteContext = {
    route,
    params,
    query,
    body,
    bodyBytes: raw.length,
    source,
    sessions: core.sessions,
    origin,
    pathname,
    membershipPageSize: core.membershipPageSize,
  };
  handler.precheck?.(ctx);
  if (bodyValidator) {
    if (body === undefined) {
      if (validators.bodyRequired(route.operationId)) {
        throw validationFailed(["body"], ["body: a JSON request body is required"]);
      }
    } else if (!bodyValidator(body)) {
      const problems = describe(bodyValidator.errors ?? []);
      throw validationFailed(problems.fields, problems.causes);
    }
  }
  return handler.handle(ctx);
}

// Dev-only: a response that does not match the spec becomes a 500 naming the mismatch.
function checkResponse(operationId: string, reply: Reply): void {
  const validators = specValidators();
  if (!validators.declaresStatus(operationId, reply.status)) {
    throw new Error(`mock answered ${reply.status}, which ${operationId} does not declare`);
  }
  const validate = validators.response(operationId, reply.status);
  if (validate && !validate(reply.body)) {
    const { causes } = describe(validate.errors ?? [], "response");
    throw new Error(
      `mock response of ${operationId} does not match the spec: ${causes.join("; ")}`,
    );
  }
  if (!validate && reply.body !== undefined) {
    throw new Error(`mock response of ${operationId} has a body the spec does not declare`);
  }
}
