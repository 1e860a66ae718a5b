// Authentication: SSWS API tokens, Bearer access tokens with scopes and expiry, the token endpoint
// with private_key_jwt client authentication, and DPoP-bound tokens with the use_dpop_nonce flow.
import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { MockOkta } from "../../src/testing/index.js";
import { sleep, SOURCE, start } from "./helpers.js";

const READ = "okta.identitySources.read";
const MANAGE = "okta.identitySources.manage";

let mock: MockOkta;
beforeEach(async () => {
  mock = await start();
});
afterEach(() => mock.close());

const sessionsUrl = () => `${mock.url}/api/v1/identity-sources/${SOURCE}/sessions`;

async function withAuth(
  authorization: string | undefined,
  method = "GET",
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extra };
  if (authorization !== undefined) headers["Authorization"] = authorization;
  const response = await fetch(sessionsUrl(), { method, headers });
  return { status: response.status, body: await response.json() };
}

describe("API token and access tokens", () => {
  test("missing, malformed or wrong credentials are 401 E0000011", async () => {
    for (const header of [
      undefined,
      "SSWS wrong-token",
      "SSWS",
      "Basic dGVzdDp0ZXN0",
      "Bearer not-issued",
      `SSWS test-token-but-longer`,
    ]) {
      const answer = await withAuth(header);
      expect(answer.status, String(header)).toBe(401);
      expect(answer.body).toMatchObject({
        errorCode: "E0000011",
        errorSummary: "Invalid token provided",
      });
    }
    expect((await withAuth("SSWS test-token")).status).toBe(200);
  });

  test("a token without the operation's scope is 403 E0000006", async () => {
    const read = mock.issueAccessToken({ scopes: [READ] });
    const manage = mock.issueAccessToken({ scopes: [MANAGE] });
    const both = mock.issueAccessToken();
    expect((await withAuth(`Bearer ${read}`)).status).toBe(200);
    const refused = await withAuth(`Bearer ${read}`, "POST");
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ errorCode: "E0000006" });
    expect(refused.body.errorCauses[0].errorSummary).toContain(MANAGE);
    // The spec names one scope per operation: manage does not stand in for read.
    expect((await withAuth(`Bearer ${manage}`)).status).toBe(403);
    expect((await withAuth(`Bearer ${manage}`, "POST")).status).toBe(200);
    expect((await withAuth(`Bearer ${both}`)).status).toBe(200);
  });

  test("access tokens expire", async () => {
    const token = mock.issueAccessToken({ ttlSeconds: 0.05 });
    expect((await withAuth(`Bearer ${token}`)).status).toBe(200);
    await sleep(100);
    const answer = await withAuth(`Bearer ${token}`);
    expect(answer.status).toBe(401);
    expect(answer.body.errorCauses[0].errorSummary).toMatch(/expired/);
  });

  test("credentials are redacted in the request log", async () => {
    await withAuth("SSWS test-token");
    expect(mock.requests[0]!.headers["authorization"]).toBe("SSWS [REDACTED]");
    expect(JSON.stringify(mock.requests)).not.toContain("test-token");
  });
});

async function keyPair(alg = "ES256") {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { publicKey, privateKey, jwk: await exportJWK(publicKey) };
}

