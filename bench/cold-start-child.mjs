// One cold start, run in a fresh process by bench/cold-start.mjs: loads a package, creates a
// client, and prints how long that took since the process started (performance.timeOrigin).
// Usage: node bench/cold-start-child.mjs ours|sdk|node
import { createRequire } from "node:module";

const mode = process.argv[2];
const orgUrl = "https://example.okta.com";
const token = "bench-token-0123456789";
const ready = performance.now(); // Node booted, this module loaded: nothing of ours yet

if (mode === "ours") {
  const { createIdentitySourceClient } = await import(process.argv[3]);
  createIdentitySourceClient({ orgUrl, token }).identitySource("0oa3l6l6WK6h0R0QW0g4");
} else if (mode === "sdk") {
  // require, as most of the SDK's (CommonJS) users load it; faster than import() of CJS.
  const okta = createRequire(import.meta.url)("@okta/okta-sdk-nodejs");
  new okta.Client({ orgUrl, token });
} else if (mode !== "node") {
  throw new Error(`unknown mode ${mode}`);
}

process.stdout.write(JSON.stringify({ ready, client: performance.now() }));
