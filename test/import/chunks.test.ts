// The chunker: exact wire sizes, both limits, membership splitting, lazy reading.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bulkBody } from "../../src/bulk-bodies.js";

// Wire bytes as TextEncoder counts them: the reference the chunker must agree with.
const jsonByteLength = (body: unknown) => new TextEncoder().encode(JSON.stringify(body)).length;
import type { BulkItems, BulkKind } from "../../src/bulk-bodies.js";
import { OktaValidationError } from "../../src/core/errors.js";
import { chunkItems } from "../../src/import/chunks.js";
import type { Chunk } from "../../src/import/chunks.js";

const LIMITS = { maxEntities: 200, maxBytes: 200_000 };

async function collect<K extends BulkKind>(
  kind: K,
  items: Iterable<BulkItems[K]> | AsyncIterable<BulkItems[K]>,
  limits = LIMITS,
): Promise<Chunk<K>[]> {
  const chunks: Chunk<K>[] = [];
  for await (const chunk of chunkItems(kind, items, limits)) chunks.push(chunk);
  return chunks;
}

const text = fc.string({ unit: "grapheme", maxLength: 40 });

describe("chunkItems", () => {
  test("its byte count is the exact size of the wire body, for any items", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            externalId: text.filter((s) => s !== ""),
            profile: fc.dictionary(text, fc.option(text)),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 300, max: 3000 }),
        async (users, maxEntities, maxBytes) => {
          const fits = users.filter((u) => jsonByteLength(bulkBody("users", [u])) <= maxBytes);
          const chunks = await collect("users", fits, { maxEntities, maxBytes });
          expect(chunks.flatMap((c) => c.items)).toEqual(fits);
          for (const c of chunks) {
            expect(c.bytes).toBe(jsonByteLength(bulkBody("users", c.items)));
            expect(c.bytes).toBeLessThanOrEqual(maxBytes);
            expect(c.items.length).toBeLessThanOrEqual(maxEntities);
          }
          // Greedy: each chunk is full, by count or by bytes, when the next one starts.
          for (let i = 0; i + 1 < chunks.length; i++) {
            const grown = [...chunks[i]!.items, chunks[i + 1]!.items[0]!];
            const full =
              grown.length > maxEntities || jsonByteLength(bulkBody("users", grown)) > maxBytes;
            expect(full).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("splits by 200 entities when items are small", async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `id${i}`);
    const chunks = await collect("deletedGroups", ids);
    expect(chunks.map((c) => c.items.length)).toEqual([200, 200, 200, 200, 200, 1]);
  });

  test("splits by 200,000 bytes when items are large", async () => {
    const users = Array.from({ length: 100 }, (_, i) => ({
      externalId: `u${i}`,
      profile: { description: "é".repeat(4000) }, // 8,000 bytes each in UTF-8
    }));
    const chunks = await collect("users", users);
    expect(chunks.length).toBe(5);
    for (const c of chunks) expect(c.bytes).toBeLessThanOrEqual(200_000);
    expect(chunks[0]!.items.length).toBe(24);
  });

  test("an entity too big for any request is an OktaValidationError naming it", async () => {
    const users = [
      { externalId: "ok", profile: {} },
      { externalId: "huge", profile: { notes: "x".repeat(200_000) } },
    ];
    const error = await collect("users", users).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaValidationError);
    expect((error as OktaValidationError).field).toBe("users[1]");
    expect((error as Error).message).toContain('"huge"');
  });

  test("splits one membership entry that is too large, filling requests", async () => {
    const members = Array.from({ length: 30_000 }, (_, i) => `member-${i}`);
    const chunks = await collect("memberships", [
      { groupExternalId: "small", memberExternalIds: ["a", "b"] },
      { groupExternalId: "big", memberExternalIds: members },
      { groupExternalId: "after", memberExternalIds: ["c"] },
    ]);
    for (const c of chunks) {
      expect(c.bytes).toBe(jsonByteLength(bulkBody("memberships", c.items)));
      expect(c.bytes).toBeLessThanOrEqual(200_000);
      expect(c.count).toBe(c.items.reduce((n, m) => n + m.memberExternalIds.length, 0));
    }
    const big = chunks.flatMap((c) => c.items).filter((m) => m.groupExternalId === "big");
    expect(big.length).toBeGreaterThan(1);
    expect(big.flatMap((m) => m.memberExternalIds)).toEqual(members);
    // The first request also carries the small entry: splitting fills the open request first.
    expect(chunks[0]!.items[0]).toEqual({
      groupExternalId: "small",
      memberExternalIds: ["a", "b"],
    });
    expect(chunks[0]!.bytes).toBeGreaterThan(199_980);
    expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(30_003);
  });

  test("drops membership entries without members and rejects malformed items", async () => {
    const chunks = await collect("memberships", [{ groupExternalId: "g", memberExternalIds: [] }]);
    expect(chunks).toEqual([]);
    await expect(collect("users", [{ profile: {} } as never])).rejects.toThrow(
      /users\[0\]\.externalId/,
    );
    await expect(collect("deletedUsers", [""])).rejects.toThrow(OktaValidationError);
  });

  test("reads its input lazily: never more than one request ahead", async () => {
    let produced = 0;
    async function* users() {
      for (let i = 0; i < 5000; i++) {
        produced++;
        yield { externalId: `u${i}`, profile: {} };
      }
    }
    let consumed = 0;
    for await (const chunk of chunkItems("users", users(), LIMITS)) {
      consumed += chunk.items.length;
      expect(produced - consumed).toBeLessThanOrEqual(1);
    }
    expect(consumed).toBe(5000);
  });
});

