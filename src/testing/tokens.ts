// Access tokens the mock issued (from the token endpoint or issueAccessToken()), with their scopes,
// expiry and optional DPoP binding (the JWK thumbprint of the client's DPoP key).
import { secret } from "./ids.js";

// The two scopes of the Identity Source API.
export const READ_SCOPE = "okta.identitySources.read";
export const MANAGE_SCOPE = "okta.identitySources.manage";

export interface AccessTokenRecord {
  scopes: ReadonlySet<string>;
  // Epoch milliseconds.
  expiresAt: number;
  // JWK SHA-256 thumbprint of the DPoP key the token is bound to.
  jkt: string | undefined;
}

export class TokenStore {
  private readonly tokens = new Map<string, AccessTokenRecord>();

  issue(scopes: Iterable<string>, ttlSeconds: number, jkt?: string): string {
    const token = secret();
    this.tokens.set(token, {
      scopes: new Set(scopes),
      expiresAt: Date.now() + ttlSeconds * 1000,
      jkt,
    });
    if (this.tokens.size > 10_000) this.prune();
    return token;
  }

  // The record of a live token, or why there is none.
  find(token: string): AccessTokenRecord | "unknown" | "expired" {
    const record = this.tokens.get(token);
    if (!record) return "unknown";
    if (Date.now() >= record.expiresAt) {
      this.tokens.delete(token);
      return "expired";
    }
    return record;
  }

  private prune(): void {
    const now = Date.now();
    for (const [token, record] of this.tokens)
      if (now >= record.expiresAt) this.tokens.delete(token);
  }
}

// Remembers one-time values (JWT `jti`s) until they expire, to refuse replays.
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  // Records `id`; false when it was already seen.
  use(id: string, ttlMs: number): boolean {
    const now = Date.now();
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.set(id, now + ttlMs);
    if (this.seen.size > 10_000) {
      for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
    }
    return true;
  }
}
