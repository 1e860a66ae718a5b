// Every operation of the spec over plain fetch, with the mock checking its own responses against
// the spec (validateResponses), and the data they leave behind in mock.state().
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { MockOkta } from "../../src/testing/index.js";
import { call, SOURCE, start, user, waitForStatus } from "./helpers.js";

let mock: MockOkta;
beforeEach(async () => {
  mock = await start();
});
afterEach(() => mock.close());

describe("one session through every bulk operation", () => {
  test("applies all uploads in order when processed, and nothing before", async () => {
    mock.load({
      users: [user("old1"), user("old2", { costCenter: "42" })],
      groups: [{ externalId: "gOld", profile: { displayName: "Old" } }],
      memberships: [{ groupExternalId: "gOld", memberExternalIds: ["old1", "old2"] }],
      devices: [
        {
          externalId: "dOld",
          profile: { serialNumber: "S0", platform: "MACOS", displayName: "Old Mac" },
        },
      ],
    });
    const created = await call(mock, "POST", "sessions");
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      identitySourceId: SOURCE,
      status: "CREATED",
      importType: "INCREMENTAL",
    });
    const id: string = created.body.id;
    expect(id).toMatch(/^aps[0-9A-Za-z]{17}$/);

    const uploads: [string, unknown][] = [
      [
        "bulk-upsert",
        {
          entityType: "USERS",
          profiles: [
            user("u1", { department: "R&D" }),
            user("u2"),
            user("old2", { firstName: "Ada" }),
          ],
        },
      ],
      [
        "bulk-groups-upsert",
        {
          profiles: [
            {
              externalId: "g1",
              profile: { displayName: "Eng", description: null, site: "Berlin" },
            },
            { externalId: "g2", profile: { displayName: "Temp" } },
          ],
        },
      ],
      [
        "bulk-group-memberships-upsert",
        {
          memberships: [
            { groupExternalId: "g1", memberExternalIds: ["u1", "u2"] },
            { groupExternalId: "g2", memberExternalIds: ["u1"] },
          ],
        },
      ],
      [
        "bulk-devices-upsert",
        {
          profiles: [
            {
              externalId: "d1",
              profile: { serialNumber: "S1", platform: "MACOS", displayName: "Mac" },
            },
            {
              externalId: "d2",
              profile: { serialNumber: "S2", platform: "ANDROID", displayName: "Phone" },
            },
          ],
        },
      ],
      [
        "bulk-delete",
        { entityType: "USERS", profiles: [{ externalId: "old1" }, { externalId: "nobody" }] },
      ],
      ["bulk-groups-delete", { externalIds: ["g2", "no-such-group"] }],
      [
        "bulk-group-memberships-delete",
        {
          memberships: [
            { groupExternalId: "g1", memberExternalIds: ["u2"] },
            { groupExternalId: "gOld", memberExternalIds: ["old2"] },
          ],
        },
      ],
      ["bulk-devices-delete", { externalIds: ["dOld", "no-such-device"] }],
    ];
    for (const [suffix, body] of uploads) {
      const answer = await call(mock, "POST", `sessions/${id}/${suffix}`, body);
      expect(answer.status, suffix).toBe(202);
      expect(answer.body).toBeUndefined();
    }

    const before = mock.state();
    expect(before.users.map((u) => u.externalId)).toEqual(["old1", "old2"]);
    expect(before.sessions).toMatchObject([{ id, status: "IN_PROGRESS", bulkRequests: 8 }]);

    const triggered = await call(mock, "POST", `sessions/${id}/start-import`);
    expect(triggered.status).toBe(200);
    // Okta's example answers with a one-element array; the mock does the same.
    expect(triggered.body).toEqual([expect.objectContaining({ id, status: "TRIGGERED" })]);

    expect(await waitForStatus(mock, id, "COMPLETED", "ERROR")).toBe("COMPLETED");
    const after = mock.state();
    const byId = Object.fromEntries(after.users.map((u) => [u.externalId, u]));
    expect(byId["old1"]).toMatchObject({ status: "DEACTIVATED" });
    expect(byId["old2"]).toMatchObject({
      status: "ACTIVE",
      profile: { costCenter: "42", firstName: "Ada" },
    });
    expect(byId["u1"]).toMatchObject({ status: "ACTIVE", profile: { department: "R&D" } });
    expect(byId["u1"]!.id).toMatch(/^00u/);
    expect(byId["nobody"]).toBeUndefined();
    expect(after.groups.map((g) => [g.externalId, g.profile])).toEqual([
      ["gOld", { displayName: "Old" }],
      ["g1", { displayName: "Eng", description: null, site: "Berlin" }],
    ]);
    expect(after.memberships).toEqual([
      { groupExternalId: "gOld", memberExternalIds: ["old1"] },
      { groupExternalId: "g1", memberExternalIds: ["u1"] },
    ]);
    expect(after.devices.map((d) => d.externalId)).toEqual(["d1", "d2"]);
    expect(after.sessions).toMatchObject([{ id, status: "COMPLETED" }]);

    const fetched = await call(mock, "GET", `sessions/${id}`);
    expect(fetched.body).toMatchObject({ id, status: "COMPLETED" });
    // Completed sessions are no longer active, so the list leaves them out.
    expect((await call(mock, "GET", "sessions")).body).toEqual([]);
  });

  test("state() is a copy", async () => {
    mock.load({ users: [user("a")] });
    const snapshot = mock.state();
    snapshot.users[0]!.profile["email"] = "changed@example.com";
    snapshot.users.pop();
    expect(mock.state().users[0]!.profile["email"]).toBe("a@example.com");
  });
});

