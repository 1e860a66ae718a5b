// Okta API token: `Authorization: SSWS <token>`.
import type { Auth } from "./types.js";

export const sswsAuth = (token: string): Auth => ({
  kind: "ssws",
  async authorize(headers) {
    headers.set("Authorization", `SSWS ${token}`);
  },
  secrets: () => [token],
});
