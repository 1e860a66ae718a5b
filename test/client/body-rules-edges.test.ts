// The body rules' edges, each through the public client: the pass or fail decision (the fast
// `fits` path) and the message naming the field (the `explain` path), before anything is sent.
// validate-bodies.ts compiles each rule once per module instance, on the first body that needs it;
// every test here loads the client afresh, so it compiles the rules it uses itself and a rule's
// compiled decisions (an ID refusing ".") are checked by the test about them, not only by
// whichever test happened to compile the rule first.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { IdentitySource, OktaValidationError } from "../../src/index.js";
import { reply, SOURCE, startServer, TOKEN, type TestServer } from "./server.js";

// Values typed `any` on purpose: these calls are what the types forbid, made anyway at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

let server: TestServer;
let errorClass: typeof OktaValidationError;

beforeAll(async () => {
  // A group answer is the group; other answers are not read.
  server = await startServer((_req, res) => reply(res, 200, {}));
});
afterEach(() => {
  // Every case takes what it sent; anything left over was sent by mistake.
  expect(server.requests.splice(0)).toEqual([]);
});
afterAll(() => server.close());

/** A client from a fresh module graph: its body rules are compiled in the calling test. */
async function fresh(): Promise<IdentitySource> {
  vi.resetModules();
  const lib = await import("../../src/index.js");
  errorClass = lib.OktaValidationError;
  return lib
    .createIdentitySourceClient({ orgUrl: server.url, token: TOKEN })
    .identitySource(SOURCE);
}

const sid = "aps1";
const u = (i: number, profile: Record<string, unknown> = {}) => ({
  externalId: `U${i}`,
  profile: { userName: `u${i}`, email: `u${i}@example.com`, ...profile },
});
const device = { serialNumber: "S", platform: "MACOS", displayName: "Mac" };

async function rejects(p: Promise<unknown>, field: string, message: string, limit?: number) {
  const error = await p.then(
    () => expect.fail(`resolved; ${field} should have been refused`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(errorClass);
  const v = error as OktaValidationError;
  expect({ field: v.field, message: v.message, limit: v.limit }).toEqual({ field, message, limit });
}

/** The bodies sent since the last call, parsed; forgets them. */
function sent(): Record<string, Any>[] {
  const bodies = server.requests.map((r) => JSON.parse(r.body) as Record<string, Any>);
  server.requests.length = 0;
  return bodies;
}

const BMP = "outside the Basic Multilingual Plane (Okta accepts up to 3 UTF-8 bytes per character)";

describe('"." and ".."', () => {
  it("an ID refuses them, in every bulk and real-time body", async () => {
    const source = await fresh();
    await rejects(
      source.sessions.upsertUsers(sid, [{ ...u(0), externalId: "." }]),
      "users[0].externalId",
      'users[0].externalId must not be "."',
    );
    await rejects(
      source.sessions.upsertGroups(sid, [{ externalId: "..", profile: { displayName: "G" } }]),
      "groups[0].externalId",
      'groups[0].externalId must not be ".."',
    );
    await rejects(
      source.sessions.upsertDevices(sid, [{ externalId: ".", profile: device }]),
      "devices[0].externalId",
      'devices[0].externalId must not be "."',
    );
    await rejects(
      source.sessions.deleteGroups(sid, ["G1", ".."]),
      "deletedGroups[1]",
      'deletedGroups[1] must not be ".."',
    );
    await rejects(
      source.sessions.deleteDevices(sid, ["."]),
      "deletedDevices[0]",
      'deletedDevices[0] must not be "."',
    );
    await rejects(
      source.sessions.deleteMemberships(sid, [{ groupExternalId: ".", memberExternalIds: ["U1"] }]),
      "deletedMemberships[0].groupExternalId",
      'deletedMemberships[0].groupExternalId must not be "."',
    );
    await rejects(
      source.users.create({ ...u(0), externalId: ".." }),
      "user.externalId",
      'user.externalId must not be ".."',
    );
    await rejects(
      source.users.replace("U0", { ...u(0), externalId: "." }),
      "user.externalId",
      'user.externalId must not be "."',
    );
    await rejects(
      source.groups.create({ externalId: ".", profile: { displayName: "G" } }),
      "group.externalId",
      'group.externalId must not be "."',
    );
  });

  it("a string that is no ID takes them, and they are sent as given", async () => {
    const source = await fresh();
    const odd = { userName: ".", nickname: ".", mobilePhone: "..", department: ".." };
    await source.sessions.upsertUsers(sid, [u(0, odd)]);
    await source.sessions.upsertGroups(sid, [
      { externalId: "G1", profile: { displayName: ".", description: ".." } },
    ]);
    await source.sessions.upsertDevices(sid, [
      { externalId: "D1", profile: { serialNumber: ".", platform: "..", displayName: "." } },
    ]);
    await source.users.create(u(1, odd));
    await source.groups.create({ externalId: "G2", profile: { displayName: "..", team: "." } });
    const [users, groups, devices, user, group] = sent();
    expect(users!.profiles[0].profile).toMatchObject(odd);
    expect(groups!.profiles[0].profile).toEqual({ displayName: ".", description: ".." });
    expect(devices!.profiles[0].profile).toEqual({
      serialNumber: ".",
      platform: "..",
      displayName: ".",
    });
    expect(user!.profile).toMatchObject(odd);
    expect(group!.profile).toEqual({ displayName: "..", team: "." });
  });

  it("a string that is no ID holding them is not named when a later attribute is at fault", async () => {
    const source = await fresh();
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { nickname: ".", firstName: "f".repeat(51) })]),
      "users[0].profile.firstName",
      "users[0].profile.firstName is 51 characters; the limit is 50",
      50,
    );
    await rejects(
      source.sessions.upsertGroups(sid, [
        { externalId: "G1", profile: { displayName: "..", description: "d".repeat(1025) } },
      ]),
      "groups[0].profile.description",
      "groups[0].profile.description is 1025 characters; the limit is 1024",
      1024,
    );
    await rejects(
      source.groups.create({ externalId: "G1", profile: { displayName: ".", team: 7 as Any } }),
      "group.profile.team",
      "group.profile.team must be a string or null",
    );
  });
});

