// Every wrapper method on the wire: exact method, path, headers and body, and what it resolves to.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentitySourceClient, type IdentitySource } from "../../src/index.js";
import { BASE, reply, session, SOURCE, startServer, TOKEN, type TestServer } from "./server.js";

const user = {
  externalId: "USEREXT1",
  profile: {
    userName: "isaac@example.com",
    email: "isaac@example.com",
    firstName: "Isaac",
    costCenter: "42",
    nickname: null,
  },
};
const userAnswer = {
  id: "00u1",
  externalId: "USEREXT1",
  created: "2026-01-01T00:00:00.000Z",
  profile: user.profile,
};
const group = {
  externalId: "GROUPEXT1",
  profile: { displayName: "Engineering", description: null, floor: "3" },
};

interface Case {
  name: string;
  call: (s: IdentitySource) => Promise<unknown>;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  answer?: unknown;
  result?: unknown;
}

const sid = "aps1qqonvr2SZv6o70h8";
const cases: Case[] = [
  {
    name: "sessions.create",
    call: (s) => s.sessions.create(),
    method: "POST",
    path: "/sessions",
    status: 200,
    answer: session(),
    result: session(),
  },
  {
    name: "sessions.create (one-element array answer)",
    call: (s) => s.sessions.create(),
    method: "POST",
    path: "/sessions",
    status: 200,
    answer: [session()],
    result: session(),
  },
  {
    name: "sessions.list",
    call: (s) => s.sessions.list(),
    method: "GET",
    path: "/sessions",
    status: 200,
    answer: [session(), session("CLOSED", "aps2")],
    result: [session(), session("CLOSED", "aps2")],
  },
  {
    name: "sessions.get",
    call: (s) => s.sessions.get(sid),
    method: "GET",
    path: `/sessions/${sid}`,
    status: 200,
    answer: session(),
    result: session(),
  },
  {
    name: "sessions.delete",
    call: (s) => s.sessions.delete(sid),
    method: "DELETE",
    path: `/sessions/${sid}`,
    status: 204,
  },
  {
    name: "sessions.startImport (one-element array answer)",
    call: (s) => s.sessions.startImport(sid),
    method: "POST",
    path: `/sessions/${sid}/start-import`,
    status: 200,
    answer: [session("TRIGGERED")],
    result: session("TRIGGERED"),
  },
  {
    name: "sessions.startImport (object)",
    call: (s) => s.sessions.startImport(sid),
    method: "POST",
    path: `/sessions/${sid}/start-import`,
    status: 200,
    answer: session("TRIGGERED"),
    result: session("TRIGGERED"),
  },
  {
    name: "sessions.upsertUsers",
    call: (s) => s.sessions.upsertUsers(sid, [user]),
    method: "POST",
    path: `/sessions/${sid}/bulk-upsert`,
    body: { entityType: "USERS", profiles: [user] },
    status: 202,
  },
  {
    name: "sessions.deleteUsers",
    call: (s) => s.sessions.deleteUsers(sid, ["U1", "U2"]),
    method: "POST",
    path: `/sessions/${sid}/bulk-delete`,
    body: { entityType: "USERS", profiles: [{ externalId: "U1" }, { externalId: "U2" }] },
    status: 202,
  },
  {
    name: "sessions.upsertGroups",
    call: (s) => s.sessions.upsertGroups(sid, [group]),
    method: "POST",
    path: `/sessions/${sid}/bulk-groups-upsert`,
    body: { profiles: [group] },
    status: 202,
  },
  {
    name: "sessions.deleteGroups",
    call: (s) => s.sessions.deleteGroups(sid, ["G1"]),
    method: "POST",
    path: `/sessions/${sid}/bulk-groups-delete`,
    body: { externalIds: ["G1"] },
    status: 202,
  },
  {
    name: "sessions.upsertMemberships",
    call: (s) =>
      s.sessions.upsertMemberships(sid, [
        { groupExternalId: "G1", memberExternalIds: ["U1", "U2"] },
      ]),
    method: "POST",
    path: `/sessions/${sid}/bulk-group-memberships-upsert`,
    body: { memberships: [{ groupExternalId: "G1", memberExternalIds: ["U1", "U2"] }] },
    status: 202,
  },
  {
    name: "sessions.deleteMemberships",
    call: (s) =>
      s.sessions.deleteMemberships(sid, [{ groupExternalId: "G1", memberExternalIds: ["U1"] }]),
    method: "POST",
    path: `/sessions/${sid}/bulk-group-memberships-delete`,
    body: { memberships: [{ groupExternalId: "G1", memberExternalIds: ["U1"] }] },
    status: 202,
  },
  {
    name: "sessions.upsertDevices",
    call: (s) =>
      s.sessions.upsertDevices(sid, [
        {
          externalId: "D1",
          profile: { serialNumber: "C02", platform: "MACOS", displayName: "Mac" },
        },
      ]),
    method: "POST",
    path: `/sessions/${sid}/bulk-devices-upsert`,
    body: {
      profiles: [
        {
          externalId: "D1",
          profile: { serialNumber: "C02", platform: "MACOS", displayName: "Mac" },
        },
      ],
    },
    status: 202,
  },
  {
    name: "sessions.deleteDevices",
    call: (s) => s.sessions.deleteDevices(sid, ["D1"]),
    method: "POST",
    path: `/sessions/${sid}/bulk-devices-delete`,
    body: { externalIds: ["D1"] },
    status: 202,
  },
  {
    name: "users.create",
    call: (s) => s.users.create(user),
    method: "POST",
    path: "/users",
    body: user,
    status: 200,
    answer: userAnswer,
    result: userAnswer,
  },
  {
    name: "users.create (200 without a body)",
    call: (s) => s.users.create(user),
    method: "POST",
    path: "/users",
    body: user,
    status: 200,
    result: undefined,
  },
  {
    name: "users.get",
    call: (s) => s.users.get("USEREXT1"),
    method: "GET",
    path: "/users/USEREXT1",
    status: 200,
    answer: userAnswer,
    result: userAnswer,
  },
  {
    name: "users.replace",
    call: (s) => s.users.replace("USEREXT1", { profile: user.profile }),
    method: "PUT",
    path: "/users/USEREXT1",
    body: { profile: user.profile },
    status: 200,
    answer: userAnswer,
    result: userAnswer,
  },
  {
    name: "users.update",
    call: (s) => s.users.update("USEREXT1", { profile: user.profile }),
    method: "PATCH",
    path: "/users/USEREXT1",
    body: { profile: user.profile },
    status: 200,
    answer: userAnswer,
    result: userAnswer,
  },
  {
    name: "users.delete",
    call: (s) => s.users.delete("USEREXT1"),
    method: "DELETE",
    path: "/users/USEREXT1",
    status: 204,
  },
  {
    name: "groups.create",
    call: (s) => s.groups.create(group),
    method: "POST",
    path: "/groups",
    body: group,
    status: 200,
    answer: { id: "00g1", ...group },
    result: { id: "00g1", ...group },
  },
  {
    name: "groups.get (nested profile.profile flattened)",
    call: (s) => s.groups.get("GROUPEXT1"),
    method: "GET",
    path: "/groups/GROUPEXT1",
    status: 200,
    answer: { id: "00g1", externalId: "GROUPEXT1", profile: { profile: group.profile } },
    result: { id: "00g1", ...group },
  },
  {
    name: "groups.update",
    call: (s) => s.groups.update("00g1", group),
    method: "POST",
    path: "/groups/00g1",
    body: group,
    status: 200,
    answer: { id: "00g1", ...group },
    result: { id: "00g1", ...group },
  },
  {
    name: "groups.delete",
    call: (s) => s.groups.delete("00g1"),
    method: "DELETE",
    path: "/groups/00g1",
    status: 204,
  },
  {
    name: "groups.addMember",
    call: (s) => s.groups.addMember("00g1", "USEREXT1"),
    method: "POST",
    path: "/groups/00g1/membership",
    body: { memberExternalId: "USEREXT1" },
    status: 204,
  },
  {
    name: "groups.removeMember",
    call: (s) => s.groups.removeMember("00g1", "USEREXT1"),
    method: "DELETE",
    path: "/groups/00g1/membership/USEREXT1",
    status: 204,
  },
];

