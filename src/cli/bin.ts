#!/usr/bin/env node
// The `okta-idsrc` executable: runs main with the process's streams and environment.
import { main } from "./main.js";

const controller = new AbortController();
let interrupted = false;
const onSignal = (signal: NodeJS.Signals) => {
  // First Ctrl-C: abort gracefully (an open import session is cancelled); second: exit now.
  if (interrupted) process.exit(130);
  interrupted = true;
  // The signal's name lets a command exit 130 (SIGINT) or 143 (SIGTERM), as shells expect.
  controller.abort(Object.assign(new Error("interrupted"), { signal }));
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stderr.isTTY === true,
  ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
  signal: controller.signal,
});
process.exitCode = code;
process.off("SIGINT", onSignal);
process.off("SIGTERM", onSignal);
