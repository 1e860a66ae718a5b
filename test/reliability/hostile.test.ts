// Hostile responses: broken, huge, endless, reset, mislabelled and misleading answers from
// a server of our own (support/hostile-server.ts) end in a typed OktaError or a success, within a
// bounded time, and never crash the process, hang, follow the server elsewhere, or let a server
// string into a message unchecked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaApiError,
  OktaBadRequestError,
  OktaConnectionError,
  OktaError,
  OktaRateLimitError,
  OktaServerError,
  OktaTimeoutError,
  type IdentitySource,
  type IdentitySourceClient,
} from "../../src/index.js";
import {
  raw,
  startHostile,
  stream,
  trickle,
  type HostileHandler,
  type HostileServer,
} from "./support/hostile-server.js";
import type { ServerResponse } from "node:http";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const MB = 1024 * 1024;
/** Generous: a typed answer must come long before this, even on a loaded 2-core machine. */
const HANG_MS = 20_000;

const session = {
  id: "aps1qqonvr2SZv6o70h8",
  identitySourceId: SOURCE,
  status: "CREATED",
  importType: "INCREMENTAL",
  created: "2026-01-01T00:00:00.000Z",
  lastUpdated: "2026-01-01T00:00:00.000Z",
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
const JSON_TYPE = { "Content-Type": "application/json" };

// 50 MB answers, built once: a valid session list, garbage, and an error page.
const HUGE = 50 * MB;
const sessionJson = JSON.stringify(session);
const hugeList = Buffer.from(
  `[${Array(Math.ceil(HUGE / (sessionJson.length + 1)))
    .fill(sessionJson)
    .join(",")}]`,
);
const hugeGarbage = Buffer.alloc(HUGE, "<div>");

/** An error class, whatever its constructor takes. */
type ErrorClass = abstract new (...args: never[]) => OktaError;

interface Case {
  name: string;
  handler: HostileHandler;
  /** What the client does; by default `sessions.get(name)`. */
  call?(source: IdentitySource, okta: IdentitySourceClient, name: string): Promise<unknown>;
  /** The error class expected, or "ok" for a success. */
  expected: ErrorClass | "ok";
  check?(outcome: unknown, server: HostileServer): void;
}

const cases: Case[] = [
  // Bodies that are not what they claim.
  {
    name: "not-json",
    handler: (_q, res) => send(res, 200, "hello world", JSON_TYPE),
    expected: OktaError,
    check: (e) => expect((e as Error).message).toMatch(/not JSON/),
  },
  {
    name: "truncated-json",
    handler: (_q, res) => send(res, 200, sessionJson.slice(0, 40), JSON_TYPE),
    expected: OktaError,
    check: (e) => expect((e as Error).message).toMatch(/not JSON/),
  },
  {
    name: "html-200",
    handler: (_q, res) =>
      send(res, 200, "<!doctype html><h1>Sign in</h1>", { "Content-Type": "text/html" }),
    expected: OktaError,
  },
  {
    name: "json-labelled-text",
    handler: (_q, res) => send(res, 200, sessionJson, { "Content-Type": "text/plain" }),
    expected: "ok",
    check: (s) => expect((s as typeof session).id).toBe(session.id),
  },
  {
    name: "no-headers-at-all",
    handler: (req) => raw(req, `HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n${sessionJson}`),
    expected: "ok",
  },
  {
    name: "empty-200",
    handler: (_q, res) => send(res, 200, ""),
    expected: OktaError,
    check: (e) => expect((e as Error).message).toMatch(/without a session/),
  },
  {
    name: "json-null",
    handler: (_q, res) => send(res, 200, "null", JSON_TYPE),
    expected: OktaError,
  },
  {
    name: "start-import-empty-array",
    handler: (_q, res) => send(res, 200, "[]", JSON_TYPE),
    call: (s, _o, name) => s.sessions.startImport(name),
    expected: OktaError,
  },
  {
    name: "204-with-body",
    handler: (req) => raw(req, "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello"),
    call: (s, _o, name) => s.sessions.delete(name),
    expected: "ok",
  },
  {
    name: "204-with-body-for-get",
    handler: (req) => raw(req, "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello"),
    expected: OktaError,
  },
  {
    name: "wrong-field-types",
    handler: (_q, res) =>
      send(res, 200, JSON.stringify({ memberExternalIds: [1, null, "m1", {}] }), JSON_TYPE),
    async call(s, _o, name) {
      const ids: string[] = [];
      for await (const id of s.groups.listMembers(name)) ids.push(id);
      return ids;
    },
    expected: "ok",
    check: (ids) => expect(ids).toEqual(["m1"]),
  },

  // Error answers that are not Okta's.
  {
    name: "500-html",
    handler: (_q, res) => send(res, 500, "<html>oops</html>", { "Content-Type": "text/html" }),
    expected: OktaServerError,
    check: (e) => expect((e as OktaApiError).errorCode).toBeUndefined(),
  },
  {
    name: "400-garbage",
    handler: (_q, res) => send(res, 400, "\u0000\u0001garbage", JSON_TYPE),
    call: (_s, okta, name) => okta.identitySource(name).sessions.create(),
    expected: OktaBadRequestError,
  },
  {
    name: "error-huge-fields",
    handler: (_q, res) =>
      send(
        res,
        400,
        JSON.stringify({
          errorCode: "E0000001",
          errorSummary: "s".repeat(MB),
          errorCauses: Array.from({ length: 10_000 }, () => ({ errorSummary: "c".repeat(100) })),
        }),
        JSON_TYPE,
      ),
    expected: OktaBadRequestError,
    check(e) {
      // Capped, so one answer cannot flood a log.
      expect((e as Error).message.length).toBeLessThan(5000);
      expect((e as OktaApiError).errorCauses.length).toBeLessThanOrEqual(20);
    },
  },
  {
    name: "error-log-injection",
    handler: (_q, res) =>
      send(
        res,
        404,
        JSON.stringify({
          errorCode: "E0000007\r\nX-Evil: 1",
          errorSummary: "Not found\r\n2026-01-01 INFO forged log line\u001b[31m",
          errorCauses: [{ errorSummary: "\u0007bell" }],
        }),
        JSON_TYPE,
      ),
    expected: OktaApiError,
    check(e) {
      const { message, errorCode, errorSummary } = e as OktaApiError;
      for (const text of [message, errorCode, errorSummary]) {
        expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
      }
    },
  },
  {
    name: "429-without-headers",
    handler: (_q, res) => send(res, 429, ""),
    call: (s, _o, name) => s.sessions.get(name, { maxRetries: 0 }),
    expected: OktaRateLimitError,
  },
  {
    name: "429-reset-in-11-days",
    handler: (_q, res) =>
      send(res, 429, "{}", {
        ...JSON_TYPE,
        "X-Rate-Limit-Limit": "600",
        "X-Rate-Limit-Remaining": "0",
        "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 1_000_000),
      }),
    // All four retries allowed: the wait past maxRetryTime must end it at once instead.
    call: (s, _o, name) => s.sessions.get(name, { maxRetries: 4 }),
    expected: OktaRateLimitError,
    check: (_e, server) => expect(server.hits.get("429-reset-in-11-days")).toBe(1),
  },
  {
    name: "429-garbage-reset",
    handler: (_q, res) =>
      send(res, 429, "{}", {
        "X-Rate-Limit-Limit": "many",
        "X-Rate-Limit-Remaining": "-1",
        "X-Rate-Limit-Reset": "soon",
      }),
    expected: OktaRateLimitError,
  },
  {
    name: "status-600",
    handler: (req) => raw(req, "HTTP/1.1 600 Whatever\r\nContent-Length: 2\r\n\r\n{}"),
    expected: OktaApiError,
  },
  {
    name: "redirect-elsewhere",
    handler: (_q, res) => {
      // Same host, other identity source: following it would re-send the credentials.
      const target = `/api/v1/identity-sources/${SOURCE}/sessions/redirect-target`;
      send(res, 302, "", { Location: target });
    },
    expected: OktaApiError,
    check(e, server) {
      expect((e as OktaApiError).status).toBe(302);
      expect(server.hits.get("redirect-target")).toBeUndefined();
    },
  },
  {
    name: "link-off-origin",
    handler: (_q, res) =>
      send(res, 200, JSON.stringify({ memberExternalIds: ["m1"] }), {
        ...JSON_TYPE,
        Link: '<https://evil.example/api/v1/x?after=1>; rel="next"',
      }),
    call: async (s, _o, name) => {
      for await (const _ of s.groups.listMembers(name));
    },
    expected: OktaError,
    check: (e) => expect((e as Error).message).toMatch(/evil\.example/),
  },
  {
    name: "link-loop",
    handler: (req, res) =>
      send(res, 200, JSON.stringify({ memberExternalIds: ["m1"] }), {
        ...JSON_TYPE,
        Link: `<${req.url!.split("?")[0]}?after=same>; rel="next"`,
      }),
    call: async (s, _o, name) => {
      for await (const _ of s.groups.listMembers(name));
    },
    expected: OktaError,
    check: (e) => expect((e as Error).message).toMatch(/repeats/),
  },

  // Broken transport.
  {
    name: "reset-before-headers",
    handler: (req) => req.socket.destroy(),
    expected: OktaConnectionError,
  },
  {
    name: "reset-mid-body",
    handler: (req, res) => {
      res.writeHead(200, { ...JSON_TYPE, "Content-Length": "1000" });
      res.write(sessionJson.slice(0, 50));
      setTimeout(() => req.socket.resetAndDestroy(), 20);
    },
    expected: OktaConnectionError,
  },
  {
    name: "reset-mid-body-bulk",
    handler: (req, res) => {
      res.writeHead(202, { "Content-Length": "100" });
      res.write("x");
      setTimeout(() => req.socket.destroy(), 20);
    },
    call: (s, _o, name) =>
      s.sessions.upsertUsers(name, [{ externalId: "u1", profile: { email: "a@example.com" } }]),
    expected: OktaConnectionError,
  },
  {
    name: "garbage-status-line",
    handler: (req) => raw(req, "NOT HTTP AT ALL\r\n\r\n"),
    expected: OktaConnectionError,
  },
  {
    name: "conflicting-content-lengths",
    handler: (req) =>
      raw(req, `HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 9\r\n\r\n{}`),
    expected: OktaConnectionError,
  },
  {
    name: "broken-chunked",
    handler: (req) =>
      raw(req, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n"),
    expected: OktaConnectionError,
  },
  {
    name: "bad-gzip",
    handler: (_q, res) =>
      send(res, 200, "definitely not gzip", { ...JSON_TYPE, "Content-Encoding": "gzip" }),
    expected: OktaConnectionError,
  },
  {
    name: "header-overflow",
    handler: (_q, res) => send(res, 200, "{}", { "X-Padding": "p".repeat(100_000) }),
    expected: OktaConnectionError,
  },

  // Slow and endless: the per-attempt timeout must cover headers and body alike.
  {
    name: "never-answers",
    handler: () => {},
    call: (s, _o, name) => s.sessions.get(name, { timeout: 300, maxRetries: 0 }),
    expected: OktaTimeoutError,
  },
  {
    name: "slowloris-body",
    handler: (_q, res) => {
      res.writeHead(200, { ...JSON_TYPE, "Content-Length": "100000" });
      trickle(res, Buffer.from(" "), 50);
    },
    call: (s, _o, name) => s.sessions.get(name, { timeout: 500, maxRetries: 0 }),
    expected: OktaTimeoutError,
  },
  {
    name: "endless-body",
    handler: (_q, res) => {
      res.writeHead(200, JSON_TYPE);
      trickle(res, Buffer.alloc(64 * 1024, " "), 5);
    },
    call: (s, _o, name) => s.sessions.get(name, { timeout: 1000, maxRetries: 0 }),
    expected: OktaTimeoutError,
  },

  // Huge: read in bounded time, then parsed or refused.
  {
    name: "huge-valid-list",
    handler: (_q, res) => {
      res.writeHead(200, { ...JSON_TYPE, "Content-Length": String(hugeList.length) });
      stream(res, hugeList, hugeList.length);
    },
    call: (_s, okta, name) => okta.identitySource(name).sessions.list({ timeout: HANG_MS }),
    expected: "ok",
    check: (list) => expect((list as unknown[]).length).toBeGreaterThan(200_000),
  },
  {
    name: "huge-garbage",
    handler: (_q, res) => {
      res.writeHead(200, JSON_TYPE);
      stream(res, hugeGarbage, hugeGarbage.length);
    },
    call: (s, _o, name) => s.sessions.get(name, { timeout: HANG_MS }),
    expected: OktaError,
  },
  {
    name: "huge-error-page",
    handler: (_q, res) => {
      res.writeHead(503, { "Content-Type": "text/html" });
      stream(res, hugeGarbage, hugeGarbage.length);
    },
    call: (s, _o, name) => s.sessions.get(name, { timeout: HANG_MS, maxRetries: 0 }),
    expected: OktaServerError,
  },
];

let server: HostileServer;
let okta: IdentitySourceClient;
let source: IdentitySource;
beforeAll(async () => {
  server = await startHostile(Object.fromEntries(cases.map((c) => [c.name, c.handler])));
  okta = createIdentitySourceClient({
    orgUrl: server.url,
    token: "00hostile-test-token-1b2c3d",
    timeout: 5000,
    maxRetries: 1,
  });
  source = okta.identitySource(SOURCE);
});
afterAll(() => server.close());

describe.each(cases)("$name", ({ name, call, expected, check }) => {
  it(expected === "ok" ? "succeeds" : `throws ${expected.name}, in bounded time`, async () => {
    let hang: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      hang = setTimeout(() => reject(new Error(`hung for ${HANG_MS} ms`)), HANG_MS);
    });
    const run = call ? call(source, okta, name) : source.sessions.get(name);
    let outcome: unknown;
    let failed = false;
    try {
      outcome = await Promise.race([run, guard]);
    } catch (e) {
      outcome = e;
      failed = true;
    } finally {
      clearTimeout(hang);
    }
    if (failed) expect(String(outcome)).not.toMatch(/hung for/);
    if (expected === "ok") {
      expect(failed, String(outcome)).toBe(false);
    } else {
      expect(failed).toBe(true);
      expect(outcome, String(outcome)).toBeInstanceOf(expected);
      expect((outcome as Error).message.length).toBeGreaterThan(10);
    }
    check?.(outcome, server);
  });
});
