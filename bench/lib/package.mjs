// Loads our client from the built package: its entry, dist/src/index.js.
import { existsSync } from "node:fs";
import { dist, distUrl } from "./paths.mjs";

export async function loadClient() {
  if (!existsSync(dist("src/index.js"))) {
    throw new Error(`${dist("src/index.js")} is missing: run \`bash scripts/build\` first`);
  }
  const main = await import(distUrl("src/index.js"));
  return { createIdentitySourceClient: main.createIdentitySourceClient, entry: "src/index.js" };
}

/** The entry a user imports: dist/src/index.js. */
export async function clientEntry() {
  return (await loadClient()).entry;
}
