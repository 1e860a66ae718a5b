// The tests StrykerJS runs against each mutant (see stryker.config.mjs): the suites that exercise
// the mutated modules, without type tests, which say nothing about behaviour.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/client/*.test.ts",
      "test/import/*.test.ts",
      "test/sync/*.test.ts",
      "test/cli/*.test.ts",
      "test/reliability/fuzz*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
