// Session lifecycle and limits (docs/okta-behaviour.md, "Import sessions"), each refusal a 400 E0000001
// whose errorSummary names the rule.
import { afterEach, describe, expect, test } from "vitest";
import type { MockOkta, MockOktaOptions } from "../../src/testing/index.js";
import {
  call,
  inProgressSession,
  sessionStatus,
  sleep,
  start,
  user,
  users,
  waitForStatus,
} from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(() => mock?.close());
async function startWith(options: MockOktaOptions = {}): Promise<MockOkta> {
  return (mock = await start(options));
}

function expectRule(
  answer: { status: number; body: { errorCode: string; errorSummary: string } },
  rule: RegExp,
) {
  expect(answer.status).toBe(400);
  expect(answer.body.errorCode).toBe("E0000001");
  expect(answer.body.errorSummary).toMatch(/^Api validation failed: /);
  expect(answer.body.errorSummary).toMatch(rule);
}

describe("states", () => {
  test("the first upload that changes something moves CREATED to IN_PROGRESS", async () => {
    const m = await startWith();
    const id = (await call(m, "POST", "sessions")).body.id;
    // A delete that matches nothing leaves the session CREATED...
    expect(
      (
        await call(m, "POST", `sessions/${id}/bulk-delete`, {
          entityType: "USERS",
          profiles: [{ externalId: "nobody" }],
        })
      ).status,
    ).toBe(202);
    expect(
      (await call(m, "POST", `sessions/${id}/bulk-upsert`, { entityType: "USERS", profiles: [] }))
        .status,
    ).toBe(202);
    expect(sessionStatus(m, id)).toBe("CREATED");
    // ...so it cannot be imported yet.
    expectRule(
      await call(m, "POST", `sessions/${id}/start-import`),
      /CREATED.*only an IN_PROGRESS session can be imported/,
    );
    await call(m, "POST", `sessions/${id}/bulk-upsert`, {
      entityType: "USERS",
      profiles: [user("a")],
    });
    expect((await call(m, "GET", `sessions/${id}`)).body.status).toBe("IN_PROGRESS");
    expect(m.state().sessions[0]!.bulkRequests).toBe(3);
  });

  test("a delete that matches existing data moves CREATED to IN_PROGRESS", async () => {
    const m = await startWith();
    m.load({ users: [user("a")] });
    const id = (await call(m, "POST", "sessions")).body.id;
    await call(m, "POST", `sessions/${id}/bulk-delete`, {
      entityType: "USERS",
      profiles: [{ externalId: "a" }],
    });
    expect(sessionStatus(m, id)).toBe("IN_PROGRESS");
  });

  test("uploads and start-import are refused once TRIGGERED, COMPLETED or CLOSED", async () => {
    const m = await startWith({ processingMs: 3_000_000 }); // 3 s after timeScale: stays TRIGGERED
    const id = await inProgressSession(m);
    expect((await call(m, "POST", `sessions/${id}/start-import`)).status).toBe(200);
    const upload = { entityType: "USERS", profiles: [user("late")] };
    expectRule(
      await call(m, "POST", `sessions/${id}/bulk-upsert`, upload),
      /is TRIGGERED; bulk data can be uploaded only while a session is CREATED or IN_PROGRESS/,
    );
    expectRule(
      await call(m, "POST", `sessions/${id}/start-import`),
      /TRIGGERED; only an IN_PROGRESS session can be imported/,
    );
    expectRule(
      await call(m, "DELETE", `sessions/${id}`),
      /TRIGGERED; only CREATED or IN_PROGRESS sessions can be deleted/,
    );
    expect(m.state().sessions[0]).toMatchObject({ status: "TRIGGERED", bulkRequests: 1 });
  });

  test("delete cancels a CREATED or IN_PROGRESS session and drops its data", async () => {
    const m = await startWith({ cooldownMs: 0 });
    const id = await inProgressSession(m, "never");
    expect((await call(m, "DELETE", `sessions/${id}`)).status).toBe(204);
    expect(sessionStatus(m, id)).toBe("CLOSED");
    expectRule(
      await call(m, "POST", `sessions/${id}/bulk-upsert`, {
        entityType: "USERS",
        profiles: [user("x")],
      }),
      /CLOSED/,
    );
    expectRule(await call(m, "DELETE", `sessions/${id}`), /CLOSED; only CREATED or IN_PROGRESS/);
    const created = (await call(m, "POST", "sessions")).body.id;
    expect((await call(m, "DELETE", `sessions/${created}`)).status).toBe(204);
    expect(m.state().users).toEqual([]);
  });
});

