// The compact duplicate-externalId check: 64-bit hashes in typed arrays, every hash match confirmed
// by comparing the real IDs, so a collision can never reject (or skip) a valid row.
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { checkFile, entitiesOf } from "../../src/cli/input/files.js";
import type { CheckOptions, FileCheck } from "../../src/cli/input/files.js";
import { createIdIndex, hashId } from "../../src/cli/input/id-index.js";
import type { IdHash } from "../../src/cli/input/id-index.js";
import { KIND_SPECS } from "../../src/cli/input/kinds.js";
import { files } from "./helpers.js";

const USERS = KIND_SPECS.find((s) => s.kind === "users")!;
const HEADER = "externalId,userName,email\n";
const userRow = (id: string) => `${id},${id}@example.com,${id}@example.com\n`;

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

function file(name: string, text: string): string {
  const f = files({ [name]: text });
  cleanup.push(f.cleanup);
  return f.paths[name]!;
}

async function idsOf(check: FileCheck): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of entitiesOf(check)) ids.push((e as { externalId: string }).externalId);
  return ids;
}

/** A hash that gives every ID the same value: every row after the first is a candidate. */
const ALL_COLLIDE: IdHash = (_id, out) => {
  out[0] = 42;
  out[1] = 7;
};

/** The real hash, except that `a` and `b` collide. */
const colliding =
  (a: string, b: string): IdHash =>
  (id, out) =>
    hashId(id === b ? a : id, out);

describe("createIdIndex", () => {
  test("returns 0 for a new ID and the first row for a repeat, across growth", () => {
    const index = createIdIndex();
    const n = 300_000; // several doublings past the initial 65,536 slots
    const fresh = Array.from({ length: n }, (_, i) => index.add(`EXT${i + 1}`, i + 1));
    expect(fresh.every((first) => first === 0)).toBe(true);
    const repeats = Array.from({ length: n }, (_, i) => index.add(`EXT${i + 1}`, n + i + 1));
    expect(repeats.every((first, i) => first === i + 1)).toBe(true);
    expect(index.size).toBe(n);
    index.release();
  });

  test("equal hashes answer the first row, whatever the IDs: the caller must confirm", () => {
    const index = createIdIndex(ALL_COLLIDE);
    expect(index.add("a", 1)).toBe(0);
    expect(index.add("b", 2)).toBe(1);
    expect(index.add("c", 3)).toBe(1);
    expect(index.size).toBe(1);
  });

  test("rejects row numbers a Uint32Array cannot hold (0 marks an empty slot)", () => {
    const index = createIdIndex();
    expect(() => index.add("a", 0)).toThrow(RangeError);
    expect(() => index.add("a", 2 ** 32)).toThrow(RangeError);
  });

  test("hashId: distinct similar IDs do not collide in 64 bits", () => {
    const seen = new Set<string>();
    const out = new Uint32Array(2);
    for (let i = 0; i < 200_000; i++) {
      hashId(`EXT${String(i).padStart(8, "0")}`, out);
      seen.add(`${out[0]}:${out[1]}`);
    }
    expect(seen.size).toBe(200_000);
  });
});

describe("checkFile: duplicates", () => {
  test("a real duplicate is reported with both line numbers and skipped on upload", async () => {
    const path = file("users.csv", HEADER + ["a", "b", "a", "c"].map(userRow).join(""));
    const check = await checkFile(USERS, path, 100);
    expect(check.invalid).toEqual([
      {
        file: path,
        line: 4,
        field: "externalId",
        message: 'duplicate externalId "a" (first on line 2)',
      },
    ]);
    expect(check).toMatchObject({ rows: 4, entities: 3, invalidCount: 1 });
    expect(await idsOf(check)).toEqual(["a", "b", "c"]);
  });

  test("a forced hash collision rejects no valid row; true duplicates still name their first line", async () => {
    const rows = ["a", "b", "b", "a", "c"]; // lines 2..6; "a" and "b" share a hash
    const path = file("users.csv", HEADER + rows.map(userRow).join(""));
    const check = await checkFile(USERS, path, 100, { hash: colliding("a", "b") });
    expect(check.invalid).toEqual([
      {
        file: path,
        line: 4,
        field: "externalId",
        message: 'duplicate externalId "b" (first on line 3)',
      },
      {
        file: path,
        line: 5,
        field: "externalId",
        message: 'duplicate externalId "a" (first on line 2)',
      },
    ]);
    expect(check).toMatchObject({ rows: 5, entities: 3, invalidCount: 2 });
    expect(await idsOf(check)).toEqual(["a", "b", "c"]);
  });

  test("every ID colliding gives the same verdicts as the real hash, in one pass or many", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        async (ids, groupsPerPass, maxListed) => {
          const path = file("users.csv", HEADER + ids.map(userRow).join(""));
          const options: CheckOptions[] = [{ hash: ALL_COLLIDE, groupsPerPass }, { groupsPerPass }];
          const [forced, real] = await Promise.all(
            options.map((o) => checkFile(USERS, path, maxListed, o)),
          );
          // What a Map of every ID would say.
          const firstLine = new Map<string, number>();
          const expected = ids.flatMap((id, i) => {
            const first = firstLine.get(id);
            if (first === undefined) firstLine.set(id, i + 2);
            return first === undefined
              ? []
              : [
                  {
                    file: path,
                    line: i + 2,
                    field: "externalId",
                    message: `duplicate externalId "${id}" (first on line ${first})`,
                  },
                ];
          });
          for (const check of [forced!, real!]) {
            expect(check.invalid).toEqual(expected.slice(0, maxListed));
            expect(check.invalidCount).toBe(expected.length);
            expect(check.entities).toBe(firstLine.size);
            expect(await idsOf(check)).toEqual([...firstLine.keys()]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  test("duplicates and other problems are listed together in line order, up to maxListed", async () => {
    const text =
      HEADER + userRow("a") + ",x@example.com,x@example.com\n" + userRow("a") + userRow("b");
    const path = file("users.csv", text + userRow("b") + "c,c@example.com\n");
    const check = await checkFile(USERS, path, 3, { hash: ALL_COLLIDE });
    expect(check.invalid.map((r) => [r.line, r.message])).toEqual([
      [3, "externalId is missing"],
      [4, 'duplicate externalId "a" (first on line 2)'],
      [6, 'duplicate externalId "b" (first on line 5)'],
    ]);
    expect(check.invalidCount).toBe(4);
    expect(await idsOf(check)).toEqual(["a", "b"]);
  });

  test("rows of a one-line JSON array are told apart: a bad element skips only itself", async () => {
    const users = ["a", "", "a", "b"].map((id) => ({
      externalId: id,
      profile: { userName: `u${id}`, email: `u${id}@example.com` },
    }));
    const path = file("users.json", JSON.stringify(users));
    const check = await checkFile(USERS, path, 100);
    expect(check.invalid.map((r) => [r.line, r.message])).toEqual([
      [1, "externalId is missing"],
      [1, 'duplicate externalId "a" (first on line 1)'],
    ]);
    expect(await idsOf(check)).toEqual(["a", "b"]);
  });
});
