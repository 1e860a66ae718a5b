// The error hierarchy: one class per status family, fields from body and headers, messages that
// name the request, and answers from a hostile server kept harmless.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaApiError,
  OktaAuthenticationError,
  OktaBadRequestError,
  OktaConnectionError,
  OktaError,
  OktaForbiddenError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaServerError,
  type IdentitySource,
} from "../../src/index.js";
import { BASE, reply, SOURCE, startServer, TOKEN, type TestServer } from "./server.js";

let server: TestServer;
let answer: { status: number; body?: unknown; headers?: Record<string, string> } = { status: 200 };
let source: IdentitySource;

beforeAll(async () => {
  server = await startServer((_req, res) => reply(res, answer.status, answer.body, answer.headers));
  source = createIdentitySourceClient({
    orgUrl: server.url,
    token: TOKEN,
    maxRetries: 0,
  }).identitySource(SOURCE);
});
afterAll(() => server.close());

const caught = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => expect.fail("resolved"),
    (e: unknown) => e,
  );

const oktaBody = (code: string, summary: string, causes: string[] = []) => ({
  errorCode: code,
  errorSummary: summary,
  errorLink: code,
  errorId: "oaeXYZ",
  errorCauses: causes.map((errorSummary) => ({ errorSummary })),
});

describe("status -> error class", () => {
  it.each([
    [400, OktaBadRequestError, "E0000001"],
    [401, OktaAuthenticationError, "E0000011"],
    [403, OktaForbiddenError, "E0000006"],
    [404, OktaNotFoundError, "E0000007"],
    [429, OktaRateLimitError, "E0000047"],
    [500, OktaServerError, "E0000009"],
    [503, OktaServerError, "E0000009"],
    [405, OktaApiError, "E0000022"],
  ] as const)("%i -> %o", async (status, cls, code) => {
    answer = {
      status,
      body: oktaBody(code, "Something", ["first cause"]),
      headers: {
        "X-Okta-Request-Id": "req-42",
        "X-Rate-Limit-Limit": "600",
        "X-Rate-Limit-Remaining": "17",
        "X-Rate-Limit-Reset": "1767225600",
      },
    };
    const error = await caught(source.sessions.get("aps1"));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error).toBeInstanceOf(OktaError);
    const e = error as OktaApiError;
    expect(e.name).toBe(cls.name);
    expect(e).toMatchObject({
      status,
      errorCode: code,
      errorSummary: "Something",
      errorCauses: [{ errorSummary: "first cause" }],
      errorId: "oaeXYZ",
      requestId: "req-42",
      rateLimit: { limit: 600, remaining: 17, reset: 1767225600 },
      method: "GET",
      url: `${server.url}${BASE}/sessions/aps1`,
    });
  });
});

describe("messages", () => {
  it("name the method, URL, status, code, summary and causes", async () => {
    answer = {
      status: 400,
      body: oktaBody("E0000001", "Api validation failed: profiles", [
        "externalId: must not be blank",
      ]),
    };
    const error = await caught(source.sessions.upsertUsers("aps1", []));
    expect((error as Error).message).toBe(
      `POST ${server.url}${BASE}/sessions/aps1/bulk-upsert failed with 400 E0000001: Api validation failed: profiles (externalId: must not be blank)`,
    );
  });

  it("a failure with an empty body is still a failure: success comes from the status", async () => {
    answer = { status: 500 };
    const error = await caught(source.sessions.list());
    expect(error).toBeInstanceOf(OktaServerError);
    expect((error as OktaServerError).errorCode).toBeUndefined();
    expect((error as Error).message).toBe(`GET ${server.url}${BASE}/sessions failed with 500`);
  });

  it("a 2xx whose body looks like an error is a success", async () => {
    answer = { status: 200, body: { id: "aps1", status: "CREATED", errorCode: "E0000001" } };
    await expect(source.sessions.get("aps1")).resolves.toMatchObject({ id: "aps1" });
  });

  it("toJSON gives plain data that survives JSON.stringify", async () => {
    answer = {
      status: 404,
      body: oktaBody("E0000007", "Not found: aps1"),
      headers: { "X-Okta-Request-Id": "r1" },
    };
    const error = (await caught(source.sessions.get("aps1"))) as OktaNotFoundError;
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "OktaNotFoundError",
      status: 404,
      errorCode: "E0000007",
      requestId: "r1",
      message: error.message,
    });
  });
});

