// Building the retry policy from the client options: the exact message and field path of each bad
// value (`retry.X` when given in `retry`, `X` for a top-level shorthand), the 5xx bounds of
// `statuses`, and which given values reach the policy (undefined fields and other client options
// do not).
import { afterEach, describe, expect, it } from "vitest";
import {
  createIdentitySourceClient,
  OktaServerError,
  OktaValidationError,
  type ClientOptions,
  type RetryOptions,
} from "../../src/index.js";
import { DEFAULT_RETRY, retryPolicy } from "../../src/http/retry.js";
import { SOURCE, TOKEN } from "./server.js";
import { closeServers, serve, status } from "./retry-support.js";

afterEach(closeServers);

const make = (options: Partial<ClientOptions>, orgUrl = "https://acme.okta.com") =>
  createIdentitySourceClient({ orgUrl, token: TOKEN, ...options } as ClientOptions);

/** The field and message of the error `make(options)` throws. */
function refusal(options: Partial<ClientOptions>): { field: string; message: string } {
  try {
    make(options);
  } catch (e) {
    expect(e).toBeInstanceOf(OktaValidationError);
    const { field, message } = e as OktaValidationError;
    return { field, message };
  }
  return expect.fail(`${JSON.stringify(options)} was accepted`);
}

const refused = (field: string, rule: string) => ({ field, message: `${field} ${rule}` });
const WHOLE = "must be a whole number >= 0";
const MS = "must be a number of ms >= 0";
const STATUSES = "must be a list of 5xx statuses (500 to 599)";
/** Options as JavaScript may pass them: explicit undefined fields, which the types rule out. */
const js = (options: object) => options as RetryOptions;

describe("bad retry options", () => {
  it("retry itself must be an object: null and a number are refused", () => {
    for (const retry of [null, 5, "fast"]) {
      expect(refusal({ retry: retry as never })).toEqual(refused("retry", "must be an object"));
    }
  });

  it("maxRetries must be whole; the other numbers are ms and may be fractional", () => {
    expect(refusal({ retry: { maxRetries: -1 } })).toEqual(refused("retry.maxRetries", WHOLE));
    expect(refusal({ retry: { maxRetries: 1.5 } })).toEqual(refused("retry.maxRetries", WHOLE));
    for (const name of ["maxRetryTime", "maxDelay", "baseDelay", "rateLimitBaseDelay"] as const) {
      expect(refusal({ retry: { [name]: -1 } })).toEqual(refused(`retry.${name}`, MS));
      expect(refusal({ retry: { [name]: Number.NaN } })).toEqual(refused(`retry.${name}`, MS));
      expect(refusal({ retry: { [name]: "1" as never } })).toEqual(refused(`retry.${name}`, MS));
    }
    const fractional = { maxDelay: 2.5, baseDelay: 0.5, rateLimitBaseDelay: 1.5 };
    expect(retryPolicy(fractional, { maxRetryTime: 99.5 })).toEqual({
      ...DEFAULT_RETRY,
      ...fractional,
      maxRetryTime: 99.5,
    });
  });

  it("a bad top-level shorthand is named as given, even when retry sets other fields", () => {
    expect(refusal({ maxRetries: 2.5 })).toEqual(refused("maxRetries", WHOLE));
    expect(refusal({ maxRetryTime: -1 })).toEqual(refused("maxRetryTime", MS));
    expect(refusal({ maxRetries: -1, retry: { baseDelay: 1 } })).toEqual(
      refused("maxRetries", WHOLE),
    );
    expect(refusal({ maxRetryTime: -1, retry: { maxRetries: 1 } })).toEqual(
      refused("maxRetryTime", MS),
    );
    // The same field in retry wins, so its value is the one checked and named.
    expect(refusal({ maxRetries: 1, retry: { maxRetries: -1 } })).toEqual(
      refused("retry.maxRetries", WHOLE),
    );
  });

  it("statuses: 500 to 599, whole numbers, in a list", () => {
    for (const statuses of [[600], [499], [500.5], [500, 404], "500"]) {
      expect(refusal({ retry: { statuses: statuses as never } })).toEqual(
        refused("retry.statuses", STATUSES),
      );
    }
    expect(retryPolicy({ statuses: [500, 599] }, {}).statuses).toEqual([500, 599]);
  });

  it("retryNetworkErrors must be a boolean", () => {
    expect(refusal({ retry: { retryNetworkErrors: "yes" as never } })).toEqual(
      refused("retry.retryNetworkErrors", "must be true or false"),
    );
  });
});

describe("what reaches the policy", () => {
  it("an undefined field keeps the default (or the shorthand) instead of overriding it", () => {
    const unset = {
      maxRetries: undefined,
      maxRetryTime: undefined,
      maxDelay: undefined,
      baseDelay: undefined,
      rateLimitBaseDelay: undefined,
      statuses: undefined,
      retryNetworkErrors: undefined,
    };
    expect(retryPolicy(js(unset), {})).toEqual(DEFAULT_RETRY);
    expect(retryPolicy(js(unset), js({ maxRetries: undefined, maxRetryTime: undefined }))).toEqual(
      DEFAULT_RETRY,
    );
    expect(retryPolicy(js({ maxRetries: undefined }), { maxRetries: 1 }).maxRetries).toBe(1);
  });

  it("of the client options only the two shorthands: the policy never holds the credentials", () => {
    const options = { orgUrl: "https://acme.okta.com", token: TOKEN, baseDelay: -1, maxRetries: 1 };
    expect(retryPolicy(undefined, options)).toEqual({ ...DEFAULT_RETRY, maxRetries: 1 });
  });

  it("on the wire: retry.maxRetries left undefined keeps the top-level maxRetries", async () => {
    const server = await serve(status(500));
    const source = make(
      { maxRetries: 1, retry: js({ maxRetries: undefined, baseDelay: 1 }) },
      server.url,
    ).identitySource(SOURCE);
    await expect(source.sessions.list()).rejects.toBeInstanceOf(OktaServerError);
    expect(server.requests).toHaveLength(2);
  });

  it("on the wire: 599 may be listed and is then retried", async () => {
    const server = await serve(status(599));
    const source = make({ retry: { statuses: [599], maxRetries: 2, baseDelay: 1 } }, server.url);
    await expect(source.identitySource(SOURCE).sessions.list()).rejects.toBeInstanceOf(
      OktaServerError,
    );
    expect(server.requests).toHaveLength(3);
  });
});
