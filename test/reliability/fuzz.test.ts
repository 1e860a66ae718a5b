// Fuzzing every public method: whatever it is given, a method either succeeds
// or throws an OktaError naming the problem; input it refuses sends nothing; and everything that
// does reach the server is valid by an oracle built from the spec (support/oracle.ts), not from the
// client's own checks. The server is a stateless recorder, so only the client can fail a call.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkBody, type BulkKind } from "../../src/bulk-bodies.js";
import {
  createIdentitySourceClient,
  OktaError,
  OktaValidationError,
  type IdentitySource,
  type RequestOptions,
} from "../../src/index.js";
import { LIMITS } from "../../src/limits.js";
import {
  anyString,
  attributeName,
  breakKey,
  breakProfile,
  bulkyUsers,
  itemOf,
  junk,
  listOf,
  printable,
  requestOptions,
  validDevice,
  validGroup,
  validGroupProfile,
  validId,
  validMembership,
  validUser,
  validUserProfile,
  withExtraKey,
} from "./support/arbitraries.js";
import { problemsOf } from "./support/oracle.js";
import { startRecorder, SOURCE, TOKEN, type Recorder } from "./support/recorder.js";

// Fixed seeds: a failure prints its counterexample and reproduces on every run.
const SEED = 20_260_806;
const RUNS = 150;
const VALID_RUNS = 40;

type Args = unknown[];
interface Case {
  name: string;
  /** Any arguments (before the options). */
  args: fc.Arbitrary<Args>;
  /** Arguments that satisfy the spec, which the method must accept. */
  valid: fc.Arbitrary<Args>;
  call(source: IdentitySource, args: Args, options?: RequestOptions): Promise<unknown>;
  /** The JSON body valid `args` must put on the wire. */
  body?(args: Args): unknown;
}

// Passes fuzzed values to methods whose parameter types they deliberately break.
const arg = (args: Args, i: number) => args[i] as never;

const anyId = (max: number) =>
  fc.oneof(
    { weight: 3, arbitrary: validId(max) },
    { weight: 2, arbitrary: anyString },
    { weight: 1, arbitrary: junk },
  );
const mostlyValidId = (max: number) =>
  fc.oneof({ weight: 6, arbitrary: validId(max) }, { weight: 1, arbitrary: anyString });

// Session IDs have no length limit; this is only the longest the generators build.
const SESSION_MAX = 64;
const one = <T>(arb: fc.Arbitrary<T>) => arb.map((v): Args => [v]);
const two = <T, U>(x: fc.Arbitrary<T>, y: fc.Arbitrary<U>) =>
  fc.tuple(x, y).map(([p, q]): Args => [p, q]);

// Keys beside the named ones get JSON-safe values only: what else happens to them is a known gap
// with its own test in fuzz-gaps.test.ts. So are inherited names in the closed device profile.
const brokenUser = [
  breakProfile(validUser),
  breakKey(validUser, ["externalId", "profile"]),
  withExtraKey(validUser),
];
const brokenGroup = [
  breakProfile(validGroup),
  breakKey(validGroup, ["externalId", "profile"]),
  withExtraKey(validGroup),
];
const brokenMembership = [
  breakKey(validMembership, ["groupExternalId", "memberExternalIds"]),
  withExtraKey(validMembership),
];
const brokenDevice = [
  breakProfile(validDevice, attributeName(false)),
  breakKey(validDevice, ["externalId", "profile"]),
];
const idList = (max: number) => fc.array(validId(max), { maxLength: 4 });

const BULK: Record<BulkKind, { items: fc.Arbitrary<unknown>; valid: fc.Arbitrary<unknown[]> }> = {
  users: {
    items: fc.oneof(
      { weight: 8, arbitrary: listOf(itemOf(validUser, brokenUser), validUser) },
      { weight: 1, arbitrary: bulkyUsers },
    ),
    valid: fc.array(validUser, { maxLength: 4 }),
  },
  deletedUsers: {
    items: listOf(itemOf(validId(LIMITS.userExternalId), [anyString]), validId(8)),
    valid: idList(LIMITS.userExternalId),
  },
  groups: {
    items: listOf(itemOf(validGroup, brokenGroup), validGroup),
    valid: fc.array(validGroup, { minLength: 1, maxLength: 4 }),
  },
  deletedGroups: {
    items: listOf(itemOf(validId(LIMITS.groupExternalId), [anyString]), validId(8)),
    valid: fc.array(validId(LIMITS.groupExternalId), { minLength: 1, maxLength: 4 }),
  },
  memberships: {
    items: listOf(itemOf(validMembership, brokenMembership), validMembership),
    valid: fc.array(validMembership, { minLength: 1, maxLength: 4 }),
  },
  deletedMemberships: {
    items: listOf(itemOf(validMembership, brokenMembership), validMembership),
    valid: fc.array(validMembership, { minLength: 1, maxLength: 4 }),
  },
  devices: {
    items: listOf(itemOf(validDevice, brokenDevice), validDevice),
    valid: fc.array(validDevice, { minLength: 1, maxLength: 4 }),
  },
  deletedDevices: {
    items: listOf(itemOf(validId(LIMITS.deviceExternalId), [anyString]), validId(8)),
    valid: fc.array(validId(LIMITS.deviceExternalId), { minLength: 1, maxLength: 4 }),
  },
};