describe("real-time users", () => {
  test("create, get, replace, update and delete apply at once", async () => {
    const created = await call(
      mock,
      "POST",
      "users",
      user("rt1", { firstName: "Isaac", title: "Dr" }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      externalId: "rt1",
      profile: { firstName: "Isaac", title: "Dr" },
    });
    expect(created.body.id).toMatch(/^00u/);
    expect((await call(mock, "POST", "users", user("rt1"))).status).toBe(400);

    const got = await call(mock, "GET", "users/rt1");
    expect(got.body).toEqual(created.body);

    const replaced = await call(mock, "PUT", "users/rt1", {
      profile: { email: "new@example.com", userName: "new@example.com" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.profile).toEqual({
      email: "new@example.com",
      userName: "new@example.com",
    });

    const updated = await call(mock, "PATCH", "users/rt1", {
      profile: { email: "new@example.com", userName: "new@example.com", mobilePhone: "+1 555" },
    });
    expect(updated.body.profile).toEqual({
      email: "new@example.com",
      userName: "new@example.com",
      mobilePhone: "+1 555",
    });
    expect(mock.state().users).toMatchObject([
      { externalId: "rt1", status: "ACTIVE", profile: updated.body.profile },
    ]);

    expect((await call(mock, "DELETE", "users/rt1")).status).toBe(204);
    expect(mock.state().users).toMatchObject([{ externalId: "rt1", status: "DEACTIVATED" }]);
  });

  test("an externalId in the PUT body must match the path", async () => {
    mock.load({ users: [user("a")] });
    const answer = await call(mock, "PUT", "users/a", user("b"));
    expect(answer.status).toBe(400);
    expect(answer.body.errorCauses[0].errorSummary).toMatch(/^externalId:/);
  });

  test("unknown users are 404 E0000007, also with reserved characters in the id", async () => {
    const profile = user("x").profile;
    const cases: [string, unknown][] = [
      ["GET", undefined],
      ["PUT", { profile }],
      ["PATCH", { profile }],
      ["DELETE", undefined],
    ];
    for (const [method, body] of cases) {
      const answer = await call(mock, method, `users/${encodeURIComponent("no/such user")}`, body);
      expect(answer.status, method).toBe(404);
      expect(answer.body.errorCode).toBe("E0000007");
    }
    mock.load({ users: [user("a/b c", { email: "ab@example.com" })] });
    expect((await call(mock, "GET", `users/${encodeURIComponent("a/b c")}`)).status).toBe(200);
  });
});

describe("real-time groups and memberships", () => {
  test("create, get by either id, update, memberships and delete", async () => {
    mock.load({ users: [user("u1"), user("u2")] });
    const created = await call(mock, "POST", "groups", {
      externalId: "g1",
      profile: { displayName: "Eng", description: "builders" },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      externalId: "g1",
      profile: { displayName: "Eng", description: "builders" },
    });
    const oktaId: string = created.body.id;
    expect(oktaId).toMatch(/^00g/);
    expect(
      (await call(mock, "POST", "groups", { externalId: "g1", profile: { displayName: "X" } }))
        .status,
    ).toBe(400);

    expect((await call(mock, "GET", "groups/g1")).body).toEqual(created.body);
    expect((await call(mock, "GET", `groups/${oktaId}`)).body).toEqual(created.body);

    const updated = await call(mock, "POST", `groups/${oktaId}`, {
      externalId: "g1",
      profile: { displayName: "Engineering" },
    });
    expect(updated.body.profile).toEqual({ displayName: "Engineering", description: "builders" });

    expect(
      (await call(mock, "POST", "groups/g1/membership", { memberExternalId: "u1" })).status,
    ).toBe(204);
    expect(
      (await call(mock, "POST", `groups/${oktaId}/membership`, { memberExternalId: "u2" })).status,
    ).toBe(204);
    expect(
      (await call(mock, "POST", "groups/g1/membership", { memberExternalId: "ghost" })).status,
    ).toBe(404);
    expect((await call(mock, "GET", "groups/g1/membership")).body).toEqual({
      memberExternalIds: ["u1", "u2"],
    });

    expect((await call(mock, "DELETE", "groups/g1/membership/u1")).status).toBe(204);
    expect((await call(mock, "DELETE", "groups/g1/membership/u1")).status).toBe(204);
    expect((await call(mock, "DELETE", "groups/g1/membership/ghost")).status).toBe(404);
    expect(mock.state().memberships).toEqual([
      { groupExternalId: "g1", memberExternalIds: ["u2"] },
    ]);

    expect((await call(mock, "DELETE", `groups/${oktaId}`)).status).toBe(204);
    expect(mock.state()).toMatchObject({ groups: [], memberships: [] });
    for (const path of ["groups/g1", "groups/g1/membership"]) {
      const answer = await call(mock, "GET", path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.errorCode).toBe("E0000007");
    }
  });
});

describe("sessions", () => {
  test("list shows the active sessions and get/delete address one", async () => {
    const created = (await call(mock, "POST", "sessions")).body;
    expect((await call(mock, "GET", "sessions")).body).toEqual([created]);
    expect((await call(mock, "GET", `sessions/${created.id}`)).body).toEqual(created);
    expect((await call(mock, "DELETE", `sessions/${created.id}`)).status).toBe(204);
    expect((await call(mock, "GET", `sessions/${created.id}`)).body.status).toBe("CLOSED");
    expect((await call(mock, "GET", "sessions")).body).toEqual([]);
  });

  test("a failed session ends in ERROR and applies nothing", async () => {
    mock.failNextSessions();
    const created = (await call(mock, "POST", "sessions")).body;
    await call(mock, "POST", `sessions/${created.id}/bulk-upsert`, {
      entityType: "USERS",
      profiles: [user("x")],
    });
    await call(mock, "POST", `sessions/${created.id}/start-import`);
    expect(await waitForStatus(mock, created.id, "COMPLETED", "ERROR")).toBe("ERROR");
    expect(mock.state().users).toEqual([]);
  });

  test("the failSession option decides per session", async () => {
    await mock.close();
    const seen: string[] = [];
    mock = await start({
      failSession: ({ sessionId }) => (seen.push(sessionId), seen.length === 1),
      cooldownMs: 0,
    });
    const statuses: string[] = [];
    for (const name of ["first", "second"]) {
      const id = (await call(mock, "POST", "sessions")).body.id;
      await call(mock, "POST", `sessions/${id}/bulk-upsert`, {
        entityType: "USERS",
        profiles: [user(name)],
      });
      await call(mock, "POST", `sessions/${id}/start-import`);
      statuses.push(await waitForStatus(mock, id, "COMPLETED", "ERROR"));
    }
    expect(statuses).toEqual(["ERROR", "COMPLETED"]);
    expect(mock.state().users.map((u) => u.externalId)).toEqual(["second"]);
  });
});

test("reset() forgets data, sessions and requests", async () => {
  mock.load({ users: [user("a")] });
  await call(mock, "POST", "sessions");
  expect(mock.requests.length).toBe(1);
  mock.reset();
  expect(mock.state()).toMatchObject({ users: [], sessions: [] });
  expect(mock.requests).toEqual([]);
  expect((await call(mock, "POST", "sessions")).status).toBe(200);
});

test("a second identity source keeps its own data", async () => {
  await mock.close();
  mock = await start({ identitySourceIds: [SOURCE, "0oaSECOND"] });
  mock.load({ users: [user("only-second")] }, "0oaSECOND");
  expect(mock.state().users).toEqual([]);
  expect(mock.state("0oaSECOND").users).toHaveLength(1);
  expect(
    (await call(mock, "GET", "/api/v1/identity-sources/0oaSECOND/users/only-second")).status,
  ).toBe(200);
  expect(() => mock.state("0oaNOPE")).toThrow(/unknown identity source/);
});

test("the handle does not show the API token", () => {
  expect(JSON.stringify(mock)).not.toContain("test-token");
  expect(JSON.stringify(mock)).toContain("[REDACTED]");
});
