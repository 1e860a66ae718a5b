// Path parameters can never escape their segment: any string used as an ID is
// either refused before sending (empty, "." or "..", broken or 4-byte characters, over its length
// limit) or arrives as exactly one path segment that decodes back to the same string, with no
// query or fragment smuggled in.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaValidationError,
  type IdentitySource,
  type IdentitySourceClient,
} from "../../src/index.js";
import { LIMITS } from "../../src/limits.js";
import { HOSTILE, printable } from "./support/arbitraries.js";
import { startRecorder, SOURCE, TOKEN, type Recorder } from "./support/recorder.js";

const SEED = 4_242;
const RUNS = 120;

/** Strings built to break out of a path: separators, encodings, dot segments, any code unit. */
const pathString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.constantFrom(".", "..", "/", "%2F", "%2f", "%2e", "?", "#", "\\", ";", "&", "=", "a"),
        { minLength: 1, maxLength: 6 },
      )
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: printable(1, 8).map((s) => `${s}${"x".repeat(250)}`) },
);

interface Slot {
  name: string;
  /** The path the request must have after /api/v1/identity-sources/, `{x}` for the fuzzed ID. */
  template: string;
  max: number;
  call(okta: IdentitySourceClient, source: IdentitySource, id: string): Promise<unknown>;
}

const drain = async (it: AsyncIterable<string>) => {
  for await (const _ of it);
};

const user = { profile: { email: "a@example.com", userName: "a" } };
const group = { externalId: "g", profile: { displayName: "G" } };

const slots: Slot[] = [
  {
    name: "identitySourceId (sessions.list)",
    template: "{x}/sessions",
    max: Infinity,
    call: (okta, _s, id) => okta.identitySource(id).sessions.list(),
  },
  {
    name: "sessionId (sessions.get)",
    template: `${SOURCE}/sessions/{x}`,
    max: Infinity,
    call: (_o, s, id) => s.sessions.get(id),
  },
  {
    name: "sessionId (sessions.upsertGroups)",
    template: `${SOURCE}/sessions/{x}/bulk-groups-upsert`,
    max: Infinity,
    call: (_o, s, id) => s.sessions.upsertGroups(id, [group]),
  },
  {
    name: "externalId (users.replace)",
    template: `${SOURCE}/users/{x}`,
    max: LIMITS.userExternalId,
    call: (_o, s, id) => s.users.replace(id, user),
  },
  {
    name: "externalId (users.delete)",
    template: `${SOURCE}/users/{x}`,
    max: LIMITS.userExternalId,
    call: (_o, s, id) => s.users.delete(id),
  },
  {
    name: "groupOrExternalId (groups.update)",
    template: `${SOURCE}/groups/{x}`,
    max: LIMITS.groupExternalId,
    call: (_o, s, id) => s.groups.update(id, group),
  },
  {
    name: "groupOrExternalId (groups.listMembers)",
    template: `${SOURCE}/groups/{x}/membership`,
    max: LIMITS.groupExternalId,
    call: (_o, s, id) => drain(s.groups.listMembers(id)),
  },
  {
    name: "groupOrExternalId (groups.removeMember)",
    template: `${SOURCE}/groups/{x}/membership/m1`,
    max: LIMITS.groupExternalId,
    call: (_o, s, id) => s.groups.removeMember(id, "m1"),
  },
  {
    name: "memberExternalId (groups.removeMember)",
    template: `${SOURCE}/groups/g1/membership/{x}`,
    max: LIMITS.memberExternalId,
    call: (_o, s, id) => s.groups.removeMember("g1", id),
  },
];

/** What the client must refuse; everything else it must send faithfully. */
const refusable = (id: string, max: number) =>
  id === "" || id === "." || id === ".." || /[\uD800-\uDFFF]/.test(id) || id.length > max;

let server: Recorder;
let okta: IdentitySourceClient;
let source: IdentitySource;
beforeAll(async () => {
  server = await startRecorder();
  okta = createIdentitySourceClient({ orgUrl: server.url, token: TOKEN, maxRetries: 0 });
  source = okta.identitySource(SOURCE);
});
afterAll(() => server.close());

describe.each(slots)("$name", (slot) => {
  it("is refused before sending, or arrives as exactly one segment that decodes to the input", async () => {
    const expected = `/api/v1/identity-sources/${slot.template}`.split("/");
    const at = expected.indexOf("{x}");
    await fc.assert(
      fc.asyncProperty(pathString, async (id) => {
        const before = server.requests.length;
        let error: unknown;
        try {
          await slot.call(okta, source, id);
        } catch (e) {
          error = e;
        }
        const sent = server.requests.slice(before);
        if (refusable(id, slot.max)) {
          expect(error, `should refuse ${JSON.stringify(id)}`).toBeInstanceOf(OktaValidationError);
          expect(sent).toEqual([]);
          return;
        }
        expect(error, String(error)).toBeUndefined();
        expect(sent).toHaveLength(1);
        const { path, query } = sent[0]!;
        const segments = path.split("/");
        expect(segments).toHaveLength(expected.length);
        segments.forEach((segment, i) => {
          if (i === at) expect(decodeURIComponent(segment)).toBe(id);
          else expect(segment).toBe(expected[i]);
        });
        expect(query).toBe("");
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
