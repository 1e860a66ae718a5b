#!/usr/bin/env node
// Benchmark 3: bundle size. The client entry (dist/src/index.js: no testing, no CLI) bundled and
// minified with esbuild for Node, gzipped; import() targets (OAuth, the importer) measured
// apart; openapi-fetch alone for reference. Budget: 10 kB gzipped (also enforced by
// test/bench/bundle-size.test.ts).
// Usage: node bench/bundle-size.mjs
import { BUNDLE_BUDGET, measureBundle } from "./lib/bundle.mjs";
import { clientEntry } from "./lib/package.mjs";
import { dist, distDir, root } from "./lib/paths.mjs";
import { writeSection } from "./lib/results.mjs";
import { round } from "./lib/stats.mjs";
import { printTable } from "./lib/table.mjs";

const entry = await clientEntry();
const ours = await measureBundle({ entry: dist(entry) });
const openapiFetch = await measureBundle({
  stdin: {
    contents: 'export { default } from "openapi-fetch";\nexport * from "openapi-fetch";',
    resolveDir: root,
  },
});

const relative = (path) => path.replace(`${distDir}/`, "dist/");
const top = (contents) =>
  Object.entries(contents)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${round(bytes / 1024, 1)}k`)
    .join(", ");
const rows = [
  {
    bundle: "client entry (main)",
    ...pick(ours.main),
    budget: BUNDLE_BUDGET,
    within: ours.main.gzip <= BUNDLE_BUDGET,
  },
  ...ours.lazy.map((c) => ({ bundle: `  import() ${relative(c.path)}`, ...pick(c) })),
  { bundle: "everything in one file (no splitting)", ...pick(ours.single) },
  { bundle: "openapi-fetch alone", ...pick(openapiFetch.main) },
];
function pick(b) {
  return { minified: b.bytes, gzip: b.gzip, contents: top(b.contents) };
}
const met = ours.main.gzip <= BUNDLE_BUDGET;

printTable(
  "Bundle size (esbuild --bundle --minify --platform=node --format=esm, gzip -6; bytes)",
  [
    { key: "bundle", label: "bundle" },
    { key: "minified", label: "minified" },
    { key: "gzip", label: "gzipped" },
    { key: "budget", label: "budget" },
    { key: "within", label: "within" },
    { key: "contents", label: "largest parts (minified)" },
  ],
  rows,
);
console.log(
  `OAuth: ${ours.oauth.mainBytes === 0 ? "not in the main bundle" : `${ours.oauth.mainBytes} minified bytes IN the main bundle`}; ` +
    `${ours.oauth.lazyBytes} minified bytes in the lazily imported OAuth module`,
);
console.log(
  `target: main bundle <= ${BUNDLE_BUDGET} bytes gzipped -> ${ours.main.gzip}: ${met ? "met" : "MISSED"}` +
    ` (${round(ours.main.gzip / openapiFetch.main.gzip, 2)}x openapi-fetch alone)`,
);

writeSection("bundleSize", {
  description:
    "Client entry bundled + minified with esbuild (platform node, format esm, only node: built-ins external), gzipped at zlib's default level; import() targets measured on their own",
  config: { entry: `dist/${entry}`, esbuild: (await import("esbuild")).version },
  main: {
    minified: ours.main.bytes,
    gzip: ours.main.gzip,
    contents: ours.main.contents,
    exports: ours.main.exports,
  },
  lazy: ours.lazy.map((c) => ({
    module: relative(c.path),
    minified: c.bytes,
    gzip: c.gzip,
    contents: c.contents,
  })),
  single: { minified: ours.single.bytes, gzip: ours.single.gzip },
  oauth: ours.oauth,
  openapiFetch: { minified: openapiFetch.main.bytes, gzip: openapiFetch.main.gzip },
  target: { gzipBytes: BUNDLE_BUDGET, met },
});
