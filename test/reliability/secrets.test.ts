// Secrets never show: representative flows with every auth mode, successes, failures,
// retries, validation errors, import errors and CLI runs, while everything they produce is
// captured: error messages, stacks, toJSON(), util.inspect() of errors, clients and hook payloads,
// console and process output, CLI stdout/stderr and the mock's request log. None of it may contain
// an API token, an access token, a client assertion or any part of a private key. Client
// assertions and access tokens are caught on the wire (a fetch that sees every request), so the
// scan knows the exact values, not just their shape.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main as cli } from "../../src/cli/main.js";
import {
  createIdentitySourceClient,
  OktaAuthenticationError,
  OktaError,
  OktaForbiddenError,
  OktaImportError,
  OktaNotFoundError,
  OktaValidationError,
  type ClientOptions,
} from "../../src/index.js";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const API_TOKEN = "00ssws-api-token-SECRET-8d41f0b2c6e7";
const WRONG_TOKEN = "00wrong-token-ALSO-SECRET-5e9a0c3d1f";
const CLIENT_ID = "0oaServiceAppSecretsTest";

/** Every secret the flows use or the wire reveals: value -> what it is. */
const secrets = new Map<string, string>();
function secret(name: string, value: string): void {
  if (value.length >= 8 && !secrets.has(value)) secrets.set(value, name);
}
secret("API token", API_TOKEN);
secret("wrong API token", WRONG_TOKEN);

/** Registers a PEM private key: every base64 line, and the whole body. */
function pemSecret(name: string, pem: string): void {
  const lines = pem.split("\n").filter((l) => l && !l.startsWith("-----"));
  lines.forEach((line, i) => secret(`${name} line ${i}`, line));
  secret(`${name} body`, lines.join(""));
}

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const rsaPkcs1 = rsa.privateKey.export({ type: "pkcs1", format: "pem" }).toString();
pemSecret("RSA private key (PKCS#8)", rsaPem);
pemSecret("RSA private key (PKCS#1)", rsaPkcs1);
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ecJwk = { ...ec.privateKey.export({ format: "jwk" }), alg: "ES256" } as JsonWebKey;
secret("EC private JWK d", ecJwk.d!);
const rsaJwk = rsa.privateKey.export({ format: "jwk" });
for (const part of ["d", "p", "q", "dp", "dq", "qi"] as const) {
  secret(`RSA private JWK ${part}`, rsaJwk[part]!);
}

/** `f()` as text, or the text of what it threw. */
const safe = (f: () => unknown) => {
  try {
    return String(f());
  } catch (e) {
    return String(e);
  }
};

/** Everything the suite produced, with where it came from. */
const outputs: { where: string; text: string }[] = [];
function capture(where: string, value: unknown): void {
  const texts = [String(value), safe(() => JSON.stringify(value))];
  texts.push(inspect(value, { depth: 10, showHidden: true, getters: true }));
  if (value instanceof Error) {
    texts.push(value.message, value.stack ?? "");
    if (value instanceof OktaError) texts.push(JSON.stringify(value.toJSON()));
  }
  for (const text of texts) outputs.push({ where, text });
}

/** The secrets found in outputs collected since `from`. */
function leaks(from = 0): string[] {
  const found: string[] = [];
  for (const { where, text } of outputs.slice(from)) {
    for (const [value, name] of secrets) {
      if (text.includes(value)) found.push(`${name} in ${where}: ${text.slice(0, 200)}`);
    }
  }
  return found;
}

/** Runs a flow with console and process output captured; returns its own leaks. */
async function flow(where: string, run: () => Promise<void>): Promise<string[]> {
  const from = outputs.length;
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) =>
    vi.spyOn(console, m).mockImplementation((...args) => capture(`${where} console.${m}`, args)),
  );
  const writes = (["stdout", "stderr"] as const).map((s) =>
    vi.spyOn(process[s], "write").mockImplementation((chunk) => {
      capture(`${where} process.${s}`, String(chunk));
      return true;
    }),
  );
  try {
    await run();
  } finally {
    for (const spy of [...spies, ...writes]) spy.mockRestore();
  }
  return leaks(from);
}

/** Calls `f` expecting it to fail; captures and returns the error. */
async function failing(where: string, f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    capture(where, e);
    return e;
  }
  throw new Error(`${where}: expected a failure`);
}

// A fetch that watches the wire: client assertions and issued access tokens become known secrets.
const realFetch = globalThis.fetch;
async function watchingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  if (!request.url.endsWith("/oauth2/v1/token")) return realFetch(request);
  const form = new URLSearchParams(await request.clone().text());
  const assertion = form.get("client_assertion");
  if (assertion) secret("client assertion", assertion);
  const response = await realFetch(request);
  const body = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { access_token?: string };
  if (body.access_token) secret("access token", body.access_token);
  return response;
}

