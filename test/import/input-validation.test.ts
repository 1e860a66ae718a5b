// Bad options and bad data are refused with an OktaValidationError naming the field and what it
// must be, before any request reaches Okta; an unencodable item met midway stops the import before
// the request that would carry it.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { OktaValidationError } from "../../src/core/errors.js";
import { runImport } from "../../src/import/index.js";
import type { ImportData, ImportOptions } from "../../src/import/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { activeUsers, bulkRequests, sourceFor, startMock, user } from "./helpers.js";

let mock: MockOkta;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const FAST = { pollInterval: 10 };

/** Runs the import and returns what it threw (failing the test if it succeeded). */
async function refusal(data: unknown, options?: unknown): Promise<OktaValidationError> {
  const error = await runImport(sourceFor(mock), data as ImportData, options as ImportOptions).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, String(error)).toBeInstanceOf(OktaValidationError);
  return error as OktaValidationError;
}

describe("bad options", () => {
  const cases: [string, ImportOptions | number, string, RegExp, number | undefined][] = [
    ["concurrency 0", { concurrency: 0 }, "options.concurrency", /integer >= 1 \(got 0\)/, 1],
    ["concurrency 1.5", { concurrency: 1.5 }, "options.concurrency", /integer >= 1/, 1],
    ["concurrency string", { concurrency: "2" as never }, "options.concurrency", /got "2"/, 1],
    ["pollInterval -1", { pollInterval: -1 }, "options.pollInterval", /> 0 and <= 2147483647/, 0],
    ["pollInterval 0", { pollInterval: 0 }, "options.pollInterval", /> 0/, 0],
    [
      "pollInterval 2^31",
      { pollInterval: 2 ** 31 },
      "options.pollInterval",
      /<= 2147483647/,
      2 ** 31 - 1,
    ],
    ["maxRetries NaN", { maxRetries: NaN }, "options.maxRetries", /integer >= 0 \(got NaN\)/, 0],
    ["maxRetries -1", { maxRetries: -1 }, "options.maxRetries", /integer >= 0/, 0],
    ["coolDownTimeout NaN", { coolDownTimeout: NaN }, "options.coolDownTimeout", />= 0/, 0],
    ["coolDownTimeout -5", { coolDownTimeout: -5 }, "options.coolDownTimeout", />= 0/, 0],
    [
      "activeSession",
      { activeSession: "x" as never },
      "options.activeSession",
      /"wait", "cancel" or "fail" \(got "x"\)/,
      undefined,
    ],
    [
      "maxEntitiesPerRequest 0",
      { maxEntitiesPerRequest: 0 },
      "options.maxEntitiesPerRequest",
      /from 1 to 200/,
      1,
    ],
    [
      "maxEntitiesPerRequest 201",
      { maxEntitiesPerRequest: 201 },
      "options.maxEntitiesPerRequest",
      /from 1 to 200/,
      200,
    ],
    [
      "maxBytesPerRequest 0",
      { maxBytesPerRequest: 0 },
      "options.maxBytesPerRequest",
      /from 1 to 200000/,
      1,
    ],
    [
      "maxBytesPerRequest 200,001",
      { maxBytesPerRequest: 200_001 },
      "options.maxBytesPerRequest",
      /from 1 to 200000/,
      200_000,
    ],
    [
      "maxRequestsPerSession 0",
      { maxRequestsPerSession: 0 },
      "options.maxRequestsPerSession",
      /from 1 to 50/,
      1,
    ],
    [
      "maxRequestsPerSession 51",
      { maxRequestsPerSession: 51 },
      "options.maxRequestsPerSession",
      /from 1 to 50/,
      50,
    ],
    [
      "onProgress",
      { onProgress: "log" as never },
      "options.onProgress",
      /must be a function/,
      undefined,
    ],
    ["signal", { signal: {} as never }, "options.signal", /must be an AbortSignal/, undefined],
    ["options not an object", 5, "options", /must be an object/, undefined],
  ];
  test.each(cases)(
    "%s: names the option and its limit; nothing is sent",
    async (_, options, field, message, limit) => {
      const error = await refusal({ users: [user(1)] }, options);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
      expect(error.message.startsWith(field)).toBe(true);
      expect(error.limit).toBe(limit);
      expect(mock.requests).toEqual([]);
    },
  );

  test("values at Okta's limits, and null options, are accepted", async () => {
    const options: ImportOptions = {
      ...FAST,
      maxEntitiesPerRequest: 200,
      maxBytesPerRequest: 200_000,
      maxRequestsPerSession: 50,
      maxRetries: 0,
      coolDownTimeout: 0,
      concurrency: 2,
    };
    const report = await runImport(sourceFor(mock), { users: [user(1)] }, options);
    expect(report.counts.users).toBe(1);
    // null reads as "no options", as in the client (an empty import never polls).
    const empty = await runImport(sourceFor(mock), {}, null as never);
    expect(empty.requests).toBe(0);
  });
});

