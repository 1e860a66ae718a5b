// The matrix's entry for runtimes with a command line (Node, Bun, Deno): the config comes as the
// first argument, the results go to stdout as one JSON line. Deno runs it with --allow-net only,
// which also proves the client reads no environment variable when its options are given.
import { runScenario } from "./scenario.mjs";

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const config = JSON.parse(args[0]);
// SQLITE-PER-RUNTIME: pass this runtime's SQLite store factory as the second argument.
const results = await runScenario(config);
console.log(`RESULTS ${JSON.stringify(results)}`);
