// The client entry's bundle budget (issue 6): src/index.ts bundled and minified with esbuild for
// Node must stay within 8 kB gzipped, and OAuth (jose) and the importer must stay out of it,
// loaded with import() on first use. `npm run bench` reports the same figures for dist/.
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUNDLE_BUDGET, measureBundle, type BundleMeasure } from "../../bench/lib/bundle.mjs";

const entry = resolve(import.meta.dirname, "../../src/index.ts");
let size: BundleMeasure;

beforeAll(async () => {
  size = await measureBundle({ entry });
  console.log(
    `client entry: ${size.main.gzip} bytes gzipped (${size.main.bytes} minified), budget ${BUNDLE_BUDGET}`,
  );
});

describe("bundle size of the client entry", () => {
  it("measures the client itself", () => {
    expect(size.main.exports).toContain("createIdentitySourceClient");
    expect(size.main.contents["openapi-fetch"]).toBeGreaterThan(0);
  });

  it("stays within the 8 kB gzip budget", () => {
    expect(size.main.gzip, `${size.main.gzip} bytes gzipped`).toBeLessThanOrEqual(BUNDLE_BUDGET);
  });

  it("keeps jose and the importer out of the main bundle", () => {
    expect(size.jose.mainBytes).toBe(0);
    const eagerImport = Object.keys(size.main.files).filter((f) => f.startsWith("src/import/"));
    expect(eagerImport).toEqual([]);
    const lazy = size.lazy.map((chunk) => chunk.path.replace(/^.*\/src\//, "src/"));
    expect(lazy).toEqual(
      expect.arrayContaining(["src/import/index.ts", "src/client/auth/oauth.ts"]),
    );
    // The measurement does see jose, in the lazily imported OAuth module.
    expect(size.jose.lazyBytes).toBeGreaterThan(1000);
  });
});