describe("attribute names with a lone surrogate", () => {
  // JSON escapes a lone surrogate (\ud800), so the body's text holds no surrogate character; the
  // name is refused all the same, and named as JSON writes it.
  const name = "a\uD800";
  const field = (at: string) => `${at} attribute name "a\\ud800"`;

  it.each([
    ["a string", "x"],
    ["null", null],
    ["left out (undefined)", undefined],
    ["a function (left out)", () => "x"],
  ])("are refused when the value is %s, in bulk and real-time bodies", async (_what, value) => {
    const source = await fresh();
    await rejects(
      source.sessions.upsertUsers(sid, [u(0), u(1, { [name]: value as Any })]),
      field("users[1].profile"),
      `${field("users[1].profile")} contains U+D800, ${BMP}`,
    );
    await rejects(
      source.sessions.upsertGroups(sid, [
        { externalId: "G1", profile: { displayName: "G", [name]: value as Any } },
      ]),
      field("groups[0].profile"),
      `${field("groups[0].profile")} contains U+D800, ${BMP}`,
    );
    await rejects(
      source.users.create(u(0, { [name]: value as Any })),
      field("user.profile"),
      `${field("user.profile")} contains U+D800, ${BMP}`,
    );
    await rejects(
      source.groups.create({
        externalId: "G1",
        profile: { displayName: "G", [name]: value as Any },
      }),
      field("group.profile"),
      `${field("group.profile")} contains U+D800, ${BMP}`,
    );
  });

  it("a name outside the BMP whose value is null is refused too", async () => {
    const source = await fresh();
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { "emoji😀": null })]),
      'users[0].profile attribute name "emoji😀"',
      `users[0].profile attribute name "emoji😀" contains U+1F600, ${BMP}`,
    );
  });

  it("a surrogate elsewhere in the request does not make a fine name fail", async () => {
    const source = await fresh();
    await rejects(
      source.sessions.upsertUsers(sid, [
        u(0, { nickname: null, title: "x" }),
        u(1, { nick: "🚀" }),
      ]),
      "users[1].profile.nick",
      `users[1].profile.nick contains U+1F680, ${BMP}`,
    );
  });
});

describe("what JSON leaves out", () => {
  it("an attribute left out (undefined) is not named when a later one is at fault", async () => {
    const source = await fresh();
    await rejects(
      source.sessions.upsertUsers(sid, [
        u(0, { firstName: undefined, department: undefined, lastName: "l".repeat(51) }),
      ]),
      "users[0].profile.lastName",
      "users[0].profile.lastName is 51 characters; the limit is 50",
      50,
    );
    await rejects(
      source.users.create(u(0, { secondEmail: undefined, firstName: "" })),
      "user.profile.firstName",
      "user.profile.firstName is 0 characters; the minimum is 1",
      1,
    );
  });

  it("inherited members and required attributes are absent: JSON does not send them", async () => {
    const source = await fresh();
    const inheritsId = Object.assign(Object.create({ externalId: "U0" }), {
      profile: u(0).profile,
    });
    await rejects(
      source.sessions.upsertUsers(sid, [inheritsId]),
      "users[0].externalId",
      "users[0].externalId must be a non-empty string",
    );
    const inheritsProfile = Object.assign(Object.create({ profile: u(0).profile }), {
      externalId: "U0",
    });
    await rejects(
      source.sessions.upsertUsers(sid, [inheritsProfile]),
      "users[0].profile",
      "users[0].profile must be an object",
    );
    const inheritsEmail = Object.assign(Object.create({ email: "u0@example.com" }), {
      userName: "u0",
    });
    await rejects(
      source.users.create({ externalId: "U0", profile: inheritsEmail }),
      "user.profile.email",
      "user.profile.email is required",
    );
    // An inherited externalId in a replace body is not sent, so it need not equal the path's.
    const replacing = Object.assign(Object.create({ externalId: "U9" }), { profile: u(0).profile });
    await source.users.replace("U0", replacing);
    expect(sent()).toEqual([{ profile: u(0).profile }]);
  });

  it("members an entity's rule does not declare are not looked at, whatever their name", async () => {
    const source = await fresh();
    const entity = { ...u(0), undefined: 5, constructor: [1], 0: null };
    await source.sessions.upsertUsers(sid, [entity as Any]);
    expect(sent()[0]!.profiles).toEqual([entity]);
  });
});

describe("when the value changes while it is checked", () => {
  it("a body `explain` finds fine after `fits` refused it is still refused, and not sent", async () => {
    const source = await fresh();
    // A getter read first by JSON (what would be sent: fine), then by `fits` (not a string), then
    // by `explain` (fine again): the two checks disagree, and the upload is refused anyway.
    let reads = 0;
    const profile = u(0).profile;
    Object.defineProperty(profile, "department", {
      enumerable: true,
      get: () => (++reads === 2 ? 42 : "Sales"),
    });
    await rejects(
      source.sessions.upsertUsers(sid, [u(1), { externalId: "U0", profile }]),
      "users[1]",
      "users[1] does not satisfy the spec's rules",
    );
    expect(reads).toBeGreaterThan(2);
  });
});
