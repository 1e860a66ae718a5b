// fast-check arbitraries for the fuzz tests: valid inputs built from the spec's schema limits,
// hostile strings, junk values of every JavaScript type, and valid inputs with one part
// broken, so most cases sit right at a boundary.
import fc from "fast-check";
import { LIMITS } from "../../../src/limits.js";

/** One character of the Basic Multilingual Plane, surrogates excluded (Okta's 3-byte limit). */
const bmpChar = fc
  .integer({ min: 0, max: 0xfffd })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCharCode(c));

export const printable = (minLength: number, maxLength: number) =>
  fc.string({ unit: "grapheme-ascii", minLength, maxLength });

const bmp = (minLength: number, maxLength: number) =>
  fc.string({ unit: bmpChar, minLength, maxLength });

const notDots = (s: string) => s !== "." && s !== "..";

/** A valid ID: any BMP text (slashes, "%", "?", "#" included), or exactly the longest allowed. */
export const validId = (max: number) =>
  fc.oneof(
    { weight: 6, arbitrary: printable(1, 24).filter(notDots) },
    { weight: 3, arbitrary: bmp(1, 16).filter(notDots) },
    { weight: 1, arbitrary: fc.constant("i".repeat(max)) },
  );

/** Strings that have broken path handling, encoders and length checks elsewhere. */
export const HOSTILE = [
  "",
  ".",
  "..",
  "/",
  "../",
  "../../admin",
  "a/b",
  "%2F",
  "%2e%2e",
  "..%2F",
  "%",
  "%zz",
  "?x=1",
  "#frag",
  "a?b#c",
  "\\",
  "\u0000",
  "\r\nX-Injected: 1",
  "\u202e",
  "é",
  "😀",
  "\uD800",
  "\uDC00x",
  " ",
  "$'",
  "$&",
  "__proto__",
  "constructor",
];

const nearLimit = fc
  .constantFrom(5, 50, 100, 127, 255, 512, 1024, 4096)
  .chain((n) => fc.integer({ min: n - 1, max: n + 1 }))
  .map((n) => "x".repeat(n));

/** Any string, weighted toward boundaries. */
export const anyString = fc.oneof(
  { weight: 5, arbitrary: printable(0, 24) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: nearLimit },
);

const cyclic = () => {
  const o: Record<string, unknown> = { externalId: "cyc" };
  o["self"] = o;
  return o;
};

/** Values of every JavaScript type, including ones JSON cannot carry. */
export const junk = fc.oneof(
  fc.anything({
    maxDepth: 2,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withSparseArray: true,
    withBoxedValues: true,
    withNullPrototype: true,
  }),
  fc.constantFrom(undefined, null, 0, NaN, true, [], {}, () => "fn", Symbol("s"), 10n),
  fc.constant(null).map(cyclic),
);

/** Any attribute value: mostly strings, sometimes null, absent or junk. */
export const anyValue = fc.oneof(
  { weight: 12, arbitrary: anyString },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: junk },
);

/** Junk that JSON.stringify accepts (no BigInt, no cycles). */
export const jsonableJunk = junk.filter((v) => {
  try {
    JSON.stringify(v);
    return true;
  } catch {
    return false;
  }
});

/** Like anyValue, without what JSON.stringify refuses. */
export const jsonableValue = fc.oneof(
  { weight: 12, arbitrary: anyString },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: jsonableJunk },
);

/** Names every object inherits; a lookup table keyed by attribute name must not see them. */
export const PROTOTYPE_NAMES = [
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__proto__",
];

/** Attribute names: plain, broken UTF-16, and (unless `inherited` is false) prototype names. */
export const attributeName = (inherited = true) =>
  fc.oneof(
    { weight: 4, arbitrary: printable(0, 12) },
    { weight: 1, arbitrary: fc.constantFrom("😀", "\uD800", "") },
    ...(inherited ? [{ weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) }] : []),
  );

/** Values JSON carries unchanged, with BMP text only (Okta's 3-byte limit). */
export const jsonSafe = fc.oneof(
  printable(0, 10),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.dictionary(printable(1, 5), printable(0, 5), { maxKeys: 2 }),
);

/** An object with own properties from entries (`__proto__` becomes an own key, as from JSON). */
const objectOf = (entries: fc.Arbitrary<[string, unknown][]>) =>
  entries.map((e) => Object.fromEntries(e) as Record<string, unknown>);

const customAttributes = (named: readonly string[], value: fc.Arbitrary<unknown>) =>
  objectOf(
    fc.array(
      fc.tuple(
        printable(1, 12).filter((k) => !named.includes(k)),
        value,
      ),
      { maxLength: 3 },
    ),
  );

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Drops keys whose value is undefined, so "absent" and "set" are both generated. */
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const validEmail = fc.emailAddress().filter((e) => e.length >= 5 && e.length <= 100);
const U = LIMITS.user;
const USER_NAMED = Object.keys(U);

