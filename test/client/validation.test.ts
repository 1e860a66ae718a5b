// Bad input is refused before anything is sent (issue 4 §2); the error names the field and limit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MAX_BULK_BYTES } from "../../src/limits.js";
import {
  createIdentitySourceClient,
  OktaValidationError,
  type IdentitySource,
} from "../../src/client/index.js";
import { reply, SOURCE, startServer, TOKEN, type TestServer } from "./server.js";

let server: TestServer;
let source: IdentitySource;

beforeAll(async () => {
  server = await startServer((_req, res) => reply(res, 202));
  source = createIdentitySourceClient({ orgUrl: server.url, token: TOKEN }).identitySource(SOURCE);
});
afterEach(() => {
  // The point of every case: nothing reached the server.
  expect(server.requests).toHaveLength(0);
});
afterAll(() => server.close());

const u = (i: number, profile: Record<string, unknown> = {}) => ({
  externalId: `U${i}`,
  profile: { userName: `u${i}@example.com`, email: `u${i}@example.com`, ...profile },
});
const sid = "aps1";
// Values typed `any` on purpose: these calls are what the types forbid, made anyway at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const rejects = async (
  p: Promise<unknown>,
  field: string,
  message: RegExp | string,
  limit?: number,
) => {
  const error = await p.then(
    () => expect.fail("resolved"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OktaValidationError);
  const v = error as OktaValidationError;
  expect(v.field).toBe(field);
  if (typeof message === "string") expect(v.message).toBe(message);
  else expect(v.message).toMatch(message);
  expect(v.limit).toBe(limit);
};

describe("IDs", () => {
  it.each([
    ["", "must be a non-empty string"],
    [42, "must be a non-empty string"],
    [undefined, "must be a non-empty string"],
    [".", 'must not be "."'],
    ["..", 'must not be ".."'],
  ])("sessionId %j", async (id, why) => {
    await rejects(source.sessions.get(id as Any), "sessionId", `sessionId ${why}`);
  });

  it("externalId over 512 characters", async () => {
    await rejects(
      source.users.get("x".repeat(513)),
      "externalId",
      "externalId is 513 characters; the limit is 512",
      512,
    );
  });

  it("group ID over 255 and member ID over 255", async () => {
    await rejects(
      source.groups.get("g".repeat(256)),
      "id",
      "id is 256 characters; the limit is 255",
      255,
    );
    await rejects(
      source.groups.addMember("g1", "m".repeat(256)),
      "memberExternalId",
      /is 256 characters; the limit is 255/,
      255,
    );
  });

  it("identitySource() checks its ID at once", () => {
    const okta = createIdentitySourceClient({ orgUrl: server.url, token: TOKEN });
    expect(() => okta.identitySource("")).toThrow(OktaValidationError);
    expect(() => okta.identitySource("..")).toThrow(/identitySourceId must not be/);
  });

  it("listMembers limit must be 1..1000", async () => {
    const it = source.groups.listMembers("g1", { limit: 1001 })[Symbol.asyncIterator]();
    await rejects(it.next(), "limit", "limit must be an integer from 1 to 1000", 1000);
  });
});

describe("bulk requests", () => {
  it("more than 200 entities", async () => {
    const users = Array.from({ length: 201 }, (_, i) => u(i));
    await rejects(
      source.sessions.upsertUsers(sid, users),
      "users",
      "users has 201 entries; the limit is 200 per request",
      200,
    );
    await rejects(
      source.sessions.deleteGroups(
        sid,
        users.map((x) => x.externalId),
      ),
      "deletedGroups",
      /201 entries; the limit is 200/,
      200,
    );
  });

  it("more than 200,000 bytes", async () => {
    const users = Array.from({ length: 150 }, (_, i) => u(i, { homeAddress: "a".repeat(1400) }));
    await rejects(
      source.sessions.upsertUsers(sid, users),
      "users",
      new RegExp(`users request body is \\d+ bytes of JSON; the limit is ${MAX_BULK_BYTES}`),
      MAX_BULK_BYTES,
    );
  });

  it("at least one group, membership or device", async () => {
    await rejects(
      source.sessions.upsertGroups(sid, []),
      "groups",
      "groups must have at least 1 entry",
      1,
    );
    await rejects(
      source.sessions.deleteMemberships(sid, []),
      "deletedMemberships",
      /at least 1 entry/,
      1,
    );
  });

  it("attribute over its limit, naming the entry", async () => {
    const users = [u(0), u(1), u(2), u(3, { firstName: "f".repeat(51) })];
    await rejects(
      source.sessions.upsertUsers(sid, users),
      "users[3].profile.firstName",
      "users[3].profile.firstName is 51 characters; the limit is 50",
      50,
    );
  });

  it("attribute under its minimum", async () => {
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { email: "a@b" })]),
      "users[0].profile.email",
      "users[0].profile.email is 3 characters; the minimum is 5",
      5,
    );
  });

  it.each([[42], [true], [["a"]], [{ a: 1 }]])("non-string profile value %j", async (value) => {
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { department: value })]),
      "users[0].profile.department",
      "users[0].profile.department must be a string or null",
    );
  });

  it("null where the attribute cannot be null", async () => {
    await rejects(
      source.sessions.upsertGroups(sid, [
        { externalId: "G1", profile: { displayName: null as Any } },
      ]),
      "groups[0].profile.displayName",
      "groups[0].profile.displayName must be a string",
    );
  });

  it("characters outside the BMP (4-byte UTF-8), in values, IDs and attribute names", async () => {
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { nickname: "rocket 🚀" })]),
      "users[0].profile.nickname",
      /contains U\+1F680, outside the Basic Multilingual Plane/,
    );
    await rejects(source.sessions.deleteUsers(sid, ["ok", "bad😀"]), "deletedUsers[1]", /U\+1F600/);
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { "emoji😀": "x" })]),
      'users[0].profile attribute name "emoji😀"',
      /outside the Basic Multilingual Plane/,
    );
    // A lone surrogate cannot be encoded at all.
    await rejects(
      source.users.get("a\uD800b"),
      "externalId",
      /outside the Basic Multilingual Plane/,
    );
  });

  it("3-byte characters are fine", async () => {
    server.requests.length = 0;
    await source.sessions.upsertUsers(sid, [u(0, { firstName: "日本語", lastName: "Ünïcødé" })]);
    expect(server.requests).toHaveLength(1);
    server.requests.length = 0;
  });

  it("membership entries", async () => {
    await rejects(
      source.sessions.upsertMemberships(sid, [{ groupExternalId: "G1", memberExternalIds: [] }]),
      "memberships[0].memberExternalIds",
      /at least 1 entry/,
      1,
    );
    await rejects(
      source.sessions.upsertMemberships(sid, [
        { groupExternalId: "G1", memberExternalIds: ["U1", ""] },
      ]),
      "memberships[0].memberExternalIds[1]",
      /non-empty string/,
    );
    await rejects(
      source.sessions.upsertMemberships(sid, [
        { groupExternalId: "g".repeat(256), memberExternalIds: ["U1"] },
      ]),
      "memberships[0].groupExternalId",
      /the limit is 255/,
      255,
    );
  });

  it("devices: three required attributes and no others (facts §10)", async () => {
    const device = {
      externalId: "D1",
      profile: { serialNumber: "S", platform: "MACOS", displayName: "Mac" },
    };
    await rejects(
      source.sessions.upsertDevices(sid, [
        { ...device, profile: { ...device.profile, color: "red" } as Any },
      ]),
      "devices[0].profile.color",
      /is not allowed; the only attributes are serialNumber, platform, displayName/,
    );
    await rejects(
      source.sessions.upsertDevices(sid, [
        { ...device, profile: { serialNumber: "S", platform: "MACOS" } as Any },
      ]),
      "devices[0].profile.displayName",
      "devices[0].profile.displayName is required",
    );
    await rejects(
      source.sessions.upsertDevices(sid, [{ ...device, externalId: "d".repeat(128) }]),
      "devices[0].externalId",
      /the limit is 127/,
      127,
    );
  });

  it("items that are not objects", async () => {
    await rejects(
      source.sessions.upsertUsers(sid, [null as Any]),
      "users[0]",
      "users[0] must be an object",
    );
    await rejects(
      source.sessions.upsertUsers(sid, "nope" as Any),
      "users",
      "users must be an array",
    );
  });
});

