// End to end against the embedded mock Okta, which validates every request against the spec: the
// whole API surface, errors the mock produces, hooks, raw access, middleware, fetch and OAuth+DPoP.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";
import {
  createIdentitySourceClient,
  OktaAuthenticationError,
  OktaBadRequestError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaServerError,
  type IdentitySource,
  type IdentitySourceClient,
  type RequestHookInfo,
  type ResponseHookInfo,
  type RetryInfo,
} from "../../src/index.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
let mock: MockOkta;
let okta: IdentitySourceClient;
let source: IdentitySource;
const requests: RequestHookInfo[] = [];
const responses: ResponseHookInfo[] = [];

beforeAll(async () => {
  mock = await startMockOkta({
    identitySourceIds: [SOURCE],
    timeScale: 0.001,
    membershipPageSize: 2,
  });
  okta = createIdentitySourceClient({
    orgUrl: mock.url,
    token: mock.apiToken,
    onRequest: (info) => void requests.push(info),
    onResponse: (info) => void responses.push(info),
  });
  source = okta.identitySource(SOURCE);
});
beforeEach(() => {
  mock.reset();
  mock.setFaults(undefined);
  requests.length = 0;
  responses.length = 0;
});
afterAll(() => mock.close());

async function waitFor(sessionId: string, status: string) {
  for (let i = 0; i < 200; i++) {
    const s = await source.sessions.get(sessionId);
    if (s.status === status) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`session never reached ${status}`);
}

describe("an import session, end to end", () => {
  it("creates, uploads every kind, triggers and completes; custom attributes arrive as sent", async () => {
    const session = await source.sessions.create();
    expect(session).toMatchObject({ status: "CREATED", identitySourceId: SOURCE });
    const id = session.id!;
    await source.sessions.upsertUsers(id, [
      {
        externalId: "U1",
        profile: {
          userName: "u1@example.com",
          email: "u1@example.com",
          firstName: "Ada",
          costCenter: "42",
        },
      },
      {
        externalId: "U2",
        profile: { userName: "u2@example.com", email: "u2@example.com", department: null },
      },
    ]);
    await source.sessions.upsertGroups(id, [
      { externalId: "G1", profile: { displayName: "Eng", floor: "3" } },
    ]);
    await source.sessions.upsertMemberships(id, [
      { groupExternalId: "G1", memberExternalIds: ["U1", "U2"] },
    ]);
    await source.sessions.upsertDevices(id, [
      { externalId: "D1", profile: { serialNumber: "C02", platform: "MACOS", displayName: "Mac" } },
    ]);
    expect((await source.sessions.list()).map((s) => s.id)).toContain(id);
    expect(await source.sessions.startImport(id)).toMatchObject({ id, status: "TRIGGERED" });
    await waitFor(id, "COMPLETED");

    const state = mock.state(SOURCE);
    expect(state.users.find((u) => u.externalId === "U1")?.profile).toMatchObject({
      firstName: "Ada",
      costCenter: "42",
    });
    expect(state.groups[0]?.profile).toMatchObject({ displayName: "Eng", floor: "3" });
    expect(state.memberships).toEqual([{ groupExternalId: "G1", memberExternalIds: ["U1", "U2"] }]);
    expect(state.devices).toHaveLength(1);

    const next = await source.sessions.create();
    await source.sessions.deleteUsers(next.id!, ["U2"]);
    await source.sessions.deleteMemberships(next.id!, [
      { groupExternalId: "G1", memberExternalIds: ["U1"] },
    ]);
    await source.sessions.deleteGroups(next.id!, ["G1"]);
    await source.sessions.deleteDevices(next.id!, ["D1"]);
    await source.sessions.delete(next.id!);
    expect((await source.sessions.get(next.id!)).status).toBe("CLOSED");
  });

  it("a second CREATED session is refused with a 400 the caller can branch on", async () => {
    await source.sessions.create();
    const error = (await source.sessions.create().catch((e: unknown) => e)) as OktaBadRequestError;
    expect(error).toBeInstanceOf(OktaBadRequestError);
    expect(error.errorCode).toBe("E0000001");
    expect(error.requestId).toBe(mock.requests.at(-1)?.requestId);
  });

  it("source.import runs the importer through this client", async () => {
    const report = await source.import(
      {
        users: [
          { externalId: "U9", profile: { userName: "u9@example.com", email: "u9@example.com" } },
        ],
      },
      { pollInterval: 10 },
    );
    expect(report.counts).toMatchObject({ users: 1 });
    expect(mock.state(SOURCE).users.map((u) => u.externalId)).toEqual(["U9"]);
  });
});

