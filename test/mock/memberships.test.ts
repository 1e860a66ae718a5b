// Membership listing pages with `limit`, an opaque `after` cursor and `Link: <...>; rel="next"`.
import { afterEach, beforeEach, expect, test } from "vitest";
import type { MockOkta } from "../../src/testing/index.js";
import { call, start } from "./helpers.js";

let mock: MockOkta;
const members = (count: number) =>
  Array.from({ length: count }, (_, i) => `member-${String(i).padStart(4, "0")}`);

beforeEach(async () => {
  mock = await start();
  mock.load({
    groups: [{ externalId: "big", profile: { displayName: "Big" } }],
    memberships: [{ groupExternalId: "big", memberExternalIds: members(250) }],
  });
});
afterEach(() => mock.close());

function nextLink(headers: Headers): string | undefined {
  const link = headers.get("link") ?? "";
  return /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
}

test("following rel=next verbatim walks every member once, in order", async () => {
  const seen: string[] = [];
  const pageSizes: number[] = [];
  let url: string | undefined =
    `${mock.url}/api/v1/identity-sources/0oa3l6l6WK6h0R0QW0g4/groups/big/membership?limit=100`;
  while (url) {
    expect(url.startsWith(`${mock.url}/`)).toBe(true);
    const answer = await call(mock, "GET", url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("link")).toMatch(/rel="self"/);
    pageSizes.push(answer.body.memberExternalIds.length);
    seen.push(...answer.body.memberExternalIds);
    url = nextLink(answer.headers);
  }
  expect(pageSizes).toEqual([100, 100, 50]);
  expect(seen).toEqual(members(250));
});

test("without limit the page size is 200; limit may go up to 1000", async () => {
  const first = await call(mock, "GET", "groups/big/membership");
  expect(first.body.memberExternalIds).toHaveLength(200);
  expect(nextLink(first.headers)).toContain("limit=200");
  const all = await call(mock, "GET", "groups/big/membership?limit=1000");
  expect(all.body.memberExternalIds).toHaveLength(250);
  expect(nextLink(all.headers)).toBeUndefined();
});

test("the page size default is an option; an empty group has one empty page", async () => {
  await mock.close();
  mock = await start({ membershipPageSize: 2 });
  mock.load({
    groups: [
      { externalId: "g", profile: { displayName: "G" } },
      { externalId: "empty", profile: { displayName: "E" } },
    ],
    memberships: [{ groupExternalId: "g", memberExternalIds: ["a", "b", "c"] }],
  });
  const page = await call(mock, "GET", "groups/g/membership");
  expect(page.body.memberExternalIds).toEqual(["a", "b"]);
  const rest = await call(mock, "GET", nextLink(page.headers)!);
  expect(rest.body.memberExternalIds).toEqual(["c"]);
  const empty = await call(mock, "GET", "groups/empty/membership");
  expect(empty.body).toEqual({ memberExternalIds: [] });
  expect(nextLink(empty.headers)).toBeUndefined();
});

test("a cursor the server did not issue is 400", async () => {
  const answer = await call(mock, "GET", "groups/big/membership?after=not-a-cursor");
  expect(answer.status).toBe(400);
  expect(answer.body.errorCauses[0].errorSummary).toMatch(/^after: /);
});
