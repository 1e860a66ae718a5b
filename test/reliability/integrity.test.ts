// The importer and sync never report what Okta did not apply, never wait without an end, and use
// the client's one retry policy with the caller's limits. A fault proxy of our own sits between
// the client and the embedded mock and answers in Okta's place where a scenario needs it.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createIdentitySourceClient } from "../../src/index.js";
import type { IdentitySource } from "../../src/index.js";
import { OktaImportError } from "../../src/import/index.js";
import type { ImportProgress, ImportSessionReport } from "../../src/import/index.js";
import { createMemoryStore } from "../../src/sync/index.js";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";
import { startFaultProxy, type FaultProxy, type FaultRule } from "./support/fault-proxy.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";

const users = Array.from({ length: 2000 }, (_, i) => ({
  externalId: `emp-${i}`,
  profile: { userName: `emp-${i}@example.com`, email: `emp-${i}@example.com`, title: "Engineer" },
}));
const groups = Array.from({ length: 50 }, (_, i) => ({
  externalId: `grp-${i}`,
  profile: { displayName: `Group ${i}` },
}));

let mock: MockOkta;
let proxy: FaultProxy;

beforeAll(async () => {
  mock = await startMockOkta({ timeScale: 0.001, rateLimit: { perMinute: 100_000 } });
  proxy = await startFaultProxy(mock.url);
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  proxy.setRule(undefined);
  proxy.log.length = 0;
});

function source(options: { maxRetries?: number } = {}): IdentitySource {
  return createIdentitySourceClient({
    orgUrl: proxy.url,
    token: mock.apiToken,
    timeout: 5000,
    ...options,
  }).identitySource(SOURCE);
}

const fast = { pollInterval: 5 };
const activeUsers = () => mock.state(SOURCE).users.filter((u) => u.status === "ACTIVE");
const sessionStatus = (id: string) => mock.state(SOURCE).sessions.find((s) => s.id === id)?.status;
const routes = (route: string) => proxy.log.filter((r) => r.route === route);

/** Rewrites every answer to GET session (after `from` of them) to read `status`. */
const reads =
  (status: string): FaultRule =>
  (r) =>
    r.route === "get"
      ? { rewrite: (body: unknown) => ({ ...(body as object), status }) }
      : undefined;

async function rejection(promise: Promise<unknown>): Promise<OktaImportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OktaImportError);
  return error as OktaImportError;
}

describe("lifecycle truth", () => {
  it("start-import answering 400 on a session that reads CREATED is a failure, nothing counted", async () => {
    proxy.setRule((r) =>
      r.route === "start-import"
        ? { answer: 400, body: { errorCode: "E0000001", errorSummary: "Api validation failed" } }
        : reads("CREATED")(r),
    );
    const error = await rejection(source().import({ users, groups }, fast));
    expect(error.reason).toBe("session-not-started");
    expect(error.message).toContain(error.report.sessions[0]!.id);
    expect(error.report.counts.users).toBe(0);
    expect(error.report.counts.groups).toBe(0);
    expect(error.report.unconfirmed).toMatchObject({ users: 2000, groups: 50 });
    expect(error.report.sessions.every((s) => !s.confirmed)).toBe(true);
    expect(activeUsers()).toHaveLength(0);
    // The session was ours and open: it is cancelled, so it blocks nobody.
    expect(sessionStatus(error.report.sessions[0]!.id)).toBe("CLOSED");
  });

  it("a session that reads CREATED again after start-import is a failure too", async () => {
    proxy.setRule(reads("CREATED"));
    const error = await rejection(source().import({ users: users.slice(0, 10) }, fast));
    expect(error.reason).toBe("session-not-started");
    expect(error.report.counts.users).toBe(0);
    expect(error.report.unconfirmed.users).toBe(10);
  });

  it("sync records nothing as confirmed, and the next sync sends everything again", async () => {
    const store = createMemoryStore();
    proxy.setRule((r) =>
      r.route === "start-import"
        ? { answer: 400, body: { errorCode: "E0000001" } }
        : reads("CREATED")(r),
    );
    const failed = await rejection(source().sync({ users, groups }, { store, ...fast }));
    expect(failed.reason).toBe("session-not-started");
    expect(activeUsers()).toHaveLength(0);

    proxy.setRule(undefined);
    const rerun = await source().sync({ users, groups }, { store, ...fast });
    expect(rerun.outcome).toBe("applied");
    expect(rerun.plan.counts.users.create + rerun.plan.counts.users.update).toBe(2000);
    expect(activeUsers()).toHaveLength(2000);
    const third = await source().sync({ users, groups }, { store, ...fast });
    expect(third.outcome).toBe("unchanged");
  });
});

