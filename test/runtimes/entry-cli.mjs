// The matrix's entry for runtimes with a command line (Node, Bun, Deno): the config comes as the
// first argument, the results go to stdout as one JSON line. Deno runs it with --allow-net only,
// which also proves the client reads no environment variable when its options are given.
import { runScenario } from "./scenario.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const config = JSON.parse(args[0]);
// Where the runtime has a SQLite (config.sqlite names the file and the driver it must pick on its
// own), the sync step also runs against a SQLite store; Deno has none the store can load.
const sqlite = config.sqlite
  ? async () => {
      const { createSqliteStore } = await import("okta-identity-sources/sync");
      return createSqliteStore(config.sqlite.path);
    }
  : undefined;
const results = await runScenario(config, sqlite);
console.log(`RESULTS ${JSON.stringify(results)}`);
