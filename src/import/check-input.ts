// Checks what the caller passed to runImport before anything is sent: a bad option or a data kind
// that is not a list is the caller's to fix (an OktaValidationError naming it), never a TypeError
// met halfway through an import. Items themselves are checked as they stream (chunks.ts).
import type { BulkKind } from "../bulk-bodies.js";
import { OktaValidationError } from "../core/errors.js";
import { MAX_BULK_BYTES, MAX_BULK_ENTITIES, MAX_REQUESTS_PER_SESSION } from "../limits.js";
import { UPLOAD_ORDER } from "./order.js";
import type { ActiveSessionPolicy, ImportData, ImportOptions, ImportProgress } from "./types.js";

/** The options of one run, defaults applied. */
export interface CheckedOptions {
  policy: ActiveSessionPolicy;
  concurrency: number;
  pollInterval: number;
  maxRetries: number;
  maxRetryTime: number | undefined;
  coolDownTimeout: number;
  processingTimeout: number;
  ownSessions: readonly string[];
  onSessionCreated: ImportOptions["onSessionCreated"];
  onSessionCompleted: ImportOptions["onSessionCompleted"];
  maxEntities: number;
  maxBytes: number;
  maxRequestsPerSession: number;
  onProgress: ((progress: ImportProgress) => void) | undefined;
  signal: AbortSignal | undefined;
}

// setTimeout fires at once for longer delays (Node warns and uses 1 ms): a poll interval past it
// would poll Okta in a tight loop.
const MAX_TIMER_MS = 2 ** 31 - 1;
const POLICIES: readonly string[] = ["wait", "cancel", "fail"];

function fail(field: string, what: string, limit?: number): never {
  throw new OktaValidationError(field, `${field} ${what}`, limit);
}

/** What a bad value was, for the message (never a function's source or a whole object). */
function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

/** An integer option in [min, max]; `undefined` gives the default. */
function integer(
  options: ImportOptions,
  name: keyof ImportOptions,
  fallback: number,
  min: number,
  max = Infinity,
): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
    return value;
  }
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  const limit = typeof value === "number" && value > max ? max : min;
  return fail(`options.${name}`, `must be an integer ${range} (got ${shown(value)})`, limit);
}

/** A duration in ms: > 0 (or >= 0 when `zero`), at most `max`; NaN never passes. */
function duration(
  options: ImportOptions,
  name: keyof ImportOptions,
  fallback: number,
  zero: boolean,
  max = Infinity,
): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value === "number" && (zero ? value >= 0 : value > 0) && value <= max) return value;
  const range = `${zero ? ">= 0" : "> 0"}${max === Infinity ? "" : ` and <= ${max}`}`;
  const limit = typeof value === "number" && value > max ? max : 0;
  return fail(
    `options.${name}`,
    `must be a number of milliseconds ${range} (got ${shown(value)})`,
    limit,
  );
}

/** Checks runImport's options (null reads as none, as in the client) and applies the defaults. */
export function checkOptions(given: ImportOptions | null | undefined): CheckedOptions {
  const options: ImportOptions = given ?? {};
  if (typeof options !== "object") fail("options", `must be an object (got ${shown(options)})`);
  const policy: unknown = options.activeSession ?? "wait";
  if (typeof policy !== "string" || !POLICIES.includes(policy)) {
    fail("options.activeSession", `must be "wait", "cancel" or "fail" (got ${shown(policy)})`);
  }
  const { onProgress, signal, onSessionCreated, onSessionCompleted } = options;
  for (const [name, hook] of Object.entries({ onProgress, onSessionCreated, onSessionCompleted })) {
    if (hook !== undefined && typeof hook !== "function") {
      fail(`options.${name}`, `must be a function (got ${shown(hook)})`);
    }
  }
  const ownSessions: unknown = options.ownSessions ?? [];
  if (
    !Array.isArray(ownSessions) ||
    ownSessions.some((id) => typeof id !== "string" || id === "")
  ) {
    fail("options.ownSessions", `must be an array of session IDs (got ${shown(ownSessions)})`);
  }
  // Duck-typed like the client's check (src/http/send.ts): what sleep.ts and fetch use of it.
  const s = signal as Partial<AbortSignal> | undefined;
  if (
    s !== undefined &&
    (typeof s?.aborted !== "boolean" ||
      typeof s.addEventListener !== "function" ||
      typeof s.removeEventListener !== "function")
  ) {
    fail("options.signal", `must be an AbortSignal (got ${shown(signal)})`);
  }
  return {
    policy: policy as ActiveSessionPolicy,
    // Counts feed the session's request budget (uploader.ts): fractions would break its sums.
    concurrency: integer(options, "concurrency", 1, 1),
    maxRetries: integer(options, "maxRetries", 4, 0),
    maxRetryTime:
      options.maxRetryTime === undefined ? undefined : duration(options, "maxRetryTime", 0, true),
    // Bounds every wait on Okta's processing; a sleep is cut to what is left of it, so no upper bound.
    processingTimeout: duration(options, "processingTimeout", 1_800_000, false),
    ownSessions: ownSessions as string[],
    onSessionCreated,
    onSessionCompleted,
    pollInterval: duration(options, "pollInterval", 5000, false, MAX_TIMER_MS),
    // Compared with a deadline, never handed to setTimeout: no upper bound needed.
    coolDownTimeout: duration(options, "coolDownTimeout", 600_000, true),
    // Okta's documented limits are the ceilings: a higher value could only earn 400s.
    maxEntities: integer(options, "maxEntitiesPerRequest", MAX_BULK_ENTITIES, 1, MAX_BULK_ENTITIES),
    maxBytes: integer(options, "maxBytesPerRequest", MAX_BULK_BYTES, 1, MAX_BULK_BYTES),
    maxRequestsPerSession: integer(
      options,
      "maxRequestsPerSession",
      MAX_REQUESTS_PER_SESSION,
      1,
      MAX_REQUESTS_PER_SESSION,
    ),
    onProgress,
    signal,
  };
}

/** One kind of the data and its items. */
type KindInput = [BulkKind, NonNullable<ImportData[BulkKind]>];

const isIterable = (value: object): boolean =>
  typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === "function" ||
  typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";

/** Checks runImport's data; returns the kinds given, in upload order (order.ts). */
export function checkData(data: ImportData): KindInput[] {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    fail("data", `must be an object such as { users, groups } (got ${shown(data)})`);
  }
  // A misspelt kind would otherwise be skipped in silence, and its entities never sent.
  for (const key of Object.keys(data)) {
    if (!(UPLOAD_ORDER as readonly string[]).includes(key)) {
      fail(`data.${key}`, `is not a kind the importer knows; use ${UPLOAD_ORDER.join(", ")}`);
    }
  }
  const kinds: KindInput[] = [];
  for (const kind of UPLOAD_ORDER) {
    const input: unknown = data[kind];
    if (input === undefined) continue;
    // A string is iterable too, but its characters are no externalIds: deletedUsers: "u1" must not
    // delete users "u" and "1".
    if (typeof input !== "object" || input === null || !isIterable(input)) {
      fail(
        `data.${kind}`,
        `must be an array, an iterable or an async iterable (got ${shown(input)})`,
      );
    }
    kinds.push([kind, input as NonNullable<ImportData[BulkKind]>]);
  }
  return kinds;
}
