// Bundle-size measurement shared by bench/bundle-size.mjs and test/bench/bundle-size.test.ts.
// esbuild bundles and minifies the entry for Node (ESM; only node: built-ins external). Modules the
// entry loads with import() (OAuth, the importer, sync) are left out of the main bundle, as a
// code-splitting bundler would, and measured on their own.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** What a browser or worker app loads up front from the client entry, gzipped: 10 kB. */
export const BUNDLE_BUDGET = 10 * 1024;
/** Everything the client entry can load (OAuth, validation, the importer, sync), gzipped: 32 kB. */
export const EVERYTHING_BUDGET = 32 * 1024;

const OAUTH = "src/http/auth/oauth.ts";
const gzip = (bytes) => gzipSync(bytes).length; // zlib's default level (6), like most size tools

// Leaves every import() target external and records where it resolves to.
function lazyImports(found) {
  return {
    name: "lazy-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== "dynamic-import" || args.pluginData === "resolving") return undefined;
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "resolving",
        });
        if (resolved.errors.length === 0 && !resolved.external) found.add(resolved.path);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Minified bytes per input file, relative to the package root (node_modules/..., src/...). */
function files(metafile) {
  const sizes = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput > 0)
        sizes[path.replace(/^.*?(node_modules|src|generated)\//, "$1/")] = bytesInOutput;
    }
  }
  return sizes;
}

/** Minified bytes per npm package name or per folder of ours (src/http, src/client, src/import...). */
function contents(metafile) {
  const parts = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const ours = /(?:^|\/)((?:src|generated)(?:\/[^/]+)*)\/[^/]+$/.exec(path)?.[1];
      const name = pkg ?? ours ?? path;
      parts[name] = (parts[name] ?? 0) + bytesInOutput;
    }
  }
  return parts;
}

async function bundle(input, { splitLazy }) {
  const found = new Set();
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    outfile: "bundle-size-out.js", // not written (write: false), names the output only
    logLevel: "silent",
    plugins: splitLazy ? [lazyImports(found)] : [],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js")).contents;
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  return {
    bytes: js.length,
    gzip: gzip(js),
    contents: contents(result.metafile),
    files: files(result.metafile),
    exports: output?.exports ?? [],
    lazy: [...found],
  };
}

/**
 * Bundles `entry` (a file) or `stdin` ({ contents, resolveDir, loader? }) and measures it.
 * @returns main (without import() targets), each import() target bundled on its own (shared code
 * included), and everything in one file (what a bundler without code splitting produces).
 */
export async function measureBundle({ entry, stdin }) {
  const input = entry ? { entryPoints: [entry] } : { stdin };
  const main = await bundle(input, { splitLazy: true });
  const lazy = [];
  const seen = new Set();
  const queue = [...main.lazy];
  while (queue.length > 0) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const chunk = await bundle({ entryPoints: [path] }, { splitLazy: true });
    lazy.push({ path, ...chunk });
    queue.push(...chunk.lazy);
  }
  const single = await bundle(input, { splitLazy: false });
  return {
    main,
    lazy,
    single,
    // OAuth (client assertions, DPoP, key import) must load only when the `oauth` option is used.
    oauth: {
      mainBytes: main.files[OAUTH] ?? 0,
      lazyBytes: Math.max(0, ...lazy.map((c) => c.files[OAUTH] ?? 0)),
    },
  };
}
