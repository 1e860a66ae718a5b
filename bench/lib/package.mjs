// Loads our client from the built package. Until src/index.ts re-exports the client, the client's
// own entry (dist/src/client/index.js) is used and the results say so.
import { existsSync } from "node:fs";
import { dist, distUrl } from "./paths.mjs";

export async function loadClient() {
  if (!existsSync(dist("src/index.js"))) {
    throw new Error(`${dist("src/index.js")} is missing: run \`bash scripts/build\` first`);
  }
  const main = await import(distUrl("src/index.js"));
  if (typeof main.createIdentitySourceClient === "function") {
    return { createIdentitySourceClient: main.createIdentitySourceClient, entry: "src/index.js" };
  }
  const client = await import(distUrl("src/client/index.js"));
  return {
    createIdentitySourceClient: client.createIdentitySourceClient,
    entry: "src/client/index.js",
  };
}

/** The entry a user imports: dist/src/index.js, or the client's own while the former lacks it. */
export async function clientEntry() {
  return (await loadClient()).entry;
}