describe("creating sessions", () => {
  test("at most one CREATED session per identity source", async () => {
    const m = await startWith();
    const first = (await call(m, "POST", "sessions")).body.id;
    expectRule(
      await call(m, "POST", "sessions"),
      new RegExp(`already has a session in CREATED status \\(${first}\\)`),
    );
    await call(m, "DELETE", `sessions/${first}`);
    expect((await call(m, "POST", "sessions")).status).toBe(200);
  });

  test("cool-down: no new session while an IN_PROGRESS or TRIGGERED one is younger than 5 minutes (scaled)", async () => {
    // 5 min * (1/300) = 1 s of cool-down; processing takes 10 s so the session stays TRIGGERED.
    const m = await startWith({ timeScale: 1 / 300, processingMs: 3_000_000 });
    const first = await inProgressSession(m);
    const createdAt = Date.parse(m.state().sessions[0]!.created);
    expectRule(
      await call(m, "POST", "sessions"),
      /IN_PROGRESS and was created less than 5 minutes ago/,
    );
    await call(m, "POST", `sessions/${first}/start-import`);
    expectRule(
      await call(m, "POST", "sessions"),
      /TRIGGERED and was created less than 5 minutes ago/,
    );
    let answer;
    for (;;) {
      answer = await call(m, "POST", "sessions");
      if (answer.status === 200) break;
      await sleep(50);
    }
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(1000);
    expect(answer.body.status).toBe("CREATED");
  });

  test("a completed session does not block a new one", async () => {
    const m = await startWith();
    const id = await inProgressSession(m);
    await call(m, "POST", `sessions/${id}/start-import`);
    await waitForStatus(m, id, "COMPLETED");
    expect((await call(m, "POST", "sessions")).status).toBe(200);
  });
});

describe("limits per bulk request and per session", () => {
  test("at most 200 entities per request", async () => {
    const m = await startWith();
    const id = (await call(m, "POST", "sessions")).body.id;
    expect(
      (
        await call(m, "POST", `sessions/${id}/bulk-upsert`, {
          entityType: "USERS",
          profiles: users("u", 200),
        })
      ).status,
    ).toBe(202);
    expectRule(
      await call(m, "POST", `sessions/${id}/bulk-upsert`, {
        entityType: "USERS",
        profiles: users("v", 201),
      }),
      /201 entities; at most 200 entities per bulk request/,
    );
    const ids = Array.from({ length: 201 }, (_, i) => `g${i}`);
    expectRule(
      await call(m, "POST", `sessions/${id}/bulk-groups-delete`, { externalIds: ids }),
      /at most 200 entities/,
    );
    expect(m.state().sessions[0]!.bulkRequests).toBe(1);
  });

  test("at most 200,000 bytes per request", async () => {
    const m = await startWith();
    const id = (await call(m, "POST", "sessions")).body.id;
    const big = Array.from({ length: 200 }, (_, i) =>
      user(`u${i}`, { homeAddress: "x".repeat(1000) }),
    );
    const body = JSON.stringify({ entityType: "USERS", profiles: big });
    expect(Buffer.byteLength(body)).toBeGreaterThan(200_000);
    expectRule(
      await call(m, "POST", `sessions/${id}/bulk-upsert`, body),
      new RegExp(`${Buffer.byteLength(body)} bytes; at most 200000 bytes`),
    );
  });

  test("at most 50 bulk requests per session", async () => {
    const m = await startWith();
    const id = (await call(m, "POST", "sessions")).body.id;
    for (let i = 0; i < 50; i++) {
      const answer = await call(m, "POST", `sessions/${id}/bulk-upsert`, {
        entityType: "USERS",
        profiles: [user(`u${i}`)],
      });
      expect(answer.status).toBe(202);
    }
    expectRule(
      await call(m, "POST", `sessions/${id}/bulk-groups-upsert`, {
        profiles: [{ externalId: "g", profile: { displayName: "G" } }],
      }),
      /already accepted 50 bulk requests; at most 50 bulk requests per session/,
    );
    expect((await call(m, "POST", `sessions/${id}/start-import`)).status).toBe(200);
  });
});

