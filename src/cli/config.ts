// Client configuration from flags or the environment, named after Okta's SDKs (OKTA_CLIENT_*).
import { existsSync, readFileSync } from "node:fs";
import { createIdentitySourceClient } from "../client/index.js";
import type { ClientOptions, IdentitySource, PrivateJwk } from "../client/index.js";
import { UsageError } from "./io.js";
import type { CliIo } from "./io.js";

export interface ConnectionFlags {
  "org-url"?: string | undefined;
  token?: string | undefined;
  "authorization-mode"?: string | undefined;
  "client-id"?: string | undefined;
  scopes?: string | undefined;
  "private-key"?: string | undefined;
  "key-id"?: string | undefined;
  source?: string | undefined;
}

/** The client options the flags and environment describe; throws UsageError when incomplete. */
export function clientOptions(flags: ConnectionFlags, env: CliIo["env"]): ClientOptions {
  const orgUrl = flags["org-url"] ?? env["OKTA_CLIENT_ORGURL"];
  if (!orgUrl) throw new UsageError("missing --org-url (or OKTA_CLIENT_ORGURL)");
  const mode = (
    flags["authorization-mode"] ??
    env["OKTA_CLIENT_AUTHORIZATIONMODE"] ??
    "SSWS"
  ).toLowerCase();
  const token = flags.token ?? env["OKTA_CLIENT_TOKEN"];
  if (mode === "ssws" || mode === "bearer") {
    if (!token) throw new UsageError("missing --token (or OKTA_CLIENT_TOKEN)");
    return mode === "ssws" ? { orgUrl, token } : { orgUrl, accessToken: token };
  }
  if (mode !== "privatekey") {
    throw new UsageError("--authorization-mode must be SSWS, Bearer or PrivateKey");
  }
  const clientId = flags["client-id"] ?? env["OKTA_CLIENT_CLIENTID"];
  const key = flags["private-key"] ?? env["OKTA_CLIENT_PRIVATEKEY"];
  if (!clientId)
    throw new UsageError("PrivateKey mode needs --client-id (or OKTA_CLIENT_CLIENTID)");
  if (!key) throw new UsageError("PrivateKey mode needs --private-key (or OKTA_CLIENT_PRIVATEKEY)");
  const scopes = (flags.scopes ?? env["OKTA_CLIENT_SCOPES"])?.split(/[\s,]+/).filter(Boolean);
  const keyId = flags["key-id"] ?? env["OKTA_CLIENT_KEYID"];
  return {
    orgUrl,
    oauth: {
      clientId,
      privateKey: privateKeyFrom(key),
      ...(keyId ? { keyId } : {}),
      ...(scopes?.length ? { scopes } : {}),
    },
  };
}

// The key may be given inline (PEM or JWK JSON) or as a path to a file holding either.
function privateKeyFrom(value: string): string | PrivateJwk {
  let text = value.trim();
  if (!text.startsWith("-----BEGIN") && !text.startsWith("{")) {
    if (!existsSync(text))
      throw new UsageError("the private key is neither PEM, a JWK nor a readable file");
    text = readFileSync(text, "utf8").trim();
  }
  if (text.startsWith("{")) {
    try {
      return JSON.parse(text) as PrivateJwk;
    } catch {
      throw new UsageError("the private key looks like JSON but is not a valid JWK");
    }
  }
  return text;
}

/** The identity source the flags name, on a client configured from flags and environment. */
export function identitySourceFrom(flags: ConnectionFlags, env: CliIo["env"]): IdentitySource {
  if (!flags.source) throw new UsageError("missing --source <identitySourceId>");
  return createIdentitySourceClient(clientOptions(flags, env)).identitySource(flags.source);
}