describe("no endless polls", () => {
  it("a session that never finishes processing ends at processingTimeout, naming it", async () => {
    proxy.setRule(reads("TRIGGERED"));
    const error = await rejection(
      source().import({ users: users.slice(0, 5) }, { pollInterval: 20, processingTimeout: 300 }),
    );
    expect(error.reason).toBe("processing-timeout");
    const id = error.report.sessions[0]!.id;
    expect(error.message).toContain(id);
    expect(error.message).toContain("TRIGGERED");
    expect(error.message).toContain("--processing-timeout");
    // Bounded: about 300 / 20 polls, never hundreds.
    expect(routes("get").length).toBeLessThan(40);
  });

  for (const status of [503, 429]) {
    it(`a ${status} on start-import of a session of no-op deletes ends, nothing left open`, async () => {
      proxy.setRule((r) =>
        r.route === "start-import"
          ? { answer: status, body: { errorCode: "E0000047" } }
          : undefined,
      );
      const report = await source().import(
        { deletedUsers: ["nobody-1", "nobody-2"] },
        { ...fast, maxRetries: 1, processingTimeout: 5000 },
      );

      expect(report.sessions).toHaveLength(1);
      expect(report.sessions[0]).toMatchObject({ status: "CLOSED", confirmed: true, noop: true });
      expect(report.counts.deletedUsers).toBe(2);
      expect(mock.state(SOURCE).sessions.filter((s) => s.status === "CREATED")).toEqual([]);
      expect(routes("start-import").length).toBeLessThanOrEqual(2);
    });
  }

  it("an abort while start-import waits out a 429 cancels the session, through a 429 on the cancel", async () => {
    const controller = new AbortController();
    const reset = () => String(Math.ceil(Date.now() / 1000) + 30);
    proxy.setRule((r) => {
      if (r.route === "start-import") {
        setTimeout(() => controller.abort(new Error("stop")), 50);
        return { answer: 429, headers: { "x-rate-limit-reset": reset() }, body: {} };
      }
      // The cancel itself is rate-limited once, without a reset header.
      if (r.route === "delete" && r.seen === 0) return { answer: 429, body: {} };
      return undefined;
    });
    const progress: ImportProgress[] = [];
    const error = await rejection(
      source().import(
        { users: users.slice(0, 5) },
        { ...fast, signal: controller.signal, onProgress: (p) => progress.push(p) },
      ),
    );
    expect(error.reason).toBe("aborted");
    const id = error.report.sessions[0]!.id;
    expect(sessionStatus(id)).toBe("CLOSED");
    expect(routes("delete")).toHaveLength(2);
    expect(progress.some((p) => p.type === "cancelling" && p.message?.includes(id))).toBe(true);
  });
});

