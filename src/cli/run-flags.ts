// The flags `import` and `sync` share for how the upload runs, parsed in one place.
import type { ImportOptions } from "../import/index.js";
import { intFlag } from "./args.js";
import { UsageError } from "./io.js";

export const RUN_OPTIONS = {
  concurrency: { type: "string" },
  "poll-interval": { type: "string" },
  "active-session": { type: "string" },
  "max-retries": { type: "string" },
  "max-retry-time": { type: "string" },
  "processing-timeout": { type: "string" },
  "progress-interval": { type: "string" },
} as const;

export const RUN_HELP = `  --concurrency <n>          uploads in flight per session (default 1)
  --poll-interval <ms>       session polling interval (default 5000)
  --active-session <policy>  wait (default), cancel or fail when a session is already active
  --max-retries <n>          retries of every request (429, 5xx, lost connections); 0 sends each
                             request once (default 4)
  --max-retry-time <ms>      longest one request keeps retrying (default 120000)
  --processing-timeout <ms>  longest wait for Okta to process a session, or for another run's
                             active session to go away (default 1800000)
  --progress-interval <ms>   time between plain progress lines off a terminal (default 5000)`;

type RunValues = { [K in keyof typeof RUN_OPTIONS]?: string | undefined };

/** The import options the run flags set, and the progress-line interval (undefined: default). */
export function runFlags(values: RunValues): {
  importOptions: Pick<
    ImportOptions,
    | "activeSession"
    | "concurrency"
    | "pollInterval"
    | "maxRetries"
    | "maxRetryTime"
    | "processingTimeout"
  >;
  progressInterval: number | undefined;
} {
  const policy = values["active-session"] ?? "wait";
  if (policy !== "wait" && policy !== "cancel" && policy !== "fail") {
    throw new UsageError("--active-session must be wait, cancel or fail");
  }
  const concurrency = intFlag("concurrency", values.concurrency, 1);
  const pollInterval = intFlag("poll-interval", values["poll-interval"], 1);
  const maxRetries = intFlag("max-retries", values["max-retries"], 0);
  const maxRetryTime = intFlag("max-retry-time", values["max-retry-time"], 0);
  const processingTimeout = intFlag("processing-timeout", values["processing-timeout"], 1);
  return {
    importOptions: {
      activeSession: policy,
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(pollInterval !== undefined ? { pollInterval } : {}),
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      ...(maxRetryTime !== undefined ? { maxRetryTime } : {}),
      ...(processingTimeout !== undefined ? { processingTimeout } : {}),
    },
    progressInterval: intFlag("progress-interval", values["progress-interval"], 1),
  };
}
