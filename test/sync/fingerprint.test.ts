import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, fingerprint, sha256 } from "../../src/sync/fingerprint.js";

describe("canonicalJson", () => {
  it("sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
  });

  it("follows JSON.stringify for undefined, toJSON and escapes", () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date(0), d: 'q"\u2028' })).toBe(
      `{"b":[null],"c":"1970-01-01T00:00:00.000Z","d":${JSON.stringify('q"\u2028')}}`,
    );
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("parses back to the same value as JSON.stringify would give", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("fingerprint", () => {
  it("ignores attribute order and changes with any value", () => {
    const a = { email: "a@example.com", firstName: "Ann", costCenter: "CC-1" };
    const reordered = { costCenter: "CC-1", firstName: "Ann", email: "a@example.com" };
    expect(fingerprint(a)).toBe(fingerprint(reordered));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, costCenter: "CC-2" }));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, costCenter: null }));
    expect(fingerprint(a)).not.toBe(fingerprint({ ...a, extra: "" }));
    expect(fingerprint(a)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("is stable across key permutations of random profiles", () => {
    const profile = fc.dictionary(fc.string(), fc.option(fc.string(), { nil: null }));
    fc.assert(
      fc.property(profile, (p) => {
        const reversed = Object.fromEntries(Object.entries(p).reverse());
        expect(fingerprint(reversed)).toBe(fingerprint(p));
      }),
    );
  });
});

describe("the platform-free SHA-256 behind fingerprints", () => {
  it("gives node:crypto's digest at every padding boundary and for random data", () => {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
    const node = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 70_000]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha256(bytes)), `length ${length}`).toBe(node(bytes));
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => hex(sha256(b)) === node(b)));
  });

  it("keeps the fingerprints that stores written with node:crypto hold", () => {
    const before = (p: unknown) =>
      createHash("sha256").update(canonicalJson(p)).digest("base64url").slice(0, 22);
    const profile = fc.dictionary(fc.string(), fc.option(fc.string(), { nil: null }));
    fc.assert(fc.property(profile, (p) => fingerprint(p) === before(p)));
    expect(fingerprint({ email: "zoë@example.com" })).toBe(before({ email: "zoë@example.com" }));
  });
});