describe("chunk boundaries", () => {
  const bytesOf = (kind: BulkKind, items: unknown[]) =>
    jsonByteLength(bulkBody(kind, items as never[]));
  /** A user padded so that a request of `others` plus it is exactly `total` bytes. */
  function padded(id: string, others: BulkItems["users"][], total: number): BulkItems["users"] {
    const base = { externalId: id, profile: { notes: "" } };
    const missing = total - bytesOf("users", [...others, base]);
    return { externalId: id, profile: { notes: "x".repeat(missing) } };
  }

  test("exactly 200 entities is one request, 201 is two", async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);
    expect((await collect("deletedUsers", ids(200))).map((c) => c.items.length)).toEqual([200]);
    expect((await collect("deletedUsers", ids(201))).map((c) => c.items.length)).toEqual([200, 1]);
  });

  test("exactly 200,000 bytes is one request, one byte more is two", async () => {
    const first = { externalId: "a", profile: { notes: "y".repeat(50_000) } };
    const exact = [first, padded("b", [first], 200_000)];
    expect(bytesOf("users", exact)).toBe(200_000);
    const one = await collect("users", exact);
    expect(one.map((c) => [c.items.length, c.bytes])).toEqual([[2, 200_000]]);

    const over = [first, padded("b", [first], 200_001)];
    expect(bytesOf("users", over)).toBe(200_001);
    const two = await collect("users", over);
    expect(two.map((c) => c.items.length)).toEqual([1, 1]);
    for (const c of two) expect(c.bytes).toBe(bytesOf("users", c.items));
  });

  test("one entity of exactly 200,000 bytes is sent; one byte more is refused, naming it", async () => {
    const exact = padded("solo", [], 200_000);
    expect((await collect("users", [exact])).map((c) => c.bytes)).toEqual([200_000]);
    const error = await collect("users", [padded("solo", [], 200_001)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaValidationError);
    expect((error as OktaValidationError).limit).toBe(200_000);
  });

  test("200 small memberships then one large group never make a request over 200 entities", async () => {
    const small = Array.from({ length: 201 }, (_, i) => ({
      groupExternalId: `g${i}`,
      memberExternalIds: [`m${i}`],
    }));
    const members = Array.from({ length: 20_000 }, (_, i) => `member-${i}`);
    for (const count of [199, 200, 201]) {
      const input = [
        ...small.slice(0, count),
        { groupExternalId: "big", memberExternalIds: members },
      ];
      const chunks = await collect("memberships", input);
      for (const c of chunks) {
        expect(c.items.length).toBeLessThanOrEqual(200);
        expect(c.bytes).toBeLessThanOrEqual(200_000);
        expect(c.bytes).toBe(bytesOf("memberships", c.items));
      }
      const sent = chunks.flatMap((c) => c.items);
      expect(
        sent.filter((m) => m.groupExternalId === "big").flatMap((m) => m.memberExternalIds),
      ).toEqual(members);
      expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(count + members.length);
    }
  });

  test("a large group that fits one request, after 200 small ones, starts a new request", async () => {
    const small = Array.from({ length: 200 }, (_, i) => ({
      groupExternalId: `g${i}`,
      memberExternalIds: [`m${i}`],
    }));
    const big = {
      groupExternalId: "big",
      memberExternalIds: Array.from({ length: 5000 }, (_, i) => `x${i}`),
    };
    const chunks = await collect("memberships", [...small, big]);
    expect(chunks.map((c) => c.items.length)).toEqual([200, 1]);
  });
});