function assertion(
  privateKey: CryptoKey,
  clientId: string,
  audience: string,
  { jti = randomUUID() as string, alg = "ES256", expires = "5m" } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expires)
    .setJti(jti)
    .sign(privateKey);
}

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(`${mock.url}/oauth2/v1/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      ...headers,
    },
    body: new URLSearchParams(form),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const credentialsForm = (clientAssertion: string, scope = `${READ} ${MANAGE}`) => ({
  grant_type: "client_credentials",
  scope,
  client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
  client_assertion: clientAssertion,
});

describe("token endpoint with private_key_jwt", () => {
  test("issues scoped Bearer tokens to a registered client", async () => {
    const keys = await keyPair();
    mock.registerClient({ clientId: "0oaService", publicKey: keys.jwk });
    const audience = `${mock.url}/oauth2/v1/token`;
    const answer = await tokenRequest(
      credentialsForm(await assertion(keys.privateKey, "0oaService", audience), READ),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: READ });
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const token: string = answer.body.access_token;
    expect((await withAuth(`Bearer ${token}`)).status).toBe(200);
    expect((await withAuth(`Bearer ${token}`, "POST")).status).toBe(403);
    // The assertion is a credential: the log keeps the form without it.
    const logged = mock.requests.find((r) => r.path === "/oauth2/v1/token")!;
    expect(logged.body).toMatchObject({
      grant_type: "client_credentials",
      client_assertion: "[REDACTED]",
    });
  });

  test("accepts a CryptoKey as the registered key (RS256)", async () => {
    const keys = await keyPair("RS256");
    mock.registerClient({ clientId: "rsa", publicKey: keys.publicKey });
    const signed = await assertion(keys.privateKey, "rsa", `${mock.url}/oauth2/v1/token`, {
      alg: "RS256",
    });
    expect((await tokenRequest(credentialsForm(signed))).status).toBe(200);
  });

  test("refuses bad assertions, unknown clients, replays and ungranted scopes", async () => {
    const keys = await keyPair();
    const other = await keyPair();
    mock.registerClient({ clientId: "svc", publicKey: keys.jwk, scopes: [READ] });
    const audience = `${mock.url}/oauth2/v1/token`;
    const cases: [string, Record<string, string>, number, string][] = [
      [
        "wrong key",
        credentialsForm(await assertion(other.privateKey, "svc", audience), READ),
        401,
        "invalid_client",
      ],
      [
        "wrong audience",
        credentialsForm(
          await assertion(keys.privateKey, "svc", "https://example.okta.com/oauth2/v1/token"),
          READ,
        ),
        401,
        "invalid_client",
      ],
      [
        "unknown client",
        credentialsForm(await assertion(keys.privateKey, "nobody", audience), READ),
        401,
        "invalid_client",
      ],
      [
        "too long-lived",
        credentialsForm(await assertion(keys.privateKey, "svc", audience, { expires: "2h" }), READ),
        401,
        "invalid_client",
      ],
      ["not a JWT", credentialsForm("abc", READ), 401, "invalid_client"],
      [
        "scope not granted",
        credentialsForm(await assertion(keys.privateKey, "svc", audience), MANAGE),
        400,
        "invalid_scope",
      ],
      [
        "no scope",
        credentialsForm(await assertion(keys.privateKey, "svc", audience), ""),
        400,
        "invalid_scope",
      ],
      ["other grant", { grant_type: "password" }, 400, "unsupported_grant_type"],
      ["no assertion", { grant_type: "client_credentials", scope: READ }, 401, "invalid_client"],
    ];
    for (const [name, form, status, error] of cases) {
      const answer = await tokenRequest(form);
      expect(answer.status, name).toBe(status);
      expect(answer.body.error, name).toBe(error);
    }
    const once = await assertion(keys.privateKey, "svc", audience, { jti: "same-jti" });
    expect((await tokenRequest(credentialsForm(once, READ))).status).toBe(200);
    const replay = await tokenRequest(credentialsForm(once, READ));
    expect(replay.status).toBe(401);
    expect(replay.body.error_description).toMatch(/jti/);
    expect((await fetch(`${mock.url}/oauth2/v1/token`)).status).toBe(405);
  });

  test("a registered private key is refused", async () => {
    const { privateKey } = await keyPair();
    const privateJwk: JWK = await exportJWK(privateKey);
    expect(() => mock.registerClient({ clientId: "oops", publicKey: privateJwk })).toThrow(
      /public key/,
    );
  });
});

describe("DPoP-bound tokens", () => {
  async function proof(
    key: Awaited<ReturnType<typeof keyPair>>,
    htm: string,
    htu: string,
    extra: { nonce?: string; accessToken?: string; jti?: string } = {},
  ) {
    const claims: Record<string, string> = { htm, htu };
    if (extra.nonce) claims["nonce"] = extra.nonce;
    if (extra.accessToken)
      claims["ath"] = createHash("sha256").update(extra.accessToken).digest("base64url");
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk })
      .setIssuedAt()
      .setJti(extra.jti ?? randomUUID())
      .sign(key.privateKey);
  }

  test("use_dpop_nonce round trip, then DPoP requests with ath", async () => {
    const client = await keyPair();
    const dpopKey = await keyPair();
    mock.registerClient({ clientId: "dpop-app", publicKey: client.jwk, requireDpop: true });
    const tokenUrl = `${mock.url}/oauth2/v1/token`;
    const form = async () =>
      credentialsForm(await assertion(client.privateKey, "dpop-app", tokenUrl));

    const withoutProof = await tokenRequest(await form());
    expect(withoutProof.status).toBe(400);
    expect(withoutProof.body.error).toBe("invalid_dpop_proof");

    const first = await tokenRequest(await form(), {
      DPoP: await proof(dpopKey, "POST", tokenUrl),
    });
    expect(first.status).toBe(400);
    expect(first.body.error).toBe("use_dpop_nonce");
    const nonce = first.headers.get("dpop-nonce");
    expect(nonce).toBeTruthy();

    const second = await tokenRequest(await form(), {
      DPoP: await proof(dpopKey, "POST", tokenUrl, { nonce: nonce! }),
    });
    expect(second.status).toBe(200);
    expect(second.body.token_type).toBe("DPoP");
    const token: string = second.body.access_token;

    const url = sessionsUrl();
    const ok = await withAuth(`DPoP ${token}`, "GET", {
      DPoP: await proof(dpopKey, "GET", url, { accessToken: token }),
    });
    expect(ok.status).toBe(200);

    const refusals: [string, string, Record<string, string>][] = [
      ["sent as Bearer", `Bearer ${token}`, {}],
      ["no proof", `DPoP ${token}`, {}],
      [
        "proof for another method",
        `DPoP ${token}`,
        { DPoP: await proof(dpopKey, "POST", url, { accessToken: token }) },
      ],
      [
        "proof for another URL",
        `DPoP ${token}`,
        { DPoP: await proof(dpopKey, "GET", `${url}/x`, { accessToken: token }) },
      ],
      ["proof without ath", `DPoP ${token}`, { DPoP: await proof(dpopKey, "GET", url) }],
      [
        "proof by another key",
        `DPoP ${token}`,
        { DPoP: await proof(await keyPair(), "GET", url, { accessToken: token }) },
      ],
    ];
    for (const [name, authorization, headers] of refusals) {
      const answer = await withAuth(authorization, "GET", headers);
      expect(answer.status, name).toBe(401);
      expect(answer.body.errorCode, name).toBe("E0000011");
    }
    const replayed = await proof(dpopKey, "GET", url, { accessToken: token, jti: "one-time" });
    expect((await withAuth(`DPoP ${token}`, "GET", { DPoP: replayed })).status).toBe(200);
    expect((await withAuth(`DPoP ${token}`, "GET", { DPoP: replayed })).status).toBe(401);
    expect(mock.requests.at(-1)!.headers["dpop"]).toBe("[REDACTED]");
  });

  test("a plain Bearer token cannot be used with the DPoP scheme", async () => {
    const token = mock.issueAccessToken();
    const key = await keyPair();
    const answer = await withAuth(`DPoP ${token}`, "GET", {
      DPoP: await proof(key, "GET", sessionsUrl(), { accessToken: token }),
    });
    expect(answer.status).toBe(401);
  });
});
