// The OAuth signing key, imported with Web Crypto so it works wherever fetch does.
// Web Crypto reads only PKCS#8 PEM, so PKCS#1 ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY") keys
// are re-wrapped into PKCS#8 here: a few lines of DER, instead of a platform crypto module.
import { OktaValidationError } from "../../core/errors.js";
import type { PrivateJwk } from "../options.js";
import { fromBase64 } from "../../core/base64.js";
import { algorithm as jwsAlgorithm, type SigningCryptoKey } from "./jws.js";

export interface SigningKey {
  key: SigningCryptoKey;
  /** The JWS algorithm of the client assertion. */
  alg: string;
}

const RSA = "2a864886f70d010101";
const EC = "2a8648ce3d0201";
const CURVES: Record<string, { alg: string; namedCurve: string }> = {
  "2a8648ce3d030107": { alg: "ES256", namedCurve: "P-256" },
  "2b81040022": { alg: "ES384", namedCurve: "P-384" },
  "2b81040023": { alg: "ES512", namedCurve: "P-521" },
};
const JWK_ALG: Record<string, string> = { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" };
const SUPPORTED = "oauth.privateKey must be an RSA or EC (P-256, P-384, P-521) key";

const invalid = (message: string) => new OktaValidationError("oauth.privateKey", message);
const unreadable = () => invalid("oauth.privateKey is not a PEM or JWK private key");

/** Imports a PEM (PKCS#8, PKCS#1, SEC1) or private JWK key for signing client assertions. */
export async function loadSigningKey(privateKey: string | PrivateJwk): Promise<SigningKey> {
  if (typeof privateKey === "string") return fromPem(privateKey);
  if (typeof privateKey !== "object" || privateKey === null) throw unreadable();
  const { kty, crv, d } = privateKey;
  if (typeof d !== "string") throw invalid("oauth.privateKey is a JWK without `d`: a public key");
  const alg = privateKey.alg ?? (kty === "RSA" ? "RS256" : kty === "EC" ? JWK_ALG[crv ?? ""] : "");
  if (!alg || !(kty === "RSA" || kty === "EC")) throw invalid(SUPPORTED);
  const params = jwsAlgorithm(alg);
  if (!params) throw invalid(SUPPORTED);
  try {
    // Our PrivateJwk is Web Crypto's JsonWebKey, which has no name without the DOM lib.
    const importJwk = crypto.subtle.importKey.bind(crypto.subtle) as unknown as (
      format: "jwk",
      key: object,
      algorithm: object,
      extractable: false,
      usages: ["sign"],
    ) => Promise<SigningCryptoKey>;
    const key = await importJwk("jwk", { ...privateKey, ext: false }, params.import, false, [
      "sign",
    ]);
    return { key: key as SigningCryptoKey, alg };
  } catch {
    // Deliberately no cause: parser errors may quote key material.
    throw unreadable();
  }
}

async function fromPem(pem: string): Promise<SigningKey> {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (match?.[1] === "ENCRYPTED PRIVATE KEY") {
    throw invalid("oauth.privateKey is an encrypted PEM key: pass it decrypted");
  }
  const der = match ? fromBase64(match[2]!) : undefined;
  if (!der) throw unreadable();
  let pkcs8: Uint8Array<ArrayBuffer>;
  let algorithm: { oid: string; param: string | undefined };
  try {
    if (match![1] === "PRIVATE KEY") {
      pkcs8 = der;
      algorithm = pkcs8Algorithm(der);
    } else if (match![1] === "RSA PRIVATE KEY") {
      algorithm = { oid: RSA, param: undefined };
      pkcs8 = wrapPkcs8(tlv(0x06, hex(RSA)), tlv(0x05, new Uint8Array()), der);
    } else if (match![1] === "EC PRIVATE KEY") {
      algorithm = { oid: EC, param: sec1Curve(der) };
      pkcs8 = wrapPkcs8(tlv(0x06, hex(EC)), tlv(0x06, hex(algorithm.param ?? "")), der);
    } else {
      throw unreadable();
    }
  } catch {
    throw unreadable();
  }
  const curve = algorithm.oid === EC ? CURVES[algorithm.param ?? ""] : undefined;
  if (algorithm.oid !== RSA && !curve) throw invalid(SUPPORTED);
  const params = curve
    ? { name: "ECDSA", namedCurve: curve.namedCurve }
    : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  try {
    const key = await crypto.subtle.importKey("pkcs8", pkcs8, params, false, ["sign"]);
    return { key: key as SigningCryptoKey, alg: curve ? curve.alg : "RS256" };
  } catch {
    throw unreadable();
  }
}

// --- DER, only as much as these three key formats need ---

interface Element {
  tag: number;
  /** The contents. */
  value: Uint8Array;
  /** Offset just past the element. */
  end: number;
}

function read(bytes: Uint8Array, at: number): Element {
  const tag = bytes[at]!;
  let length = bytes[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3) throw new RangeError("unsupported DER length");
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | bytes[start + i]!;
    start += count;
  }
  if (start + length > bytes.length) throw new RangeError("truncated DER");
  return { tag, value: bytes.subarray(start, start + length), end: start + length };
}

/** The elements of a SEQUENCE's contents. */
function children(value: Uint8Array): Element[] {
  const out: Element[] = [];
  for (let at = 0; at < value.length; at = out[out.length - 1]!.end) out.push(read(value, at));
  return out;
}

function expectTag(element: Element | undefined, tag: number): Element {
  if (element?.tag !== tag) throw new RangeError("unexpected DER structure");
  return element;
}

/** PrivateKeyInfo: SEQUENCE { version, SEQUENCE { algorithm OID, parameters }, privateKey }. */
function pkcs8Algorithm(der: Uint8Array): { oid: string; param: string | undefined } {
  const info = children(expectTag(read(der, 0), 0x30).value);
  const [oid, param] = children(expectTag(info[1], 0x30).value);
  return {
    oid: toHex(expectTag(oid, 0x06).value),
    param: param?.tag === 0x06 ? toHex(param.value) : undefined,
  };
}

/** ECPrivateKey: SEQUENCE { version, privateKey, [0] curve OID, [1] publicKey }. */
function sec1Curve(der: Uint8Array): string {
  const parts = children(expectTag(read(der, 0), 0x30).value);
  const params = parts.find((p) => p.tag === 0xa0);
  if (!params) throw new RangeError("SEC1 key without its curve");
  return toHex(expectTag(read(params.value, 0), 0x06).value);
}

function wrapPkcs8(oid: Uint8Array, param: Uint8Array, key: Uint8Array): Uint8Array<ArrayBuffer> {
  const version = tlv(0x02, new Uint8Array([0]));
  return tlv(0x30, concat(version, tlv(0x30, concat(oid, param)), tlv(0x04, key)));
}

function tlv(tag: number, value: Uint8Array): Uint8Array<ArrayBuffer> {
  const n = value.length;
  const length =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return concat(new Uint8Array([tag, ...length]), value);
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const hex = (text: string) => new Uint8Array(text.match(/../g)?.map((b) => parseInt(b, 16)) ?? []);
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
