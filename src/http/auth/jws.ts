// Compact JWS (RFC 7515) signed with Web Crypto: all that a private_key_jwt client assertion and a
// DPoP proof need, in a few lines instead of a JOSE library. Web Crypto's ECDSA signature is
// already the fixed-size r || s that JWS wants.
import { base64url } from "../../core/base64.js";

/** The key type Web Crypto hands out (named without the DOM lib, which our declarations avoid). */
export type SigningCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const BITS = { "256": "SHA-256", "384": "SHA-384", "512": "SHA-512" } as const;
const CURVE = { "256": "P-256", "384": "P-384", "512": "P-521" } as const;

/** Web Crypto's import and sign parameters for a JWS `alg` (RS*, PS*, ES*); undefined if unsupported. */
export function algorithm(alg: string) {
  const match = /^(RS|PS|ES)(256|384|512)$/.exec(alg);
  if (!match) return undefined;
  const family = match[1]!;
  const bits = match[2] as keyof typeof BITS;
  const hash = BITS[bits];
  if (family === "RS") {
    return { import: { name: "RSASSA-PKCS1-v1_5", hash }, sign: { name: "RSASSA-PKCS1-v1_5" } };
  }
  if (family === "PS") {
    return { import: { name: "RSA-PSS", hash }, sign: { name: "RSA-PSS", saltLength: +bits / 8 } };
  }
  return { import: { name: "ECDSA", namedCurve: CURVE[bits] }, sign: { name: "ECDSA", hash } };
}

const encoder = new TextEncoder();
const part = (value: object) => base64url(encoder.encode(JSON.stringify(value)));

/** `header.payload.signature`, the header's `alg` naming how `key` signs. */
export async function signJws(
  header: { alg: string } & Record<string, unknown>,
  payload: Record<string, unknown>,
  key: SigningCryptoKey,
): Promise<string> {
  const params = algorithm(header.alg);
  if (!params) throw new TypeError(`unsupported JWS algorithm ${header.alg}`);
  const input = `${part(header)}.${part(payload)}`;
  const signature = await crypto.subtle.sign(params.sign, key, encoder.encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/** Seconds since the epoch, as JWT claims count time. */
export const now = (): number => Math.floor(Date.now() / 1000);
