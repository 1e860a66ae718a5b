// Auth modes: SSWS, static and refreshed bearer tokens, OAuth client credentials with
// private_key_jwt (cached, renewed before expiry, one token request at a time), and DPoP with nonces.
import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { inspect } from "node:util";
import { EmbeddedJWK, jwtVerify } from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createIdentitySourceClient,
  OktaAuthenticationError,
  OktaValidationError,
  type ClientOptions,
  type OAuthOptions,
} from "../../src/index.js";
import { reply, SOURCE, startServer, TOKEN, type Recorded, type TestServer } from "./server.js";

const servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const CLIENT_ID = "0oaServiceApp123";
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const rsaPem = rsa.privateKey.export({ type: "pkcs8", format: "pem" }) as string;

interface OAuthServerOptions {
  publicKey?: KeyObject;
  expiresIn?: number;
  /** Token endpoint delay in ms (to overlap concurrent calls). */
  delay?: number;
  /** Ask for a DPoP nonce at the token endpoint / at the API. */
  tokenNonce?: string;
  apiNonce?: string;
  /** API answers 401 for these tokens. */
  revoked?: Set<string>;
}

/** An org with a token endpoint that verifies assertions and DPoP proofs, and one API path. */
async function oauthOrg(o: OAuthServerOptions = {}) {
  const tokens: string[] = [];
  const tokenRequests: {
    form: URLSearchParams;
    header: Record<string, unknown>;
    claims: Record<string, unknown>;
    dpop?: Record<string, unknown>;
  }[] = [];
  const apiProofs: Record<string, unknown>[] = [];
  const server = await startServer(async (req: Recorded, res) => {
    const url = `${server.url}${req.url.split("?")[0]}`;
    if (req.url === "/oauth2/v1/token") {
      const form = new URLSearchParams(req.body);
      const { payload, protectedHeader } = await jwtVerify(
        form.get("client_assertion") ?? "",
        o.publicKey ?? rsa.publicKey,
        {
          issuer: CLIENT_ID,
          subject: CLIENT_ID,
          audience: `${server.url}/oauth2/v1/token`,
        },
      );
      let dpop: Record<string, unknown> | undefined;
      if (typeof req.headers.dpop === "string") {
        const proof = await jwtVerify(req.headers.dpop, EmbeddedJWK, { typ: "dpop+jwt" });
        dpop = { ...proof.payload, jwk: proof.protectedHeader.jwk };
        if (o.tokenNonce && proof.payload.nonce !== o.tokenNonce) {
          tokenRequests.push({ form, header: protectedHeader, claims: payload, dpop });
          return reply(
            res,
            400,
            {
              error: "use_dpop_nonce",
              error_description: "Authorization server requires nonce in DPoP proof.",
            },
            { "DPoP-Nonce": o.tokenNonce },
          );
        }
      }
      tokenRequests.push({ form, header: protectedHeader, claims: payload, ...(dpop && { dpop }) });
      if (o.delay) await new Promise((r) => setTimeout(r, o.delay));
      const token = `at-${tokens.length + 1}-${"x".repeat(20)}`;
      tokens.push(token);
      return reply(res, 200, {
        token_type: dpop ? "DPoP" : "Bearer",
        access_token: token,
        expires_in: o.expiresIn ?? 3600,
        scope: form.get("scope"),
      });
    }
    const [scheme, token] = (req.headers.authorization ?? "").split(" ");
    if (scheme === "DPoP") {
      const proof = await jwtVerify(String(req.headers.dpop), EmbeddedJWK, { typ: "dpop+jwt" });
      apiProofs.push(proof.payload);
      const ath = createHash("sha256")
        .update(token ?? "")
        .digest("base64url");
      if (
        proof.payload.htm !== req.method ||
        proof.payload.htu !== url ||
        proof.payload.ath !== ath
      )
        return reply(res, 401, { errorCode: "E0000011" });
      if (o.apiNonce && proof.payload.nonce !== o.apiNonce) {
        return reply(
          res,
          401,
          { errorCode: "E0000011" },
          { "WWW-Authenticate": 'DPoP error="use_dpop_nonce"', "DPoP-Nonce": o.apiNonce },
        );
      }
    }
    if (!token || !tokens.includes(token) || o.revoked?.has(token))
      return reply(res, 401, { errorCode: "E0000011", errorSummary: "Invalid token provided" });
    reply(res, 200, []);
  });
  servers.push(server);
  const client = (oauth: Partial<OAuthOptions> = {}, extra: Partial<ClientOptions> = {}) =>
    createIdentitySourceClient({
      orgUrl: server.url,
      oauth: { clientId: CLIENT_ID, privateKey: rsaPem, ...oauth },
      ...extra,
    } as ClientOptions);
  return {
    server,
    tokens,
    tokenRequests,
    apiProofs,
    client,
    apiCalls: () => server.requests.filter((r) => r.url.startsWith("/api/")),
  };
}

