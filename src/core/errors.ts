// The error hierarchy. Every field is plain data the client already redacted, so
// toJSON() and util.inspect() can show the whole object without leaking credentials.
import type { ImportFailureReason, ImportReport } from "../import-report.js";

/** The rate-limit headers of one response; `reset` is a UTC epoch time in seconds. */
export interface RateLimit {
  limit: number | undefined;
  remaining: number | undefined;
  reset: number | undefined;
}

/** Base class of every error this client throws. */
export class OktaError extends Error {
  override name: string = "OktaError";

  /** Plain-data view for loggers; never carries credentials. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof Error ? { cause: this.cause.message } : {};
    return { ...(this as object), name: this.name, message: this.message, ...cause };
  }
}

/** One entry of Okta's `errorCauses`. */
export interface ErrorCause {
  errorSummary?: string;
}

/** What an API error knows about the failed exchange. */
export interface ApiErrorInit {
  status: number;
  method: string;
  url: string;
  /** Okta's error code (e.g. `E0000001`): the only field meant for branching. */
  errorCode: string | undefined;
  errorSummary: string | undefined;
  errorCauses: ErrorCause[];
  errorId: string | undefined;
  /** The `X-Okta-Request-Id` header, for Okta's System Log and support. */
  requestId: string | undefined;
  rateLimit: RateLimit;
}

/** Okta answered with a non-2xx status. */
export class OktaApiError extends OktaError {
  override name: string = "OktaApiError";

  constructor(init: ApiErrorInit) {
    const { method, url, status, errorCode, errorSummary, errorCauses } = init;
    const causes = errorCauses.flatMap((c) => c.errorSummary ?? []).join("; ");
    super(
      `${method} ${url} failed with ${status}${errorCode ? ` ${errorCode}` : ""}` +
        `${errorSummary ? `: ${errorSummary}` : ""}${causes ? ` (${causes})` : ""}`,
    );
    Object.assign(this, init);
  }
}
// Fields set by Object.assign above (declaration merging keeps the class body small).
export interface OktaApiError extends Readonly<ApiErrorInit> {}

/** 400: Okta rejected the request (validation, session state). */
export class OktaBadRequestError extends OktaApiError {
  override name = "OktaBadRequestError";
}
/** 401: missing, invalid or expired credentials (or the feature is off, E0000015). */
export class OktaAuthenticationError extends OktaApiError {
  override name = "OktaAuthenticationError";
}
/** 403: the credentials lack the permission or scope. */
export class OktaForbiddenError extends OktaApiError {
  override name = "OktaForbiddenError";
}
/** 404: the identity source, session, user or group does not exist. */
export class OktaNotFoundError extends OktaApiError {
  override name = "OktaNotFoundError";
}
/** 429: a rate or concurrency limit was hit and retries did not get through. */
export class OktaRateLimitError extends OktaApiError {
  override name = "OktaRateLimitError";
}
/** 5xx: Okta failed. */
export class OktaServerError extends OktaApiError {
  override name = "OktaServerError";
}

const byStatus: Record<number, typeof OktaApiError> = {
  400: OktaBadRequestError,
  401: OktaAuthenticationError,
  403: OktaForbiddenError,
  404: OktaNotFoundError,
  429: OktaRateLimitError,
};

/** The error class for a status: one subclass per family, the base class for the rest. */
export const apiErrorFor = (init: ApiErrorInit): OktaApiError =>
  new (byStatus[init.status] ?? (init.status > 499 ? OktaServerError : OktaApiError))(init);

/** The request never got an answer (DNS, refused, reset). */
export class OktaConnectionError extends OktaError {
  override name = "OktaConnectionError";
  declare readonly method: string;
  declare readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    const why =
      (cause as { cause?: Error } | undefined)?.cause?.message ?? (cause as Error)?.message;
    super(`${method} ${url} failed to connect${why ? `: ${why}` : ""}`, { cause });
    Object.assign(this, { method, url });
  }
}

/** No answer within the timeout. */
export class OktaTimeoutError extends OktaError {
  override name = "OktaTimeoutError";
  declare readonly method: string;
  declare readonly url: string;
  /** The timeout in ms. */
  declare readonly timeout: number;

  constructor(method: string, url: string, timeout: number, cause?: unknown) {
    super(`${method} ${url} timed out after ${timeout} ms`, { cause });
    Object.assign(this, { method, url, timeout });
  }
}

/** Bad input caught before sending; `field` names it, `limit` is the limit it broke. */
export class OktaValidationError extends OktaError {
  override name = "OktaValidationError";
  declare readonly field: string;
  declare readonly limit?: number;

  constructor(field: string, message: string, limit?: number) {
    super(message);
    Object.assign(this, { field, limit });
  }
}

/**
 * `source.import()` failed midway; `reason` says why, `report` holds what completed and what was
 * sent before it stopped. Defined here, with the rest of the hierarchy, so the client entry can
 * export it while the importer itself loads lazily; the importer writes the message.
 */
export class OktaImportError extends OktaError {
  override name = "OktaImportError";
  declare readonly reason: ImportFailureReason;
  declare readonly report: ImportReport;

  constructor(
    reason: ImportFailureReason,
    message: string,
    report: ImportReport,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    Object.assign(this, { reason, report });
  }
}
