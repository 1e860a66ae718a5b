// Fuzzing `source.import()`: any data, given as arrays, iterables or async
// iterables, imports or fails with an OktaError; no invalid bulk request ever leaves the process
// (the importer streams, so requests before a bad item are fine, but never one carrying it); and
// valid data arrives complete, in order, exactly once.
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BulkKind } from "../../src/bulk-bodies.js";
import {
  createIdentitySourceClient,
  OktaError,
  OktaValidationError,
  type IdentitySource,
} from "../../src/index.js";
import { LIMITS } from "../../src/limits.js";
import {
  anyString,
  attributeName,
  breakKey,
  breakProfile,
  itemOf,
  jsonableJunk,
  jsonableValue,
  validDevice,
  validGroup,
  validId,
  validMembership,
  validUser,
} from "./support/arbitraries.js";
import { problemsOf } from "./support/oracle.js";
import { startRecorder, SOURCE, TOKEN, type Recorder } from "./support/recorder.js";

const SEED = 777;

const VALID: Record<BulkKind, fc.Arbitrary<unknown>> = {
  users: validUser,
  deletedUsers: validId(LIMITS.userExternalId),
  groups: validGroup,
  deletedGroups: validId(LIMITS.groupExternalId),
  memberships: validMembership,
  deletedMemberships: validMembership,
  devices: validDevice,
  deletedDevices: validId(LIMITS.deviceExternalId),
};
const KINDS = Object.keys(VALID) as BulkKind[];

// Whole items JSON cannot encode (BigInt, cycles) are a known gap with its own test
// (fuzz-gaps.test.ts), as are inherited names in device profiles.
const item = (valid: fc.Arbitrary<unknown>, broken: fc.Arbitrary<unknown>[]) =>
  itemOf(valid, broken, jsonableJunk);
const names = attributeName();
const v = jsonableValue;
const ANY: Record<BulkKind, fc.Arbitrary<unknown>> = {
  users: item(validUser, [
    breakProfile(validUser, names, v),
    breakKey(validUser, ["externalId"], v),
  ]),
  deletedUsers: item(VALID.deletedUsers, [anyString]),
  groups: item(validGroup, [
    breakProfile(validGroup, names, v),
    breakKey(validGroup, ["profile"], v),
  ]),
  deletedGroups: item(VALID.deletedGroups, [anyString]),
  memberships: item(validMembership, [breakKey(validMembership, ["memberExternalIds"], v)]),
  deletedMemberships: item(validMembership, [breakKey(validMembership, ["groupExternalId"], v)]),
  devices: item(validDevice, [breakProfile(validDevice, attributeName(false), v)]),
  deletedDevices: item(VALID.deletedDevices, [anyString]),
};

type Shape = "array" | "iterable" | "async";
const shaped = (items: unknown[], shape: Shape): unknown => {
  if (shape === "array") return items;
  if (shape === "iterable")
    return (function* () {
      yield* items;
    })();
  return (async function* () {
    yield* items;
  })();
};

/** Import data: a few kinds, each a list in one of the three accepted shapes. */
const dataOf = (item: (kind: BulkKind) => fc.Arbitrary<unknown>, maxLength: number) =>
  fc
    .uniqueArray(
      fc.tuple(
        fc.constantFrom(...KINDS),
        fc.constantFrom<Shape>("array", "iterable", "async"),
        fc.integer({ min: 0, max: maxLength }),
      ),
      { maxLength: 3, selector: ([kind]) => kind },
    )
    .chain((specs) =>
      fc.tuple(
        ...specs.map(([kind, shape, n]) =>
          fc
            .array(item(kind), { minLength: n, maxLength: n })
            .map((items) => ({ kind, shape, items })),
        ),
      ),
    );

let server: Recorder;
let source: IdentitySource;
beforeAll(async () => {
  server = await startRecorder();
  source = createIdentitySourceClient({ orgUrl: server.url, token: TOKEN }).identitySource(SOURCE);
});
afterAll(() => server.close());

type Lists = { kind: BulkKind; shape: Shape; items: unknown[] }[];

async function runImport(lists: Lists) {
  const data: Record<string, unknown> = {};
  for (const { kind, shape, items } of lists) data[kind] = shaped(items, shape);
  const before = server.requests.length;
  let error: unknown;
  try {
    await source.import(data, { pollInterval: 1 });
  } catch (e) {
    error = e;
  }
  const sent = server.requests.slice(before);
  for (const r of sent) expect(problemsOf(r), `${r.method} ${r.path} ${r.body}`).toEqual([]);
  return { error, sent };
}

// What the bulk requests carried, per kind, flattened in the order they were sent.
const BODY_KEY: Record<string, [BulkKind, (b: Record<string, unknown[]>) => unknown[]]> = {
  "bulk-upsert": ["users", (b) => b["profiles"]!],
  "bulk-delete": [
    "deletedUsers",
    (b) => b["profiles"]!.map((p) => (p as { externalId: string }).externalId),
  ],
  "bulk-groups-upsert": ["groups", (b) => b["profiles"]!],
  "bulk-groups-delete": ["deletedGroups", (b) => b["externalIds"]!],
  "bulk-group-memberships-upsert": ["memberships", (b) => b["memberships"]!],
  "bulk-group-memberships-delete": ["deletedMemberships", (b) => b["memberships"]!],
  "bulk-devices-upsert": ["devices", (b) => b["profiles"]!],
  "bulk-devices-delete": ["deletedDevices", (b) => b["externalIds"]!],
};

const pairs = (entries: unknown[]) =>
  (entries as { groupExternalId: string; memberExternalIds: string[] }[]).flatMap((m) =>
    m.memberExternalIds.map((id) => [m.groupExternalId, id]),
  );

it("any data: imports, or fails with an OktaError, and never sends an invalid request", async () => {
  await fc.assert(
    fc.asyncProperty(
      dataOf((k) => ANY[k], 4),
      async (lists) => {
        const { error } = await runImport(lists);
        if (error !== undefined) {
          expect(error, String(error)).toBeInstanceOf(OktaError);
          if (error instanceof OktaValidationError) expect(error.message).toContain(error.field);
        }
      },
    ),
    { seed: SEED, numRuns: 250 },
  );
});

it("valid data: every entity arrives once, in order, within the request limits", async () => {
  await fc.assert(
    fc.asyncProperty(
      dataOf((k) => VALID[k], 450),
      async (lists) => {
        const { error, sent } = await runImport(lists);
        expect(error, String(error)).toBeUndefined();
        const got = new Map<BulkKind, unknown[]>();
        for (const r of sent) {
          const entry = BODY_KEY[r.path.slice(r.path.lastIndexOf("/") + 1)];
          if (!entry) continue;
          const [kind, items] = entry;
          got.set(kind, [...(got.get(kind) ?? []), ...items(JSON.parse(r.body))]);
        }
        const want = new Map<BulkKind, unknown[]>();
        for (const { kind, items } of lists) want.set(kind, [...(want.get(kind) ?? []), ...items]);
        for (const kind of KINDS) {
          const expected = JSON.parse(JSON.stringify(want.get(kind) ?? []));
          const actual = got.get(kind) ?? [];
          if (kind === "memberships" || kind === "deletedMemberships") {
            expect(pairs(actual)).toEqual(pairs(expected));
          } else {
            expect(actual).toEqual(expected);
          }
        }
      },
    ),
    { seed: SEED, numRuns: 40 },
  );
});