describe("bad data", () => {
  function* generator() {
    yield user(1);
  }
  const cases: [string, unknown, string, RegExp][] = [
    ["null", null, "data", /must be an object such as \{ users, groups \} \(got null\)/],
    ["a number", 5, "data", /got 5/],
    ["an array", [user(1)], "data", /got an array/],
    ["a kind that is a number", { users: 5 }, "data.users", /array, an iterable or an async/],
    ["a kind that is null", { groups: null }, "data.groups", /got null/],
    // Iterating a string would delete users "u" and "1".
    ["a kind that is a string", { deletedUsers: "u1" }, "data.deletedUsers", /got "u1"/],
    ["a generator function, not called", { users: generator }, "data.users", /got a function/],
    [
      "an unknown kind",
      { users: [user(1)], usres: [user(2)] },
      "data.usres",
      /not a kind .*users, groups/,
    ],
  ];
  test.each(cases)("%s: names it; nothing is sent", async (_, data, field, message) => {
    const error = await refusal(data, FAST);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(mock.requests).toEqual([]);
  });

  test("a bad kind after good ones is refused before the good ones are sent", async () => {
    // deletedUsers goes last in the upload order (order.ts): it is checked first all the same.
    const error = await refusal({ users: [user(1)], deletedUsers: 7 }, FAST);
    expect(error.field).toBe("data.deletedUsers");
    expect(mock.requests).toEqual([]);
  });
});

test("an item the client would refuse is refused before a session is opened for it", async () => {
  const users = [user(1), { externalId: "bad", profile: { email: 5 } }];
  const error = await refusal({ users }, FAST);
  expect(error.field).toBe("users[1].profile.email");
  expect(mock.requests).toEqual([]);
});

describe("items JSON cannot encode", () => {
  const cycle: Record<string, unknown> = { externalId: "cyclic" };
  cycle["profile"] = { email: "c@example.com", self: cycle };
  const throwing = {
    externalId: "getter",
    profile: {
      get badge(): string {
        throw new Error("badge service down");
      },
    },
  };
  const cases: [string, unknown, string, RegExp][] = [
    [
      "a BigInt",
      { externalId: "big", profile: { n: 10n } },
      "users[12].profile.n",
      /BigInt.*"big"/,
    ],
    ["a cycle", cycle, "users[12].profile.self", /circular reference.*"cyclic"/],
    ["a throwing getter", throwing, "users[12].profile", /badge service down.*"getter"/],
  ];
  test.each(cases)(
    "%s is refused naming the item; nothing is sent",
    async (_, bad, field, message) => {
      const users = Array.from({ length: 20 }, (_, i) => (i === 12 ? bad : user(i)));
      const error = await refusal({ users }, FAST);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
      expect(mock.requests).toEqual([]);
    },
  );

  test("one met midway in a stream stops the import before its request; the session is cancelled", async () => {
    function* users() {
      for (let i = 0; i < 25; i++) yield user(i);
      yield { externalId: "big", profile: { n: 1n } } as never;
      yield user(99);
    }
    const error = await refusal({ users: users() }, { ...FAST, maxEntitiesPerRequest: 10 });
    expect(error.field).toBe("users[25].profile.n");

    // The two full requests before it went out; the one that would have carried it never did.
    const sent = bulkRequests(mock).map((r) =>
      (r.body as { profiles: { externalId: string }[] }).profiles.map((p) => p.externalId),
    );
    expect(sent).toEqual([
      Array.from({ length: 10 }, (_, i) => user(i).externalId),
      Array.from({ length: 10 }, (_, i) => user(10 + i).externalId),
    ]);
    // As for any bad input met midway: the open session is cancelled, so none of it is imported.
    expect(mock.state().sessions.map((s) => s.status)).toEqual(["CLOSED"]);
    expect(activeUsers(mock).size).toBe(0);
  });
});