describe("hostile or broken answers", () => {
  it("an HTML error page gives an error without a code", async () => {
    answer = {
      status: 502,
      body: "<html><body>Bad gateway</body></html>",
      headers: { "Content-Type": "text/html" },
    };
    const error = (await caught(source.sessions.list())) as OktaServerError;
    expect(error).toBeInstanceOf(OktaServerError);
    expect(error.errorSummary).toBeUndefined();
  });

  it("ignores fields of the wrong type and strips control characters", async () => {
    answer = {
      status: 400,
      body: {
        errorCode: 42,
        errorSummary: "line1\r\nFAKE LOG LINE\u001b[31m",
        errorCauses: "nope",
        errorId: { x: 1 },
      },
    };
    const error = (await caught(source.sessions.list())) as OktaBadRequestError;
    expect(error.errorCode).toBeUndefined();
    expect(error.errorId).toBeUndefined();
    expect(error.errorCauses).toEqual([]);
    expect(error.errorSummary).not.toMatch(/[\r\n\u001b]/);
    expect(error.message).not.toMatch(/[\r\n\u001b]/);
  });

  it("caps a huge summary", async () => {
    answer = { status: 400, body: { errorSummary: "x".repeat(100_000) } };
    const error = (await caught(source.sessions.list())) as OktaBadRequestError;
    expect(error.message.length).toBeLessThan(1200);
  });

  it("redacts the token when a server echoes it back", async () => {
    answer = {
      status: 401,
      body: oktaBody("E0000011", `Invalid token provided: SSWS ${TOKEN}`, [`token ${TOKEN}`]),
    };
    const error = (await caught(source.sessions.list())) as OktaAuthenticationError;
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 5 })]) {
      expect(text).not.toContain(TOKEN);
    }
    expect(error.errorSummary).toBe("Invalid token provided: SSWS [REDACTED]");
  });

  it("a 200 with a body that is not JSON is an OktaError, not a crash", async () => {
    answer = { status: 200, body: "{not json", headers: { "Content-Type": "application/json" } };
    const error = await caught(source.sessions.get("aps1"));
    expect(error).toBeInstanceOf(OktaError);
    expect((error as Error).message).toMatch(/answered 200 with a body that is not JSON/);
  });

  it("does not follow redirects (credentials must not travel)", async () => {
    const target = await startServer((_req, res) => reply(res, 200, []));
    try {
      answer = { status: 307, headers: { Location: `${target.url}/steal` } };
      const error = (await caught(source.sessions.list())) as OktaApiError;
      expect(error).toBeInstanceOf(OktaApiError);
      expect(error.status).toBe(307);
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
    }
  });
});

describe("connection errors", () => {
  it("a refused connection is an OktaConnectionError with the cause", async () => {
    const gone = await startServer(() => undefined);
    const url = gone.url;
    await gone.close();
    const src = createIdentitySourceClient({
      orgUrl: url,
      token: TOKEN,
      maxRetries: 0,
    }).identitySource(SOURCE);
    const error = (await caught(src.sessions.list())) as OktaConnectionError;
    expect(error).toBeInstanceOf(OktaConnectionError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.message).toMatch(new RegExp(`^GET ${url}${BASE}/sessions failed to connect`));
    expect(error).toMatchObject({ method: "GET", url: `${url}${BASE}/sessions` });
  });
});
