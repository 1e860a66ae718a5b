// The one request helper behind every wrapper method: per-attempt timeout, status -> error mapping,
// retries with their headers and hook. Operations only describe themselves (method, path, body,
// whether repeating them is safe).
import { apiErrorFor, OktaConnectionError, OktaError, OktaTimeoutError } from "../core/errors.js";
import { isConnectionFailure } from "./connection-failure.js";
import type { Exchange } from "./exchange.js";
import { requestIdOf } from "./headers.js";
import type { RequestOptions } from "./request-options.js";
import { errorInit } from "./response-error.js";
import {
  isSafeToRepeat,
  retryDelay,
  retryReason,
  type RetryInfo,
  type RetryPolicy,
} from "./retry.js";
import { deadline, sleep } from "./timeout.js";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { fail } from "../core/validate.js";

/** One HTTP call as an operation describes it. */
export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A `paths` key, or (for Link-header pages) a concrete path with its query. */
  path: string;
  pathParams?: Record<string, string>;
  query?: Record<string, unknown>;
  /** The body as JSON text, serialised (and so checked) before the first attempt. */
  body?: string;
  /** Safe to repeat after a 5xx, connection error or timeout. @default isSafeToRepeat(method, path) */
  idempotent?: boolean;
}

export type Send = (
  op: Operation,
  options?: RequestOptions,
) => Promise<{ data: unknown; response: Response }>;

export interface SendDefaults {
  orgUrl: string;
  timeout: number;
  retry: RetryPolicy;
  onRetry: ((info: RetryInfo) => void) | undefined;
  secrets: () => Iterable<string>;
}

export function createSend(exchange: Exchange, defaults: SendDefaults): Send {
  return async (op, given) => {
    const options = requestOptions(given);
    const { method, path, body, idempotent = isSafeToRepeat(method, path) } = op;
    const { retry } = defaults;
    const { signal, timeout = defaults.timeout, maxRetries = retry.maxRetries } = options;
    const { maxRetryTime = retry.maxRetryTime } = options;
    const params = { path: op.pathParams ?? {}, query: op.query ?? {} };
    // The URL errors and onRetry name, built by openapi-fetch as it builds the request's; only
    // when something failed, so a successful call builds it once (inside openapi-fetch).
    let built: string | undefined;
    const urlOf = () =>
      (built ??= createFinalURL(path, {
        baseUrl: defaults.orgUrl,
        params,
        querySerializer,
        pathSerializer: defaultPathSerializer,
      }));
    const started = Date.now();
    // Retries carry the attempt number and the request ID of the first failure (Okta's retry headers).
    const headers: Record<string, string | undefined> = {};
    for (let attempt = 1; ; attempt++) {
      const d = deadline(timeout, signal);
      let error: OktaError;
      let answered: Headers | undefined;
      try {
        const request = { method, path, params, headers, body, signal: d.signal };
        const { response, body: got } = await exchange(request);
        const { ok, status } = response;
        if (ok)
          return {
            data: parseJson(() => `${method} ${urlOf()} answered ${status}`, got),
            response,
          };
        error = apiErrorFor(errorInit(method, urlOf(), response, got, defaults.secrets()));
        answered = response.headers;
        headers["X-Okta-Retry-For"] ??= requestIdOf(response.headers);
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (d.timedOut()) error = new OktaTimeoutError(method, urlOf(), timeout, e);
        else if (e instanceof OktaError) error = e;
        // A failed connection, in whichever form the runtime's fetch reports it.
        else if (isConnectionFailure(e)) error = new OktaConnectionError(method, urlOf(), e);
        else throw e;
      } finally {
        d.clear();
      }
      const reason = retryReason(error, idempotent, retry);
      if (!reason || attempt > maxRetries) throw error;
      const delayMs = retryDelay(reason, attempt, error, answered, retry);
      if (Date.now() - started + delayMs > maxRetryTime) throw error;
      const info: RetryInfo = { attempt, delayMs, reason, error, method, url: urlOf() };
      defaults.onRetry?.(info);
      options.onRetry?.(info);
      await sleep(delayMs, signal);
      headers["X-Okta-Retry-Count"] = `${attempt}`;
    }
  };
}

/** The last argument of every method: absent, null (read as absent) or an object. */
function requestOptions(options: RequestOptions | null | undefined): RequestOptions {
  if (options == null) return {};
  if (typeof options !== "object") fail("options", "must be an object");
  // Duck-typed like undici's own check: what deadline() and sleep() use of a signal.
  const signal = options.signal as Partial<AbortSignal> | undefined;
  if (signal !== undefined && (typeof signal?.aborted !== "boolean" || !signal.addEventListener)) {
    fail("options.signal", "must be an AbortSignal");
  }
  return options;
}

const querySerializer = createQuerySerializer();

function parseJson(what: () => string, text: unknown): unknown {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new OktaError(`${what()} with a body that is not JSON`);
  }
}