// A server that echoes credentials back, as a buggy proxy or a hostile endpoint might: the
// Authorization header and the request body go into the error text.
async function startEcho() {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(json));
      };
      if (req.url === "/oauth2/v1/token") {
        const assertion = new URLSearchParams(body).get("client_assertion") ?? "";
        const sub = safe(
          () => JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString()).sub,
        );
        if (sub === "echo-ok") {
          return reply(200, {
            access_token: ECHO_ACCESS_TOKEN,
            token_type: "Bearer",
            expires_in: 3600,
          });
        }
        return reply(401, { error: "invalid_client", error_description: `bad request: ${body}` });
      }
      reply(400, {
        errorCode: "E0000001",
        errorSummary: `Authorization was ${req.headers.authorization}`,
        errorCauses: [{ errorSummary: `body ${body}` }, { errorSummary: String(req.headers.dpop) }],
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
const ECHO_ACCESS_TOKEN = "echo-issued-access-token-SECRET-771";
secret("echo access token", ECHO_ACCESS_TOKEN);

let mock: MockOkta;
let echo: Awaited<ReturnType<typeof startEcho>>;
let dir: string;
beforeAll(async () => {
  vi.stubGlobal("fetch", watchingFetch);
  mock = await startMockOkta({
    apiToken: API_TOKEN,
    timeScale: 0.001,
    clients: [
      { clientId: CLIENT_ID, publicKey: { ...rsa.publicKey.export({ format: "jwk" }), kid: "k1" } },
    ],
  });
  mock.registerClient({ clientId: "0oaEcClient", publicKey: ec.publicKey });
  echo = await startEcho();
  dir = mkdtempSync(join(tmpdir(), "okta-secrets-"));
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await mock.close();
  await echo.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => mock.setFaults(undefined));

/** A client whose hooks' payloads are captured too. */
function client(options: ClientOptions, where: string) {
  const okta = createIdentitySourceClient({
    timeout: 5000,
    ...options,
    onRequest: (info) => capture(`${where} onRequest`, info),
    onResponse: (info) => capture(`${where} onResponse`, info),
    onRetry: (info) => capture(`${where} onRetry`, info),
  } as ClientOptions);
  capture(`${where} client`, okta);
  const source = okta.identitySource(SOURCE);
  capture(`${where} source`, source);
  return source;
}

const user = (i: number) => ({
  externalId: `u${i}`,
  profile: { email: `u${i}@example.com`, userName: `u${i}@example.com`, firstName: "Ada" },
});

describe("no secret in anything the library or CLI produces", () => {
  it("SSWS: successes, retries, API errors, validation errors", async () => {
    const found = await flow("ssws", async () => {
      const source = client({ orgUrl: mock.url, token: API_TOKEN }, "ssws");
      capture("ssws create", await source.users.create(user(1)));
      capture("ssws get", await source.users.get("u1"));
      const session = await source.sessions.create();
      // The first attempt fails with a 503, the retry goes through.
      mock.setFaults({ path: "/bulk-upsert", errorRate: 1, errorStatuses: [503] });
      await source.sessions.upsertUsers(session.id!, [user(2), user(3)], {
        onRetry: () => mock.setFaults(undefined),
      });
      await source.sessions.delete(session.id!);
      expect(
        outputs.some((o) => o.where === "ssws onRetry"),
        "a retry was seen",
      ).toBe(true);
      expect(await failing("ssws 404", () => source.users.get("nobody"))).toBeInstanceOf(
        OktaNotFoundError,
      );
      expect(
        await failing("ssws validation", () =>
          source.users.create({ externalId: "", profile: { email: "x", userName: "" } }),
        ),
      ).toBeInstanceOf(OktaValidationError);
      const wrong = client({ orgUrl: mock.url, token: WRONG_TOKEN }, "ssws wrong token");
      expect(await failing("ssws 401", () => wrong.sessions.list())).toBeInstanceOf(
        OktaAuthenticationError,
      );
      await failing("ssws bad orgUrl", async () =>
        createIdentitySourceClient({
          orgUrl: `https://x:${API_TOKEN}@acme.okta.com`,
          token: API_TOKEN,
        }),
      );
    });
    expect(found).toEqual([]);
  });

  it("bearer: a static token, a token function, and a 403 for a missing scope", async () => {
    const readOnly = mock.issueAccessToken({ scopes: ["okta.identitySources.read"] });
    const full = mock.issueAccessToken();
    secret("bearer token (read)", readOnly);
    secret("bearer token (full)", full);
    const found = await flow("bearer", async () => {
      const source = client({ orgUrl: mock.url, accessToken: readOnly }, "bearer");
      capture("bearer list", await source.sessions.list());
      expect(await failing("bearer 403", () => source.sessions.create())).toBeInstanceOf(
        OktaForbiddenError,
      );
      const fn = client({ orgUrl: mock.url, accessToken: async () => full }, "bearer fn");
      capture("bearer fn create", await fn.users.create(user(4)));
      const expired = client({ orgUrl: mock.url, accessToken: `${full}x` }, "bearer bad");
      await failing("bearer 401", () => expired.sessions.list());
    });
    expect(found).toEqual([]);
  });

  it("OAuth private_key_jwt: PEM and JWK keys, DPoP, an unknown client, a broken key", async () => {
    const found = await flow("oauth", async () => {
      const pem = client(
        { orgUrl: mock.url, oauth: { clientId: CLIENT_ID, privateKey: rsaPem, keyId: "k1" } },
        "oauth pem",
      );
      capture("oauth list", await pem.sessions.list());
      await failing("oauth 404", () => pem.sessions.get("aps-missing"));
      const pkcs1 = client(
        { orgUrl: mock.url, oauth: { clientId: CLIENT_ID, privateKey: rsaPkcs1 } },
        "oauth pkcs1",
      );
      capture("oauth pkcs1 list", await pkcs1.sessions.list());
      const jwk = client(
        { orgUrl: mock.url, oauth: { clientId: "0oaEcClient", privateKey: ecJwk, dpop: true } },
        "oauth jwk dpop",
      );
      capture("oauth jwk list", await jwk.sessions.list());
      const unknown = client(
        { orgUrl: mock.url, oauth: { clientId: "0oaNobody", privateKey: rsaPem } },
        "oauth unknown client",
      );
      expect(await failing("oauth unknown", () => unknown.sessions.list())).toBeInstanceOf(
        OktaAuthenticationError,
      );
      const broken = rsaPem.replace(/\n[A-Za-z0-9+/]{64}\n/, "\n" + "A".repeat(64) + "\n");
      const bad = client(
        { orgUrl: mock.url, oauth: { clientId: CLIENT_ID, privateKey: broken } },
        "oauth broken key",
      );
      await failing("oauth broken key", () => bad.sessions.list());
      const rsaAsJwk = client(
        { orgUrl: mock.url, oauth: { clientId: CLIENT_ID, privateKey: { ...rsaJwk, kty: "EC" } } },
        "oauth wrong kty",
      );
      await failing("oauth wrong kty", () => rsaAsJwk.sessions.list());
    });
    const seen = [...secrets.values()];
    expect(seen.filter((k) => k.startsWith("client assertion")).length).toBeGreaterThan(3);
    expect(seen.filter((k) => k.startsWith("access token")).length).toBeGreaterThan(2);
    expect(found).toEqual([]);
  });

  it("import errors carry their report, never credentials", async () => {
    const found = await flow("import", async () => {
      const source = client({ orgUrl: mock.url, token: API_TOKEN }, "import");
      mock.failNextSessions(1);
      const error = await failing("import session error", () =>
        source.import(
          { users: [user(10), user(11)] },
          {
            pollInterval: 5,
            activeSession: "cancel",
            onProgress: (p) => capture("import progress", p),
          },
        ),
      );
      expect(error).toBeInstanceOf(OktaImportError);
      const wrong = client({ orgUrl: mock.url, token: WRONG_TOKEN }, "import wrong token");
      await failing("import 401", () =>
        wrong.import({ users: [user(12)] }, { pollInterval: 5, activeSession: "cancel" }),
      );
    });
    expect(found).toEqual([]);
  });

  it("a server echoing credentials into its errors: tokens redacted before they reach a message", async () => {
    const found = await flow("echo", async () => {
      const ssws = client({ orgUrl: echo.url, token: API_TOKEN, maxRetries: 0 }, "echo ssws");
      await failing("echo ssws", () => ssws.users.create(user(20)));
      const bearer = client({ orgUrl: echo.url, accessToken: WRONG_TOKEN }, "echo bearer");
      await failing("echo bearer", () => bearer.sessions.list());
      const oauth = client(
        { orgUrl: echo.url, oauth: { clientId: "echo-ok", privateKey: rsaPem } },
        "echo oauth resource",
      );
      await failing("echo oauth resource", () => oauth.sessions.list());
    });
    expect(found).toEqual([]);
  });

  it("BUG(client/oauth): a token endpoint that echoes the request puts the client assertion into the error", async () => {
    // src/http/auth/oauth.ts builds the token error with errorInit(..., issued, ...): only the
    // access tokens it was issued are redacted, not the client_assertion it just sent, so an
    // error_description quoting the form body (a proxy, a misbehaving IdP) lands in message,
    // errorSummary and toJSON(). The assertion is a bearer credential until it expires (5 min).
    const found = await flow("echo token endpoint", async () => {
      const rejected = client(
        { orgUrl: echo.url, oauth: { clientId: "echo-fail", privateKey: ecJwk } },
        "echo oauth token endpoint",
      );
      await failing("echo oauth token endpoint", () => rejected.sessions.list());
    });
    expect(found).toEqual([]);
  });

  it("CLI: --json and plain output, failures, every auth mode", async () => {
    const csv = join(dir, "users.csv");
    writeFileSync(csv, "externalId,email,userName\nc1,c1@example.com,c1\nc2,c2@example.com,c2\n");
    const badCsv = join(dir, "bad.csv");
    writeFileSync(badCsv, "externalId,email,userName\n,x,\n");
    const ssws = { OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: API_TOKEN };
    const keyFile = join(dir, "key.pem");
    writeFileSync(keyFile, rsaPem);
    const pk = (clientId: string, key: string) => ({
      OKTA_CLIENT_ORGURL: mock.url,
      OKTA_CLIENT_AUTHORIZATIONMODE: "PrivateKey",
      OKTA_CLIENT_CLIENTID: clientId,
      OKTA_CLIENT_PRIVATEKEY: key,
    });
    const runs: [string[], Record<string, string>, number][] = [
      [["sessions", "list", "--source", SOURCE, "--json"], ssws, 0],
      [["users", "get", "nobody", "--source", SOURCE, "--json"], ssws, 1],
      [
        [
          "users",
          "create",
          "c0",
          "--source",
          SOURCE,
          "--set",
          "email=c0@example.com",
          "--set",
          "userName=c0",
        ],
        ssws,
        0,
      ],
      [["import", "--source", SOURCE, "--users", csv, "--json", "--poll-interval", "5"], ssws, 0],
      [["import", "--source", SOURCE, "--users", badCsv, "--json"], ssws, 2],
      [
        ["sessions", "list", "--source", SOURCE, "--org-url", mock.url, "--token", WRONG_TOKEN],
        {},
        1,
      ],
      [["import", "--source", SOURCE, "--users", csv, "--token", WRONG_TOKEN, "--json"], ssws, 1],
      [
        [
          "sessions",
          "list",
          "--source",
          SOURCE,
          "--org-url",
          echo.url,
          "--token",
          API_TOKEN,
          "--json",
        ],
        {},
        1,
      ],
      [["sessions", "list", "--source", SOURCE, "--json"], pk(CLIENT_ID, rsaPem), 0],
      [["sessions", "list", "--source", SOURCE], pk(CLIENT_ID, keyFile), 0],
      [["sessions", "list", "--source", SOURCE, "--json"], pk("0oaNobody", rsaPem), 1],
      [["sessions", "list", "--source", SOURCE], pk(CLIENT_ID, JSON.stringify(ecJwk)), 1],
      [["sessions", "list", "--source", SOURCE], pk(CLIENT_ID, rsaPem.slice(0, 300)), 2],
    ];
    const found = await flow("cli", async () => {
      for (const [argv, env, code] of runs) {
        let stdout = "";
        let stderr = "";
        const exit = await cli(argv, {
          stdout: { write: (s: string) => (stdout += s) },
          stderr: { write: (s: string) => (stderr += s) },
          env,
          isTTY: false,
        });
        const where = `cli ${argv.slice(0, 2).join(" ")} (exit ${exit})`;
        capture(`${where} stdout`, stdout);
        capture(`${where} stderr`, stderr);
        expect(exit, `${argv.join(" ")}\n${stderr}`).toBe(code);
      }
    });
    expect(found).toEqual([]);
  });

  it("the mock's request log and handle show no credentials either", () => {
    const from = outputs.length;
    capture("mock handle", mock);
    capture("mock request log", mock.requests);
    expect(mock.requests.length).toBeGreaterThan(20);
    expect(leaks(from)).toEqual([]);
  });

  it("the scan itself finds a planted secret (so the tests above can fail)", () => {
    const from = outputs.length;
    const access = [...secrets].find(([, name]) => name === "access token")![0];
    capture("canary", new Error(`token ${access} and key line ${rsaPem.split("\n")[3]}`));
    expect(leaks(from).length).toBeGreaterThanOrEqual(2);
    outputs.length = from;
  });
});
