// Real `okta-idsrc` processes (the built dist/, as `npm test` builds it first), killed with SIGKILL
// at chosen points of an import or a sync, then rerun. The fault proxy sees every request, so it
// kills the child exactly when a given request arrives (and drops that request). A plain rerun of
// `import` must converge (its journal proves the dead run's session is its own, so it is
// cancelled), with the mock holding exactly the input. Ctrl-C (SIGINT) must cancel the open
// session, say so, and exit 130; when the cancel cannot get through, print the command that does.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockOkta, type MockOkta } from "../../src/testing/index.js";
import {
  startFaultProxy,
  type FaultAction,
  type FaultProxy,
  type ProxiedRequest,
} from "./support/fault-proxy.js";

const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
const BIN = join(import.meta.dirname, "../../dist/src/cli/bin.js");
// 10,400 users: 52 bulk requests, so two sessions (50 requests each at most).
const USERS = 10_400;

let mock: MockOkta;
let proxy: FaultProxy;
let dir: string;
let usersCsv: string;
let usersCsvChanged: string;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  mock = await startMockOkta({ timeScale: 0.001, rateLimit: { perMinute: 1_000_000 } });
  proxy = await startFaultProxy(mock.url);
  dir = mkdtempSync(join(tmpdir(), "okta-idsrc-crash-"));
  const csv = (title: string) =>
    "externalId,userName,email,title\n" +
    Array.from({ length: USERS }, (_, i) => `e${i},e${i}@x.io,e${i}@x.io,${title}`).join("\n") +
    "\n";
  usersCsv = join(dir, "users.csv");
  usersCsvChanged = join(dir, "users-changed.csv");
  writeFileSync(usersCsv, csv("Engineer"));
  writeFileSync(usersCsvChanged, csv("Manager"));
});
afterAll(async () => {
  await proxy?.close();
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let stateHome: string;
beforeEach(() => {
  mock.reset();
  proxy.setRule(undefined);
  proxy.log.length = 0;
  stateHome = mkdtempSync(join(dir, "state-"));
});

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI; `onRequest` may act on the child (kill it) when a request reaches the proxy. */
function cli(
  args: string[],
  onRequest?: (r: ProxiedRequest, child: ChildProcess) => FaultAction | "drop" | undefined,
): Promise<Outcome> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env["PATH"],
      OKTA_CLIENT_ORGURL: proxy.url,
      OKTA_CLIENT_TOKEN: mock.apiToken,
      XDG_STATE_HOME: stateHome,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proxy.setRule(
    onRequest &&
      ((r) => {
        const action = onRequest(r, child);
        return action === "drop" ? { drop: true } : action;
      }),
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  // A run that hangs fails the test instead of the whole suite.
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      proxy.setRule(undefined);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

const importArgs = (file = usersCsv) => [
  "import",
  "--source",
  SOURCE,
  "--users",
  file,
  "--poll-interval",
  "20",
];

/** Kills the child when the `n`th request of `route` (0-based) arrives; that request is dropped. */
const killAt =
  (route: string, n = 0) =>
  (r: ProxiedRequest, child: ChildProcess) => {
    if (r.route !== route || r.seen !== n) return undefined;
    child.kill("SIGKILL");
    return "drop" as const;
  };

const titles = () => {
  const active = mock.state(SOURCE).users.filter((u) => u.status === "ACTIVE");
  return { count: active.length, titles: new Set(active.map((u) => u.profile["title"])) };
};

describe("kill -9 of `okta-idsrc import`, then a plain rerun", () => {
  const points: [string, string, number][] = [
    ["right after create-session, before any upload", "bulk-upsert", 0],
    ["in the middle of the first session's uploads", "bulk-upsert", 20],
    ["at start-import of the first session", "start-import", 0],
    ["while polling the triggered first session", "get", 0],
    ["in the middle of the second session's uploads", "bulk-upsert", 51],
  ];
  for (const [name, route, n] of points) {
    it(`${name}: converges, the mock holds exactly the input`, async () => {
      const killed = await cli(importArgs(), killAt(route, n));
      expect(killed.signal).toBe("SIGKILL");
      const rerun = await cli(importArgs());
      expect(rerun.stderr).not.toContain("waiting for active session");
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).toContain("Imported 10,400 users");
      expect(titles()).toEqual({ count: USERS, titles: new Set(["Engineer"]) });
      // Nothing is left open, and the rerun took seconds, not Okta's 24 h expiry.
      expect(mock.state(SOURCE).sessions.filter((s) => s.status === "IN_PROGRESS")).toEqual([]);
      expect(rerun.ms).toBeLessThan(30_000);
    });
  }

  it("a session it cannot prove is its own is never cancelled: the wait names it and the flag", async () => {
    // A session someone else opened (not in this machine's journal).
    const other = await fetch(`${mock.url}/api/v1/identity-sources/${SOURCE}/sessions`, {
      method: "POST",
      headers: { Authorization: `SSWS ${mock.apiToken}` },
    }).then((r) => r.json() as Promise<{ id: string }>);
    const run = await cli([...importArgs(), "--processing-timeout", "1500"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`waiting for active session ${other.id} (CREATED, created`);
    expect(run.stderr).toContain("--active-session cancel");
    expect(mock.state(SOURCE).sessions.find((s) => s.id === other.id)?.status).toBe("CREATED");
  });
});

describe("Ctrl-C", () => {
  it("cancels the open session through 429 waits, says so and exits 130", async () => {
    let id: string | undefined;
    const run = await cli(importArgs(), (r, child) => {
      if (r.route === "bulk-upsert" && r.seen === 2) {
        id = r.sessionId;
        child.kill("SIGINT");
      }
      // The first cancel is rate-limited: it must be retried after the reset, not given up.
      if (r.route === "delete" && r.seen === 0) {
        const reset = String(Math.ceil(Date.now() / 1000) + 1);
        return { answer: 429, headers: { "x-rate-limit-reset": reset }, body: {} };
      }
      return undefined;
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`cancelling session ${id}…`);
    expect(proxy.log.filter((r) => r.route === "delete")).toHaveLength(2);
    expect(mock.state(SOURCE).sessions.find((s) => s.id === id)?.status).toBe("CLOSED");
  });

  it("SIGTERM cancels the open session too and exits 143", async () => {
    let id: string | undefined;
    const run = await cli(importArgs(), (r, child) => {
      if (r.route === "bulk-upsert" && r.seen === 2) {
        id = r.sessionId;
        child.kill("SIGTERM");
      }
      return undefined;
    });
    expect(run.code).toBe(143);
    expect(run.stderr).toContain(`cancelling session ${id}…`);
    expect(mock.state(SOURCE).sessions.find((s) => s.id === id)?.status).toBe("CLOSED");
  });

  it("when the cancel cannot get through, prints the session and the command that cancels it", async () => {
    let id: string | undefined;
    const run = await cli([...importArgs(), "--max-retry-time", "1500"], (r, child) => {
      if (r.route === "bulk-upsert" && r.seen === 2) {
        id = r.sessionId;
        child.kill("SIGINT");
      }
      // Every cancel is lost on the way (the proxy drops the connection).
      return r.route === "delete" ? "drop" : undefined;
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`cancelling session ${id}…`);
    expect(run.stderr).toContain(`could not cancel session ${id}`);
    expect(run.stderr).toContain(`okta-idsrc sessions delete ${id} --source ${SOURCE}`);
    expect(mock.state(SOURCE).sessions.find((s) => s.id === id)?.status).toBe("IN_PROGRESS");
  });
});

describe("Ctrl-C of `okta-idsrc sync`", () => {
  it("cancels the open session, exits 130, and a plain rerun converges", async () => {
    const state = join(stateHome, "sync.db");
    const args = ["sync", "--source", SOURCE, "--users", usersCsv, "--state", state];
    let id: string | undefined;
    const run = await cli([...args, "--poll-interval", "20"], (r, child) => {
      if (r.route === "bulk-upsert" && r.seen === 2) {
        id = r.sessionId;
        child.kill("SIGINT");
      }
      return undefined;
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`cancelling session ${id}…`);
    expect(mock.state(SOURCE).sessions.find((s) => s.id === id)?.status).toBe("CLOSED");
    const rerun = await cli([...args, "--poll-interval", "20"]);
    expect(rerun.code).toBe(0);
    expect(titles()).toEqual({ count: USERS, titles: new Set(["Engineer"]) });
  });
});

describe("kill -9 of `okta-idsrc sync`, then a rerun with --active-session cancel", () => {
  const syncArgs = (state: string, file = usersCsv) => [
    "sync",
    "--source",
    SOURCE,
    "--users",
    file,
    "--state",
    state,
    "--poll-interval",
    "20",
    "--max-delete-percent",
    "100",
    // The killed run's lease outlives it by this TTL (default 60 s): the rerun waits it out.
    "--lease-ttl",
    "2",
  ];
  const points: [string, string, number][] = [
    ["in the middle of the first session's uploads", "bulk-upsert", 20],
    ["at start-import of the first session", "start-import", 0],
    ["while polling the triggered first session", "get", 0],
    ["in the middle of the second session's uploads", "bulk-upsert", 51],
  ];
  for (const [name, route, n] of points) {
    it(`${name}: converges, and a following sync sends nothing`, async () => {
      const state = join(stateHome, "sync.db");
      // The first sync records everyone; the killed one changes every title.
      expect((await cli(syncArgs(state))).code).toBe(0);
      const killed = await cli(syncArgs(state, usersCsvChanged), killAt(route, n));
      expect(killed.signal).toBe("SIGKILL");
      const rerun = await cli([...syncArgs(state, usersCsvChanged), "--active-session", "cancel"]);
      expect(rerun.code).toBe(0);
      expect(titles()).toEqual({ count: USERS, titles: new Set(["Manager"]) });
      proxy.log.length = 0;
      const after = await cli(syncArgs(state, usersCsvChanged));
      expect(after.code).toBe(0);
      expect(after.stdout).toContain("Nothing changed");
      expect(proxy.log.filter((r) => r.route.startsWith("bulk-"))).toEqual([]);
    });
  }
});
