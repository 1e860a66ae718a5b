// The README's notes for users of Okta's official Node SDK, checked with that SDK against the
// embedded mock, so the notes stay true (and are dropped when a new SDK release fixes one).
import okta from "@okta/okta-sdk-nodejs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import { startMockOkta } from "../../src/testing/index.js";
import type { MockOkta } from "../../src/testing/index.js";

const SRC = "0oa3l6l6WK6h0R0QW0g4";
let mock: MockOkta;
let api: InstanceType<typeof okta.Client>["identitySourceApi"];
beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001 });
  api = new okta.Client({ orgUrl: mock.url, token: mock.apiToken }).identitySourceApi;
});
afterAll(() => mock.close());

test("1 and 3: start-import reads as {}, and custom attributes are not sent", async () => {
  const session = await api.createIdentitySourceSession({ identitySourceId: SRC });
  await api.uploadIdentitySourceDataForUpsert({
    identitySourceId: SRC,
    sessionId: session.id!,
    BulkUpsertRequestBody: {
      entityType: "USERS",
      profiles: [
        {
          externalId: "E1",
          profile: { userName: "a", email: "a@example.com", department: "R&D" } as never,
        },
      ],
    },
  });
  const sent = mock.requests.find((r) => r.path.endsWith("/bulk-upsert"))!.body as {
    profiles: { profile: Record<string, string> }[];
  };
  expect(sent.profiles[0]!.profile).toEqual({ userName: "a", email: "a@example.com" });
  const started = await api.startImportFromIdentitySource({
    identitySourceId: SRC,
    sessionId: session.id!,
  });
  expect(JSON.parse(JSON.stringify(started))).toEqual({});
});

test("2 and 4: group profiles read as empty, and group update needs externalId", async () => {
  mock.load({ groups: [{ externalId: "G1", profile: { displayName: "Eng" } }] }, SRC);
  const group = await api.getIdentitySourceGroup({
    identitySourceId: SRC,
    groupOrExternalId: "G1",
  });
  expect(JSON.parse(JSON.stringify(group.profile))).toEqual({});
  const ours = createIdentitySourceClient({ orgUrl: mock.url, token: mock.apiToken });
  expect((await ours.identitySource(SRC).groups.get("G1")).profile).toEqual({ displayName: "Eng" });

  await expect(
    api.updateIdentitySourceGroups({
      identitySourceId: SRC,
      groupOrExternalId: "G1",
      groupsRequestSchema: { profile: { displayName: "Eng 2" } } as never,
    }),
  ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/externalId/) });
});
