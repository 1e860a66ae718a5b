// `npm run test:mutation`: StrykerJS over the modules where a wrong line loses data or breaks an
// Okta limit (the retry policy, the chunker, the pre-send validators, the sync planner and its
// safeguard). Not part of `npm test`: a full run takes tens of minutes on two cores. Narrow it with
// `npm run test:mutation -- --mutate src/client/validate-bodies.ts`.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "stryker.vitest.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/http/retry.ts",
    "src/import/chunks.ts",
    "src/core/validate.ts",
    "src/client/validate-bodies.ts",
    "src/sync/plan.ts",
    "src/sync/safeguard.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 20_000,
  tempDirName: ".tmp/stryker",
  cleanTempDir: "always",
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: ".tmp/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
};
