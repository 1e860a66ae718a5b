// The Node built-ins the SQLite store, disk staging and the lease holder need (node:fs, node:os,
// node:path), loaded on first use through importOptional: the sync entry then bundles for browsers
// and Workers, where only the memory store (or a store of one's own) runs.
import { importOptional } from "../client/optional-import.js";

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
