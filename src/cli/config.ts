// Client configuration from flags or the environment, named after Okta's SDKs (OKTA_CLIENT_*).
import { existsSync, readFileSync } from "node:fs";
import { createApiClient, type IdentitySourceApi } from "../client/index.js";
import type { ClientOptions, PrivateJwk } from "../http/options.js";
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

/** A setting's value and where the user set it (the flag or the variable), for messages. */
interface Setting {
  value: string | undefined;
  from: string;
}

function setting(
  flags: ConnectionFlags,
  env: CliIo["env"],
  flag: keyof ConnectionFlags,
  name: string,
): Setting {
  const fromFlag = flags[flag];
  if (fromFlag !== undefined) return { value: fromFlag, from: `--${flag}` };
  return { value: env[name], from: name };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The org URL, checked here so that a mistake is reported with the flag or variable the user set,
 * the value, and the fix: a missing or misspelt https://, the Admin Console's `-admin` address,
 * or a URL with a path (which the client would otherwise silently reduce to its origin).
 */
export function checkOrgUrl({ value, from }: Setting): string {
  const given = value!.trim();
  const bad = (problem: string, fix: string) =>
    new UsageError(`${from} "${given}" ${problem}; ${fix}`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw bad("has no https:// in front", `use ${from} https://${given.replace(/^\/+/, "")}`);
  }
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw bad("is not a URL", "use your org's address, e.g. https://your-org.okta.com");
  }
  const loopback = url.protocol === "http:" && LOOPBACK.test(url.hostname);
  if (url.protocol !== "https:" && !loopback) {
    throw bad(
      "must start with https:// (plain http only for localhost)",
      `use https://${url.host}`,
    );
  }
  const admin = /^([^.]+)-admin\./i.exec(url.hostname);
  if (admin) {
    const org = `${url.protocol}//${url.host.replace(/-admin\./i, ".")}`;
    throw bad("is the Admin Console's address, not the org URL", `use ${org}`);
  }
  if (url.pathname !== "/" || url.search || url.hash || url.username) {
    throw bad("has a path; the org URL is the address alone", `use ${url.origin}`);
  }
  return url.origin;
}

/** The token, with the fixes for what people paste: the SSWS / Bearer prefix, quotes, spaces. */
function checkToken({ value, from }: Setting, mode: string): string {
  const token = value!;
  const prefix = /^\s*(SSWS|Bearer)\s+/i.exec(token)?.[1];
  if (prefix) {
    throw new UsageError(
      `${from} starts with "${prefix} "; give the token alone (the CLI adds the ` +
        `"${mode === "bearer" ? "Bearer" : "SSWS"}" prefix itself)`,
    );
  }
  if (/[\s"']/.test(token)) {
    throw new UsageError(`${from} contains spaces or quotes; give the token alone`);
  }
  return token;
}

/** The client options the flags and environment describe; throws UsageError when incomplete. */
export function clientOptions(flags: ConnectionFlags, env: CliIo["env"]): ClientOptions {
  const org = setting(flags, env, "org-url", "OKTA_CLIENT_ORGURL");
  if (!org.value) {
    throw new UsageError(
      "missing --org-url (or OKTA_CLIENT_ORGURL), e.g. --org-url https://your-org.okta.com",
    );
  }
  const orgUrl = checkOrgUrl(org);
  const modeSetting = setting(flags, env, "authorization-mode", "OKTA_CLIENT_AUTHORIZATIONMODE");
  const mode = (modeSetting.value ?? "SSWS").toLowerCase();
  const tokenSetting = setting(flags, env, "token", "OKTA_CLIENT_TOKEN");
  if (mode === "ssws" || mode === "bearer") {
    if (!tokenSetting.value) {
      throw new UsageError(
        `missing --token (or OKTA_CLIENT_TOKEN): an API token${mode === "bearer" ? " (access token)" : ""}, without the "SSWS " prefix`,
      );
    }
    const token = checkToken(tokenSetting, mode);
    return mode === "ssws" ? { orgUrl, token } : { orgUrl, accessToken: token };
  }
  if (mode !== "privatekey") {
    throw new UsageError(
      `${modeSetting.from} "${modeSetting.value}" is not a mode; use SSWS, Bearer or PrivateKey`,
    );
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
export function identitySourceFrom(flags: ConnectionFlags, env: CliIo["env"]): IdentitySourceApi {
  if (!flags.source) throw new UsageError("missing --source <identitySourceId>");
  return createApiClient(clientOptions(flags, env)).identitySource(flags.source);
}
