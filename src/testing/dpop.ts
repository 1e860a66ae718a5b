// DPoP proof checks (RFC 9449) for the token endpoint and for DPoP-bound resource requests.
import { createHash } from "node:crypto";
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, jwtVerify } from "jose";
import type { ReplayCache } from "./tokens.js";
import { secret } from "./ids.js";

// Why a proof was refused; `use_dpop_nonce` asks the client to retry with the DPoP-Nonce header value.
export class DpopError extends Error {
  constructor(
    readonly code: "invalid_dpop_proof" | "use_dpop_nonce",
    message: string,
  ) {
    super(message);
    this.name = "DpopError";
  }
}

const PROOF_MAX_AGE_S = 300;

export interface ProofExpectations {
  method: string;
  // The request URL without query and fragment (`htu`).
  url: string;
  // For resource requests: the access token the proof must hash into `ath`.
  accessToken?: string;
  // For the token endpoint: checks the proof's `nonce`.
  nonces?: NonceStore;
}

// Verifies a DPoP proof and returns the thumbprint of its key.
export async function verifyDpopProof(
  proof: string,
  expect: ProofExpectations,
  replays: ReplayCache,
): Promise<string> {
  let payload;
  let jwk;
  try {
    const header = decodeProtectedHeader(proof);
    if (header.typ !== "dpop+jwt") throw new Error('typ must be "dpop+jwt"');
    const result = await jwtVerify(proof, EmbeddedJWK, { typ: "dpop+jwt" });
    payload = result.payload;
    jwk = result.protectedHeader.jwk;
  } catch (error) {
    throw new DpopError("invalid_dpop_proof", `DPoP proof is invalid: ${(error as Error).message}`);
  }
  if (!jwk) throw new DpopError("invalid_dpop_proof", "DPoP proof has no jwk header");
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== "number" || Math.abs(now - payload.iat) > PROOF_MAX_AGE_S) {
    throw new DpopError("invalid_dpop_proof", "DPoP proof iat is missing or not recent");
  }
  if (payload["htm"] !== expect.method) {
    throw new DpopError("invalid_dpop_proof", `DPoP proof htm must be ${expect.method}`);
  }
  if (typeof payload["htu"] !== "string" || stripQuery(payload["htu"]) !== expect.url) {
    throw new DpopError("invalid_dpop_proof", `DPoP proof htu must be ${expect.url}`);
  }
  if (expect.accessToken !== undefined) {
    const ath = createHash("sha256").update(expect.accessToken).digest("base64url");
    if (payload["ath"] !== ath)
      throw new DpopError("invalid_dpop_proof", "DPoP proof ath does not match");
  }
  if (expect.nonces) {
    const nonce = payload["nonce"];
    if (typeof nonce !== "string" || !expect.nonces.valid(nonce)) {
      throw new DpopError("use_dpop_nonce", "Authorization server requires nonce in DPoP proof.");
    }
  }
  if (
    typeof payload.jti !== "string" ||
    !replays.use(`dpop:${payload.jti}`, PROOF_MAX_AGE_S * 2000)
  ) {
    throw new DpopError("invalid_dpop_proof", "DPoP proof jti is missing or was already used");
  }
  return calculateJwkThumbprint(jwk, "sha256");
}

function stripQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

// Server nonces for DPoP proofs at the token endpoint; each stays valid for ten minutes.
export class NonceStore {
  private current = { value: secret(), expiresAt: Date.now() + 600_000 };
  private previous: string | undefined;

  // The nonce to hand out in the `DPoP-Nonce` header.
  issue(): string {
    if (Date.now() >= this.current.expiresAt) {
      this.previous = this.current.value;
      this.current = { value: secret(), expiresAt: Date.now() + 600_000 };
    }
    return this.current.value;
  }

  valid(nonce: string): boolean {
    this.issue();
    return nonce === this.current.value || nonce === this.previous;
  }
}
