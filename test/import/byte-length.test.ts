// The chunker counts wire bytes without encoding: it must agree with TextEncoder byte for byte.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { jsonBytes, utf8Length } from "../../src/import/byte-length.js";

const encoded = (text: string) => new TextEncoder().encode(text).length;

describe("utf8Length", () => {
  test("ASCII, 2- and 3-byte characters, surrogate pairs and lone surrogates", () => {
    for (const text of [
      "",
      "abc",
      "é",
      "日本語",
      "😀",
      "a😀b",
      "\uD800",
      "\uDC00x",
      "x\uD83D",
      "\uDE00\uD83D",
    ]) {
      expect(utf8Length(text)).toBe(encoded(text));
    }
  });

  test("equals TextEncoder's length for any string, and jsonBytes equals the encoded JSON", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), fc.jsonValue(), (text, value) => {
        expect(utf8Length(text)).toBe(encoded(text));
        expect(jsonBytes(value)).toBe(encoded(JSON.stringify(value)));
        expect(jsonBytes({ text })).toBe(encoded(JSON.stringify({ text })));
      }),
      { numRuns: 2000 },
    );
  });
});