const BULK_METHOD = {
  users: "upsertUsers",
  deletedUsers: "deleteUsers",
  groups: "upsertGroups",
  deletedGroups: "deleteGroups",
  memberships: "upsertMemberships",
  deletedMemberships: "deleteMemberships",
  devices: "upsertDevices",
  deletedDevices: "deleteDevices",
} as const;

const bulkCases: Case[] = (Object.keys(BULK) as BulkKind[]).map((kind) => ({
  name: `sessions.${BULK_METHOD[kind]}`,
  args: two(mostlyValidId(SESSION_MAX), BULK[kind].items),
  valid: two(validId(SESSION_MAX), BULK[kind].valid),
  call: (s, x, o) => s.sessions[BULK_METHOD[kind]](arg(x, 0), arg(x, 1), o),
  body: (x) => bulkBody(kind, x[1] as never[]),
}));

const userCreate = fc.record({
  externalId: validId(LIMITS.userExternalId),
  profile: validUserProfile(true),
});
const anyUserCreate = itemOf(userCreate, [
  breakProfile(userCreate),
  breakKey(userCreate, ["externalId", "profile"]),
  withExtraKey(userCreate),
]);
const profileOnly = fc.record({ profile: validUserProfile(true) });
const anyProfileOnly = itemOf(profileOnly, [
  breakProfile(profileOnly),
  breakKey(profileOnly, ["externalId", "profile"]),
]);
// PUT may repeat the path's external ID in the body (UserReplaceRequestSchema).
const validReplace = fc
  .tuple(validId(LIMITS.userExternalId), validUserProfile(true), fc.boolean())
  .map(([id, profile, repeat]): Args => [id, repeat ? { externalId: id, profile } : { profile }]);
const groupBody = fc.record({
  externalId: validId(LIMITS.groupExternalId),
  profile: validGroupProfile,
});
const anyGroupBody = itemOf(groupBody, [
  breakProfile(groupBody),
  breakKey(groupBody, ["externalId", "profile"]),
  withExtraKey(groupBody),
]);
const G = LIMITS.groupExternalId;
const M = LIMITS.memberExternalId;
const U = LIMITS.userExternalId;

const cases: Case[] = [
  {
    name: "sessions.create",
    args: fc.constant([]),
    valid: fc.constant([]),
    call: (s, _x, o) => s.sessions.create(o),
  },
  {
    name: "sessions.list",
    args: fc.constant([]),
    valid: fc.constant([]),
    call: (s, _x, o) => s.sessions.list(o),
  },
  ...(["get", "delete", "startImport"] as const).map((m): Case => ({
    name: `sessions.${m}`,
    args: one(anyId(SESSION_MAX)),
    valid: one(validId(SESSION_MAX)),
    call: (s, x, o) => s.sessions[m](arg(x, 0), o),
  })),
  ...bulkCases,
  {
    name: "users.create",
    args: one(anyUserCreate),
    valid: one(userCreate),
    call: (s, x, o) => s.users.create(arg(x, 0), o),
    body: (x) => x[0],
  },
  ...(["get", "delete"] as const).map((m): Case => ({
    name: `users.${m}`,
    args: one(anyId(U)),
    valid: one(validId(U)),
    call: (s, x, o) => s.users[m](arg(x, 0), o),
  })),
  {
    name: "users.replace",
    args: two(anyId(U), anyUserCreate),
    valid: validReplace,
    call: (s, x, o) => s.users.replace(arg(x, 0), arg(x, 1), o),
    body: (x) => x[1],
  },
  {
    name: "users.update",
    args: two(anyId(U), anyProfileOnly),
    valid: two(validId(U), profileOnly),
    call: (s, x, o) => s.users.update(arg(x, 0), arg(x, 1), o),
    body: (x) => x[1],
  },
  {
    name: "groups.create",
    args: one(anyGroupBody),
    valid: one(groupBody),
    call: (s, x, o) => s.groups.create(arg(x, 0), o),
    body: (x) => x[0],
  },
  ...(["get", "delete"] as const).map((m): Case => ({
    name: `groups.${m}`,
    args: one(anyId(G)),
    valid: one(validId(G)),
    call: (s, x, o) => s.groups[m](arg(x, 0), o),
  })),
  {
    name: "groups.update",
    args: two(anyId(G), anyGroupBody),
    valid: two(validId(G), groupBody),
    call: (s, x, o) => s.groups.update(arg(x, 0), arg(x, 1), o),
    body: (x) => x[1],
  },
  {
    name: "groups.addMember",
    args: two(anyId(G), anyId(M)),
    valid: two(validId(G), validId(M)),
    call: (s, x, o) => s.groups.addMember(arg(x, 0), arg(x, 1), o),
    body: (x) => ({ memberExternalId: x[1] }),
  },
  {
    name: "groups.removeMember",
    args: two(anyId(G), anyId(M)),
    valid: two(validId(G), validId(M)),
    call: (s, x, o) => s.groups.removeMember(arg(x, 0), arg(x, 1), o),
  },
  {
    name: "groups.listMembers",
    args: two(
      anyId(G),
      fc.oneof(
        fc.constant(undefined),
        fc.record({ limit: fc.oneof(fc.integer({ min: -5, max: 1005 }), junk) }),
      ),
    ),
    valid: two(
      validId(G),
      fc.option(fc.record({ limit: fc.integer({ min: 1, max: 1000 }) }), { nil: undefined }),
    ),
    async call(s, x, o) {
      const ids: string[] = [];
      for await (const id of s.groups.listMembers(arg(x, 0), arg(x, 1), o)) ids.push(id);
      return ids;
    },
  },
];

