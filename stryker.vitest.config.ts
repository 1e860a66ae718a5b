// The tests StrykerJS runs against each mutant (see stryker.config.mjs): the suites that exercise
// the mutated modules, without type tests, which say nothing about behaviour.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "test/client/retry.test.ts",
      "test/client/validation.test.ts",
      "test/client/operations.test.ts",
      "test/client/mock.test.ts",
      "test/import/chunks.test.ts",
      "test/import/faults.test.ts",
      "test/sync/plan.test.ts",
      "test/sync/sync.test.ts",
      "test/sync/source-sync.test.ts",
      "test/reliability/fuzz.test.ts",
      "test/reliability/fuzz-gaps.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