describe("real-time operations", () => {
  it("users: create, get, replace, update, delete", async () => {
    const profile = {
      userName: "ada@example.com",
      email: "ada@example.com",
      firstName: "Ada",
      badge: "7",
    };
    await source.users.create({ externalId: "ada/1", profile });
    expect(await source.users.get("ada/1")).toMatchObject({ externalId: "ada/1", profile });
    await source.users.replace("ada/1", { profile: { ...profile, firstName: "Augusta" } });
    const updated = await source.users.update("ada/1", {
      profile: { userName: profile.userName, email: profile.email, lastName: "King" },
    });
    expect(updated.profile).toMatchObject({ firstName: "Augusta", lastName: "King", badge: "7" });
    await source.users.delete("ada/1");
    // Okta deactivates rather than deletes (docs/okta-behaviour.md, "Import sessions").
    expect(mock.state(SOURCE).users.find((u) => u.externalId === "ada/1")?.status).toBe(
      "DEACTIVATED",
    );
    expect(mock.requests.find((r) => r.method === "GET")?.path).toBe(
      `/api/v1/identity-sources/${SOURCE}/users/ada%2F1`,
    );
  });

  it("groups: create, get, update, members (paged), delete", async () => {
    const created = await source.groups.create({
      externalId: "G1",
      profile: { displayName: "Eng", description: null },
    });
    expect(created).toMatchObject({ externalId: "G1", profile: { displayName: "Eng" } });
    await source.groups.update("G1", {
      externalId: "G1",
      profile: { displayName: "Engineering", cost: "9" },
    });
    expect((await source.groups.get(created.id!)).profile).toMatchObject({
      displayName: "Engineering",
      cost: "9",
    });
    for (const u of ["U1", "U2", "U3", "U4", "U5"]) {
      await source.users.create({
        externalId: u,
        profile: { userName: `${u}@x.com`, email: `${u}@x.com` },
      });
      await source.groups.addMember("G1", u);
    }
    await source.groups.removeMember("G1", "U3");
    const members: string[] = [];
    for await (const m of source.groups.listMembers("G1")) members.push(m);
    expect(members).toEqual(["U1", "U2", "U4", "U5"]);
    // membershipPageSize 2: two pages followed through Link.
    expect(
      mock.requests.filter((r) => r.operationId === "getIdentitySourceGroupMemberships"),
    ).toHaveLength(2);
    await source.groups.delete("G1");
    await expect(source.groups.get("G1")).rejects.toBeInstanceOf(OktaNotFoundError);
  });
});

