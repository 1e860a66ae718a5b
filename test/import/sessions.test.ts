// Session handling against the embedded mock: activeSession policies, cool-down, ERROR, EXPIRED,
// and abort.
import { afterEach, describe, expect, test } from "vitest";
import { OktaImportError, runImport } from "../../src/import/index.js";
import type { ImportProgress } from "../../src/import/index.js";
import type { MockOkta, MockOktaOptions } from "../../src/testing/index.js";
import { activeUsers, sourceFor, startMock, user } from "./helpers.js";

let mock: MockOkta | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function setup(options: MockOktaOptions = {}) {
  mock = await startMock(options);
  return mock;
}

const users = (n: number) => Array.from({ length: n }, (_, i) => user(i));

/** A session someone else opened and uploaded to (IN_PROGRESS). */
async function foreignSession(m: MockOkta): Promise<string> {
  const sessions = sourceFor(m).sessions;
  const session = await sessions.create();
  await sessions.upsertUsers(session.id!, [
    { externalId: "foreign", profile: { email: "f@example.com", userName: "f" } },
  ]);
  return session.id!;
}

const createCalls = (m: MockOkta) =>
  m.requests.filter((r) => r.method === "POST" && r.operationId === "createIdentitySourceSession");

async function rejection(promise: Promise<unknown>): Promise<OktaImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OktaImportError);
  return error as OktaImportError;
}

describe("activeSession policy", () => {
  test('"fail" rejects with the active session named and creates nothing', async () => {
    const m = await setup();
    const foreign = await foreignSession(m);
    const error = await rejection(
      runImport(sourceFor(m), { users: users(10) }, { activeSession: "fail", pollInterval: 10 }),
    );
    expect(error.reason).toBe("active-session");
    expect(error.message).toContain(foreign);
    expect(error.message).toContain("IN_PROGRESS");
    expect(error.report.sessions).toEqual([]);
    expect(createCalls(m)).toHaveLength(1); // the foreign one only
    expect(m.state().sessions.map((s) => s.status)).toEqual(["IN_PROGRESS"]);
  });

  test('"cancel" cancels an open session (dropping its data) and imports', async () => {
    const m = await setup();
    const foreign = await foreignSession(m);
    const report = await runImport(
      sourceFor(m),
      { users: users(10) },
      { activeSession: "cancel", pollInterval: 10 },
    );
    const state = m.state();
    expect(state.sessions.find((s) => s.id === foreign)?.status).toBe("CLOSED");
    expect(report.sessions.map((s) => s.status)).toEqual(["COMPLETED"]);
    expect(activeUsers(m).size).toBe(10); // not "foreign": its session was cancelled
    expect(m.requests.some((r) => r.method === "DELETE" && r.sessionId === foreign)).toBe(true);
  });

  test('"wait" (the default) waits until the open session is triggered and done', async () => {
    const m = await setup();
    const foreign = await foreignSession(m);
    const other = sourceFor(m).sessions;
    const events: ImportProgress[] = [];
    let triggered: Promise<unknown> | undefined;
    const report = await runImport(
      sourceFor(m),
      { users: users(10) },
      {
        pollInterval: 10,
        onProgress: (p) => {
          events.push(p);
          // The other uploader finishes while we wait.
          if (p.type === "waiting" && !triggered) triggered = other.startImport(foreign);
        },
      },
    );
    await triggered;
    expect(events.some((e) => e.type === "waiting" && e.message?.includes(foreign))).toBe(true);
    const state = m.state();
    expect(state.sessions.map((s) => s.status)).toEqual(["COMPLETED", "COMPLETED"]);
    expect(report.sessions[0]!.id).toBe(state.sessions[1]!.id);
    expect(activeUsers(m).size).toBe(11);
  });
});

