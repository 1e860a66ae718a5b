// The one request helper behind every wrapper method: per-attempt timeout, status -> error mapping,
// retries with their headers and hook. Operations only describe themselves (method, path, body,
// whether repeating them is safe).
import type { Client } from "openapi-fetch";
import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import type { paths } from "../../generated/openapi.js";
import { apiErrorFor, OktaConnectionError, OktaError, OktaTimeoutError } from "./errors.js";
import { requestIdOf } from "./headers.js";
import type { RequestOptions } from "./types.js";
import { errorInit } from "./response-error.js";
import { retryDelay, retryReason, type RetryInfo } from "./retry.js";
import { deadline, sleep } from "./timeout.js";

/** One HTTP call as an operation describes it. */
export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A `paths` key, or (for Link-header pages) a concrete path with its query. */
  path: string;
  pathParams?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Safe to repeat after a 5xx, connection error or timeout (issue 4 §3). @default method !== "POST" */
  idempotent?: boolean;
}

export type Send = (
  op: Operation,
  options?: RequestOptions,
) => Promise<{ data: unknown; response: Response }>;

export interface SendDefaults {
  orgUrl: string;
  timeout: number;
  maxRetries: number;
  maxRetryTime: number;
  onRetry: ((info: RetryInfo) => void) | undefined;
  secrets: () => Iterable<string>;
}

type LooseRequest = (
  method: string,
  path: string,
  init: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const querySerializer = createQuerySerializer();

export function createSend(raw: Client<paths>, defaults: SendDefaults): Send {
  const request = raw.request as unknown as LooseRequest;
  return async (op, options = {}) => {
    const { method, path, body, idempotent = method !== "POST" } = op;
    const { signal, timeout = defaults.timeout, maxRetries = defaults.maxRetries } = options;
    const params = { path: op.pathParams ?? {}, query: op.query ?? {} };
    const url = createFinalURL(path, {
      baseUrl: defaults.orgUrl,
      params,
      querySerializer,
      pathSerializer: defaultPathSerializer,
    });
    const started = Date.now();
    // Retries carry the attempt number and the request ID of the first failure (facts §6).
    const headers: Record<string, string | undefined> = {};
    for (let attempt = 1; ; attempt++) {
      const d = deadline(timeout, signal);
      let error: OktaError;
      let date: string | null = null;
      try {
        // parseAs "text": success is decided by the status, and bodies are parsed here, so an
        // empty 200 (G2) or a broken body is handled instead of thrown from inside openapi-fetch.
        const init = { params, body, headers, signal: d.signal, parseAs: "text" };
        const { data, error: errorBody, response } = await request(method, path, init);
        const { ok, status, headers: got } = response;
        if (ok) return { data: parseJson(`${method} ${url} answered ${status}`, data), response };
        error = apiErrorFor(errorInit(method, url, response, errorBody, defaults.secrets()));
        date = got.get("date");
        headers["X-Okta-Retry-For"] ??= requestIdOf(got);
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (d.timedOut()) error = new OktaTimeoutError(method, url, timeout, e);
        else if (e instanceof OktaError) error = e;
        // fetch reports network failures as TypeError; anything else is a bug to surface as is.
        else if (e instanceof TypeError) error = new OktaConnectionError(method, url, e);
        else throw e;
      } finally {
        d.clear();
      }
      const reason = retryReason(error, idempotent);
      if (!reason || attempt > maxRetries) throw error;
      const delayMs = retryDelay(reason, attempt, error, date);
      if (Date.now() - started + delayMs > defaults.maxRetryTime) throw error;
      const info: RetryInfo = { attempt, delayMs, reason, error, method, url };
      defaults.onRetry?.(info);
      options.onRetry?.(info);
      await sleep(delayMs, signal);
      headers["X-Okta-Retry-Count"] = `${attempt}`;
    }
  };
}

function parseJson(what: string, text: unknown): unknown {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new OktaError(`${what} with a body that is not JSON`);
  }
}
