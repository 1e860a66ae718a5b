// The layers point one way and no module imports itself back: the check of scripts/layers.mjs over
// the real tree, and over the same tree with one bad import or one cycle added, which it must catch.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the build scripts, without declarations
import * as layersModule from "../../scripts/layers.mjs";

interface Layers {
  readSources(root: string): Record<string, string>;
  importGraph(sources: Record<string, string>): Record<string, string[]>;
  checkGraph(graph: Record<string, string[]>): string[];
  layerOf(file: string): string | null;
}
const layers = layersModule as Layers;

const root = resolve(import.meta.dirname, "../..");
const sources = layers.readSources(root);

/** The problems of the tree with `line` added at the top of `file`. */
const withImport = (file: string, line: string) =>
  layers.checkGraph(layers.importGraph({ ...sources, [file]: `${line}\n${sources[file]}` }));

describe("the import graph of src/ and generated/", () => {
  it("reads the real tree: every layer has files, and the CLI reaches sync", () => {
    const graph = layers.importGraph(sources);
    const seen = new Set(Object.keys(graph).map(layers.layerOf));
    for (const name of ["core", "client", "import", "sync", "cli", "testing", "entry"]) {
      expect(seen).toContain(name);
    }
    expect(graph["src/cli/main.ts"]).toContain("src/cli/commands/sync-history.ts");
    expect(graph["src/cli/commands/sync.ts"]).toContain("src/sync/run.ts");
  });

  it("has no import cycle and no import against the layers", () => {
    expect(layers.checkGraph(layers.importGraph(sources))).toEqual([]);
  });

  it("keeps the sync command with the other commands: nothing under src/sync imports the CLI", () => {
    const graph = layers.importGraph(sources);
    const intoCli = Object.entries(graph).filter(
      ([from, to]) => from.startsWith("src/sync/") && to.some((t) => t.startsWith("src/cli/")),
    );
    expect(intoCli).toEqual([]);
  });

  it("fails on an import that points up a layer", () => {
    expect(withImport("src/import/chunks.ts", 'import "../cli/plural.js";')).toEqual([
      "src/import/chunks.ts -> src/cli/plural.ts: the import layer may not import the cli layer",
    ]);
    // The client importing sync's types also closes a cycle through the importer; both are named.
    const clientToSync = withImport(
      "src/client/errors.ts",
      'import type { X } from "../sync/types.js";',
    );
    expect(clientToSync).toContain(
      "src/client/errors.ts -> src/sync/types.ts: the client layer may not import the sync layer",
    );
    expect(clientToSync.some((p) => p.startsWith("import cycle: src/client/errors.ts"))).toBe(true);
    expect(withImport("src/testing/state.ts", 'import "../client/errors.js";')).toEqual([
      "src/testing/state.ts -> src/client/errors.ts: the testing layer may not import the client layer",
    ]);
  });

  it("fails on a cycle, type-only and lazy imports included", () => {
    expect(withImport("src/sync/store.ts", 'import type { SyncPlan } from "./types.js";')).toEqual([
      "import cycle: src/sync/store.ts, src/sync/types.ts",
    ]);
    expect(withImport("src/bulk-bodies.ts", 'const m = () => import("./limits.js");')).toEqual([]);
    const limits = sources["src/limits.ts"]!;
    expect(
      layers.checkGraph(
        layers.importGraph({
          ...sources,
          "src/limits.ts": `const back = () => import("./bulk-bodies.js");\n${limits}`,
          "src/bulk-bodies.ts": `import "./limits.js";\n${sources["src/bulk-bodies.ts"]}`,
        }),
      ),
    ).toEqual(["import cycle: src/bulk-bodies.ts, src/limits.ts"]);
  });
});