let server: Recorder;
let source: IdentitySource;
beforeAll(async () => {
  server = await startRecorder();
  // No retries: the recorder always succeeds, and a retry would only hide a double send.
  source = createIdentitySourceClient({
    orgUrl: server.url,
    token: TOKEN,
    maxRetries: 0,
  }).identitySource(SOURCE);
});
afterAll(() => server.close());

/** Runs one call and checks the contract; returns what was sent. */
async function attempt(c: Case, args: Args, options?: RequestOptions) {
  const before = server.requests.length;
  let error: unknown;
  try {
    await c.call(source, args, options);
  } catch (e) {
    error = e ?? new Error("rejected with nothing");
  }
  const sent = server.requests.slice(before);
  for (const r of sent) expect(problemsOf(r), `${r.method} ${r.path} ${r.body}`).toEqual([]);
  if (error !== undefined) {
    expect(error, String(error)).toBeInstanceOf(OktaError);
    // The recorder answers every valid request with success: only refused input may fail.
    expect(error, String(error)).toBeInstanceOf(OktaValidationError);
    const { field, message } = error as OktaValidationError;
    expect(message).toContain(field);
    expect(message.length).toBeGreaterThan(field.length + 5);
    expect(sent, "refused input must send nothing").toEqual([]);
  } else {
    expect(sent.length).toBeGreaterThan(0);
  }
  return { error, sent };
}

describe.each(cases)("$name", (c) => {
  it("any input: succeeds, or throws an OktaValidationError naming the field and sends nothing", async () => {
    await fc.assert(
      fc.asyncProperty(c.args, requestOptions, async (args, options) => {
        await attempt(c, args, options);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("valid input: accepted, sent once, body exactly as given", async () => {
    await fc.assert(
      fc.asyncProperty(c.valid, async (args) => {
        const { error, sent } = await attempt(c, args);
        expect(error).toBeUndefined();
        expect(sent).toHaveLength(1);
        if (c.body) {
          expect(JSON.parse(sent[0]!.body)).toEqual(JSON.parse(JSON.stringify(c.body(args))));
        }
      }),
      { seed: SEED, numRuns: VALID_RUNS },
    );
  });
});

describe("client construction", () => {
  it("createIdentitySourceClient: any options give a client or an OktaValidationError", () => {
    const options = fc.oneof(
      junk.filter((o) => o !== null), // null: a known gap, see fuzz-gaps.test.ts
      fc.record(
        {
          orgUrl: fc.oneof(
            fc.constantFrom(
              "https://acme.okta.com",
              "http://localhost:1",
              "http://acme.okta.com",
              "https://u:p@acme.okta.com",
              "acme",
            ),
            anyString,
          ),
          token: fc.oneof(printable(8, 40), anyString, junk),
          accessToken: fc.oneof(
            printable(8, 40),
            anyString,
            fc.constant(async () => "t"),
          ),
          timeout: fc.oneof(fc.integer(), junk),
          maxRetries: fc.oneof(fc.integer(), junk),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(options, (o) => {
        try {
          expect(typeof createIdentitySourceClient(o as never).identitySource).toBe("function");
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(OktaValidationError);
          expect((e as OktaValidationError).message).toContain((e as OktaValidationError).field);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it("identitySource: any ID gives a source or an OktaValidationError", () => {
    const okta = createIdentitySourceClient({ orgUrl: "https://acme.okta.com", token: TOKEN });
    fc.assert(
      fc.property(anyId(40), (id) => {
        try {
          expect(okta.identitySource(id as never).id).toBe(id);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(OktaValidationError);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
