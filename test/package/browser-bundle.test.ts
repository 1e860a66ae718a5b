// The client entry and the sync entry bundle for browsers and Workers as they are: no `node:`
// module, no Node-only package, nothing left unresolved, through static imports or the lazy
// import()s behind source.import() and source.sync() alike.
import { resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

async function bundle(entry: string) {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: root },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  }).catch((e: { errors?: { text: string }[] }) => {
    // esbuild's failure lists every module it could not resolve: show them, not just "failed".
    throw new Error((e.errors ?? []).map((x) => x.text).join("\n") || String(e));
  });
  const code = result.outputFiles[0]!.text;
  return { code, inputs: Object.keys(result.metafile.inputs) };
}

describe.each([
  ["the client entry", "./src/index.ts"],
  ["the sync entry", "./src/sync/index.ts"],
])("%s bundled with esbuild --platform=browser", (_, entry) => {
  it("resolves every module, none of them Node-only", async () => {
    const { code, inputs } = await bundle(entry);
    // Everything bundled is our code or one of our runtime dependencies' web builds.
    const packages = new Set(
      inputs.flatMap((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1] ?? []),
    );
    expect([...packages].filter((p) => !["jose", "openapi-fetch"].includes(p))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith("node:"))).toEqual([]);
    // What is left as an import in the output would have to be resolved by the page.
    expect(code).not.toMatch(/\bfrom\s*["']node:|\bimport\(\s*["'](node:|bun:)|\brequire\(/);
    expect(code).not.toMatch(/\bBuffer\./);
  });

  it("reaches the lazily loaded importer and sync code", async () => {
    const { inputs } = await bundle(entry);
    expect(inputs).toContain("src/import/run.ts");
    expect(inputs).toContain("src/sync/run.ts");
  });
});
