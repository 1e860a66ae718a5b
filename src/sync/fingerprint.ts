// Fingerprints: a stable hash of a profile, so the store can tell "changed" from "unchanged" without
// keeping the profile itself. SHA-256 is computed here in plain JavaScript (FIPS 180-4): a platform
// module (node:crypto) does not exist in browsers and Workers, and Web Crypto is asynchronous while
// fingerprint() is not. The digests are the same bytes node:crypto gives, so stored state carries over.
import { base64url } from "../core/base64.js";

/**
 * JSON text of `value` with object keys sorted, so two profiles with the same attributes in a
 * different order serialise identically. Follows JSON.stringify for everything else (toJSON,
 * undefined members dropped, undefined array items as null).
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? "null";
}

function canonical(value: unknown): string | undefined {
  if (value !== null && typeof value === "object") {
    const json = (value as { toJSON?: unknown }).toJSON;
    if (typeof json === "function") return canonical(json.call(value));
    if (Array.isArray(value)) return `[${value.map((v) => canonical(v) ?? "null").join(",")}]`;
    const record = value as Record<string, unknown>;
    // Concatenation, not join: this runs once per entity per run, a million times for big sources.
    let text = "{";
    for (const key of Object.keys(record).sort()) {
      const member = canonical(record[key]);
      if (member === undefined) continue;
      if (text.length > 1) text += ",";
      text += `${JSON.stringify(key)}:${member}`;
    }
    return `${text}}`;
  }
  return JSON.stringify(value) as string | undefined;
}

/**
 * The fingerprint the sync store keeps for a profile: SHA-256 of its canonical JSON, base64url,
 * truncated to 128 bits (collisions are out of reach for any directory size).
 */
export function fingerprint(profile: unknown): string {
  return base64url(sha256(encoder.encode(canonicalJson(profile)))).slice(0, 22);
}

const encoder = new TextEncoder();

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = Uint32Array.from(
  "428a2f98 71374491 b5c0fbcf e9b5dba5 3956c25b 59f111f1 923f82a4 ab1c5ed5 d807aa98 12835b01 243185be 550c7dc3 72be5d74 80deb1fe 9bdc06a7 c19bf174 e49b69c1 efbe4786 0fc19dc6 240ca1cc 2de92c6f 4a7484aa 5cb0a9dc 76f988da 983e5152 a831c66d b00327c8 bf597fc7 c6e00bf3 d5a79147 06ca6351 14292967 27b70a85 2e1b2138 4d2c6dfc 53380d13 650a7354 766a0abb 81c2c92e 92722c85 a2bfe8a1 a81a664b c24b8b70 c76c51a3 d192e819 d6990624 f40e3585 106aa070 19a4c116 1e376c08 2748774c 34b0bcb5 391c0cb3 4ed8aa4a 5b9cca4f 682e6ff3 748f82ee 78a5636f 84c87814 8cc70208 90befffa a4506ceb bef9a3f7 c67178f2"
    .split(" ")
    .map((h) => parseInt(h, 16)),
);
const W = new Uint32Array(64);

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  // Padding: a 1 bit, zeros, then the length in bits as a 64-bit big-endian number.
  const blocks = Math.ceil((data.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(data);
  padded[data.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(data.length / 0x20000000));
  view.setUint32(padded.length - 4, (data.length << 3) >>> 0);
  let h0 = 0x6a09e667,
    h1 = 0xbb67ae85,
    h2 = 0x3c6ef372,
    h3 = 0xa54ff53a;
  let h4 = 0x510e527f,
    h5 = 0x9b05688c,
    h6 = 0x1f83d9ab,
    h7 = 0x5be0cd19;
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = W[i - 15]!;
      const b = W[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      W[i] = W[i - 16]! + s0 + W[i - 7]! + s1;
    }
    let a = h0,
      b = h1,
      c = h2,
      d = h3,
      e = h4,
      f = h5,
      g = h6,
      h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((v, i) => outView.setUint32(i * 4, v));
  return out;
}
