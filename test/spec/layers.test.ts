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
    for (const name of ["core", "http", "client", "import", "sync", "cli", "testing", "entry"]) {
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

  it("places each folder in its layer", () => {
    const placed = Object.fromEntries(
      [
        "generated/registry.ts",
        "src/limits.ts",
        "src/core/errors.ts",
        "src/http/send.ts",
        "src/http/auth/oauth.ts",
        "src/client/sessions.ts",
        "src/import/run.ts",
        "src/sync/run.ts",
        "src/cli/main.ts",
        "src/testing/server.ts",
        "src/entry/create-client.ts",
        "src/index.ts",
        "src/elsewhere/file.ts",
      ].map((file) => [file, layers.layerOf(file)]),
    );
    expect(placed).toEqual({
      "generated/registry.ts": "core",
      "src/limits.ts": "core",
      "src/core/errors.ts": "core",
      "src/http/send.ts": "http",
      "src/http/auth/oauth.ts": "http",
      "src/client/sessions.ts": "client",
      "src/import/run.ts": "import",
      "src/sync/run.ts": "sync",
      "src/cli/main.ts": "cli",
      "src/testing/server.ts": "testing",
      "src/entry/create-client.ts": "entry",
      "src/index.ts": "entry",
      "src/elsewhere/file.ts": null,
    });
  });

  it("fails on an import that points up a layer", () => {
    expect(withImport("src/import/chunks.ts", 'import "../cli/plural.js";')).toEqual([
      "src/import/chunks.ts -> src/cli/plural.ts: the import layer may not import the cli layer",
    ]);
    expect(withImport("src/http/send.ts", 'import { PATHS } from "../client/paths.js";')).toEqual([
      "src/http/send.ts -> src/client/paths.ts: the http layer may not import the client layer",
    ]);
    // The low-level client may not load the importer or sync, not even lazily: the entry does.
    expect(
      withImport("src/client/create-client.ts", 'const run = () => import("../sync/run.js");'),
    ).toEqual([
      "src/client/create-client.ts -> src/sync/run.ts: the client layer may not import the sync layer",
    ]);
    // Core taking a type from the HTTP layer also closes a cycle through it; both are named.
    const coreToHttp = withImport(
      "src/core/errors.ts",
      'import type { rateLimitOf } from "../http/headers.js";',
    );
    expect(coreToHttp).toContain(
      "src/core/errors.ts -> src/http/headers.ts: the core layer may not import the http layer",
    );
    expect(coreToHttp).toContain("import cycle: src/core/errors.ts, src/http/headers.ts");
    expect(withImport("src/testing/state.ts", 'import "../http/retry.js";')).toEqual([
      "src/testing/state.ts -> src/http/retry.ts: the testing layer may not import the http layer",
    ]);
    expect(withImport("src/cli/main.ts", 'import "../entry/create-client.js";')).toEqual([
      "src/cli/main.ts -> src/entry/create-client.ts: the cli layer may not import the entry layer",
    ]);
  });

  it("fails on a synthetic graph with one crossing and one cycle", () => {
    expect(
      layers.checkGraph({
        "src/core/a.ts": ["src/core/b.ts"],
        "src/core/b.ts": ["src/core/a.ts"],
        "src/http/c.ts": ["src/core/a.ts"],
        "src/client/d.ts": ["src/http/c.ts", "src/import/e.ts"],
        "src/import/e.ts": [],
      }),
    ).toEqual([
      "import cycle: src/core/a.ts, src/core/b.ts",
      "src/client/d.ts -> src/import/e.ts: the client layer may not import the import layer",
    ]);
  });

  it("fails on a file in a folder no layer claims", () => {
    expect(layers.checkGraph({ "src/elsewhere/x.ts": ["src/cli/main.ts"] })).toEqual([
      "src/elsewhere/x.ts is in no layer: give its folder one in scripts/layers.mjs",
    ]);
  });

  it("fails on a cycle, type-only and lazy imports included", () => {
    expect(withImport("src/sync/store.ts", 'import type { SyncPlan } from "./types.js";')).toEqual([
      "import cycle: src/sync/store.ts, src/sync/types.ts",
    ]);
    expect(withImport("src/bulk-bodies.ts", 'const m = () => import("./limits.js");')).toEqual([]);
    // Core's argument checks loading the client's body rules lazily would point up and close a
    // cycle (the body rules build on those checks).
    const backEdge = withImport(
      "src/core/validate.ts",
      'const bodies = () => import("../client/validate-bodies.js");',
    );
    expect(backEdge).toContain(
      "src/core/validate.ts -> src/client/validate-bodies.ts: the core layer may not import the client layer",
    );
    expect(
      backEdge.some((p) => p.startsWith("import cycle: ") && p.includes("src/core/validate.ts")),
    ).toBe(true);
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
