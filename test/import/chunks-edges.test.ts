// The chunker's edges: each kind's shape checks and the exact messages naming the item and field,
// the messages for items too large or impossible to encode, and membership splitting at exact byte
// limits (every request as full as it can be, none over the limit, no empty entries).
import { describe, expect, test } from "vitest";
import { bulkBody } from "../../src/bulk-bodies.js";
import type { BulkItems, BulkKind } from "../../src/bulk-bodies.js";
import { OktaValidationError } from "../../src/core/errors.js";
import { chunkItems } from "../../src/import/chunks.js";
import type { Chunk, ChunkLimits } from "../../src/import/chunks.js";

const LIMITS = { maxEntities: 200, maxBytes: 200_000 };
const encoder = new TextEncoder();
const bytesOf = (kind: BulkKind, items: unknown[]) =>
  encoder.encode(JSON.stringify(bulkBody(kind, items as never[]))).length;

async function collect<K extends BulkKind>(
  kind: K,
  items: Iterable<unknown>,
  limits: ChunkLimits = LIMITS,
): Promise<Chunk<K>[]> {
  const chunks: Chunk<K>[] = [];
  for await (const chunk of chunkItems(kind, items as Iterable<BulkItems[K]>, limits)) {
    chunks.push(chunk);
  }
  return chunks;
}

/** The validation error `collect` fails with (and fails the test if it succeeds). */
async function refusal(kind: BulkKind, items: unknown[], limits?: ChunkLimits) {
  const error = await collect(kind, items, limits).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OktaValidationError);
  const { field, message, limit } = error as OktaValidationError;
  return { field, message, limit };
}

describe("shape checks", () => {
  for (const kind of ["deletedUsers", "deletedGroups", "deletedDevices"] as const) {
    test(`${kind} takes non-empty externalId strings and refuses anything else, naming it`, async () => {
      expect((await collect(kind, ["a", "b"])).map((c) => c.items)).toEqual([["a", "b"]]);
      for (const bad of ["", 5, { externalId: "x" }]) {
        expect(await refusal(kind, ["ok", bad])).toEqual({
          field: `${kind}[1]`,
          message: `${kind}[1] must be a non-empty externalId string`,
          limit: undefined,
        });
      }
    });
  }

  for (const kind of ["users", "groups", "devices"] as const) {
    test(`${kind} refuses an item that is not an object, or lacks a non-empty externalId`, async () => {
      const ok = { externalId: "ok", profile: {} };
      for (const bad of [null, "text", 5]) {
        expect(await refusal(kind, [ok, bad])).toEqual({
          field: `${kind}[1]`,
          message: `${kind}[1] must be an object`,
          limit: undefined,
        });
      }
      for (const externalId of [undefined, "", 5]) {
        expect(await refusal(kind, [ok, { externalId, profile: {} }])).toEqual({
          field: `${kind}[1].externalId`,
          message: `${kind}[1].externalId must be a non-empty string`,
          limit: undefined,
        });
      }
    });
  }

  for (const kind of ["memberships", "deletedMemberships"] as const) {
    test(`${kind} checks the group and every member, naming the field`, async () => {
      const ok = { groupExternalId: "g", memberExternalIds: ["a"] };
      expect((await collect(kind, [ok])).map((c) => [c.items, c.count])).toEqual([[[ok], 1]]);
      expect(await refusal(kind, [ok, "text"])).toEqual({
        field: `${kind}[1]`,
        message: `${kind}[1] must be an object`,
        limit: undefined,
      });
      for (const groupExternalId of [undefined, "", 5]) {
        expect(await refusal(kind, [ok, { groupExternalId, memberExternalIds: ["a"] }])).toEqual({
          field: `${kind}[1].groupExternalId`,
          message: `${kind}[1].groupExternalId must be a non-empty string`,
          limit: undefined,
        });
      }
      for (const memberExternalIds of [undefined, "a", ["a", ""], ["a", 5]]) {
        expect(await refusal(kind, [ok, { groupExternalId: "g", memberExternalIds }])).toEqual({
          field: `${kind}[1].memberExternalIds`,
          message: `${kind}[1].memberExternalIds must be an array of non-empty strings`,
          limit: undefined,
        });
      }
    });
  }
});

