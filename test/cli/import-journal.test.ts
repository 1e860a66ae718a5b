// The import journal proves which open sessions a dead run left behind: only those recorded with
// this host and a process that no longer runs. A live run's session, another host's, or another
// org's is never offered for cancelling.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { journalDir, openJournal } from "../../src/cli/commands/import-journal.js";
import type { ImportReport } from "../../src/import/index.js";

const dir = mkdtempSync(join(tmpdir(), "okta-idsrc-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ORG = "https://acme.okta.com";
const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
// A process ID that has exited: a child that ran and ended.
const deadPid = spawnSync(process.execPath, ["-e", "0"]).pid!;

function seed(sessions: { id: string; pid: number; host: string }[]): string {
  const journal = openJournal(dir, ORG, SOURCE);
  const body = {
    orgUrl: ORG,
    source: SOURCE,
    sessions: sessions.map((s) => ({ ...s, created: "" })),
  };
  writeFileSync(journal.path, JSON.stringify(body));
  return journal.path;
}

const report = (sessions: [string, string][]): ImportReport =>
  ({ sessions: sessions.map(([id, status]) => ({ id, status })) }) as unknown as ImportReport;

describe("import journal", () => {
  it("offers only sessions of dead processes on this host", () => {
    seed([
      { id: "aps-dead", pid: deadPid, host: hostname() },
      { id: "aps-live", pid: process.ppid, host: hostname() },
      { id: "aps-elsewhere", pid: deadPid, host: `not-${hostname()}` },
    ]);
    expect(openJournal(dir, ORG, SOURCE).stale).toEqual(["aps-dead"]);
    // Another org or source reads its own journal: nothing of this one.
    expect(openJournal(dir, "https://other.okta.com", SOURCE).stale).toEqual([]);
  });

  it("records a run's sessions and forgets them once they are no longer open", () => {
    const path = seed([]);
    const journal = openJournal(dir, ORG, SOURCE);
    journal.record("aps-1");
    journal.record("aps-2");
    expect(
      JSON.parse(readFileSync(path, "utf8")).sessions.map((s: { id: string }) => s.id),
    ).toEqual(["aps-1", "aps-2"]);
    // A failed run that left aps-2 open keeps it, so the next run (once this one is gone) cancels it.
    journal.finish(
      report([
        ["aps-1", "COMPLETED"],
        ["aps-2", "IN_PROGRESS"],
      ]),
      false,
    );
    expect(
      JSON.parse(readFileSync(path, "utf8")).sessions.map((s: { id: string }) => s.id),
    ).toEqual(["aps-2"]);
    journal.finish(report([["aps-2", "CLOSED"]]), true);
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });

  it("lives under XDG_STATE_HOME, else ~/.local/state; OKTA_IDSRC_STATE_DIR overrides both", () => {
    expect(journalDir({ HOME: "/home/a" })).toBe("/home/a/.local/state/okta-idsrc");
    expect(journalDir({ HOME: "/home/a", XDG_STATE_HOME: "/s" })).toBe("/s/okta-idsrc");
    expect(journalDir({ HOME: "/home/a", OKTA_IDSRC_STATE_DIR: "/x" })).toBe("/x");
    expect(journalDir({})).toBeUndefined();
  });
});
