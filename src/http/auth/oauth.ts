// OAuth 2.0 client credentials with private_key_jwt, optionally DPoP-bound. This module
// is loaded with a dynamic import only when `oauth` is used, keeping the entry small.
import {
  OktaAuthenticationError,
  OktaConnectionError,
  OktaError,
  OktaTimeoutError,
  apiErrorFor,
} from "../../core/errors.js";
import type { OAuthOptions } from "../options.js";
import { errorInit } from "../response-error.js";
import { deadline } from "../timeout.js";
import { USER_AGENT } from "../transport.js";
import { now, signJws } from "./jws.js";
import { isConnectionFailure } from "../connection-failure.js";
import { abortable } from "./abortable.js";
import { isRecord } from "../../core/validate.js";
import { createDpop, type Dpop } from "./dpop.js";
import { loadSigningKey, type SigningKey } from "./private-key.js";
import type { Auth } from "./types.js";

export interface OAuthConfig extends OAuthOptions {
  orgUrl: string;
  fetch: (request: Request) => Promise<Response>;
  /** Timeout of one token request, in ms. */
  timeout: number;
}

interface Token {
  value: string;
  type: string;
  renewAt: number;
}

export const DEFAULT_SCOPES = ["okta.identitySources.read", "okta.identitySources.manage"];

/** Private key material as an echo could quote it: PEM body lines, and the private JWK members. */
function keyParts(privateKey: OAuthOptions["privateKey"]): string[] {
  if (typeof privateKey !== "object" || privateKey === null) {
    const lines = String(privateKey)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("-----"));
    return [...lines, lines.join("")];
  }
  const jwk = privateKey as Record<string, unknown>;
  return ["d", "p", "q", "dp", "dq", "qi", "k"].flatMap((k) =>
    typeof jwk[k] === "string" ? [jwk[k]] : [],
  );
}

/** Keeps the last `max` values of a kind of credential, newest first, for redaction. */
function recent(list: string[], value: string, max = 4): string {
  list.unshift(value);
  list.length = Math.min(list.length, max);
  return value;
}

// Renew a minute before expiry (half the lifetime for short-lived tokens), so no request goes out
// with a token that expires in flight.
const renewAt = (expiresIn: number) =>
  Date.now() + expiresIn * 1000 - Math.min(60_000, expiresIn * 500);

export function oauthAuth(config: OAuthConfig): Auth {
  const tokenUrl = `${config.orgUrl}/oauth2/v1/token`;
  const scope = (config.scopes ?? DEFAULT_SCOPES).join(" ");
  // Everything that must never reach a message: issued access tokens, the signed client assertions
  // and DPoP proofs we sent (a server or proxy may echo the request, and an assertion is a bearer
  // credential until it expires), and the private key itself.
  const issued: string[] = [];
  const assertions: string[] = [];
  // One proof per request: enough are kept to cover the requests a busy import has in flight.
  const proofs: string[] = [];
  const keyMaterial = keyParts(config.privateKey);
  const secrets = () => [...issued, ...assertions, ...proofs, ...keyMaterial];
  let key: Promise<SigningKey> | undefined;
  let dpop: Promise<Dpop> | undefined;
  let token: Token | undefined;
  let pending: Promise<Token> | undefined;
  let resourceNonce: string | undefined;

  const assertion = async () => {
    // A key that does not load is refused again on the next call, not cached as a rejection.
    key ??= loadSigningKey(config.privateKey).catch((e: unknown) => {
      key = undefined;
      throw e;
    });
    const { key: signingKey, alg } = await key;
    const iat = now();
    const signed = await signJws(
      { alg, ...(config.keyId ? { kid: config.keyId } : {}) },
      {
        iss: config.clientId,
        sub: config.clientId,
        aud: tokenUrl,
        iat,
        exp: iat + 300,
        jti: crypto.randomUUID(),
      },
      signingKey,
    );
    return recent(assertions, signed);
  };

  async function post(proofer: Dpop | undefined, nonce: string | undefined) {
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      scope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: await assertion(),
    });
    const headers = new Headers({ Accept: "application/json", "User-Agent": USER_AGENT });
    if (proofer) {
      headers.set("DPoP", recent(proofs, await proofer.proof("POST", tokenUrl, nonce), 32));
    }
    const d = deadline(config.timeout, undefined);
    try {
      const init = { method: "POST", headers, body, signal: d.signal, redirect: "manual" } as const;
      const response = await config.fetch(new Request(tokenUrl, init));
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { response, json: isRecord(json) ? json : {} };
    } catch (e) {
      if (d.timedOut()) throw new OktaTimeoutError("POST", tokenUrl, config.timeout, e);
      throw isConnectionFailure(e) ? new OktaConnectionError("POST", tokenUrl, e) : e;
    } finally {
      d.clear();
    }
  }

  async function fetchToken(): Promise<Token> {
    const proofer = config.dpop ? await (dpop ??= createDpop()) : undefined;
    let { response, json } = await post(proofer, undefined);
    const nonce = response.headers.get("dpop-nonce");
    // Okta asks for a server nonce on the first DPoP token request (400 use_dpop_nonce).
    if (proofer && !response.ok && json.error === "use_dpop_nonce" && nonce) {
      ({ response, json } = await post(proofer, nonce));
    }
    if (!response.ok) {
      // An OAuth error body (RFC 6749, section 5.2), read as Okta's error fields.
      const body = { errorCode: json.error, errorSummary: json.error_description };
      const init = errorInit("POST", tokenUrl, response, body, secrets());
      // The token endpoint answers 400/401 for a bad client, key or scope: an auth failure.
      throw response.status === 400 || response.status === 401
        ? new OktaAuthenticationError(init)
        : apiErrorFor(init);
    }
    const { access_token: value, token_type: type, expires_in: expiresIn } = json;
    if (typeof value !== "string" || value === "") {
      throw new OktaError(`POST ${tokenUrl} answered ${response.status} without an access_token`);
    }
    recent(issued, value);
    const lifetime = typeof expiresIn === "number" && expiresIn > 0 ? expiresIn : 300;
    return { value, type: typeof type === "string" ? type : "Bearer", renewAt: renewAt(lifetime) };
  }

  // One token request at a time, however many calls are waiting for it.
  const getToken = (): Promise<Token> => {
    if (token && Date.now() < token.renewAt) return Promise.resolve(token);
    pending ??= fetchToken()
      .then((t) => (token = t))
      .finally(() => (pending = undefined));
    return pending;
  };

  return {
    kind: config.dpop ? "oauth+dpop" : "oauth",
    async authorize(headers, method, url, signal) {
      const t = await abortable(getToken(), signal);
      const scheme = t.type.toLowerCase() === "dpop" ? "DPoP" : "Bearer";
      headers.set("Authorization", `${scheme} ${t.value}`);
      if (config.dpop) {
        const proofer = await (dpop ??= createDpop());
        const proof = await proofer.proof(method, url, resourceNonce, t.value);
        headers.set("DPoP", recent(proofs, proof, 32));
      }
    },
    renew(response) {
      const nonce = response.headers.get("dpop-nonce");
      if (config.dpop && nonce) resourceNonce = nonce;
      if (response.status !== 401) return false;
      const challenge = response.headers.get("www-authenticate") ?? "";
      if (!(config.dpop && nonce && challenge.includes("use_dpop_nonce"))) token = undefined;
      return true;
    },
    secrets,
  };
}
