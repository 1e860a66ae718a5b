// Why generated/rules.ts is a table read by a small checker (src/client/validate-bodies.ts) and not
// generated standalone validators: measures both on the same request schemas, side by side.
// Usage: node scripts/generate-compare.mjs   (after `npm run build`; prints a table, writes nothing)
import { writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const { openapiDocument } = await import(join(root, "dist/generated/openapi-document.js"));
const { checkBulk } = await import(join(root, "dist/src/client/validate-bodies.js"));
const { BULK } = await import(join(root, "dist/generated/registry.js"));
const tmp = join(root, ".tmp/compare");
mkdirSync(tmp, { recursive: true });

// The request body schemas the client checks: every bulk upload and the real-time bodies.
const ajv = new Ajv2020.default({
  strict: false,
  allErrors: false,
  code: { source: true, esm: true },
});
addFormats.default(ajv);
ajv.addSchema(openapiDocument, "openapi.json");
const refs = {};
for (const [name, { path }] of Object.entries(BULK)) {
  const body = openapiDocument.paths[path].post.requestBody.content["application/json"].schema;
  refs[name] = { $ref: `openapi.json${body.$ref}` };
}
for (const name of ["UserRequestSchema", "UserReplaceRequestSchema", "GroupsRequestSchema"]) {
  refs[name] = { $ref: `openapi.json#/components/schemas/${name}` };
}
const ids = {};
for (const [name, schema] of Object.entries(refs)) {
  ids[name] = `v_${name}`;
  ajv.addSchema(schema, ids[name]);
}
// ajv's ESM output still require()s its UTF-16 length helper; import it instead.
const code = standaloneCode
  .default(ajv, ids)
  .replace(/require\("ajv\/dist\/runtime\/ucs2length"\)\.default/g, "ucs2length.default");
writeFileSync(
  join(tmp, "standalone.mjs"),
  `import ucs2length from "ajv/dist/runtime/ucs2length.js";\n${code.replace('"use strict";', "")}`,
);

async function size(entry) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const js = result.outputFiles[0].contents;
  return { bytes: js.length, gzip: gzipSync(js).length };
}
const table = await size(join(root, "src/client/validate-bodies.ts"));
const standalone = await size(join(tmp, "standalone.mjs"));

// Time: 200 valid users, the largest body the client checks on every upload.
const users = Array.from({ length: 200 }, (_, i) => ({
  externalId: `USER${i}`,
  profile: {
    userName: `user${i}@example.com`,
    email: `user${i}@example.com`,
    firstName: "Isaac",
    lastName: "Brock",
    mobilePhone: "+1-555-415-1337",
    department: "Engineering",
    team: null,
  },
}));
const body = { entityType: "USERS", profiles: users };
const compiled = await import(join(tmp, "standalone.mjs"));
const validate = compiled.users;
if (!validate(body)) throw new Error("the standalone validator refuses a valid body");
const median = (run) => {
  const rounds = [];
  for (let r = 0; r < 15; r++) {
    const start = performance.now();
    for (let i = 0; i < 200; i++) run();
    rounds.push((performance.now() - start) / 200);
  }
  return rounds.sort((a, b) => a - b)[7];
};
// Interleaved warm-up, then one measurement each.
for (let i = 0; i < 500; i++) (checkBulk("users", users), validate(body));
const tableMs = median(() => checkBulk("users", users));
const stringify = median(() => JSON.stringify(body));
const standaloneMs = median(() => validate(body)) + stringify;

const row = (name, s, ms) =>
  `| ${name.padEnd(42)} | ${String(s.bytes).padStart(7)} | ${String(s.gzip).padStart(6)} | ${ms.toFixed(3).padStart(8)} |`;
console.log("| form                                       | min (B) | gz (B) | 200 users (ms) |");
console.log("| ------------------------------------------ | ------- | ------ | -------------- |");
console.log(row("table + checker (validate-bodies.ts)", table, tableMs));
console.log(row("ajv standalone validators (+ JSON.stringify)", standalone, standaloneMs));
console.log(
  "\nThe checker's time includes JSON.stringify of the body (it sends that text); the standalone row adds it too.",
);
