// A bearer access token the caller owns: a string, or a function asked before every request (the
// caller caches and refreshes; we only remember recent values to redact them).
import { checkCredential } from "./check.js";
import type { Auth } from "./types.js";

export function bearerAuth(accessToken: string | (() => Promise<string>)): Auth {
  const recent: string[] = typeof accessToken === "string" ? [accessToken] : [];
  return {
    kind: "bearer",
    async authorize(headers) {
      const token = typeof accessToken === "string" ? accessToken : await accessToken();
      checkCredential("accessToken", token);
      if (!recent.includes(token)) recent.unshift(token);
      recent.length = Math.min(recent.length, 4);
      headers.set("Authorization", `Bearer ${token}`);
    },
    secrets: () => recent,
  };
}