let server: TestServer;
let current: Case | undefined;
let source: IdentitySource;

beforeAll(async () => {
  server = await startServer((_req, res) => {
    reply(res, current?.status ?? 500, current?.answer, { "X-Okta-Request-Id": "req-1" });
  });
  source = createIdentitySourceClient({ orgUrl: server.url, token: TOKEN }).identitySource(SOURCE);
});
afterAll(() => server.close());

describe("every method on the wire", () => {
  it.each(cases)("$name", async (c) => {
    current = c;
    server.requests.length = 0;
    const result = await c.call(source);
    expect(result).toEqual(c.result);
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.method).toBe(c.method);
    expect(req?.url).toBe(BASE + c.path);
    expect(req?.headers.authorization).toBe(`SSWS ${TOKEN}`);
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["user-agent"]).toMatch(
      /^okta-identity-sources\/\d+\.\d+\.\d+\S* node\/\d+\.\d+\.\d+$/,
    );
    if (c.body === undefined) {
      expect(req?.body).toBe("");
      expect(req?.headers["content-type"]).toBeUndefined();
      // Bodyless POSTs need Content-Length: 0 or Okta may answer 411.
      if (c.method === "POST") expect(req?.headers["content-length"]).toBe("0");
    } else {
      expect(req?.headers["content-type"]).toBe("application/json");
      // Custom attributes (costCenter, floor, nulls) go out exactly as given.
      expect(JSON.parse(req?.body ?? "")).toEqual(c.body);
    }
  });
});

