// `okta-idsrc mock`: runs the embedded mock Okta (src/testing's CLI) until interrupted.
import { runMockCli } from "../../testing/cli.js";
import { EXIT, UsageError } from "../io.js";
import type { CliIo } from "../io.js";

export const MOCK_HELP = `Usage: okta-idsrc mock [options]

Starts the embedded mock Okta (Identity Source API, validated against the bundled spec) and
serves until interrupted (Ctrl-C). It prints its URL and the API token to use.

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <addr>          interface to listen on (default 127.0.0.1)
  --token <token>        API token to accept as "SSWS <token>" (default: a random one, printed)
  --identity-source <id> identity source ID; repeat for more (default 0oa3l6l6WK6h0R0QW0g4)
  --time-scale <x>       multiply processing time, expiry and cool-down (default 1)
  --rate-limit <n>       requests per minute per bucket (default 600)
  --concurrency <n>      requests in flight at once (default 75)
  --seed <n>             seed of the fault PRNG (default 1)
  --cors                 let browser apps on any origin call the mock (CORS)
  --cors-origin <url>    let browser apps on this origin call it; repeat for more
  -h, --help             show this help
`;

export async function mockCommand(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout.write(MOCK_HELP);
    return EXIT.ok;
  }
  let mock: Awaited<ReturnType<typeof runMockCli>>;
  try {
    mock = await runMockCli(args, io.stdout);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const badArgs = typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
    // The mock CLI's own argument errors name the flag first ("--port needs a number ...").
    if (badArgs || /^--[a-z-]+ /.test((e as Error).message)) {
      throw new UsageError((e as Error).message);
    }
    throw e;
  }
  if (!mock) return EXIT.ok;
  await new Promise<void>((resolve) => {
    if (!io.signal) return; // no signal: serve until the process ends
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await mock.close();
  return EXIT.ok;
}