describe("items that cannot be sent", () => {
  test("an item over the byte limit names its position, externalId, size and the limit", async () => {
    const huge = { externalId: "huge", profile: { notes: "x".repeat(200) } };
    const size = bytesOf("users", [huge]);
    const limits = { maxEntities: 200, maxBytes: 150 };
    expect(await refusal("users", [{ externalId: "ok", profile: {} }, huge], limits)).toEqual({
      field: "users[1]",
      message:
        `users[1] (externalId "huge") is ${size} bytes as a bulk request body; ` +
        "one request may carry at most 150",
      limit: 150,
    });
    const id = "d".repeat(200);
    expect(await refusal("deletedUsers", [id], limits)).toEqual({
      field: "deletedUsers[0]",
      message:
        `deletedUsers[0] (externalId "${id}") is ${bytesOf("deletedUsers", [id])} bytes as a ` +
        "bulk request body; one request may carry at most 150",
      limit: 150,
    });
  });

  test("a value JSON cannot encode is named by its path and the item's externalId", async () => {
    const users = [
      { externalId: "ok", profile: {} },
      { externalId: "u1", profile: { n: 1n } },
    ];
    expect(await refusal("users", users)).toEqual({
      field: "users[1].profile.n",
      message: 'users[1].profile.n is a BigInt, which cannot be encoded as JSON (externalId "u1")',
      limit: undefined,
    });
    const memberships = [{ groupExternalId: "g1", memberExternalIds: ["a"], extra: 2n }];
    expect(await refusal("memberships", memberships)).toEqual({
      field: "memberships[0].extra",
      message:
        'memberships[0].extra is a BigInt, which cannot be encoded as JSON (externalId "g1")',
      limit: undefined,
    });
  });

  test("a value that fails only while being encoded is named by the item, with the first line of the reason", async () => {
    // A getter that throws the first time it is read: the later search for the culprit finds
    // nothing, so the error names the whole item and quotes the encoder's reason.
    const flaky = (thrown: unknown) => {
      let reads = 0;
      return {
        externalId: "u2",
        profile: {
          get notes() {
            if (reads++ === 0) throw thrown;
            return "fine";
          },
        },
      };
    };
    expect(await refusal("users", [flaky(new Error("first line\nsecond line"))])).toEqual({
      field: "users[0]",
      message: 'users[0] cannot be encoded as JSON (first line) (externalId "u2")',
      limit: undefined,
    });
    expect(await refusal("users", [flaky("not an Error")])).toEqual({
      field: "users[0]",
      message: 'users[0] cannot be encoded as JSON (not an Error) (externalId "u2")',
      limit: undefined,
    });
  });
});

describe("membership splitting at exact limits", () => {
  const entry = (groupExternalId: string, memberExternalIds: string[]) => ({
    groupExternalId,
    memberExternalIds,
  });

  test("a member that exactly fills a request alone is sent; one byte more is refused, naming it", async () => {
    const maxBytes = 300;
    const alone = (m: string) => bytesOf("memberships", [entry("g", [m])]);
    const exact = "x".repeat(maxBytes - alone(""));
    expect(alone(exact)).toBe(maxBytes);
    const limits = { maxEntities: 200, maxBytes };
    const chunks = await collect(
      "memberships",
      [entry("h", ["z"]), entry("g", ["a", exact])],
      limits,
    );
    expect(chunks.map((c) => [c.items, c.bytes, c.count])).toEqual([
      [
        [entry("h", ["z"]), entry("g", ["a"])],
        bytesOf("memberships", [entry("h", ["z"]), entry("g", ["a"])]),
        2,
      ],
      [[entry("g", [exact])], maxBytes, 1],
    ]);
    const over = `${exact}y`;
    expect(
      await refusal("memberships", [entry("h", ["z"]), entry("g", ["a", over])], limits),
    ).toEqual({
      field: "memberships[1].memberExternalIds",
      message: `memberships[1]: member "${over}" does not fit in one bulk request`,
      limit: maxBytes,
    });
  });

  test("every request is as full as its limits allow, at every byte limit", async () => {
    const members = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${"k".repeat(i % 7)}${i}`);
    const input = [
      entry("s", ["x"]),
      entry("alpha", members("a", 120)),
      entry("beta", members("b", 120)),
    ];
    const smallest = bytesOf("memberships", [entry("alpha", ["a" + "k".repeat(6) + "119"])]);
    for (const maxEntities of [2, 200]) {
      for (let maxBytes = smallest; maxBytes < smallest + 400; maxBytes++) {
        const limits = { maxEntities, maxBytes };
        const chunks = await collect("memberships", input, limits);
        const sent = chunks.flatMap((c) => c.items);
        for (const g of input) {
          const got = sent.filter((e) => e.groupExternalId === g.groupExternalId);
          expect(got.flatMap((e) => e.memberExternalIds)).toEqual(g.memberExternalIds);
        }
        for (const c of chunks) {
          expect(c.bytes).toBe(bytesOf("memberships", c.items));
          expect(c.bytes).toBeLessThanOrEqual(maxBytes);
          expect(c.items.length).toBeLessThanOrEqual(maxEntities);
          for (const e of c.items) expect(e.memberExternalIds.length).toBeGreaterThan(0);
          expect(c.count).toBe(c.items.reduce((n, e) => n + e.memberExternalIds.length, 0));
        }
        // Greedy: the next request's first member would not have fitted in the previous one.
        for (let i = 0; i + 1 < chunks.length; i++) {
          const items = chunks[i]!.items.map((e) =>
            entry(e.groupExternalId, [...e.memberExternalIds]),
          );
          const next = chunks[i + 1]!.items[0]!;
          const last = items[items.length - 1]!;
          const member = next.memberExternalIds[0]!;
          if (last.groupExternalId === next.groupExternalId) last.memberExternalIds.push(member);
          else items.push(entry(next.groupExternalId, [member]));
          const full = items.length > maxEntities || bytesOf("memberships", items) > maxBytes;
          expect({ maxEntities, maxBytes, i, full }).toEqual({
            maxEntities,
            maxBytes,
            i,
            full: true,
          });
        }
      }
    }
  });
});