/** A valid user profile; `required` adds email and userName (required by real-time user writes). */
export const validUserProfile = (required: boolean) =>
  fc
    .record({
      email: required ? validEmail : optional(validEmail),
      userName: required ? printable(0, U.userName.max) : optional(printable(0, 30)),
      firstName: optional(fc.oneof(printable(1, U.firstName.max), fc.constant(null))),
      lastName: optional(fc.oneof(bmp(1, U.lastName.max), fc.constant(null))),
      secondEmail: optional(fc.oneof(validEmail, fc.constant(null))),
      mobilePhone: optional(fc.oneof(printable(0, 30), fc.constant(null))),
      homeAddress: optional(fc.oneof(bmp(0, 60), fc.constant(null))),
      custom: customAttributes(USER_NAMED, fc.oneof(bmp(0, 20), fc.constant(null))),
    })
    .map(({ custom, ...named }) => ({ ...custom, ...defined(named) }));

export const validUser = fc.record({
  externalId: validId(LIMITS.userExternalId),
  profile: validUserProfile(false),
});

export const validGroupProfile = fc
  .record({
    displayName: printable(1, 60),
    description: optional(fc.oneof(bmp(0, 60), fc.constant(null))),
    custom: customAttributes(
      ["displayName", "description"],
      fc.oneof(printable(0, 20), fc.constant(null)),
    ),
  })
  .map(({ custom, ...named }) => ({ ...custom, ...defined(named) }));

export const validGroup = fc.record({
  externalId: validId(LIMITS.groupExternalId),
  profile: validGroupProfile,
});

export const validMembership = fc.record({
  groupExternalId: validId(LIMITS.groupExternalId),
  memberExternalIds: fc.array(validId(LIMITS.memberExternalId), { minLength: 1, maxLength: 5 }),
});

export const validDevice = fc.record({
  externalId: validId(LIMITS.deviceExternalId),
  profile: fc.record({
    serialNumber: printable(1, 40),
    platform: fc.constantFrom("MACOS", "WINDOWS", "IOS", "ANDROID", "CHROMEOS"),
    displayName: bmp(1, 40),
  }),
});

/** `valid` with one attribute of its profile replaced (or added) by any value. */
export const breakProfile = <T extends { profile: Record<string, unknown> }>(
  valid: fc.Arbitrary<T>,
  names = attributeName(),
  values = anyValue,
) =>
  fc
    .tuple(valid, names, values)
    .map(([v, key, value]) => ({ ...v, profile: withOwn(v.profile, key, value) }));

// Sets an own property even for "__proto__".
function withOwn(base: Record<string, unknown>, key: string, value: unknown) {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** `valid` with one top-level key replaced by any value. */
export const breakKey = <T extends object>(
  valid: fc.Arbitrary<T>,
  keys: readonly string[],
  values = anyValue,
) =>
  fc
    .tuple(valid, fc.constantFrom(...keys), values)
    .map(([v, key, value]) => withOwn(v as Record<string, unknown>, key, value));

/** `valid` plus a key the spec does not name, with a JSON-safe value (sent as given). */
export const withExtraKey = <T extends object>(valid: fc.Arbitrary<T>) =>
  fc
    .tuple(valid, printable(1, 8), jsonSafe)
    .map(([v, key, value]) => (key in v ? v : withOwn(v as Record<string, unknown>, key, value)));

/** Items of one kind: mostly valid or broken in one place, sometimes junk. */
export const itemOf = <T>(
  valid: fc.Arbitrary<T>,
  broken: fc.Arbitrary<unknown>[],
  other: fc.Arbitrary<unknown> = junk,
) =>
  fc.oneof(
    { weight: 4, arbitrary: valid as fc.Arbitrary<unknown> },
    ...broken.map((arbitrary) => ({ weight: 2, arbitrary })),
    { weight: 1, arbitrary: other },
  );

/** Lists of items: short ones, ones at the 200-entity limit, and non-lists. */
export const listOf = (item: fc.Arbitrary<unknown>, validItem: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.array(item, { maxLength: 4 }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 199, max: 201 })
        .chain((n) => fc.array(validItem, { minLength: n, maxLength: n })),
    },
    { weight: 1, arbitrary: junk },
  );

/** 190-201 users whose JSON straddles the 200,000-byte request limit. */
export const bulkyUsers = fc
  .tuple(fc.integer({ min: 190, max: 201 }), fc.integer({ min: 900, max: 1100 }))
  .map(([n, pad]) =>
    Array.from({ length: n }, (_, i) => ({
      externalId: `u${i}`,
      profile: { email: `u${i}@example.com`, homeAddress: "h".repeat(pad) },
    })),
  );

/** Per-call options with right-typed but unusual values. */
export const requestOptions = fc.option(
  fc.record(
    {
      timeout: fc.oneof(fc.integer({ min: 1000, max: 60_000 }), fc.constantFrom(0, -1, NaN, 1e12)),
      maxRetries: fc.oneof(fc.nat(5), fc.constantFrom(-1, NaN, 1.5)),
      onRetry: fc.constant(() => {}),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
