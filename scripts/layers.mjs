// The import graph of src/ and generated/, read with the TypeScript compiler's own pre-processor
// (static imports, `export ... from`, `import type` and dynamic `import()`), and the rules it must
// keep: no cycles, and layers that point one way. `node scripts/layers.mjs` prints the problems
// and exits 1 when there are any; test/spec/layers.test.ts runs the same check in `npm test`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * The layers, lowest first; a file may import its own layer and the layers listed under `uses`.
 * core: the generated spec modules, src/*.ts (kinds, bulk bodies, limits, shared types) and
 * src/core/ (errors, argument checks, JSON and UTF-8 helpers, base64, redaction, optional imports).
 */
export const LAYERS = [
  { name: "core", uses: [] },
  // Sending one request: transport, auth, timeout, retry policy, response errors.
  { name: "http", uses: ["core"] },
  // The operation groups of an identity source, and the body checks of its writes.
  { name: "client", uses: ["core", "http"] },
  { name: "import", uses: ["core", "http", "client"] },
  { name: "sync", uses: ["core", "http", "client", "import"] },
  // The CLI's `mock` command starts the embedded mock.
  { name: "cli", uses: ["core", "http", "client", "import", "sync", "testing"] },
  // The embedded mock stands beside the others: it knows the spec and nothing of the client.
  { name: "testing", uses: ["core"] },
  // The package entry (src/index.ts and src/entry/): the public client, which adds the importer and
  // sync to the client's identity sources, and the public surface of every layer but the mock.
  { name: "entry", uses: ["core", "http", "client", "import", "sync"] },
];

/** The layer of a path relative to the project root, or null for a file outside the layers. */
export function layerOf(file) {
  if (file.startsWith("generated/")) return "core";
  if (file === "src/index.ts") return "entry";
  if (/^src\/[^/]+\.ts$/.test(file)) return "core";
  const folder = /^src\/([^/]+)\//.exec(file)?.[1];
  return LAYERS.some((l) => l.name === folder) ? folder : null;
}

/** The project's TypeScript files under `dirs`, as `{ path: source }` with root-relative paths. */
export function readSources(root, dirs = ["src", "generated"]) {
  const sources = {};
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir))) {
      const path = posix.join(dir, entry);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (path.endsWith(".ts") && !path.endsWith(".d.ts")) {
        sources[path] = readFileSync(join(root, path), "utf8");
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return sources;
}

/** Relative imports of every file, resolved to files of `sources`: `{ path: [imported paths] }`. */
export function importGraph(sources) {
  const graph = {};
  for (const [path, text] of Object.entries(sources)) {
    const { importedFiles } = ts.preProcessFile(text, true, true);
    graph[path] = [];
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = posix.normalize(posix.join(posix.dirname(path), fileName));
      const candidates = [target.replace(/\.js$/, ".ts"), `${target}.ts`, `${target}/index.ts`];
      const found = candidates.find((c) => c in sources);
      if (found && !graph[path].includes(found)) graph[path].push(found);
    }
  }
  return graph;
}

/** Every import cycle of `graph`, each as the files on it (strongly connected components). */
export function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph[v] ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph[v] ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of Object.keys(graph).sort()) if (!indices.has(v)) visit(v);
  return found;
}

/**
 * What is wrong with `graph`: one sentence per cycle, per import against the layers, and per file
 * in a folder no layer claims (it would escape the check).
 */
export function checkGraph(graph) {
  const problems = cycles(graph).map((cycle) => `import cycle: ${cycle.join(", ")}`);
  for (const [from, targets] of Object.entries(graph)) {
    const fromLayer = layerOf(from);
    if (fromLayer === null) {
      problems.push(`${from} is in no layer: give its folder one in scripts/layers.mjs`);
      continue;
    }
    const allowed = LAYERS.find((l) => l.name === fromLayer).uses;
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (toLayer === null || toLayer === fromLayer || allowed.includes(toLayer)) continue;
      problems.push(`${from} -> ${to}: the ${fromLayer} layer may not import the ${toLayer} layer`);
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = relative(process.cwd(), dirname(dirname(fileURLToPath(import.meta.url)))) || ".";
  const problems = checkGraph(importGraph(readSources(root)));
  for (const p of problems) console.error(p);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
