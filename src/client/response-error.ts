// Turns a non-2xx answer into the matching OktaApiError. Nothing from the body is trusted: only
// string fields are kept, each cleaned (redact.ts) before it reaches a message.
import { apiErrorFor, type ApiErrorInit, type ErrorCause, type OktaApiError } from "./errors.js";
import { rateLimitOf, requestIdOf } from "./headers.js";
import { clean } from "./redact.js";
import { isRecord } from "./validate.js";

/** Field names of an error body: Okta's `Error` schema, or an OAuth token-endpoint error. */
interface BodyFields {
  code: string;
  summary: string;
}
const OKTA: BodyFields = { code: "errorCode", summary: "errorSummary" };

/** The error fields of a failed answer. */
export function errorInit(
  method: string,
  url: string,
  response: Response,
  body: unknown,
  secrets: Iterable<string>,
  fields: BodyFields = OKTA,
): ApiErrorInit {
  const b = isRecord(body) ? body : {};
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? clean(v, secrets) : undefined);
  const causes: ErrorCause[] = Array.isArray(b.errorCauses)
    ? b.errorCauses.slice(0, 20).flatMap((c) => {
        const errorSummary = isRecord(c) ? text(c.errorSummary) : undefined;
        return errorSummary ? [{ errorSummary }] : [];
      })
    : [];
  return {
    status: response.status,
    method,
    url,
    errorCode: text(b[fields.code]),
    errorSummary: text(b[fields.summary]),
    errorCauses: causes,
    errorId: text(b.errorId),
    requestId: text(requestIdOf(response.headers)),
    rateLimit: rateLimitOf(response.headers),
  };
}

export const apiErrorFromResponse = (
  method: string,
  url: string,
  response: Response,
  body: unknown,
  secrets: Iterable<string>,
): OktaApiError => apiErrorFor(errorInit(method, url, response, body, secrets));
