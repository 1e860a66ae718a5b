// Authentication of API requests: `SSWS <apiToken>`, `Bearer <access token>` or
// `DPoP <access token>` with a DPoP proof. Failures are 401 E0000011; a missing scope is 403 E0000006.
import { timingSafeEqual } from "node:crypto";
import { DpopError, verifyDpopProof } from "./dpop.js";
import { forbidden, invalidToken } from "./errors.js";
import type { ReplayCache, TokenStore } from "./tokens.js";

// Who made a request: the API token (every scope) or an access token with its scopes.
export type Principal =
  { scheme: "SSWS" } | { scheme: "Bearer" | "DPoP"; scopes: ReadonlySet<string> };

export interface AuthInput {
  authorization: string | undefined;
  dpop: string | undefined;
  method: string;
  // Absolute request URL without the query, for the DPoP `htu` check.
  url: string;
}

export class Authenticator {
  private apiToken: Buffer;

  constructor(
    apiToken: string,
    private readonly tokens: TokenStore,
    private readonly replays: ReplayCache,
  ) {
    this.apiToken = Buffer.from(apiToken);
  }

  async authenticate(input: AuthInput): Promise<Principal> {
    const header = input.authorization;
    if (!header) throw invalidToken("The Authorization header is missing.");
    const space = header.indexOf(" ");
    const scheme = space === -1 ? header : header.slice(0, space);
    const credential = space === -1 ? "" : header.slice(space + 1).trim();
    if (scheme === "SSWS") {
      const given = Buffer.from(credential);
      if (given.length !== this.apiToken.length || !timingSafeEqual(given, this.apiToken)) {
        throw invalidToken("The API token is not valid.");
      }
      return { scheme: "SSWS" };
    }
    if (scheme !== "Bearer" && scheme !== "DPoP") {
      throw invalidToken(`The Authorization scheme ${scheme} is not supported.`);
    }
    const record = this.tokens.find(credential);
    if (record === "unknown") throw invalidToken("The access token is not valid.");
    if (record === "expired") throw invalidToken("The access token has expired.");
    if (scheme === "Bearer" && record.jkt !== undefined) {
      throw invalidToken(
        "The access token is DPoP-bound; send it as `DPoP <token>` with a DPoP proof.",
      );
    }
    if (scheme === "DPoP") {
      if (record.jkt === undefined) throw invalidToken("The access token is not DPoP-bound.");
      if (!input.dpop) throw invalidToken("The DPoP header is missing.");
      let jkt: string;
      try {
        jkt = await verifyDpopProof(
          input.dpop,
          { method: input.method, url: input.url, accessToken: credential },
          this.replays,
        );
      } catch (error) {
        if (error instanceof DpopError) throw invalidToken(error.message);
        throw error;
      }
      if (jkt !== record.jkt) throw invalidToken("The DPoP proof was signed by another key.");
    }
    return { scheme, scopes: record.scopes };
  }
}

// Throws 403 unless the principal holds `scope`. The spec names exactly one scope per operation
// (read for GETs, manage for the rest), so manage does not stand in for read here.
export function requireScope(principal: Principal, scope: string | undefined): void {
  if (principal.scheme === "SSWS" || scope === undefined) return;
  if (!principal.scopes.has(scope)) throw forbidden(scope);
}
