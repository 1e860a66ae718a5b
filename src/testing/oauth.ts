// POST /oauth2/v1/token: the client-credentials grant with private_key_jwt client authentication
// (optionally DPoP-bound with the use_dpop_nonce round trip Okta performs).
import { KeyObject, type webcrypto } from "node:crypto";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
// Type-only, so the CommonJS declarations (.d.cts) may name jose's types although jose is ESM-only.
import type { JWK, JWTVerifyGetKey } from "jose";
import { DpopError, NonceStore, verifyDpopProof } from "./dpop.js";
import { MANAGE_SCOPE, READ_SCOPE, ReplayCache, TokenStore } from "./tokens.js";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** An OAuth service app the token endpoint knows. */
export interface OAuthClientRegistration {
  /** The client id; assertions must use it as `iss` and `sub`. */
  clientId: string;
  /** The public key that verifies the client's assertions: a JWK, a JWK set, a KeyObject or a CryptoKey. */
  // Node's own name for a Web Crypto key: the global CryptoKey type exists only with the DOM lib.
  publicKey: JWK | { keys: JWK[] } | KeyObject | webcrypto.CryptoKey;
  /** Scopes the client may request. @default ["okta.identitySources.read", "okta.identitySources.manage"] */
  scopes?: string[];
  /** Refuse token requests without a DPoP proof (Okta's "Require DPoP" app setting). @default false */
  requireDpop?: boolean;
}

interface RegisteredClient {
  keys: JWTVerifyGetKey;
  scopes: ReadonlySet<string>;
  requireDpop: boolean;
}

export interface TokenRequest {
  method: string;
  // `http://host` as the client addressed the mock.
  origin: string;
  headers: Record<string, string | string[] | undefined>;
  form: URLSearchParams;
}

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

// The global class, looked up rather than named: its type is declared only by the DOM lib.
const WebCryptoKey = (globalThis as { CryptoKey?: abstract new () => webcrypto.CryptoKey })
  .CryptoKey;

function toJwks(key: OAuthClientRegistration["publicKey"]): { keys: JWK[] } {
  if (key instanceof KeyObject) return { keys: [key.export({ format: "jwk" }) as JWK] };
  if (WebCryptoKey && key instanceof WebCryptoKey) return toJwks(KeyObject.from(key));
  if ("keys" in key && Array.isArray(key.keys)) return { keys: key.keys };
  return { keys: [key as JWK] };
}

export class OAuthServer {
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly replays = new ReplayCache();
  readonly nonces = new NonceStore();

  constructor(
    private readonly tokens: TokenStore,
    private readonly ttlSeconds: number,
  ) {}

  register(client: OAuthClientRegistration): void {
    const jwks = toJwks(client.publicKey);
    if (jwks.keys.some((k) => "d" in k)) {
      throw new TypeError("registerClient needs the public key; a private key was given");
    }
    this.clients.set(client.clientId, {
      keys: createLocalJWKSet(jwks),
      scopes: new Set(client.scopes ?? [READ_SCOPE, MANAGE_SCOPE]),
      requireDpop: client.requireDpop ?? false,
    });
  }

  async handle(request: TokenRequest): Promise<TokenReply> {
    const { form } = request;
    if (form.get("grant_type") !== "client_credentials") {
      return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
    }
    const assertion = form.get("client_assertion");
    if (form.get("client_assertion_type") !== ASSERTION_TYPE || !assertion) {
      return oauthError(401, "invalid_client", "Client authentication requires private_key_jwt.");
    }
    let clientId: unknown;
    try {
      clientId = decodeJwt(assertion).sub;
    } catch {
      return oauthError(401, "invalid_client", "The client_assertion is not a JWT.");
    }
    const client = typeof clientId === "string" ? this.clients.get(clientId) : undefined;
    if (!client || typeof clientId !== "string") {
      return oauthError(401, "invalid_client", "The client is not registered.");
    }
    const tokenUrl = `${request.origin}/oauth2/v1/token`;
    try {
      const { payload } = await jwtVerify(assertion, client.keys, {
        issuer: clientId,
        subject: clientId,
        audience: tokenUrl,
        requiredClaims: ["exp"],
        clockTolerance: 30,
      });
      // Okta refuses assertions valid for more than an hour.
      if ((payload.exp ?? 0) - Math.floor(Date.now() / 1000) > 3600 + 30) {
        throw new Error("exp is more than one hour away");
      }
      if (payload.jti !== undefined && !this.replays.use(`assertion:${payload.jti}`, 3_700_000)) {
        throw new Error("jti was already used");
      }
    } catch (error) {
      return oauthError(
        401,
        "invalid_client",
        `The client_assertion is invalid: ${(error as Error).message}`,
      );
    }
    const requested = (form.get("scope") ?? "").split(" ").filter(Boolean);
    if (requested.length === 0 || requested.some((s) => !client.scopes.has(s))) {
      return oauthError(
        400,
        "invalid_scope",
        "The requested scopes are missing or not granted to the client.",
      );
    }
    const proof = request.headers["dpop"];
    let jkt: string | undefined;
    if (typeof proof === "string") {
      try {
        jkt = await verifyDpopProof(
          proof,
          { method: "POST", url: tokenUrl, nonces: this.nonces },
          this.replays,
        );
      } catch (error) {
        if (!(error instanceof DpopError)) throw error;
        const reply = oauthError(400, error.code, error.message);
        if (error.code === "use_dpop_nonce") reply.headers["DPoP-Nonce"] = this.nonces.issue();
        return reply;
      }
    } else if (client.requireDpop) {
      return oauthError(400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
    }
    const accessToken = this.tokens.issue(requested, this.ttlSeconds, jkt);
    return {
      status: 200,
      headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
      body: {
        token_type: jkt ? "DPoP" : "Bearer",
        expires_in: Math.ceil(this.ttlSeconds),
        access_token: accessToken,
        scope: requested.join(" "),
      },
    };
  }
}

function oauthError(status: number, error: string, description: string): TokenReply {
  return {
    status,
    body: { error, error_description: description },
    headers: { "Cache-Control": "no-store" },
  };
}
