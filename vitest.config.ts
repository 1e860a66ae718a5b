import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The type tests (test/**/*.test-d.ts) are checked by `tsc --noEmit -p tsconfig.json`, which
    // `npm test` runs before vitest and which fails on any expectTypeOf mismatch; vitest's own
    // typecheck mode would only repeat that, with an "experimental feature" notice on every run.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
