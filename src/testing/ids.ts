// Okta-looking identifiers: a 3-character type prefix and 17 base62 characters (20 in all).
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  // The slight modulo bias does not matter: these ids only need to be unique and look like Okta's.
  for (const byte of bytes) out += ALPHABET[byte % 62];
  return out;
}

// Session ids look like `aps1qqonvr2SZv6o70h8`.
export const sessionId = (): string => "aps" + base62(17);
// Okta user ids start with `00u`.
export const userId = (): string => "00u" + base62(17);
// Okta group ids start with `00g`.
export const groupId = (): string => "00g" + base62(17);
// Device ids start with `guo` in Okta.
export const deviceId = (): string => "guo" + base62(17);
// Okta's id prefix of each entity kind; a kind Okta adds later gets a neutral `0ob`.
const PREFIXES: Readonly<Record<string, string>> = { users: "00u", groups: "00g", devices: "guo" };
/** A new Okta-looking id for an entity of `kind`. */
export const entityId = (kind: string): string =>
  (Object.prototype.hasOwnProperty.call(PREFIXES, kind) ? PREFIXES[kind] : "0ob") + base62(17);
// Error ids (`errorId`) start with `oae`.
export const errorId = (): string => "oae" + base62(22);
// Request ids as sent in `X-Okta-Request-Id`.
export const requestId = (): string => base62(27);
// Opaque secrets (tokens, nonces): 32 random bytes, base64url.
export const secret = (): string => randomBytes(32).toString("base64url");
