// `okta-idsrc sync` in-process against the embedded mock (the lead registers syncCommand in main).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/io.js";
import { syncCommand } from "../../src/cli/commands/sync.js";
import type { MockOkta } from "../../src/testing/index.js";
import {
  SOURCE_ID,
  bulkRequests,
  entityCounts,
  expectMockEquals,
  snapshot,
  startMock,
  user,
} from "./helpers.js";
import type { Snapshot } from "./helpers.js";

let mock: MockOkta;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());
const dir = mkdtempSync(join(tmpdir(), "sync-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await syncCommand(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

let runs = 0;
/** Writes the snapshot as CSV files and returns the flags that name them. */
function write(snap: Snapshot): string[] {
  const at = join(dir, String(runs++));
  const csv = (name: string, header: string[], rows: string[][]) => {
    const path = `${at}-${name}.csv`;
    writeFileSync(path, [header, ...rows].map((r) => r.join(",")).join("\n") + "\n");
    return path;
  };
  const columns = Object.keys(snap.users[0]!.profile);
  return [
    "--users",
    csv(
      "users",
      ["externalId", ...columns],
      snap.users.map((u) => [u.externalId, ...columns.map((c) => u.profile[c]!)]),
    ),
    "--groups",
    csv(
      "groups",
      ["externalId", "displayName"],
      snap.groups.map((g) => [g.externalId, g.profile.displayName]),
    ),
    "--memberships",
    csv(
      "memberships",
      ["groupExternalId", "memberExternalId"],
      snap.memberships.flatMap((m) => m.memberExternalIds.map((id) => [m.groupExternalId, id])),
    ),
  ];
}

describe("okta-idsrc sync", () => {
  it("prints a plan table on --dry-run, applies it, then finds nothing to do", async () => {
    const state = join(dir, "a.db");
    const snap = snapshot(300, 3);
    const flags = write(snap);
    const connection = ["--org-url", mock.url, "--token", mock.apiToken, "--source", SOURCE_ID];

    const dry = await cli([...flags, "--state", state, "--dry-run", "--sample-size", "2"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("dry run: nothing was sent");
    expect(dry.stdout).toMatch(/kind\s+create\s+update\s+unchanged\s+delete\s+known/);
    expect(dry.stdout).toMatch(/users\s+300\s+0\s+0\s+0\s+0/);
    expect(dry.stdout).toMatch(/memberships\s+300\s+-\s+0\s+0\s+0/);
    expect(dry.stdout).toContain("users create: u000000, u000001, ... (298 more)");
    expect(mock.requests).toHaveLength(0);

    const applied = await cli([...flags, ...connection, "--state", state, "--poll-interval", "5"]);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain("progress: 603/603 entities (100%)");
    expect(applied.stdout).toContain("Synced");
    expect(applied.stdout).toContain("1 session confirmed");
    expectMockEquals(mock, snap);

    const before = mock.requests.length;
    const again = await cli([...flags, ...connection, "--state", state, "--json"]);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { ok: boolean; outcome: string };
    expect(report).toMatchObject({ ok: true, outcome: "unchanged" });
    expect(mock.requests.length).toBe(before);
  });

  it("a rejected token: says to check it, not to rerun; nothing is recorded", async () => {
    const state = join(dir, "wrong-token.db");
    const flags = write(snapshot(5, 1));
    const connection = ["--org-url", mock.url, "--token", "wrong-token", "--source", SOURCE_ID];
    const result = await cli([...flags, ...connection, "--state", state, "--poll-interval", "5"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Okta refused the credentials (401): check the API token");
    expect(result.stderr).toContain("fix the above, then rerun");
    expect(result.stderr).not.toMatch(/rerun\w* (the same import )?is safe|rerun to finish/);
    expect(result.stdout + result.stderr).not.toContain("wrong-token");
    expect(mock.state().users).toEqual([]);
  });

  it("refuses a mass delete with exit code 1 unless --allow-mass-delete", async () => {
    const state = join(dir, "b.db");
    const full = snapshot(100, 2);
    mock.load(full, SOURCE_ID);
    expect((await cli([...write(full), "--state", state, "--adopt"])).code).toBe(0);

    const truncated = snapshot(60, 2);
    truncated.users[0] = user(0, 5);
    const flags = [
      ...write(truncated),
      "--state",
      state,
      "--source",
      SOURCE_ID,
      "--poll-interval",
      "5",
    ];
    const env = { OKTA_CLIENT_ORGURL: mock.url, OKTA_CLIENT_TOKEN: mock.apiToken };
    const refused = await cli(flags, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("it would delete 40 of 100 known users (40.0%)");
    expect(refused.stdout).toMatch(/users: 40 of 100 \(40\.0%, limit 20%\)/);
    expect(mock.requests).toHaveLength(0);

    const allowed = await cli([...flags, "--allow-mass-delete", "--json"], env);
    expect(allowed.code).toBe(0);
    expect(entityCounts(bulkRequests(mock))).toMatchObject({ "bulk-upsert": 1, "bulk-delete": 40 });
    expectMockEquals(mock, truncated);
  });

  it("rejects bad usage and invalid rows before sending anything", async () => {
    await expect(cli(["--state", join(dir, "c.db")])).rejects.toThrow(UsageError);
    await expect(cli([...write(snapshot(2)), "--max-delete-percent", "120"])).rejects.toThrow(
      /0 to 100/,
    );
    await expect(cli([...write(snapshot(2)), "--state", join(dir, "c.db")])).rejects.toThrow(
      /missing --source/,
    );
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "externalId,email\nu1,u1@example.com\n,missing@example.com\n");
    const invalid = await cli(["--users", bad, "--dry-run", "--state", join(dir, "c.db")]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${bad}:3: externalId is missing`);
  });

  it("prints its help", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--allow-mass-delete");
  });
});

describe("okta-idsrc sync --json and unconfirmed work", () => {
  const connection = () => ["--org-url", mock.url, "--token", mock.apiToken, "--source", SOURCE_ID];

  it("a failed session exits 1, imports nothing, and the rerun sends it again", async () => {
    const state = join(dir, "unconfirmed.db");
    const snap = snapshot(50, 2);
    const flags = [...write(snap), ...connection(), "--state", state, "--poll-interval", "5"];
    mock.failNextSessions(1);
    const failed = await cli([...flags, "--json"]);
    expect(failed.code).toBe(1);
    const doc = JSON.parse(failed.stdout);
    expect(doc).toMatchObject({ ok: false, error: { reason: "session-error" } });
    expect(doc.import.counts.users).toBe(0);
    expect(doc.import.unconfirmed.users).toBe(50);

    const rerun = await cli(flags);
    expect(rerun.code).toBe(0);
    expectMockEquals(mock, snap);
  });

  it("prints one JSON document for invalid rows and for bad usage", async () => {
    const bad = join(dir, "bad-users.csv");
    writeFileSync(bad, "externalId,userName,email\n,a@x.io,a@x.io\n");
    const invalid = await cli([
      "--users",
      bad,
      ...connection(),
      "--state",
      join(dir, "d.db"),
      "--json",
    ]);
    expect(invalid.code).toBe(2);
    const doc = JSON.parse(invalid.stdout);
    expect(doc).toMatchObject({ ok: false, invalidCount: 1 });
    expect(doc.invalid[0]).toMatchObject({ file: bad, line: 2 });

    let stdout = "";
    await expect(
      syncCommand(["--state", join(dir, "e.db"), "--json"], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: () => {} },
        env: {},
        isTTY: false,
      }),
    ).rejects.toThrow(UsageError);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { name: "UsageError" } });
  });
});
