// The README's example of a user's own vitest test, verbatim but for the import paths.
// readme-sync.test.ts fails when the two drift apart.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";

let mock: MockOkta;
beforeAll(async () => {
  // timeScale shrinks processing (3 s), expiry (24 h) and the cool-down (5 min) for tests.
  mock = await startMockOkta({ port: 0, apiToken: "test-token", timeScale: 0.001 });
});
afterAll(() => mock.close());

it("imports my HR export", async () => {
  const okta = createIdentitySourceClient({ orgUrl: mock.url, token: "test-token" });
  const source = okta.identitySource("0oa3l6l6WK6h0R0QW0g4");
  const users = [
    { externalId: "E1", profile: { userName: "a@x.io", email: "a@x.io", team: "blue" } },
  ];
  await source.import({ users }, { pollInterval: 10 });
  expect(mock.state("0oa3l6l6WK6h0R0QW0g4").users[0]?.profile.team).toBe("blue");
});
