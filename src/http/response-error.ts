// Turns a non-2xx answer into the fields of an OktaApiError. Nothing from the body is trusted: only
// string fields of Okta's `Error` shape are kept, each cleaned (redact.ts) before it reaches a message.
import type { ApiErrorInit, ErrorCause } from "../core/errors.js";
import { rateLimitOf, requestIdOf } from "./headers.js";
import { clean } from "../core/redact.js";
import { isRecord } from "../core/validate.js";

/** The error fields of a failed answer; `body` is its parsed body, whatever it is. */
export function errorInit(
  method: string,
  url: string,
  response: Response,
  body: unknown,
  secrets: Iterable<string>,
): ApiErrorInit {
  const b = isRecord(body) ? body : {};
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? clean(v, secrets) : undefined);
  const causes: ErrorCause[] = Array.isArray(b.errorCauses)
    ? b.errorCauses.slice(0, 20).flatMap((c) => {
        const errorSummary = isRecord(c) ? text(c.errorSummary) : undefined;
        return errorSummary ? [{ errorSummary }] : [];
      })
    : [];
  const { status, headers } = response;
  return {
    status,
    method,
    url,
    errorCode: text(b.errorCode),
    errorSummary: text(b.errorSummary),
    errorCauses: causes,
    errorId: text(b.errorId),
    requestId: text(requestIdOf(headers)),
    rateLimit: rateLimitOf(headers),
  };
}
