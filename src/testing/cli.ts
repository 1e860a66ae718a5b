// `npm run mock -- --port 8080`: runs the mock Okta from the shell and prints what to connect with.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { secret } from "./ids.js";
import { startMockOkta, type MockOkta } from "./mock.js";
import { DEFAULT_IDENTITY_SOURCE_ID } from "./options.js";

const USAGE = `Usage: npm run mock -- [options]

Options:
  --port <n>             port to listen on (default 8080; 0 picks a free one)
  --host <addr>          interface to listen on (default 127.0.0.1)
  --token <token>        API token to accept as "SSWS <token>" (default: a random one, printed)
  --identity-source <id> identity source id; repeat for more (default ${DEFAULT_IDENTITY_SOURCE_ID})
  --time-scale <x>       multiply processing time, expiry and cool-down (default 1)
  --rate-limit <n>       requests per minute per bucket (default 600)
  --concurrency <n>      requests in flight at once (default 75)
  --seed <n>             seed of the fault PRNG (default 1)
  --cors                 let browser apps on any origin call the mock (CORS)
  --cors-origin <url>    let browser apps on this origin call it; repeat for more
  -h, --help             show this help`;

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${name} needs a number, got "${value}"`);
  return parsed;
}

/** startMockOkta's `cors` for --cors (any origin) or --cors-origin (these origins only). */
function corsOption(all: boolean | undefined, origins: string[] | undefined) {
  if (all && origins) throw new Error("--cors allows every origin; drop it or --cors-origin");
  for (const origin of origins ?? []) {
    // An origin is what a browser sends: scheme, host and port (a path would never match).
    const url = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.href !== `${url.origin}/`) {
      throw new Error(
        `--cors-origin needs an origin such as http://localhost:5173, got "${origin}"`,
      );
    }
  }
  return all ? true : origins;
}

// Starts the mock for the given arguments and writes the connection details to `out`.
export async function runMockCli(
  argv: readonly string[],
  out: { write(text: string): unknown } = process.stdout,
): Promise<MockOkta | undefined> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string" },
      "identity-source": { type: "string", multiple: true },
      "time-scale": { type: "string" },
      "rate-limit": { type: "string" },
      concurrency: { type: "string" },
      seed: { type: "string" },
      cors: { type: "boolean" },
      "cors-origin": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    out.write(`${USAGE}\n`);
    return undefined;
  }
  const apiToken = values.token ?? secret();
  const perMinute = number("rate-limit", values["rate-limit"]);
  const concurrency = number("concurrency", values.concurrency);
  const timeScale = number("time-scale", values["time-scale"]);
  const seed = number("seed", values.seed);
  const cors = corsOption(values.cors, values["cors-origin"]);
  const mock = await startMockOkta({
    port: number("port", values.port) ?? 8080,
    host: values.host ?? "127.0.0.1",
    apiToken,
    identitySourceIds: values["identity-source"] ?? [DEFAULT_IDENTITY_SOURCE_ID],
    rateLimit: {
      ...(perMinute === undefined ? {} : { perMinute }),
      ...(concurrency === undefined ? {} : { concurrency }),
    },
    ...(timeScale === undefined ? {} : { timeScale }),
    ...(seed === undefined ? {} : { seed }),
    ...(cors === undefined ? {} : { cors }),
  });
  out.write(
    [
      `Mock Okta listening on ${mock.url}`,
      `  API token:        ${apiToken}   (send "Authorization: SSWS ${apiToken}")`,
      ...mock.identitySourceIds.map((id) => `  identity source:  ${id}`),
      ...(cors === undefined
        ? []
        : [`  CORS allowed for: ${cors === true ? "any origin" : cors.join(", ")}`]),
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  return mock;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  runMockCli(process.argv.slice(2)).then(
    (mock) => {
      if (!mock) return;
      const stop = () => void mock.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`,
      );
      process.exitCode = 2;
    },
  );
}
