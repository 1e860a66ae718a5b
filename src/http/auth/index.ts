// Picks the auth mode from the client options. OAuth code loads on first use only.
import type { OAuthOptions } from "../options.js";
import { fail } from "../../core/validate.js";
import { bearerAuth } from "./bearer.js";
import { checkCredential } from "./check.js";
import { sswsAuth } from "./ssws.js";
import type { Auth } from "./types.js";

export interface AuthInput {
  token?: string | undefined;
  accessToken?: string | (() => Promise<string>) | undefined;
  oauth?: OAuthOptions | undefined;
}

export interface OAuthContext {
  orgUrl: string;
  fetch: (r: Request) => Promise<Response>;
  timeout: number;
}

export function resolveAuth(
  input: AuthInput,
  envToken: () => string | undefined,
  context: OAuthContext,
): Auth {
  const { token, accessToken, oauth } = input;
  if ([token, accessToken, oauth].filter((v) => v !== undefined).length > 1) {
    fail("options", "must set only one of token, accessToken and oauth");
  }
  if (oauth) {
    // Only presence here; the key itself is parsed (and refused) by oauth.ts on first use.
    if (!oauth.clientId || !oauth.privateKey) fail("oauth", "needs clientId and privateKey");
    let loading: Promise<Auth> | undefined;
    let loaded: Auth | undefined;
    return {
      kind: oauth.dpop ? "oauth+dpop" : "oauth",
      async authorize(...args) {
        loading ??= import("./oauth.js").then((m) => m.oauthAuth({ ...oauth, ...context }));
        return (loaded = await loading).authorize(...args);
      },
      renew: (response) => loaded?.renew?.(response) ?? false,
      secrets: () => loaded?.secrets() ?? [],
    };
  }
  if (accessToken !== undefined) {
    if (typeof accessToken !== "function") checkCredential("accessToken", accessToken);
    return bearerAuth(accessToken);
  }
  const value = token ?? envToken();
  if (value === undefined) {
    fail("token", "is missing: pass token, accessToken or oauth, or set OKTA_CLIENT_TOKEN");
  }
  checkCredential("token", value);
  return sswsAuth(value);
}
