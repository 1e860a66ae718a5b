// mock.requests (the request log), the dev-only response check, and shutting down.
import { afterEach, expect, test } from "vitest";
import type { MockOkta, MockOktaOptions } from "../../src/testing/index.js";
import { call, inProgressSession, SOURCE, start, user } from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(() => mock?.close());
async function startWith(options: MockOktaOptions = {}): Promise<MockOkta> {
  return (mock = await start(options));
}

test("each request is recorded with what a test needs to assert on", async () => {
  const m = await startWith();
  const id = await inProgressSession(m, "logged");
  await call(m, "POST", `sessions/${id}/bulk-upsert?x=1`, {
    entityType: "USERS",
    profiles: [user("u".repeat(600))],
  });
  expect(m.requests).toHaveLength(3);
  const [create, upload, refused] = m.requests;
  expect(create).toMatchObject({
    method: "POST",
    operationId: "createIdentitySourceSession",
    status: 200,
    identitySourceId: SOURCE,
    sessionId: undefined,
  });
  expect(upload).toMatchObject({
    method: "POST",
    path: `/api/v1/identity-sources/${SOURCE}/sessions/${id}/bulk-upsert`,
    operationId: "uploadIdentitySourceDataForUpsert",
    sessionId: id,
    status: 202,
    body: { entityType: "USERS", profiles: [user("logged")] },
    fault: undefined,
    latencyMs: 0,
  });
  expect(upload!.headers["content-type"]).toBe("application/json");
  expect(refused).toMatchObject({ status: 400, query: "x=1" });
  // Counting is what other suites do most, e.g. bulk requests of one session:
  expect(m.requests.filter((r) => r.sessionId === id && r.status === 202)).toHaveLength(1);
  m.clearRequests();
  expect(m.requests).toEqual([]);
});

test("the log can drop bodies, cap its size, or be off", async () => {
  const lean = await startWith({ requestLog: { bodies: false, max: 10 } });
  for (let i = 0; i < 25; i++) await call(lean, "POST", "users", user(`u${i}`));
  expect(lean.requests.length).toBeLessThanOrEqual(10);
  expect(lean.requests.at(-1)).toMatchObject({ status: 200, body: undefined });
  await lean.close();
  const off = await startWith({ requestLog: false });
  await call(off, "GET", "sessions");
  expect(off.requests).toEqual([]);
});

test("validateResponses turns a response that breaks the spec into a 500", async () => {
  const m = await startWith();
  // load() does not validate, so data that the spec forbids can reach a response.
  m.load({ users: [{ externalId: "bad", profile: { email: "not-an-email", userName: "bad" } }] });
  const answer = await call(m, "GET", "users/bad");
  expect(answer.status).toBe(500);
  expect(answer.body.errorCauses[0].errorSummary).toBe(
    'mock response of getIdentitySourceUser does not match the spec: profile/email: must match format "email"',
  );
  await m.close();
  const lenient = await startWith({ validateResponses: false });
  lenient.load({
    users: [{ externalId: "bad", profile: { email: "not-an-email", userName: "bad" } }],
  });
  expect((await call(lenient, "GET", "users/bad")).status).toBe(200);
});

test("close() ends open connections and pending timers, and can be called twice", async () => {
  const m = await startWith({ timeScale: 1 });
  const id = await inProgressSession(m);
  await call(m, "POST", `sessions/${id}/start-import`);
  m.setFaults({ latencyMs: 60_000 });
  const hanging = fetch(`${m.url}/api/v1/identity-sources/${SOURCE}/sessions`, {
    headers: { Authorization: "SSWS test-token" },
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all([m.close(), m.close()]);
  await expect(hanging).rejects.toThrow();
  await expect(fetch(m.url)).rejects.toThrow();
});
