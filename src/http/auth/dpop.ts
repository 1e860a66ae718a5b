// DPoP proofs (RFC 9449) with a per-client ephemeral P-256 key. Loaded only with oauth.ts.
import { base64url } from "../../core/base64.js";
import { now, signJws, type SigningCryptoKey } from "./jws.js";

export interface Dpop {
  /** A proof for one request; `accessToken` binds it to the token (`ath`) on resource calls. */
  proof(method: string, url: string, nonce?: string, accessToken?: string): Promise<string>;
}

export async function createDpop(): Promise<Dpop> {
  // The private key stays non-extractable; a key pair's public half can always be exported.
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
    "sign",
    "verify",
  ])) as { privateKey: SigningCryptoKey; publicKey: SigningCryptoKey };
  const { kty, crv, x, y } = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const jwk = { kty, crv, x, y };
  return {
    async proof(method, url, nonce, accessToken) {
      const u = new URL(url);
      // htu is the URL without query and fragment (RFC 9449, section 4.2).
      const claims: Record<string, string | number> = {
        htm: method,
        htu: `${u.origin}${u.pathname}`,
        iat: now(),
        jti: crypto.randomUUID(),
      };
      if (nonce) claims.nonce = nonce;
      if (accessToken) {
        const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken));
        claims.ath = base64url(new Uint8Array(hash));
      }
      return signJws({ alg: "ES256", typ: "dpop+jwt", jwk }, claims, pair.privateKey);
    },
  };
}