describe("create-session cool-down", () => {
  // Cool-down 300 ms, processing 600 ms: a just-triggered session blocks creation for a while.
  const COOL = { cooldownMs: 300_000, processingMs: 600_000 };

  test("is waited out with back-off, not treated as fatal (even with activeSession fail)", async () => {
    const m = await setup(COOL);
    const other = sourceFor(m).sessions;
    const foreign = await foreignSession(m);
    await other.startImport(foreign);
    const events: ImportProgress[] = [];
    const report = await runImport(
      sourceFor(m),
      { users: users(5) },
      {
        activeSession: "fail",
        pollInterval: 10,
        onProgress: (p) => events.push(p),
      },
    );
    const creates = createCalls(m).slice(1);
    expect(creates.filter((r) => r.status === 400).length).toBeGreaterThanOrEqual(1);
    expect(creates.at(-1)!.status).toBe(200);
    expect(events.some((e) => e.type === "waiting" && /cool-down/.test(e.message ?? ""))).toBe(
      true,
    );
    expect(report.sessions.map((s) => s.status)).toEqual(["COMPLETED"]);
    expect(activeUsers(m).size).toBe(6);
  });

  test("gives up after coolDownTimeout with a clear error", async () => {
    const m = await setup(COOL);
    const other = sourceFor(m).sessions;
    await other.startImport(await foreignSession(m));
    const error = await rejection(
      runImport(sourceFor(m), { users: users(5) }, { pollInterval: 10, coolDownTimeout: 50 }),
    );
    expect(error.reason).toBe("cool-down-timeout");
    expect(error.report.sessions).toEqual([]);
  });
});

describe("sessions that fail", () => {
  test("ERROR rejects with the report so far", async () => {
    const m = await setup();
    const data = { users: users(12_000) }; // two sessions
    let failed = false;
    const error = await rejection(
      runImport(sourceFor(m), data, {
        pollInterval: 10,
        onProgress: (p) => {
          // The second session ends in ERROR.
          if (p.type === "session-created" && p.sessions === 2 && !failed) {
            failed = true;
            m.failNextSessions(1);
          }
        },
      }),
    );
    expect(error.reason).toBe("session-error");
    expect(error.report.sessions.map((s) => s.status)).toEqual(["COMPLETED", "ERROR"]);
    // Imported is only what the COMPLETED session carried; the ERROR session's users are listed apart.
    expect(error.report.counts.users).toBe(10_000);
    expect(error.report.unconfirmed.users).toBe(2_000);
    expect(error.report.sessions[0]!.counts.users).toBe(10_000);
    expect(error.message).toContain(`sessions completed: ${error.report.sessions[0]!.id}`);
    expect(error.message).toContain("imported: 10000 users");
    expect(error.message).toContain("sent but not confirmed by Okta: 2000 users");
    expect(activeUsers(m).size).toBe(10_000); // the ERROR session applied nothing
  });

  test("EXPIRED rejects with reason session-expired", async () => {
    // Expiry after 200 ms of inactivity; the upload is held 500 ms before the mock handles it.
    const m = await setup({ timeScale: 1, sessionExpiryMs: 200, processingMs: 5 });
    m.setFaults({ path: "/bulk-upsert", latencyMs: 500 });
    const error = await rejection(
      runImport(sourceFor(m), { users: users(3) }, { pollInterval: 10 }),
    );
    expect(error.reason).toBe("session-expired");
    expect(error.report.sessions.map((s) => s.status)).toEqual(["EXPIRED"]);
    expect(m.state().sessions.map((s) => s.status)).toEqual(["EXPIRED"]);
  });
});

describe("abort", () => {
  test("cancels the session open for upload, then rejects", async () => {
    const m = await setup();
    const controller = new AbortController();
    const error = await rejection(
      runImport(
        sourceFor(m),
        { users: users(3000) },
        {
          pollInterval: 10,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.type === "uploaded" && p.counts.users >= 400) controller.abort();
          },
        },
      ),
    );
    expect(error.reason).toBe("aborted");
    expect(error.report.sessions.map((s) => s.status)).toEqual(["CLOSED"]);
    const state = m.state();
    expect(state.sessions.map((s) => s.status)).toEqual(["CLOSED"]);
    expect(state.users).toEqual([]);
  });

  test("an already-aborted signal sends nothing", async () => {
    const m = await setup();
    const error = await rejection(
      runImport(sourceFor(m), { users: users(3) }, { signal: AbortSignal.abort() }),
    );
    expect(error.reason).toBe("aborted");
    expect(m.requests).toEqual([]);
  });

  test("while Okta processes, stops polling at once (a triggered session cannot be cancelled)", async () => {
    const m = await setup({ processingMs: 5_000_000 }); // 5 s
    const controller = new AbortController();
    const started = Date.now();
    const error = await rejection(
      runImport(
        sourceFor(m),
        { users: users(3) },
        {
          pollInterval: 10,
          signal: controller.signal,
          onProgress: (p) => p.type === "triggered" && controller.abort(),
        },
      ),
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expect(error.reason).toBe("aborted");
    expect(error.report.sessions.map((s) => s.status)).toEqual(["TRIGGERED"]);
  });
});