describe("real-time bodies", () => {
  it("user create needs externalId, email and userName", async () => {
    await rejects(
      source.users.create({ profile: { email: "a@example.com", userName: "a" } } as Any),
      "user.externalId",
      /non-empty string/,
    );
    await rejects(
      source.users.create({ externalId: "U1", profile: { userName: "a" } } as Any),
      "user.profile.email",
      "user.profile.email is required",
    );
  });

  it("replace: a body externalId must match the path", async () => {
    await rejects(
      source.users.replace("U1", {
        externalId: "U2",
        profile: { email: "a@example.com", userName: "a" },
      }),
      "user.externalId",
      "user.externalId must equal the externalId argument",
    );
  });

  it("group displayName over 255", async () => {
    await rejects(
      source.groups.create({ externalId: "G1", profile: { displayName: "d".repeat(256) } }),
      "group.profile.displayName",
      /256 characters; the limit is 255/,
      255,
    );
  });
});

describe("failures are rejections, never synchronous throws", () => {
  const bad = "x".repeat(600);
  const calls: [string, (s: IdentitySource) => Promise<unknown>][] = [
    ["sessions.get", (s) => s.sessions.get("")],
    ["sessions.delete", (s) => s.sessions.delete("")],
    ["sessions.startImport", (s) => s.sessions.startImport("")],
    ["sessions.upsertUsers", (s) => s.sessions.upsertUsers("", [])],
    ["users.get", (s) => s.users.get(bad)],
    ["users.delete", (s) => s.users.delete(bad)],
    ["users.create", (s) => s.users.create(null as Any)],
    ["users.replace", (s) => s.users.replace(bad, null as Any)],
    ["users.update", (s) => s.users.update(bad, null as Any)],
    ["groups.get", (s) => s.groups.get(bad)],
    ["groups.delete", (s) => s.groups.delete(bad)],
    ["groups.create", (s) => s.groups.create(null as Any)],
    ["groups.update", (s) => s.groups.update(bad, null as Any)],
    ["groups.addMember", (s) => s.groups.addMember("g", bad)],
    ["groups.removeMember", (s) => s.groups.removeMember("g", bad)],
  ];
  it.each(calls)("%s", async (_name, call) => {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = call(source))).not.toThrow();
    await expect(promise).rejects.toBeInstanceOf(OktaValidationError);
  });
});
