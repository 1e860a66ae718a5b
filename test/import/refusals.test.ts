// A refusal of the credentials (401), of their permissions (403) or of the request itself (400)
// fails the same way on every rerun: the error says what to fix, never that a rerun is safe. Also
// how the error's summary counts what was imported and sent.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  createIdentitySourceClient,
  OktaAuthenticationError,
  OktaBadRequestError,
  OktaForbiddenError,
  OktaImportError,
} from "../../src/index.js";
import { runImport } from "../../src/import/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { SOURCE_ID, startMock, user } from "./helpers.js";

let mock: MockOkta;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const users = [user(1), user(2)];
const fast = { pollInterval: 10 };

async function failure(run: Promise<unknown>): Promise<OktaImportError> {
  const e = await run.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(OktaImportError);
  return e as OktaImportError;
}

describe("an import whose requests Okta refuses", () => {
  test("a wrong API token (401): check the token, not 'rerunning is safe'", async () => {
    const source = createIdentitySourceClient({
      orgUrl: mock.url,
      token: "not-the-mock-token",
    }).identitySource(SOURCE_ID);
    const e = await failure(runImport(source, { users }, fast));
    expect(e.reason).toBe("request-failed");
    expect(e.cause).toBeInstanceOf(OktaAuthenticationError);
    expect(e.message).toContain("Okta refused the credentials (401): check the API token");
    expect(e.message).not.toMatch(/rerun\w* (the same import )?is safe/);
    expect(Object.values(e.report.counts).every((n) => n === 0)).toBe(true);
    expect(mock.state().users).toEqual([]);
  });

  test("an OAuth token without the manage scope (403): the message names the scope", async () => {
    const token = mock.issueAccessToken({ scopes: ["okta.identitySources.read"] });
    const source = createIdentitySourceClient({
      orgUrl: mock.url,
      accessToken: token,
    }).identitySource(SOURCE_ID);
    const e = await failure(runImport(source, { users }, fast));
    expect(e.cause).toBeInstanceOf(OktaForbiddenError);
    expect(e.message).toContain("the credentials lack a permission (403)");
    expect(e.message).toContain("okta.identitySources.manage");
    expect(e.message).not.toMatch(/rerun\w* (the same import )?is safe/);
    expect(mock.state().users).toEqual([]);
  });

  test("an upload refused as invalid (400): fix what the error names", async () => {
    mock.setFaults({ path: "/bulk-upsert", errorRate: 1, errorStatuses: [400] });
    try {
      const source = createIdentitySourceClient({
        orgUrl: mock.url,
        token: mock.apiToken,
      }).identitySource(SOURCE_ID);
      const e = await failure(runImport(source, { users }, fast));
      expect(e.cause).toBeInstanceOf(OktaBadRequestError);
      expect(e.message).toContain("Okta refused the request as invalid (400): fix what the error");
      expect(e.message).not.toMatch(/rerun\w* (the same import )?is safe/);
      expect(mock.state().users).toEqual([]);
    } finally {
      mock.setFaults(undefined);
    }
  });

  test("a failure a rerun can get past (Okta down) still says a rerun is safe", async () => {
    mock.setFaults({ errorRate: 1, errorStatuses: [503] });
    try {
      const source = createIdentitySourceClient({
        orgUrl: mock.url,
        token: mock.apiToken,
      }).identitySource(SOURCE_ID);
      const e = await failure(runImport(source, { users }, { ...fast, maxRetries: 0 }));
      expect(e.message).toContain("rerunning the same import is safe");
      expect(e.message).not.toContain("check the API token");
    } finally {
      mock.setFaults(undefined);
    }
  });
});

test("the summary in an import error counts one of a kind in the singular", async () => {
  mock.failNextSessions(1);
  const source = createIdentitySourceClient({
    orgUrl: mock.url,
    token: mock.apiToken,
  }).identitySource(SOURCE_ID);
  const group = { externalId: "g1", profile: { displayName: "Engineering" } };
  const e = await failure(runImport(source, { users: [user(1)], groups: [group] }, fast));
  expect(e.reason).toBe("session-error");
  expect(e.message).toContain("sent but not confirmed by Okta: 1 user, 1 group;");
});
