// Every bulk kind of the operation registry, enumerated from it (not listed by hand): the mock
// serves it, refuses 201 entities and accepts 200, processes the spec's own example into state,
// and treats a kind it does not know as an error, never as a reason to skip the entity rule.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openapiDocument } from "../../generated/openapi-document.js";
import { BULK, type BulkKind } from "../../generated/registry.js";
import { bulkBody } from "../../src/bulk-bodies.js";
import { entityCount } from "../../src/testing/processing.js";
import type { MockOkta } from "../../src/testing/index.js";
import { call, start, waitForStatus } from "./helpers.js";

const doc = openapiDocument as any;
const kinds = Object.keys(BULK) as BulkKind[];

/** The first entity of the spec's own request example of `kind`, as a caller passes it. */
function exampleItem(kind: BulkKind): any {
  const { path, list, wrap } = BULK[kind];
  const examples = doc.paths[path].post.requestBody.content["application/json"].examples;
  const first: any = Object.values(examples)[0];
  const example = first.$ref ? doc.components.examples[first.$ref.split("/").pop()] : first;
  const item = example.value[list][0];
  return wrap === null ? item : item[wrap];
}

/** `n` distinct items of `kind`, made from its example. */
function items(kind: BulkKind, n: number): unknown[] {
  const item = exampleItem(kind);
  return Array.from({ length: n }, (_, i) => {
    if (typeof item === "string") return `${item}-${i}`;
    if ("externalId" in item) return { ...item, externalId: `${item.externalId}-${i}` };
    return { ...item, groupExternalId: `${item.groupExternalId}-${i}` };
  });
}

const suffix = (kind: BulkKind) => BULK[kind].suffix;

let mock: MockOkta;
beforeAll(async () => {
  mock = await start();
});
afterAll(() => mock.close());

describe.each(kinds)("bulk kind %s", (kind) => {
  it("refuses one entity more than the limit before looking at the body, and accepts the limit", async () => {
    mock.reset();
    const session = (await call(mock, "POST", "sessions")).body.id;
    const max = BULK[kind].maxEntities;
    const over = await call(
      mock,
      "POST",
      `sessions/${session}/${suffix(kind)}`,
      bulkBody(kind, items(kind, max + 1) as never),
    );
    expect(over.status).toBe(400);
    expect(over.body.errorCode).toBe("E0000001");
    expect(over.body.errorSummary).toContain(`${max + 1} entities; at most ${max} entities`);
    const fits = await call(
      mock,
      "POST",
      `sessions/${session}/${suffix(kind)}`,
      bulkBody(kind, items(kind, max) as never),
    );
    expect(fits.status).toBe(202);
  });
});

describe("processing every upsert kind", () => {
  it("holds what the spec's examples upload, in the state of its kind", async () => {
    mock.reset();
    const session = (await call(mock, "POST", "sessions")).body.id;
    const upserts = kinds.filter((k) => BULK[k].action === "upsert");
    // One session carries every kind; users and groups come first in the spec, as they must.
    for (const kind of upserts) {
      const answer = await call(
        mock,
        "POST",
        `sessions/${session}/${suffix(kind)}`,
        bulkBody(kind, [exampleItem(kind)] as never),
      );
      expect(answer.status, kind).toBe(202);
    }
    expect((await call(mock, "POST", `sessions/${session}/start-import`)).status).toBe(200);
    expect(await waitForStatus(mock, session, "COMPLETED", "ERROR")).toBe("COMPLETED");
    const state = mock.state() as any;
    for (const kind of upserts) {
      const item = exampleItem(kind);
      if (BULK[kind].shape === "entities") {
        const held = state[BULK[kind].kind].map((e: any) => e.externalId);
        expect(held, kind).toContain(item.externalId);
      }
    }
  });
});

it("an unknown kind is an error in the mock, not a skipped 200-entity rule", () => {
  expect(() => entityCount("gadgets" as BulkKind, { profiles: new Array(500) })).toThrow(
    /knows no bulk kind gadgets/,
  );
  expect(entityCount("users", { entityType: "USERS", profiles: new Array(201) })).toBe(201);
});
