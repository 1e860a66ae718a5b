// The Node built-ins the SQLite store, disk staging and the lease holder need (node:fs, node:os,
// node:path), loaded on first use through importOptional: the sync entry then bundles for browsers
// and Workers, where only the memory store (or a store of one's own) runs.
import { importOptional } from "../core/optional-import.js";

type Fs = typeof import("node:fs");
type Os = typeof import("node:os");
type Path = typeof import("node:path");

export interface NodeBuiltins {
  fs: Fs;
  os: Os;
  path: Path;
}

let loaded: Promise<NodeBuiltins> | undefined;

/** node:fs, node:os and node:path; rejects where the runtime has none of them. */
export function nodeBuiltins(): Promise<NodeBuiltins> {
  loaded ??= Promise.all([
    importOptional<Fs>("node:fs"),
    importOptional<Os>("node:os"),
    importOptional<Path>("node:path"),
  ])
    .then(([fs, os, path]) => ({ fs, os, path }))
    .catch((e: unknown) => {
      loaded = undefined;
      throw e;
    });
  return loaded;
}

/** This host's name, or "unknown" where the runtime cannot tell (a browser, a Worker). */
export async function hostName(): Promise<string> {
  try {
    return (await nodeBuiltins()).os.hostname();
  } catch {
    return "unknown";
  }
}

/**
 * Whether a process of this host exists. Only "no such process" (ESRCH) proves it gone: EPERM
 * means it exists as another user's, and where the runtime cannot tell, it is taken as alive, so
 * nothing of a live run is ever taken over or cancelled.
 */
export function isAlive(pid: number): boolean {
  const kill = (globalThis as { process?: { kill?: (pid: number, signal: 0) => void } }).process
    ?.kill;
  if (typeof kill !== "function" || !(pid > 0)) return true;
  try {
    kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code !== "ESRCH";
  }
}
