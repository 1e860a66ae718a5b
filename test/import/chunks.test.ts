// The chunker: exact wire sizes, both limits, membership splitting, lazy reading.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { bulkBody } from "../../src/bulk-bodies.js";

// Wire bytes as TextEncoder counts them: the reference the chunker must agree with.
const jsonByteLength = (body: unknown) => new TextEncoder().encode(JSON.stringify(body)).length;
import type { BulkItems, BulkKind } from "../../src/bulk-bodies.js";
import { OktaValidationError } from "../../src/client/errors.js";
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
