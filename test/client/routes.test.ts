// Every wrapper call goes through openapi-fetch (src/http/exchange.ts). Without middleware it
// hands openapi-fetch's URL and init straight to the transport; with middleware the middleware sees
// a real Request. Both must put the same requests on the wire and read the same answers into the
// same results and errors.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaBadRequestError,
  OktaServerError,
  type IdentitySource,
} from "../../src/index.js";
import { reply, SOURCE, startServer, TOKEN, type TestServer } from "./server.js";

let server: TestServer;
let answers: { status: number; body?: unknown }[] = [];

beforeAll(async () => {
  server = await startServer((_req, res) => {
    const { status, body } = answers.shift() ?? { status: 200 };
    reply(res, status, body, { "X-Okta-Request-Id": "req-1" });
  });
});
afterAll(() => server.close());

const user = { externalId: "U1", profile: { email: "u1@example.com", userName: "u1", x: null } };

/** The same calls, against the same answers; what each resolved or threw, and what was sent. */
async function scenario(source: IdentitySource) {
  answers = [
    { status: 503 },
    { status: 200, body: { id: "00u1", ...user } },
    { status: 400, body: { errorCode: "E0000001", errorSummary: "Api validation failed" } },
    { status: 500, body: "<html>oops</html>" },
    { status: 200, body: { memberExternalIds: ["U1"] } },
  ];
  const settle = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (e: Error) => ({ error: e.constructor.name, message: e.message, json: JSON.stringify(e) }),
    );
  const results = [
    await settle(source.users.replace("U1", user, { maxRetries: 1, onRetry: () => {} })),
    await settle(source.groups.addMember("G1", "U1", { maxRetries: 0 })),
    await settle(source.sessions.get("s1", { maxRetries: 0 })),
    await settle(
      (async () => {
        const ids: string[] = [];
        for await (const id of source.groups.listMembers("G1", { limit: 5 })) ids.push(id);
        return ids;
      })(),
    ),
  ];
  const sent = server.requests.splice(0).map(({ method, url, headers, body }) => ({
    method,
    url,
    body,
    headers: ["authorization", "accept", "content-type", "user-agent", "x-okta-retry-count"].map(
      (name) => headers[name],
    ),
  }));
  return { results, sent };
}

it("direct and through openapi-fetch (with middleware): same wire requests, same outcomes", async () => {
  const seen: string[] = [];
  const direct = await scenario(
    createIdentitySourceClient({ orgUrl: server.url, token: TOKEN }).identitySource(SOURCE),
  );
  const viaClient = await scenario(
    createIdentitySourceClient({
      orgUrl: server.url,
      token: TOKEN,
      middleware: [{ onRequest: ({ request }) => void seen.push(request.method) }],
    }).identitySource(SOURCE),
  );
  expect(viaClient).toEqual(direct);
  expect(seen).toEqual(["PUT", "PUT", "POST", "GET", "GET"]);

  const path = `/api/v1/identity-sources/${SOURCE}`;
  expect(direct.sent.map((r) => [r.method, r.url, r.body, r.headers[2], r.headers[4]])).toEqual([
    ["PUT", `${path}/users/U1`, JSON.stringify(user), "application/json", undefined],
    ["PUT", `${path}/users/U1`, JSON.stringify(user), "application/json", "1"],
    [
      "POST",
      `${path}/groups/G1/membership`,
      '{"memberExternalId":"U1"}',
      "application/json",
      undefined,
    ],
    ["GET", `${path}/sessions/s1`, "", undefined, undefined],
    ["GET", `${path}/groups/G1/membership?limit=5`, "", undefined, undefined],
  ]);
  const [replaced, added, got, listed] = direct.results;
  expect(replaced).toEqual({ value: { id: "00u1", ...user } });
  expect(added).toMatchObject({
    error: OktaBadRequestError.name,
    message: `POST ${server.url}${path}/groups/G1/membership failed with 400 E0000001: Api validation failed`,
  });
  expect(got).toMatchObject({ error: OktaServerError.name });
  expect(listed).toEqual({ value: ["U1"] });
});

it("middleware added later through okta.raw.use sees real Requests from then on", async () => {
  const okta = createIdentitySourceClient({ orgUrl: server.url, token: TOKEN });
  const source = okta.identitySource(SOURCE);
  answers = [{ status: 200, body: { id: "s1", status: "CREATED" } }];
  await source.sessions.get("s1");
  const seen: unknown[] = [];
  okta.raw.use({ onRequest: ({ request }) => void seen.push(request) });
  answers = [{ status: 200, body: { id: "s1", status: "CREATED" } }];
  await expect(source.sessions.get("s1")).resolves.toMatchObject({ id: "s1" });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toBeInstanceOf(Request);
  expect((seen[0] as Request).url).toBe(
    `${server.url}/api/v1/identity-sources/${SOURCE}/sessions/s1`,
  );
});