describe("processing and time", () => {
  test("triggered sessions are processed one at a time, in order", async () => {
    // 100 s * 0.001 = 100 ms of processing per session; no cool-down so both can be triggered.
    const m = await startWith({ processingMs: 100_000, cooldownMs: 0 });
    const ids: string[] = [];
    for (const name of ["One", "Two"]) {
      const id = (await call(m, "POST", "sessions")).body.id;
      await call(m, "POST", `sessions/${id}/bulk-upsert`, {
        entityType: "USERS",
        profiles: [user("same", { firstName: name })],
      });
      await call(m, "POST", `sessions/${id}/start-import`);
      ids.push(id);
    }
    await waitForStatus(m, ids[1]!, "COMPLETED");
    const [first, second] = m.state().sessions;
    expect(first!.status).toBe("COMPLETED");
    // The second one started only when the first had finished.
    expect(Date.parse(second!.lastUpdated) - Date.parse(first!.lastUpdated)).toBeGreaterThanOrEqual(
      95,
    );
    expect(m.state().users[0]!.profile["firstName"]).toBe("Two");
  });

  test("processing takes Okta's time unless timeScale shrinks it", async () => {
    const slow = await startWith({ timeScale: 1 });
    const id = await inProgressSession(slow);
    await call(slow, "POST", `sessions/${id}/start-import`);
    await sleep(300);
    // Default processing takes 3 s at timeScale 1.
    expect(sessionStatus(slow, id)).toBe("TRIGGERED");
    await slow.close();

    const fast = await startWith({ timeScale: 0.01 }); // 3 s -> 30 ms
    const fastId = await inProgressSession(fast);
    const triggered = (await call(fast, "POST", `sessions/${fastId}/start-import`)).body[0];
    await waitForStatus(fast, fastId, "COMPLETED");
    const done = fast.state().sessions[0]!;
    expect(Date.parse(done.lastUpdated) - Date.parse(triggered.lastUpdated)).toBeGreaterThanOrEqual(
      25,
    );
  });

  test("CREATED and IN_PROGRESS sessions expire after inactivity, and requests postpone it", async () => {
    // 24 h * 0.001 would be 86 s; 200 s * 0.001 = 200 ms here.
    const m = await startWith({ sessionExpiryMs: 200_000, cooldownMs: 0 });
    const created = (await call(m, "POST", "sessions")).body.id;
    expect(await waitForStatus(m, created, "EXPIRED")).toBe("EXPIRED");
    const inProgress = await inProgressSession(m);
    expect(await waitForStatus(m, inProgress, "EXPIRED")).toBe("EXPIRED");
    expectRule(await call(m, "POST", `sessions/${inProgress}/start-import`), /EXPIRED/);
    expect((await call(m, "GET", `sessions/${inProgress}`)).body.status).toBe("EXPIRED");
    expect(m.state().users).toEqual([]);

    // With a request every 50 ms a 1 s expiry never fires.
    await m.close();
    const busy = await startWith({
      sessionExpiryMs: 1_000_000,
      rateLimit: { perMinute: Infinity },
    });
    const kept = (await call(busy, "POST", "sessions")).body.id;
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      await call(busy, "GET", `sessions/${kept}`);
      await sleep(50);
    }
    expect(sessionStatus(busy, kept)).toBe("CREATED");
    expect(await waitForStatus(busy, kept, "EXPIRED")).toBe("EXPIRED");
  });
});
