// Bad input is refused before anything is sent; the error names the field and limit.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import formats from "ajv-formats/dist/formats.js";
import fc from "fast-check";
import { MAX_BULK_BYTES } from "../../src/limits.js";
import { checkBulk, checkValue, isEmail } from "../../src/client/validate-bodies.js";
import {
  createIdentitySourceClient,
  OktaValidationError,
  type IdentitySource,
} from "../../src/index.js";
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

  it("the 200,000 bytes are UTF-8 bytes, counted exactly", async () => {
    // 3-byte characters: the JSON text is far shorter than its UTF-8 encoding.
    const wide = (n: number) =>
      Array.from({ length: n }, (_, i) => u(i, { homeAddress: "日".repeat(700) }));
    const bytes = (users: unknown[]) =>
      Buffer.byteLength(JSON.stringify({ entityType: "USERS", profiles: users }));
    const over = wide(100);
    expect(bytes(over)).toBeGreaterThan(MAX_BULK_BYTES);
    await rejects(
      source.sessions.upsertUsers(sid, over),
      "users",
      `users request body is ${bytes(over)} bytes of JSON; the limit is ${MAX_BULK_BYTES}`,
      MAX_BULK_BYTES,
    );
    const under = wide(90);
    expect(bytes(under)).toBeLessThan(MAX_BULK_BYTES);
    await source.sessions.upsertUsers(sid, under);
    expect(Buffer.byteLength(server.requests[0]?.body ?? "")).toBe(bytes(under));
    server.requests.length = 0;
  });

  it("email and secondEmail must be email addresses, as the spec's format: email (ajv-formats) reads it", async () => {
    for (const email of ["abcdef", "user@localhost", "a b@example.com", "ann@-x.example.com"]) {
      await rejects(
        source.sessions.upsertUsers(sid, [u(0, { secondEmail: email })]),
        "users[0].profile.secondEmail",
        "users[0].profile.secondEmail is not an email address",
      );
      await rejects(
        source.users.create({ externalId: "U1", profile: { email, userName: "u1" } }),
        "user.profile.email",
        "user.profile.email is not an email address",
      );
    }
    // The length rule is reported first, as before.
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { email: "a@b" })]),
      "users[0].profile.email",
      /the minimum is 5/,
      5,
    );
    const fine = ["First.Last+tag@sub.example.co", "o'brien@example.ie", "x@y.io"];
    await source.sessions.upsertUsers(sid, [
      ...fine.map((email, i) => u(i, { email })),
      u(9, { secondEmail: null }),
    ]);
    expect(server.requests).toHaveLength(1);
    server.requests.length = 0;
  });

  it("the email check accepts exactly what ajv-formats' email format accepts", () => {
    const regex = formats.fullFormats.email as RegExp;
    // Addresses built from the characters each part allows, now and then one it does not (so
    // near misses abound), and any text at all.
    const chars = (ok: string, bad: string) =>
      fc
        .array(
          fc.oneof(
            { weight: 9, arbitrary: fc.constantFrom(...ok) },
            { weight: 1, arbitrary: fc.constantFrom(...bad) },
          ),
          { minLength: 1, maxLength: 4 },
        )
        .map((c) => c.join(""));
    const dotted = (part: fc.Arbitrary<string>, max: number) =>
      fc.array(part, { minLength: 1, maxLength: max }).map((p) => p.join("."));
    const local = dotted(chars("aZ0_!'`~-", ". \u00e9\u017f@"), 3);
    const domain = dotted(chars("aZ0-", ". _\u212a@"), 4);
    const shaped = fc.tuple(local, domain).map(([l, d]) => `${l}@${d}`);
    const any = fc.oneof(
      { weight: 4, arbitrary: shaped },
      fc.string(),
      fc.string({ unit: "binary" }),
    );
    fc.assert(
      fc.property(any, (text) => {
        expect(isEmail(text), JSON.stringify(text)).toBe(regex.test(text));
      }),
      { numRuns: 20_000, seed: 6 },
    );
    for (const text of [
      "a@b.c",
      "a.b@c-d.e",
      "a..b@c.d",
      ".a@b.c",
      "a.@b.c",
      "a@b",
      "a@-b.c",
      "a@b-.c",
      "a@b..c",
      "a@b.c.",
      "@b.c",
    ]) {
      expect(isEmail(text), text).toBe(regex.test(text));
    }
  });

  it("attribute names like constructor or __proto__ are names like any other", async () => {
    const device = { serialNumber: "S", platform: "MACOS", displayName: "Mac" };
    for (const name of ["constructor", "toString", "__proto__"]) {
      const profile = { ...device };
      Object.defineProperty(profile, name, { value: "x", enumerable: true });
      await rejects(
        source.sessions.upsertDevices(sid, [{ externalId: "D1", profile }]),
        `devices[0].profile.${name}`,
        /is not allowed; the only attributes are serialNumber, platform, displayName/,
      );
    }
    // A custom user attribute may carry such a name, and is sent as given.
    await source.sessions.upsertUsers(sid, [u(0, { constructor: "c", toString: "t" })]);
    expect(JSON.parse(server.requests[0]?.body ?? "").profiles[0].profile).toMatchObject({
      constructor: "c",
      toString: "t",
    });
    server.requests.length = 0;
  });

  it("a value JSON cannot encode is named, and nothing is sent or retried", async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    await rejects(
      source.sessions.upsertUsers(sid, [u(0), { ...u(1), extra: 10n } as Any]),
      "users[1].extra",
      "users[1].extra is a BigInt, which cannot be encoded as JSON",
    );
    await rejects(
      source.sessions.upsertUsers(sid, [{ ...u(0), extra: { list: [cycle] } } as Any]),
      "users[0].extra.list[0].self",
      /circular reference, which cannot be encoded as JSON/,
    );
    const retries: unknown[] = [];
    await rejects(
      source.users.replace("U0", { ...u(0), extra: 1n } as Any, {
        maxRetries: 3,
        onRetry: (info) => retries.push(info),
      }),
      "user.extra",
      /BigInt/,
    );
    // A BigInt profile value is a profile rule, reported as before.
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { department: 1n })]),
      "users[0].profile.department",
      "users[0].profile.department must be a string or null",
    );
    expect(retries).toEqual([]);
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

  it("devices: three required attributes and no others", async () => {
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

  it('IDs "." and ".." are refused in bulk bodies as in paths', async () => {
    await rejects(
      source.sessions.deleteUsers(sid, ["ok", "."]),
      "deletedUsers[1]",
      'deletedUsers[1] must not be "."',
    );
    await rejects(
      source.sessions.upsertMemberships(sid, [
        { groupExternalId: "G1", memberExternalIds: [".."] },
      ]),
      "memberships[0].memberExternalIds[0]",
      'memberships[0].memberExternalIds[0] must not be ".."',
    );
    await rejects(
      source.sessions.upsertGroups(sid, [{ externalId: ".", profile: { displayName: "G" } }]),
      "groups[0].externalId",
      'groups[0].externalId must not be "."',
    );
  });

  it("attributes JSON leaves out (undefined, inherited) are not checked, and not sent", async () => {
    const inherited = Object.create({ department: 42 }) as Record<string, unknown>;
    Object.assign(inherited, { userName: "u0", email: "u0@example.com" });
    await source.sessions.upsertUsers(sid, [
      { externalId: "U0", profile: inherited as Any },
      u(1, { firstName: undefined as Any }),
    ]);
    const sent = JSON.parse(server.requests[0]?.body ?? "").profiles;
    expect(sent[0].profile).toEqual({ userName: "u0", email: "u0@example.com" });
    expect(sent[1].profile).not.toHaveProperty("firstName");
    server.requests.length = 0;
    // Nor are they named when another attribute is at fault.
    Object.assign(inherited, { lastName: "l".repeat(51) });
    await rejects(
      source.sessions.upsertUsers(sid, [{ externalId: "U0", profile: inherited as Any }]),
      "users[0].profile.lastName",
      /the limit is 50/,
      50,
    );
  });

  it("an attribute name outside the BMP is refused even when its value is not sent", async () => {
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { "emoji😀": undefined as Any })]),
      'users[0].profile attribute name "emoji😀"',
      /outside the Basic Multilingual Plane/,
    );
  });

  it("a null where null is allowed does not hide the attribute at fault after it", async () => {
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { secondEmail: null, firstName: "f".repeat(51) })]),
      "users[0].profile.firstName",
      "users[0].profile.firstName is 51 characters; the limit is 50",
      50,
    );
  });

  it("one character is one character", async () => {
    await rejects(
      source.sessions.upsertUsers(sid, [u(0, { email: "a" })]),
      "users[0].profile.email",
      "users[0].profile.email is 1 character; the minimum is 5",
      5,
    );
  });

  it("a body of exactly the byte limit is sent", async () => {
    // 150 users with long addresses, the last one's padded so the JSON is exactly the limit.
    const users = Array.from({ length: 150 }, (_, i) => u(i, { homeAddress: "a".repeat(1230) }));
    const size = () => Buffer.byteLength(JSON.stringify({ entityType: "USERS", profiles: users }));
    const last = users[149]!.profile as Record<string, string>;
    last.homeAddress = "a".repeat(1230 + MAX_BULK_BYTES - size());
    expect(size()).toBe(MAX_BULK_BYTES);
    await source.sessions.upsertUsers(sid, users);
    expect(Buffer.byteLength(server.requests[0]?.body ?? "")).toBe(MAX_BULK_BYTES);
    server.requests.length = 0;
    last.homeAddress += "a";
    await rejects(
      source.sessions.upsertUsers(sid, users),
      "users",
      /bytes of JSON; the limit is/,
      MAX_BULK_BYTES,
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

  it("replace: a body externalId over its limit is named as the body's", async () => {
    await rejects(
      source.users.replace("U1", {
        externalId: "x".repeat(513),
        profile: { email: "a@example.com", userName: "a" },
      }),
      "user.externalId",
      "user.externalId is 513 characters; the limit is 512",
      512,
    );
  });

  it("a group body JSON cannot encode is named as the group's", async () => {
    await rejects(
      source.groups.create({ externalId: "G1", profile: { displayName: "G" }, extra: 1n } as Any),
      "group.extra",
      "group.extra is a BigInt, which cannot be encoded as JSON",
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

describe("the rules checker, on rules the spec does not use yet", () => {
  // The generated rules drive every check above; these rules are written here to reach the parts
  // of the checker today's spec leaves idle, so a new spec rule is checked as soon as it appears.
  const refused = (value: unknown, rule: Parameters<typeof checkValue>[2]) => {
    try {
      checkValue("x", value, rule);
    } catch (e) {
      if (!(e instanceof OktaValidationError)) throw e;
      return { field: e.field, message: e.message, limit: e.limit };
    }
    return undefined;
  };

  it("an enum names its values", () => {
    const rule = { t: "string", enum: ["MACOS", "WINDOWS"] } as const;
    expect(refused("MACOS", rule)).toBeUndefined();
    expect(refused("LINUX", rule)).toEqual({
      field: "x",
      message: "x must be one of MACOS, WINDOWS",
      limit: undefined,
    });
  });

  it("a list minimum above one is counted in the plural", () => {
    const rule = { t: "array", of: { t: "string" }, min: 2 } as const;
    expect(refused(["a", "b"], rule)).toBeUndefined();
    expect(refused(["a"], rule)).toEqual({
      field: "x",
      message: "x must have at least 2 entries",
      limit: 2,
    });
  });

  it("a nullable identifier-free string takes null, a plain one does not", () => {
    expect(refused(null, { t: "string", nullable: true })).toBeUndefined();
    expect(refused(null, { t: "string" })?.message).toBe("x must be a string");
    expect(refused(null, { t: "string", id: true, min: 1 })?.message).toBe(
      "x must be a non-empty string",
    );
  });

  it("a structure's optional member may be absent; present, it is checked", () => {
    const rule = {
      t: "object",
      props: { a: { t: "string", max: 2 }, b: { t: "string" } },
      req: ["b"],
    } as const;
    expect(refused({ b: "ok" }, rule)).toBeUndefined();
    expect(refused({ a: "long", b: "ok" }, rule)).toMatchObject({ field: "x.a", limit: 2 });
    expect(refused({ a: "ok" }, rule)?.message).toBe("x.b must be a string");
  });

  it("a list maximum is checked inside an entity too", () => {
    const rule = { t: "array", of: { t: "string" }, max: 1 } as const;
    expect(refused(["a"], rule)).toBeUndefined();
    expect(refused(["a", "b"], rule)).toEqual({
      field: "x",
      message: "x has 2 entries; the limit is 1 per request",
      limit: 1,
    });
  });

  it("names the member at fault, not an absent optional one or one past the end of a list", () => {
    const rule = {
      t: "object",
      props: {
        a: { t: "string" },
        list: { t: "array", of: { t: "string" } },
        b: { t: "string" },
      },
      req: ["list", "b"],
    } as const;
    expect(refused({ list: ["x"], b: 5 }, rule)?.message).toBe("x.b must be a string");
  });

  it("a bulk kind the registry does not know is a TypeError, not an upload", () => {
    expect(() => checkBulk("gadgets" as Any, [])).toThrow(/unknown bulk kind gadgets/);
  });
});

describe("options", () => {
  it("null options read as absent", async () => {
    await source.sessions.list(null as Any);
    const members = source.groups.listMembers("g1", null as Any, null as Any);
    for await (const _ of members);
    expect(server.requests).toHaveLength(2);
    vi.stubEnv("OKTA_CLIENT_ORGURL", "");
    expect(() => createIdentitySourceClient(null as Any)).toThrow(/orgUrl is missing/);
    vi.unstubAllEnvs();
    server.requests.length = 0;
  });

  it("a signal that is not an AbortSignal, or options that are not an object", async () => {
    await rejects(
      source.sessions.list({ signal: {} as Any }),
      "options.signal",
      "options.signal must be an AbortSignal",
    );
    await rejects(source.sessions.get("s1", 5 as Any), "options", "options must be an object");
    expect(() => createIdentitySourceClient("x" as Any)).toThrow(/options must be an object/);
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