describe("one retry policy", () => {
  /** Every request is answered 429 for `ms` from the first one, with a reset one second ahead. */
  function storm(ms: number, extra: Record<string, string> = {}): FaultRule {
    let until: number | undefined;
    return () => {
      until ??= Date.now() + ms;
      if (Date.now() >= until) return undefined;
      const reset = String(Math.ceil(Date.now() / 1000) + 1);
      return {
        answer: 429,
        headers: {
          "x-rate-limit-limit": "600",
          "x-rate-limit-remaining": "0",
          "x-rate-limit-reset": reset,
          ...extra,
        },
        body: { errorCode: "E0000047", errorSummary: "API call exceeded rate limit" },
      };
    };
  }

  it("a storm longer than the retry limits allow fails; raised limits outlast it", async () => {
    proxy.setRule(storm(3000));
    const error = await rejection(
      source().import({ users: users.slice(0, 5) }, { ...fast, maxRetries: 1 }),
    );
    expect(error.reason).toBe("request-failed");
    expect(routes("list")).toHaveLength(2); // the first attempt and one retry

    proxy.setRule(storm(3000));
    const report = await source().import(
      { users: users.slice(0, 5) },
      { ...fast, maxRetries: 20, maxRetryTime: 60_000 },
    );
    expect(report.counts.users).toBe(5);
    expect(activeUsers()).toHaveLength(5);
  });

  it("maxRetryTime bounds every request of the import, list included", async () => {
    proxy.setRule(storm(3000));
    const started = Date.now();
    const error = await rejection(
      source().import({ users: users.slice(0, 5) }, { ...fast, maxRetries: 50, maxRetryTime: 100 }),
    );
    expect(error.reason).toBe("request-failed");
    // No retry fits in 100 ms when each waits for a reset a second away.
    expect(routes("list")).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it("maxRetries 0 sends each request exactly once", async () => {
    proxy.setRule(storm(60_000));
    const error = await rejection(
      source().import({ users: users.slice(0, 5) }, { ...fast, maxRetries: 0 }),
    );
    expect(error.reason).toBe("request-failed");
    expect(proxy.log).toHaveLength(1);
  });

  it("a server clock an hour ahead makes nobody wait an hour", async () => {
    const ahead = () => Date.now() + 3_600_000;
    proxy.setRule((r) =>
      r.route === "create" && r.seen === 0
        ? {
            answer: 429,
            headers: {
              date: new Date(ahead()).toUTCString(),
              "x-rate-limit-limit": "600",
              "x-rate-limit-remaining": "0",
              "x-rate-limit-reset": String(Math.ceil(ahead() / 1000) + 1),
            },
            body: {},
          }
        : undefined,
    );
    const waits: number[] = [];
    const report = await source().import(
      { users: users.slice(0, 5) },
      {
        ...fast,
        onProgress: (p) => {
          const ms = /in (\d+) ms/.exec(p.message ?? "");
          if (p.type === "retry" && ms) waits.push(Number(ms[1]));
        },
      },
    );
    expect(report.counts.users).toBe(5);
    expect(waits).toHaveLength(1);
    // Up to 2 s to the reset (whole seconds on both sides) and 1 s of jitter: never an hour.
    expect(waits[0]).toBeLessThan(5000);
  });

  it("a 429 without X-Rate-Limit-Reset backs off (a finite, non-zero wait)", async () => {
    proxy.setRule((r) =>
      r.route === "list" && r.seen < 2 ? { answer: 429, body: {} } : undefined,
    );
    const waits: number[] = [];
    await source().import(
      { users: users.slice(0, 5) },
      {
        ...fast,
        onProgress: (p) => {
          const ms = /in (\d+) ms/.exec(p.message ?? "");
          if (p.type === "retry" && ms) waits.push(Number(ms[1]));
        },
      },
    );
    expect(waits).toHaveLength(2);
    for (const w of waits) {
      expect(Number.isFinite(w)).toBe(true);
      expect(w).toBeGreaterThanOrEqual(250);
    }
  });
});

describe("confirmations in Okta's order", () => {
  it("onSessionCompleted sees each session once, in creation order, with what it carried", async () => {
    const seen: [ImportSessionReport, number][] = [];
    const report = await source().import(
      { users, groups },
      {
        ...fast,
        maxRequestsPerSession: 3,
        onSessionCompleted: (session, entities) => {
          seen.push([
            { ...session },
            (entities.users?.length ?? 0) + (entities.groups?.length ?? 0),
          ]);
        },
      },
    );
    expect(seen.map(([s]) => s.id)).toEqual(report.sessions.map((s) => s.id));
    expect(seen.every(([s]) => s.status === "COMPLETED" && s.confirmed)).toBe(true);
    expect(seen.reduce((n, [, count]) => n + count, 0)).toBe(2050);
    // Sessions are created one after another: their creation order is Okta's processing order.
    const created = mock.state(SOURCE).sessions.map((s) => s.id);
    expect(seen.map(([s]) => s.id)).toEqual(
      created.filter((id) => seen.some(([s]) => s.id === id)),
    );
  });
});

afterEach(() => proxy.setRule(undefined));
