// The client on web-standard APIs only: signing keys in every PEM and JWK form through Web Crypto,
// against the embedded mock's token endpoint; the environment read only as a fallback; and every
// runtime's way of reporting a failed connection mapped to OktaConnectionError.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaConnectionError,
  OktaValidationError,
  type OAuthOptions,
} from "../../src/index.js";
import { isConnectionFailure } from "../../src/http/connection-failure.js";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
let mock: MockOkta;
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
});
afterAll(() => mock.close());

let clients = 0;
/** Registers the public half with the mock and lists sessions with the private half. */
async function listWith(
  publicKey: KeyObject,
  privateKey: OAuthOptions["privateKey"],
  dpop = false,
) {
  const clientId = `0oaKeyFormat${++clients}`;
  mock.registerClient({ clientId, publicKey, requireDpop: dpop });
  const okta = createIdentitySourceClient({
    orgUrl: mock.url,
    oauth: { clientId, privateKey, dpop },
  });
  return okta.identitySource(SOURCE).sessions.list();
}

describe("OAuth signing keys through Web Crypto", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const p256 = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const p521 = generateKeyPairSync("ec", { namedCurve: "P-521" });
  const pem = (key: KeyObject, type: "pkcs8" | "pkcs1" | "sec1") =>
    key.export({ type, format: "pem" }) as string;

  it.each([
    ["RSA, PKCS#8 PEM", rsa, pem(rsa.privateKey, "pkcs8")],
    ["RSA, PKCS#1 PEM", rsa, pem(rsa.privateKey, "pkcs1")],
    ["RSA, JWK", rsa, rsa.privateKey.export({ format: "jwk" })],
    ["P-256, PKCS#8 PEM", p256, pem(p256.privateKey, "pkcs8")],
    ["P-256, SEC1 PEM", p256, pem(p256.privateKey, "sec1")],
    ["P-384, SEC1 PEM", p384, pem(p384.privateKey, "sec1")],
    ["P-521, PKCS#8 PEM", p521, pem(p521.privateKey, "pkcs8")],
    ["P-521, JWK", p521, p521.privateKey.export({ format: "jwk" })],
  ] as const)("gets a token and lists sessions with a %s key", async (_, pair, privateKey) => {
    await expect(listWith(pair.publicKey, privateKey)).resolves.toBeInstanceOf(Array);
  });

  it("binds tokens with DPoP when asked, with a PKCS#1 key", async () => {
    await expect(listWith(rsa.publicKey, pem(rsa.privateKey, "pkcs1"), true)).resolves.toEqual([]);
    const last = mock.requests.filter((r) => r.path.startsWith("/api/")).at(-1);
    expect(last?.headers["authorization"]).toMatch(/^DPoP /);
  });

  const refused = async (privateKey: unknown) => {
    const error = await listWith(rsa.publicKey, privateKey as string).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaValidationError);
    expect((error as OktaValidationError).field).toBe("oauth.privateKey");
    return (error as Error).message;
  };

  it("refuses keys it cannot sign with, saying why, without quoting the key", async () => {
    const encrypted = rsa.privateKey.export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "pw",
    }) as string;
    expect(await refused(encrypted)).toMatch(/encrypted PEM key/);
    expect(await refused(rsa.publicKey.export({ format: "jwk" }))).toMatch(/public key/);
    const ed = generateKeyPairSync("ed25519");
    expect(await refused(pem(ed.privateKey, "pkcs8"))).toMatch(/must be an RSA or EC/);
    const body = "c2VjcmV0LWtleS1tYXRlcmlhbA==";
    const bogus = `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`;
    const message = await refused(bogus);
    expect(message).toMatch(/is not a PEM or JWK private key/);
    expect(message).not.toContain(body);
    expect(await refused("not a key")).toMatch(/is not a PEM or JWK private key/);
  });
});

describe("the environment as a fallback only", () => {
  // Deno without --allow-env throws on any read of a variable; this stands in for it.
  function guardedEnv<T>(body: () => T): T {
    const real = process.env;
    const reads: string[] = [];
    process.env = new Proxy(real, {
      get(target, name) {
        if (typeof name === "string" && name.startsWith("OKTA_")) {
          reads.push(name);
          throw new Error(`Requires env access to "${name}"`);
        }
        return Reflect.get(target, name);
      },
    });
    try {
      return body();
    } finally {
      process.env = real;
      guardedEnv.reads = reads;
    }
  }
  guardedEnv.reads = [] as string[];

  it("reads no variable when orgUrl and the credential are given", async () => {
    const okta = guardedEnv(() =>
      createIdentitySourceClient({ orgUrl: mock.url, token: "test-token" }),
    );
    expect(guardedEnv.reads).toEqual([]);
    await expect(okta.identitySource(SOURCE).sessions.list()).resolves.toBeInstanceOf(Array);
  });

  it("treats a refused read as unset and says what is missing", () => {
    expect(() => guardedEnv(() => createIdentitySourceClient({ orgUrl: mock.url }))).toThrow(
      /token is missing: pass token, accessToken or oauth, or set OKTA_CLIENT_TOKEN/,
    );
    expect(guardedEnv.reads).toEqual(["OKTA_CLIENT_TOKEN"]);
  });
});

/** A port that was free a moment ago: bound, then closed. */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe("failed connections", () => {
  it("become OktaConnectionError with the cause, for a port nobody listens on", async () => {
    const port = await closedPort();
    const okta = createIdentitySourceClient({
      orgUrl: `http://127.0.0.1:${port}`,
      token: "t",
      maxRetries: 0,
    });
    const error = await okta
      .identitySource(SOURCE)
      .sessions.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaConnectionError);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/failed to connect: .*ECONNREFUSED/);
  });

  it("become OktaConnectionError at the OAuth token endpoint too", async () => {
    const port = await closedPort();
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const okta = createIdentitySourceClient({
      orgUrl: `http://127.0.0.1:${port}`,
      oauth: { clientId: "0oaNobody", privateKey: privateKey.export({ format: "jwk" }) },
      maxRetries: 0,
    });
    const error = await okta
      .identitySource(SOURCE)
      .sessions.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaConnectionError);
    expect((error as Error).message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/oauth2\/v1\/token failed/,
    );
  });

  // The shapes other runtimes' fetch rejects with (the runtime matrix sees the real ones).
  it.each([
    ["workerd", new Error("Network connection lost.")],
    [
      "Bun",
      Object.assign(new Error("Unable to connect. Is the computer able to access the url?"), {
        code: "ConnectionRefused",
      }),
    ],
    [
      "Bun, reset",
      Object.assign(new Error("The socket connection was closed unexpectedly."), {
        code: "ECONNRESET",
      }),
    ],
    [
      "Deno",
      new TypeError("error sending request for url (http://127.0.0.1:9/): client error (Connect)"),
    ],
    ["a browser", new TypeError("Failed to fetch")],
    ["a DOMException", new DOMException("network", "NetworkError")],
  ])("recognises %s's connection failure", (_, error) => {
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ["an abort", new DOMException("This operation was aborted", "AbortError")],
    ["a bug in a caller's fetch", new Error("boom")],
    ["a RangeError", new RangeError("Invalid array length")],
    ["a non-error", "refused"],
  ])("leaves %s alone", (_, error) => {
    expect(isConnectionFailure(error)).toBe(false);
  });
});
