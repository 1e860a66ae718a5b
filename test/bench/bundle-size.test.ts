// Bundle budgets that serve users: what a browser or worker app loads up front from the client
// entry (src/index.ts bundled and minified with esbuild, import() targets left out as a
// code-splitting bundler would) stays within 10 kB gzipped, and everything the entry can load
// (OAuth, body validation, the importer, sync, all in one file) within 32 kB. OAuth and
// the importer stay out of the up-front part. `npm run bench` reports the same figures for dist/.
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BUNDLE_BUDGET as UP_FRONT_BUDGET,
  EVERYTHING_BUDGET,
  measureBundle,
  type BundleMeasure,
} from "../../bench/lib/bundle.mjs";
const entry = resolve(import.meta.dirname, "../../src/index.ts");
let size: BundleMeasure;
let everything: { bytes: number; gzip: number; inputs: string[] };

beforeAll(async () => {
  size = await measureBundle({ entry });
  // better-sqlite3 is an optional peer dependency with a native part, installed by the app that
  // wants a SQLite sync store: it is the app's, not ours, so it stays outside the measurement.
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    external: ["better-sqlite3"],
    logLevel: "silent",
  });
  const js = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  everything = { bytes: js.length, gzip: gzipSync(js).length, inputs };
  console.log(
    `client entry up front: ${size.main.gzip} B gzipped (${size.main.bytes} minified), budget ${UP_FRONT_BUDGET}; ` +
      `everything it can load: ${everything.gzip} B gzipped, budget ${EVERYTHING_BUDGET}`,
  );
});

describe("bundle size of the client entry", () => {
  it("measures the client itself", () => {
    expect(size.main.exports).toContain("createIdentitySourceClient");
    expect(size.main.contents["openapi-fetch"]).toBeGreaterThan(0);
  });

  it("loads at most 10 kB gzipped up front", () => {
    expect(size.main.gzip, `${size.main.gzip} bytes gzipped`).toBeLessThanOrEqual(UP_FRONT_BUDGET);
  });

  it("can load at most 32 kB gzipped in all, importer, sync and OAuth included", () => {
    for (const part of [
      "src/import/",
      "src/sync/",
      "src/http/auth/oauth.ts",
      "src/http/auth/jws.ts",
    ]) {
      expect(
        everything.inputs.some((input) => input.includes(part)),
        part,
      ).toBe(true);
    }
    expect(everything.gzip, `${everything.gzip} bytes gzipped`).toBeLessThanOrEqual(
      EVERYTHING_BUDGET,
    );
  });

  it("keeps OAuth and the importer out of the up-front bundle, and needs no JOSE library", () => {
    expect(size.oauth.mainBytes).toBe(0);
    expect(everything.inputs.filter((input) => input.includes("node_modules/jose/"))).toEqual([]);
    const eagerImport = Object.keys(size.main.files).filter((f) => f.startsWith("src/import/"));
    expect(eagerImport).toEqual([]);
    const lazy = size.lazy.map((chunk) => chunk.path.replace(/^.*\/src\//, "src/"));
    expect(lazy).toEqual(expect.arrayContaining(["src/import/index.ts", "src/http/auth/oauth.ts"]));
    // The measurement does see OAuth, in its lazily imported module.
    expect(size.oauth.lazyBytes).toBeGreaterThan(1000);
  });
});
