// DPoP proofs (RFC 9449) with a per-client ephemeral P-256 key. Loaded only with oauth.ts.
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { base64url } from "./base64.js";

export interface Dpop {
  /** A proof for one request; `accessToken` binds it to the token (`ath`) on resource calls. */
  proof(method: string, url: string, nonce?: string, accessToken?: string): Promise<string>;
}

export async function createDpop(): Promise<Dpop> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = await exportJWK(publicKey);
  return {
    async proof(method, url, nonce, accessToken) {
      const u = new URL(url);
      // htu is the URL without query and fragment (RFC 9449 §4.2).
      const claims: Record<string, string> = { htm: method, htu: `${u.origin}${u.pathname}` };
      if (nonce) claims.nonce = nonce;
      if (accessToken) {
        const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken));
        claims.ath = base64url(new Uint8Array(hash));
      }
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .sign(privateKey);
    },
  };
}
