// Okta's error body and the exception handlers throw to answer with it.
import { errorId } from "./ids.js";

// Okta's error body: `errorLink` repeats `errorCode` because Okta has no links yet.
export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export function oktaErrorBody(code: string, summary: string, causes: string[] = []): OktaErrorBody {
  return {
    errorCode: code,
    errorSummary: summary,
    errorLink: code,
    errorId: errorId(),
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

// Thrown by route handlers; the server turns it into an Okta error response.
export class MockHttpError extends Error {
  readonly status: number;
  readonly body: OktaErrorBody;
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: string,
    summary: string,
    causes: string[] = [],
    headers: Record<string, string> = {},
  ) {
    super(summary);
    this.name = "MockHttpError";
    this.status = status;
    this.body = oktaErrorBody(code, summary, causes);
    this.headers = headers;
  }
}

// 400 E0000001 for a broken session rule or limit; the summary names the rule.
export const ruleViolation = (rule: string): MockHttpError =>
  new MockHttpError(400, "E0000001", `Api validation failed: ${rule}`, [rule]);

// 400 E0000001 with one cause per invalid field.
export const validationFailed = (fields: string[], causes: string[]): MockHttpError =>
  new MockHttpError(400, "E0000001", `Api validation failed: ${fields.join(", ")}`, causes);

// 404 E0000007 naming what was not found.
export const notFound = (what: string): MockHttpError =>
  new MockHttpError(404, "E0000007", `Not found: Resource not found: ${what}`);

export const malformedJson = (): MockHttpError =>
  new MockHttpError(400, "E0000003", "The request body was not well-formed.", [
    "The request body could not be parsed as JSON.",
  ]);

export const invalidToken = (why: string): MockHttpError =>
  new MockHttpError(401, "E0000011", "Invalid token provided", [why]);

export const forbidden = (scope: string): MockHttpError =>
  new MockHttpError(403, "E0000006", "You do not have permission to perform the requested action", [
    `The access token lacks the scope ${scope}.`,
  ]);

export const methodNotAllowed = (method: string, allowed: string[]): MockHttpError =>
  new MockHttpError(
    405,
    "E0000022",
    "The endpoint does not support the provided HTTP method",
    [`${method} is not supported here; use ${allowed.join(", ")}.`],
    { Allow: allowed.join(", ") },
  );

export const rateLimited = (): MockHttpError =>
  new MockHttpError(429, "E0000047", "API call exceeded rate limit due to too many requests.");

export const serverError = (status: number): MockHttpError =>
  new MockHttpError(
    status,
    "E0000009",
    status === 500 ? "Internal Server Error" : `Service unavailable (injected ${status})`,
  );
