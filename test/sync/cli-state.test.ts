// The CLI's state flags: --state as a path or a postgres:// URL (credentials never shown),
// OKTA_IDSRC_STATE as its default, the refusals (exit 2), and `sync history` / `sync show`.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/sync/index.js";
import type { MockOkta } from "../../src/testing/index.js";
import { run } from "../cli/helpers.js";
import { SOURCE_ID, startMock, user } from "./helpers.js";
import { dropSchemas, freshSchema, PG_SKIP_REASON, PG_URL } from "./pg.js";

const dir = mkdtempSync(join(tmpdir(), "sync-cli-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterAll(dropSchemas);
let mock: MockOkta;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());
let n = 0;

function usersFile(count: number): string {
  const path = join(dir, `users-${n++}.csv`);
  const rows = Array.from({ length: count }, (_, i) => {
    const p = user(i).profile;
    return [user(i).externalId, p.userName, p.email, p.firstName, p.lastName].join(",");
  });
  writeFileSync(path, ["externalId,userName,email,firstName,lastName", ...rows].join("\n"));
  return path;
}
const env = () => ({ OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: mock.apiToken });
const sync = (users: string, extra: string[], e: Record<string, string> = env()) =>
  run(["sync", "--source", SOURCE_ID, "--users", users, "--poll-interval", "5", ...extra], {
    env: e,
  });

describe("--state", () => {
  it("names a state path in a missing directory and exits 2, creating nothing", async () => {
    const state = join(dir, "missing", "state.db");
    const r = await sync(usersFile(2), ["--state", state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `sync state ${state}: directory ${join(dir, "missing")} does not exist`,
    );
    expect(existsSync(join(dir, "missing"))).toBe(false);
    expect(mock.requests).toHaveLength(0);
  });

  it("refuses another application's SQLite file with exit 2 and leaves it as it was", async () => {
    const state = join(dir, `foreign-${n++}.db`);
    const db = new Database(state);
    db.exec("CREATE TABLE entities (kind TEXT, external_id TEXT)");
    db.close();
    const before = readFileSync(state);
    const r = await sync(usersFile(2), ["--state", state, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("another application");
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      error: { name: "OktaSyncStateError", reason: "foreign" },
    });
    expect(readFileSync(state).equals(before)).toBe(true);
    expect(mock.requests).toHaveLength(0);
  });

  it("defaults to OKTA_IDSRC_STATE", async () => {
    const state = join(dir, `env-${n++}.db`);
    const r = await sync(usersFile(3), [], { ...env(), OKTA_IDSRC_STATE: state });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Synced (state ${state})`);
    const h = await run(["sync", "history", "--json"], { env: { OKTA_IDSRC_STATE: state } });
    expect(JSON.parse(h.stdout).runs).toHaveLength(1);
  });
});

describe("a state in use", () => {
  it("refuses with exit 1, naming the holder, on stderr and in --json", async () => {
    const path = join(dir, `held-${n++}.db`);
    const store = await createSqliteStore(path);
    store.lease.acquire(
      { runId: "other-run", pid: 999, host: "cron-7", since: "2026-01-01T02:15:00Z" },
      60_000,
    );
    try {
      const r = await sync(usersFile(2), ["--state", path, "--json"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        "another sync is running on this state: process 999 on host cron-7",
      );
      expect(JSON.parse(r.stdout)).toMatchObject({
        ok: false,
        error: {
          name: "OktaSyncLeaseError",
          reason: "held",
          holder: { runId: "other-run", pid: 999 },
        },
      });
      expect(mock.requests).toHaveLength(0);
    } finally {
      await store.close();
    }
  });
});

describe("sync history and sync show", () => {
  it("list runs newest first and show one with the IDs it deleted", async () => {
    const state = join(dir, `h-${n++}.db`);
    const first = await sync(usersFile(10), ["--state", state, "--json"]);
    const second = await sync(usersFile(9), ["--state", state, "--json"]);
    const firstId = JSON.parse(first.stdout).runId as string;
    const secondId = JSON.parse(second.stdout).runId as string;

    const list = await run(["sync", "history", "--state", state]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^${secondId} .* applied .*create 0, update 0, delete 1, 1 session`),
    );
    expect(lines[1]).toMatch(new RegExp(`^${firstId} .* applied .*create 10`));
    const limited = await run(["sync", "history", "--state", state, "--json", "--limit", "1"]);
    expect(JSON.parse(limited.stdout).runs.map((r: { id: string }) => r.id)).toEqual([secondId]);

    const show = await run(["sync", "show", secondId, "--state", state]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Run ${secondId}`);
    expect(show.stdout).toContain("outcome   applied");
    expect(show.stdout).toContain("maxDeletePercent 20, maxDeletes none");
    expect(show.stdout).toMatch(/session {3}\S+ COMPLETED/);
    expect(show.stdout).toContain("deleted   1 (users 1, groups 0, devices 0) confirmed by Okta");
    expect(show.stdout).toContain("users u000009");
    const json = JSON.parse(
      (await run(["sync", "show", secondId, "--state", state, "--json"])).stdout,
    );
    expect(json.deletedIds).toEqual([{ kind: "users", externalId: "u000009" }]);

    const unknown = await run(["sync", "show", "nope", "--state", state]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`no run nope in ${state}`);
    expect((await run(["sync", "show", "--state", state])).code).toBe(2);
    const none = join(dir, "never-synced.db");
    const missing = await run(["sync", "history", "--state", none]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no sync state at ${none}`);
    expect(existsSync(none)).toBe(false);
  });
});

describe.skipIf(PG_URL === undefined)(`a postgres:// state${PG_SKIP_REASON}`, () => {
  it("syncs, lists and shows runs, and never prints the URL's password", async () => {
    // The server trusts local connections, so a password in the URL is accepted and ignored.
    const url = PG_URL!.replace("@", ":hunter2-secret@");
    const schema = freshSchema();
    const state = ["--state", url, "--state-schema", schema];
    const outputs: string[] = [];
    const first = await sync(usersFile(4), [...state]);
    outputs.push(first.stdout, first.stderr);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Synced (state postgres://");
    const again = await sync(usersFile(4), [...state, "--json"]);
    outputs.push(again.stdout, again.stderr);
    const report = JSON.parse(again.stdout);
    expect(report.outcome).toBe("unchanged");
    expect(report.state).toContain(":***@");
    const history = await run(["sync", "history", ...state, "--json"]);
    outputs.push(history.stdout, history.stderr);
    expect(JSON.parse(history.stdout).runs).toHaveLength(2);
    const show = await run(["sync", "show", report.runId, ...state]);
    outputs.push(show.stdout, show.stderr);
    expect(show.stdout).toContain("outcome   unchanged");
    // An unreachable server: the error names the redacted URL.
    const down = await sync(usersFile(1), ["--state", "postgres://u:hunter2-secret@127.0.0.1:1/x"]);
    outputs.push(down.stdout, down.stderr);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("postgres://u:***@127.0.0.1:1/x");
    for (const text of outputs) expect(text).not.toContain("hunter2");
  });
});
