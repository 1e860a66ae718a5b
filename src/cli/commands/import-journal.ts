// The import journal: the sessions `okta-idsrc import` created, kept in a small JSON file per org
// and identity source, so a rerun after a crash (kill -9, power loss) can cancel the session the
// dead run left open instead of waiting a day for Okta to expire it. A session is taken as a dead
// run's own only when the journal names it with this host and a process ID that is no longer
// running; sessions of a live run, of another host or missing from the journal are never
// cancelled (the importer's activeSession policy decides for those).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import type { ImportReport } from "../../import/index.js";
import { isAlive } from "../../sync/node-builtins.js";

interface Entry {
  id: string;
  pid: number;
  host: string;
  /** ISO time the session was created. */
  created: string;
}

interface JournalFile {
  orgUrl: string;
  source: string;
  sessions: Entry[];
}

export interface ImportJournal {
  /** Where the journal lives. */
  readonly path: string;
  /** Sessions dead runs on this host created and may have left open. */
  readonly stale: string[];
  /** Records a session this run just created (before anything is uploaded to it). */
  record(sessionId: string): void;
  /** After the run (any outcome but a crash): forgets what is no longer open. */
  finish(report: ImportReport | undefined, succeeded: boolean): void;
}

/** `$XDG_STATE_HOME/okta-idsrc` or `~/.local/state/okta-idsrc`; OKTA_IDSRC_STATE_DIR overrides both. */
export function journalDir(env: Record<string, string | undefined>): string | undefined {
  if (env["OKTA_IDSRC_STATE_DIR"]) return env["OKTA_IDSRC_STATE_DIR"];
  if (env["XDG_STATE_HOME"]) return join(env["XDG_STATE_HOME"], "okta-idsrc");
  return env["HOME"] ? join(env["HOME"], ".local", "state", "okta-idsrc") : undefined;
}

export function openJournal(dir: string, orgUrl: string, source: string): ImportJournal {
  const key = createHash("sha256").update(`${orgUrl}\n${source}`).digest("hex").slice(0, 16);
  const path = join(dir, `import-${source}-${key}.json`);
  const host = hostname();
  let entries: Entry[] = [];
  try {
    const file = JSON.parse(readFileSync(path, "utf8")) as Partial<JournalFile>;
    if (file.orgUrl === orgUrl && file.source === source && Array.isArray(file.sessions)) {
      entries = file.sessions.filter(
        (e): e is Entry => typeof e?.id === "string" && typeof e.pid === "number",
      );
    }
  } catch {
    // No journal yet (or an unreadable one): nothing is provably ours.
  }
  const stale = entries.filter((e) => e.host === host && e.pid !== process.pid && !isAlive(e.pid));
  const write = () => {
    if (entries.length === 0) {
      rmSync(path, { force: true });
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    const body: JournalFile = { orgUrl, source, sessions: entries };
    // Written whole and renamed, so a crash mid-write leaves the old journal, never half of one.
    writeFileSync(`${path}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  };
  return {
    path,
    stale: stale.map((e) => e.id),
    record(id) {
      entries.push({ id, pid: process.pid, host, created: new Date().toISOString() });
      write();
    },
    finish(report, succeeded) {
      const open = new Set(
        (report?.sessions ?? [])
          .filter((s) => s.status === "CREATED" || s.status === "IN_PROGRESS")
          .map((s) => s.id),
      );
      // A successful run listed the source and cancelled every stale session still open.
      const forgotten = new Set(succeeded ? stale : []);
      entries = entries.filter(
        (e) => !forgotten.has(e) && (e.pid !== process.pid || open.has(e.id)),
      );
      write();
    },
  };
}