describe("errors, limits and faults from the mock", () => {
  it("unknown identity source: 404; wrong token: 401", async () => {
    await expect(okta.identitySource("0oaNOPE").sessions.list()).rejects.toBeInstanceOf(
      OktaNotFoundError,
    );
    const bad = createIdentitySourceClient({
      orgUrl: mock.url,
      token: "wrong-token-123",
    }).identitySource(SOURCE);
    await expect(bad.sessions.list()).rejects.toBeInstanceOf(OktaAuthenticationError);
  });

  it("a 429 carries the mock's rate-limit headers into the retry delay", async () => {
    mock.setRateLimit({ perMinute: 1 });
    try {
      await source.sessions.list();
      const controller = new AbortController();
      let info: RetryInfo | undefined;
      const error = await source.sessions
        .list({ signal: controller.signal, onRetry: (i) => ((info = i), controller.abort()) })
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe("AbortError");
      expect(info?.reason).toBe("rate-limit");
      expect(info?.error).toBeInstanceOf(OktaRateLimitError);
      const { rateLimit } = info!.error as OktaRateLimitError;
      expect(rateLimit).toMatchObject({ limit: 1, remaining: 0 });
      expect(info!.delayMs).toBeLessThanOrEqual(61_000 + 1000);
    } finally {
      mock.setRateLimit({ perMinute: 600 });
    }
  });

  it("injected 5xx: a bulk upload is retried, create-session is not", async () => {
    const session = await source.sessions.create();
    mock.setFaults({ path: "/bulk-upsert", errorRate: 1, errorStatuses: [503] });
    await expect(
      source.sessions.upsertUsers(session.id!, [], { maxRetries: 1 }),
    ).rejects.toBeInstanceOf(OktaServerError);
    const uploads = mock.requests.filter((r) => r.path.endsWith("/bulk-upsert"));
    expect(uploads.map((r) => r.headers["x-okta-retry-count"])).toEqual([undefined, "1"]);
    expect(uploads[1]?.headers["x-okta-retry-for"]).toBe(uploads[0]?.requestId);

    mock.setFaults({ path: /\/sessions$/, method: "POST", errorRate: 1, errorStatuses: [500] });
    mock.clearRequests();
    await expect(source.sessions.create()).rejects.toBeInstanceOf(OktaServerError);
    expect(mock.requests).toHaveLength(1);
  });
});

describe("hooks, raw, middleware, fetch", () => {
  it("onRequest/onResponse see every call with request ID and rate-limit headers; credentials redacted", async () => {
    await source.sessions.list();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: "GET",
      url: `${mock.url}/api/v1/identity-sources/${SOURCE}/sessions`,
    });
    expect(requests[0]?.headers.authorization).toBe("SSWS [REDACTED]");
    expect(JSON.stringify(requests)).not.toContain(mock.apiToken);
    expect(responses[0]).toMatchObject({ status: 200, requestId: mock.requests[0]?.requestId });
    expect(responses[0]?.rateLimit.limit).toEqual(expect.any(Number));
    expect(responses[0]?.rateLimit.remaining).toEqual(expect.any(Number));
    expect(responses[0]?.rateLimit.reset).toEqual(expect.any(Number));
  });

  it("okta.raw is the typed openapi-fetch client, with credentials and hooks", async () => {
    const { data, response } = await okta.raw.GET(
      "/api/v1/identity-sources/{identitySourceId}/sessions",
      {
        params: { path: { identitySourceId: SOURCE } },
      },
    );
    expect(response.status).toBe(200);
    expect(data).toEqual([]);
    expect(responses).toHaveLength(1);
  });

  it("middleware and fetch are passed through to openapi-fetch", async () => {
    const seen: string[] = [];
    let fetched = 0;
    const client = createIdentitySourceClient({
      orgUrl: mock.url,
      token: mock.apiToken,
      fetch: (request) => (fetched++, fetch(request)),
      middleware: [
        {
          onRequest: ({ request }) => (request.headers.set("X-Trace", "t-1"), request),
          onResponse: ({ response }) => void seen.push(String(response.status)),
        },
      ],
    });
    await client.identitySource(SOURCE).sessions.list();
    expect(fetched).toBe(1);
    expect(seen).toEqual(["200"]);
    expect(mock.requests[0]?.headers["x-trace"]).toBe("t-1");
  });
});

describe("OAuth with DPoP against the mock", () => {
  it("gets a DPoP-bound token through the nonce round trip and calls the API with it", async () => {
    const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    mock.registerClient({ clientId: "0oaSvc", publicKey, requireDpop: true });
    const client = createIdentitySourceClient({
      orgUrl: mock.url,
      oauth: {
        clientId: "0oaSvc",
        privateKey: privateKey.export({ format: "pem", type: "pkcs8" }) as string,
        dpop: true,
      },
    });
    await expect(client.identitySource(SOURCE).sessions.list()).resolves.toEqual([]);
    const api = mock.requests.filter((r) => r.operationId === "listIdentitySourceSessions");
    expect(api.at(-1)?.status).toBe(200);
    expect(api.at(-1)?.headers.authorization).toMatch(/^DPoP /);
  });
});
