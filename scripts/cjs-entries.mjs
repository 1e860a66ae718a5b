// CommonJS faces of the package, for `require` and for TypeScript's node16 CommonJS consumers.
// The JavaScript stays ESM-only: each dist/cjs/*.cjs file is `module.exports = require(<the ESM
// entry>)`, which Node >= 20.19 loads natively, so both faces share one module instance (one
// OktaError class, no dual-package hazard). TypeScript under `module: node16` does not know that
// require() can load ESM and refuses an ESM declaration from a CommonJS file (TS1479), so every
// dist/**/*.d.ts also gets a .d.cts twin whose relative imports point at the other twins.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist");

// Read from package.json "exports": each entry's `require` file re-exports its `import` file.
const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const entries = Object.values(exports).flatMap((e) =>
  e.require ? [{ cjs: join(root, e.require.default), esm: join(root, e.import.default) }] : [],
);

function* declarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith(".d.ts")) yield path;
  }
}

let count = 0;
for (const dir of ["src", "generated"]) {
  for (const file of declarations(join(dist, dir))) {
    const text = readFileSync(file, "utf8")
      .replace(/(["'])(\.\.?\/[^"']*?)\.js\1/g, (_, quote, path) => `${quote}${path}.cjs${quote}`)
      // A package's types read from CommonJS: jose is ESM-only, and TypeScript wants type-only
      // imports of ESM from CommonJS to say so (TS1541).
      .replace(
        /^(import type .* from (["'])(?!node:)[^."'][^"']*\2);$/gm,
        '$1 with { "resolution-mode": "import" };',
      );
    writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), text);
    count++;
  }
}

mkdirSync(join(dist, "cjs"), { recursive: true });
for (const { cjs, esm } of entries) {
  const target = relative(dirname(cjs), esm); // "../src/..."
  writeFileSync(
    cjs,
    `"use strict";\n// Node >= 20.19 loads the ESM entry with require().\nmodule.exports = require(${JSON.stringify(target)});\n`,
  );
}
console.log(`    ${count} .d.cts declarations, ${entries.length} CommonJS entries`);
