// Requests are validated against the spec's own schemas; errors use Okta's codes and body shape.
import { afterEach, beforeEach, expect, test } from "vitest";
import type { MockOkta } from "../../src/testing/index.js";
import { call, start, user } from "./helpers.js";

let mock: MockOkta;
let session: string;
beforeEach(async () => {
  mock = await start();
  session = (await call(mock, "POST", "sessions")).body.id;
});
afterEach(() => mock.close());

const errorShape = {
  errorCode: expect.any(String),
  errorSummary: expect.any(String),
  errorLink: expect.any(String),
  errorId: expect.stringMatching(/^oae/),
  errorCauses: expect.any(Array),
};

test("an invalid bulk body is 400 E0000001 with a cause naming each field", async () => {
  const answer = await call(mock, "POST", `sessions/${session}/bulk-upsert`, {
    entityType: "USERS",
    profiles: [
      { externalId: "x".repeat(513), profile: { email: "a@example.com" } },
      { externalId: "ok", profile: { email: "not-an-email", tags: ["arrays", "are", "refused"] } },
    ],
  });
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({
    ...errorShape,
    errorCode: "E0000001",
    errorLink: "E0000001",
  });
  const causes = answer.body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary);
  expect(causes).toContain("profiles/0/externalId: must NOT have more than 512 characters");
  expect(causes).toContain('profiles/1/profile/email: must match format "email"');
  expect(causes).toContain("profiles/1/profile/tags: must be string,null");
  expect(answer.body.errorSummary).toMatch(/^Api validation failed: profiles\/0\/externalId/);
  // A refused upload changes nothing.
  expect(mock.state().sessions[0]).toMatchObject({ status: "CREATED", bulkRequests: 0 });
});

test("missing required fields are named", async () => {
  const answer = await call(mock, "POST", "users", {
    externalId: "u1",
    profile: { email: "a@example.com" },
  });
  expect(answer.status).toBe(400);
  expect(answer.body.errorCauses).toEqual([
    { errorSummary: "profile/userName: must have required property 'userName'" },
  ]);
  const devices = await call(mock, "POST", `sessions/${session}/bulk-devices-upsert`, {
    profiles: [
      {
        externalId: "d1",
        profile: { serialNumber: "S", platform: "MACOS", displayName: "M", color: "red" },
      },
    ],
  });
  // Device profiles take exactly three attributes.
  expect(devices.body.errorCauses).toEqual([
    { errorSummary: "profiles/0/profile/color: must NOT have additional properties" },
  ]);
});

test("malformed JSON is 400 E0000003", async () => {
  const answer = await call(
    mock,
    "POST",
    `sessions/${session}/bulk-upsert`,
    '{"entityType": "USERS",',
  );
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ ...errorShape, errorCode: "E0000003" });
});

test("a required body that is missing is 400 E0000001", async () => {
  const answer = await call(mock, "POST", "users");
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({
    errorCode: "E0000001",
    errorCauses: [{ errorSummary: "body: a JSON request body is required" }],
  });
});

test("unknown identity source, session, user and group are 404 E0000007", async () => {
  const paths = [
    "/api/v1/identity-sources/0oaNOPE/sessions",
    `sessions/apsNOPE`,
    `sessions/apsNOPE/start-import`,
    "users/nobody",
    "groups/nogroup",
    "groups/nogroup/membership",
  ];
  for (const path of paths) {
    const method = path.endsWith("start-import") ? "POST" : "GET";
    const answer = await call(mock, method, path);
    expect(answer.status, path).toBe(404);
    expect(answer.body, path).toMatchObject({ ...errorShape, errorCode: "E0000007" });
  }
  const upload = await call(mock, "POST", "sessions/apsNOPE/bulk-upsert", {
    entityType: "USERS",
    profiles: [user("a")],
  });
  expect(upload.status).toBe(404);
});

test("an unknown route is 404 and a wrong method is 405 E0000022 with Allow", async () => {
  const unknown = await call(mock, "GET", "/api/v1/identity-sources");
  expect(unknown.status).toBe(404);
  expect(unknown.body.errorCode).toBe("E0000007");
  const wrong = await call(mock, "PATCH", `sessions/${session}`);
  expect(wrong.status).toBe(405);
  expect(wrong.body).toMatchObject({ ...errorShape, errorCode: "E0000022" });
  expect(wrong.headers.get("allow")).toBe("GET, DELETE");
});

test("query parameters are validated against the spec", async () => {
  mock.load({ groups: [{ externalId: "g", profile: { displayName: "G" } }] });
  for (const limit of ["1001", "0", "ten"]) {
    const answer = await call(mock, "GET", `groups/g/membership?limit=${limit}`);
    expect(answer.status, limit).toBe(400);
    expect(answer.body.errorCauses[0].errorSummary).toMatch(/^limit: /);
  }
});
