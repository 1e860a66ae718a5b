// OAuth 2.0 with a private key (private_key_jwt), the way Okta recommends for service apps: the
// client signs a short-lived assertion with your key, trades it for an access token scoped to
// okta.identitySources.*, caches it and renews it before it expires. No API token involved.
//
// Run against a real org (the service app has your public key and the two scopes granted):
//   OKTA_CLIENT_ORGURL=https://acme.okta.com OKTA_CLIENT_CLIENTID=0oa… \
//   OKTA_CLIENT_PRIVATEKEY="$(cat key.pem)" [OKTA_CLIENT_KEYID=…] OKTA_IDENTITY_SOURCE_ID=0oa… \
//   node examples/run.mjs oauth-private-key
// Without OKTA_CLIENT_ORGURL it generates a key pair and registers it with the embedded mock.
import { generateKeyPairSync } from "node:crypto";
import { createIdentitySourceClient, type OAuthOptions } from "../src/index.js";
import { startMockOkta } from "../src/testing/index.js";
import { DEFAULT_SOURCE, isMain } from "./connect.js";

/** Lists the source's import sessions and creates a user, authenticated with `oauth`. */
export async function main(
  orgUrl: string,
  oauth: OAuthOptions,
  identitySourceId = DEFAULT_SOURCE,
): Promise<{ sessions: number; userId: string | undefined }> {
  const okta = createIdentitySourceClient({ orgUrl, oauth });
  // Safe to log: the client never shows its key or tokens.
  console.log("client:", okta);
  const source = okta.identitySource(identitySourceId);

  // The first call fetches the access token; the next ones reuse it.
  const sessions = await source.sessions.list();
  console.log(`${sessions.length} import session(s) in ${identitySourceId}`);
  const externalId = "oauth-example-user";
  await source.users.create({
    externalId,
    profile: { email: "grace@example.com", userName: "grace@example.com", firstName: "Grace" },
  });
  const user = await source.users.get(externalId);
  console.log(`created user ${externalId} (Okta ID ${user.id})`);
  return { sessions: sessions.length, userId: user.id };
}

/** A new RSA key pair: the private key as PEM for the client, the public one as a JWK for Okta. */
export function generateKey(keyId: string) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicJwk: { ...publicKey.export({ format: "jwk" }), kid: keyId, alg: "RS256", use: "sig" },
  };
}

/** Runs `main` against the org in the environment, or registers a fresh key with the mock. */
async function run(env = process.env): Promise<void> {
  const identitySourceId = env["OKTA_IDENTITY_SOURCE_ID"] ?? DEFAULT_SOURCE;
  const orgUrl = env["OKTA_CLIENT_ORGURL"];
  if (orgUrl) {
    const clientId = env["OKTA_CLIENT_CLIENTID"];
    const privateKey = env["OKTA_CLIENT_PRIVATEKEY"];
    if (!clientId || !privateKey) {
      throw new Error("set OKTA_CLIENT_CLIENTID and OKTA_CLIENT_PRIVATEKEY (PEM) as well");
    }
    const keyId = env["OKTA_CLIENT_KEYID"];
    await main(orgUrl, { clientId, privateKey, ...(keyId ? { keyId } : {}) }, identitySourceId);
    return;
  }
  const mock = await startMockOkta({ identitySourceIds: [identitySourceId] });
  console.log(`OKTA_CLIENT_ORGURL is not set: using the embedded mock Okta at ${mock.url}`);
  try {
    const clientId = "0oaExampleServiceApp";
    const { privateKeyPem, publicJwk } = generateKey("example-key-1");
    // What you do once in the Admin Console: give the service app your public key.
    mock.registerClient({ clientId, publicKey: publicJwk });
    await main(
      mock.url,
      { clientId, privateKey: privateKeyPem, keyId: publicJwk.kid },
      identitySourceId,
    );
  } finally {
    await mock.close();
  }
}

if (isMain(import.meta.url)) {
  await run().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  });
}
