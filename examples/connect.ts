// Shared by the examples: where to connect (a real org from the environment, or the embedded mock
// Okta when OKTA_CLIENT_ORGURL is unset) and how to run an example from the command line.
//
// In your own code, import from the package instead of ../src:
//   import { createIdentitySourceClient } from "okta-identity-sources";
//   import { startMockOkta } from "okta-identity-sources/testing";
import { pathToFileURL } from "node:url";
import { startMockOkta, type MockOkta } from "../src/testing/index.js";

/** The mock's identity source; set OKTA_IDENTITY_SOURCE_ID (your Custom Identity Source app's ID) for a real org. */
export const DEFAULT_SOURCE = "0oa3l6l6WK6h0R0QW0g4";

export interface Connection {
  orgUrl: string;
  token: string;
  identitySourceId: string;
  /** Set when the embedded mock was started (no OKTA_CLIENT_ORGURL). */
  mock?: MockOkta;
  close(): Promise<void>;
}

/** OKTA_CLIENT_ORGURL + OKTA_CLIENT_TOKEN when set, else a fresh embedded mock. */
export async function connect(env = process.env): Promise<Connection> {
  const identitySourceId = env["OKTA_IDENTITY_SOURCE_ID"] ?? DEFAULT_SOURCE;
  const orgUrl = env["OKTA_CLIENT_ORGURL"];
  if (orgUrl) {
    const token = env["OKTA_CLIENT_TOKEN"] ?? "";
    return { orgUrl, token, identitySourceId, close: async () => {} };
  }
  // Okta's minutes become tenths of a second, so an import completes at once.
  const mock = await startMockOkta({ timeScale: 0.001, identitySourceIds: [identitySourceId] });
  console.log(`OKTA_CLIENT_ORGURL is not set: using the embedded mock Okta at ${mock.url}`);
  return {
    orgUrl: mock.url,
    token: mock.apiToken,
    identitySourceId,
    mock,
    close: () => mock.close(),
  };
}

/** True when `moduleUrl` is the script node was started with. */
export const isMain = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === moduleUrl;

/** Runs an example as a program: exit code 0 on success, 1 with the error's message otherwise. */
export async function runAsProgram(example: (connection: Connection) => Promise<unknown>) {
  const connection = await connect();
  try {
    await example(connection);
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  } finally {
    await connection.close();
  }
}