describe("groups.listMembers", () => {
  it("follows the Link header across pages and yields every member", async () => {
    const pages: Record<string, { ids: string[]; next?: string }> = {
      first: { ids: ["U1", "U2"], next: "U2" },
      U2: { ids: ["U3", "U4"], next: "U4" },
      U4: { ids: ["U5"] },
    };
    const s = await startServer((req, res) => {
      const url = new URL(req.url, "http://x");
      const page = pages[url.searchParams.get("after") ?? "first"];
      const headers: Record<string, string> = {};
      if (page?.next) {
        const next = `${s.url}${url.pathname}?after=${page.next}&limit=2`;
        headers.Link = `<${s.url}${url.pathname}?limit=2>; rel="self", <${next}>; rel="next"`;
      }
      reply(res, 200, { memberExternalIds: page?.ids ?? [] }, headers);
    });
    try {
      const src = createIdentitySourceClient({ orgUrl: s.url, token: TOKEN }).identitySource(
        SOURCE,
      );
      const ids: string[] = [];
      for await (const id of src.groups.listMembers("GROUP/1", { limit: 2 })) ids.push(id);
      expect(ids).toEqual(["U1", "U2", "U3", "U4", "U5"]);
      expect(s.requests.map((r) => r.url)).toEqual([
        `${BASE}/groups/GROUP%2F1/membership?limit=2`,
        `${BASE}/groups/GROUP%2F1/membership?after=U2&limit=2`,
        `${BASE}/groups/GROUP%2F1/membership?after=U4&limit=2`,
      ]);
    } finally {
      await s.close();
    }
  });

  it("refuses a next link to another origin, so the token never leaves the org", async () => {
    const s = await startServer((_req, res) =>
      reply(
        res,
        200,
        { memberExternalIds: ["U1"] },
        { Link: '<https://evil.example/steal?after=U1>; rel="next"' },
      ),
    );
    try {
      const src = createIdentitySourceClient({ orgUrl: s.url, token: TOKEN }).identitySource(
        SOURCE,
      );
      const ids: string[] = [];
      await expect(async () => {
        for await (const id of src.groups.listMembers("G1")) ids.push(id);
      }).rejects.toThrow(/refusing to follow a next-page link to https:\/\/evil\.example/);
      expect(ids).toEqual(["U1"]);
      expect(s.requests).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it("stops a server that links back to a page it already served", async () => {
    const s = await startServer((req, res) =>
      reply(
        res,
        200,
        { memberExternalIds: ["U1"] },
        { Link: `<${BASE}/groups/G1/membership?after=X>; rel="next"` },
      ),
    );
    try {
      const src = createIdentitySourceClient({ orgUrl: s.url, token: TOKEN }).identitySource(
        SOURCE,
      );
      await expect(async () => {
        for await (const _ of src.groups.listMembers("G1")) void _;
      }).rejects.toThrow(/repeats/);
      expect(s.requests).toHaveLength(2);
    } finally {
      await s.close();
    }
  });
});

describe("path parameters", () => {
  it.each([
    ["a/b", "a%2Fb"],
    ["../x", "..%2Fx"],
    ["a b?c#d", "a%20b%3Fc%23d"],
    ["100%", "100%25"],
    ["é", "%C3%A9"],
  ])("percent-encodes %j into one segment", async (id, encoded) => {
    current = { ...cases.find((c) => c.name === "users.get")!, answer: userAnswer };
    server.requests.length = 0;
    await source.users.get(id);
    expect(server.requests[0]?.url).toBe(`${BASE}/users/${encoded}`);
  });
});