describe("static credentials", () => {
  async function echo() {
    const server = await startServer((_req, res) => reply(res, 200, []));
    servers.push(server);
    return server;
  }

  it("SSWS token", async () => {
    const server = await echo();
    await createIdentitySourceClient({ orgUrl: server.url, token: TOKEN })
      .identitySource(SOURCE)
      .sessions.list();
    expect(server.requests[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`);
  });

  it("static bearer token", async () => {
    const server = await echo();
    await createIdentitySourceClient({ orgUrl: server.url, accessToken: "eyJstatic.token.value" })
      .identitySource(SOURCE)
      .sessions.list();
    expect(server.requests[0]?.headers.authorization).toBe("Bearer eyJstatic.token.value");
  });

  it("a token function is asked before every request, so the caller can refresh it", async () => {
    const server = await echo();
    let n = 0;
    const accessToken = vi.fn(async () => `refreshed-token-${++n}`);
    const source = createIdentitySourceClient({ orgUrl: server.url, accessToken }).identitySource(
      SOURCE,
    );
    await source.sessions.list();
    await source.sessions.list();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer refreshed-token-1",
      "Bearer refreshed-token-2",
    ]);
  });

  it("env OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN are the defaults", async () => {
    const server = await echo();
    vi.stubEnv("OKTA_CLIENT_ORGURL", `${server.url}/some/path`);
    vi.stubEnv("OKTA_CLIENT_TOKEN", TOKEN);
    const okta = createIdentitySourceClient();
    expect(okta.orgUrl).toBe(server.url);
    await okta.identitySource(SOURCE).sessions.list();
    expect(server.requests[0]?.headers.authorization).toBe(`SSWS ${TOKEN}`);
  });

  it("refuses two auth modes, none, or a token that is not one header-safe word", () => {
    const orgUrl = "https://acme.okta.com";
    vi.stubEnv("OKTA_CLIENT_TOKEN", "");
    expect(() =>
      createIdentitySourceClient({ orgUrl, token: TOKEN, accessToken: "y" } as never),
    ).toThrow(/only one of token, accessToken and oauth/);
    expect(() => createIdentitySourceClient({ orgUrl })).toThrow(/token is missing/);
    const error = (() => {
      try {
        createIdentitySourceClient({ orgUrl, token: `${TOKEN}\r\nX-Evil: 1` });
      } catch (e) {
        return e as OktaValidationError;
      }
    })();
    expect(error).toBeInstanceOf(OktaValidationError);
    expect(error?.message).not.toContain(TOKEN);
    expect(() =>
      createIdentitySourceClient({ orgUrl, oauth: { clientId: "", privateKey: rsaPem } }),
    ).toThrow(/oauth needs clientId and privateKey/);
  });
});

describe("OAuth client credentials with private_key_jwt", () => {
  it("signs an assertion, sends the form Okta expects, and uses the token as Bearer", async () => {
    const org = await oauthOrg();
    await org.client({ keyId: "kid-1" }).identitySource(SOURCE).sessions.list();
    expect(org.tokenRequests).toHaveLength(1);
    const [t] = org.tokenRequests;
    expect(Object.fromEntries(t!.form)).toMatchObject({
      grant_type: "client_credentials",
      scope: "okta.identitySources.read okta.identitySources.manage",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    });
    expect(t!.header).toEqual({ alg: "RS256", kid: "kid-1" });
    expect(t!.claims).toMatchObject({
      iss: CLIENT_ID,
      sub: CLIENT_ID,
      aud: `${org.server.url}/oauth2/v1/token`,
    });
    expect((t!.claims.exp as number) - (t!.claims.iat as number)).toBeLessThanOrEqual(3600);
    expect(t!.claims.jti).toEqual(expect.any(String));
    expect(org.apiCalls()[0]?.headers.authorization).toBe(`Bearer ${org.tokens[0]}`);
  });

  it("accepts an EC private JWK (ES256) and custom scopes", async () => {
    const org = await oauthOrg({ publicKey: ec.publicKey });
    const jwk = ec.privateKey.export({ format: "jwk" }) as JsonWebKey;
    await org
      .client({ privateKey: jwk, scopes: ["okta.identitySources.read"] })
      .identitySource(SOURCE)
      .sessions.list();
    expect(org.tokenRequests[0]?.header.alg).toBe("ES256");
    expect(org.tokenRequests[0]?.form.get("scope")).toBe("okta.identitySources.read");
  });

  it("caches the token and renews it before it expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const org = await oauthOrg({ expiresIn: 300 });
    const source = org.client().identitySource(SOURCE);
    await source.sessions.list();
    await source.sessions.list();
    expect(org.tokenRequests).toHaveLength(1);
    // 300 s token: renewed 60 s before expiry, never used in its last minute.
    vi.setSystemTime(Date.now() + 239_000);
    await source.sessions.list();
    expect(org.tokenRequests).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2_000);
    await source.sessions.list();
    expect(org.tokenRequests).toHaveLength(2);
    expect(org.apiCalls().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${org.tokens[0]}`,
      `Bearer ${org.tokens[0]}`,
      `Bearer ${org.tokens[0]}`,
      `Bearer ${org.tokens[1]}`,
    ]);
  });

  it("asks for one token however many calls start at once", async () => {
    const org = await oauthOrg({ delay: 100 });
    const source = org.client().identitySource(SOURCE);
    await Promise.all(Array.from({ length: 10 }, () => source.sessions.list()));
    expect(org.tokenRequests).toHaveLength(1);
    expect(new Set(org.apiCalls().map((r) => r.headers.authorization))).toEqual(
      new Set([`Bearer ${org.tokens[0]}`]),
    );
  });

  it("a 401 from the API drops the token, fetches a new one and sends again once", async () => {
    const revoked = new Set<string>();
    const org = await oauthOrg({ revoked });
    const source = org.client().identitySource(SOURCE);
    await source.sessions.list();
    revoked.add(org.tokens[0]!);
    await source.sessions.list();
    expect(org.tokenRequests).toHaveLength(2);
    expect(org.apiCalls().map((r) => r.headers.authorization)).toEqual([
      `Bearer ${org.tokens[0]}`,
      `Bearer ${org.tokens[0]}`,
      `Bearer ${org.tokens[1]}`,
    ]);
  });

  it("a token endpoint refusal is an OktaAuthenticationError with the OAuth error", async () => {
    const server = await startServer((_req, res) =>
      reply(res, 401, {
        error: "invalid_client",
        error_description: "The client_assertion is invalid.",
      }),
    );
    servers.push(server);
    const source = createIdentitySourceClient({
      orgUrl: server.url,
      oauth: { clientId: CLIENT_ID, privateKey: rsaPem },
    }).identitySource(SOURCE);
    const error = (await source.sessions
      .list()
      .catch((e: unknown) => e)) as OktaAuthenticationError;
    expect(error).toBeInstanceOf(OktaAuthenticationError);
    expect(error.errorCode).toBe("invalid_client");
    expect(error.message).toBe(
      `POST ${server.url}/oauth2/v1/token failed with 401 invalid_client: The client_assertion is invalid.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("a token endpoint that echoes the form body gets the assertion and key redacted", async () => {
    // A proxy or misbehaving IdP may quote the request: the signed client assertion is a bearer
    // credential until it expires, so it must not reach a message either.
    const server = await startServer((req, res) =>
      reply(res, 401, { error: "invalid_client", error_description: `got ${req.body}` }),
    );
    servers.push(server);
    const jwk = ec.privateKey.export({ format: "jwk" });
    const error = (await createIdentitySourceClient({
      orgUrl: server.url,
      oauth: { clientId: CLIENT_ID, privateKey: { ...jwk, alg: "ES256" } as JsonWebKey },
    })
      .identitySource(SOURCE)
      .sessions.list()
      .catch((e: unknown) => e)) as OktaAuthenticationError;
    const assertion = new URLSearchParams(server.requests[0]?.body).get("client_assertion");
    expect(assertion).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(error.errorSummary).toContain("client_assertion=[REDACTED]");
    for (const text of [error.message, JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain(assertion);
      expect(text).not.toContain(jwk.d);
    }
  });

  it("a key that is not a private key is refused without quoting it", async () => {
    const org = await oauthOrg();
    const bogus =
      "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----";
    const error = (await org
      .client({ privateKey: bogus })
      .identitySource(SOURCE)
      .sessions.list()
      .catch((e: unknown) => e)) as OktaValidationError;
    expect(error).toBeInstanceOf(OktaValidationError);
    expect(error.field).toBe("oauth.privateKey");
    expect(inspect(error)).not.toContain("c2VjcmV0");
  });

  it("never shows the private key or tokens in toJSON or inspect of the client", async () => {
    const org = await oauthOrg();
    const okta = org.client();
    await okta.identitySource(SOURCE).sessions.list();
    for (const text of [JSON.stringify(okta), inspect(okta, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain("PRIVATE KEY");
      expect(text).not.toContain(org.tokens[0]);
    }
    expect(JSON.parse(JSON.stringify(okta))).toEqual({ orgUrl: org.server.url, auth: "oauth" });
  });
});

describe("DPoP", () => {
  it("binds the token with DPoP proofs and answers both nonce challenges", async () => {
    const org = await oauthOrg({ tokenNonce: "token-nonce-1", apiNonce: "api-nonce-1" });
    const source = org.client({ dpop: true }).identitySource(SOURCE);
    await source.sessions.list();
    await source.sessions.list();

    // Token endpoint: first proof without nonce -> 400 use_dpop_nonce -> second proof with it.
    expect(org.tokenRequests.map((t) => t.dpop?.nonce)).toEqual([undefined, "token-nonce-1"]);
    const proof = org.tokenRequests[1]!.dpop!;
    expect(proof).toMatchObject({ htm: "POST", htu: `${org.server.url}/oauth2/v1/token` });
    expect(proof.jwk).toMatchObject({ kty: "EC", crv: "P-256" });
    expect(proof.jwk).not.toHaveProperty("d");
    expect(org.tokens).toHaveLength(1);

    // API: DPoP scheme, proof bound to the token (ath); first call meets the nonce challenge.
    const calls = org.apiCalls();
    expect(calls.map((r) => r.headers.authorization)).toEqual(
      Array(3).fill(`DPoP ${org.tokens[0]}`),
    );
    expect(org.apiProofs.map((p) => p.nonce)).toEqual([undefined, "api-nonce-1", "api-nonce-1"]);
    expect(new Set(org.apiProofs.map((p) => p.jti)).size).toBe(3);
    // One key for the client's lifetime: the token stays bound to it.
    expect(calls.map((r) => r.headers["dpop"])).not.toContain(undefined);
  });
});
