// Plain-fetch helpers for the mock's tests: nothing here knows about our client.
import { startMockOkta, type MockOkta, type MockOktaOptions } from "../../src/testing/index.js";

export const SOURCE = "0oa3l6l6WK6h0R0QW0g4";
export const TOKEN = "test-token";

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON; `any` keeps the assertions in tests short. */
  body: any;
}

/** Starts a mock with fast timers and response checking on, unless the test says otherwise. */
export function start(options: MockOktaOptions = {}): Promise<MockOkta> {
  return startMockOkta({ apiToken: TOKEN, timeScale: 0.001, validateResponses: true, ...options });
}

/** Sends one request with plain fetch; `path` is relative to the identity source unless absolute. */
export async function call(
  mock: MockOkta,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = path.startsWith("http")
    ? path
    : path.startsWith("/")
      ? `${mock.url}${path}`
      : `${mock.url}/api/v1/identity-sources/${SOURCE}/${path}`;
  const init: RequestInit = {
    method,
    headers: {
      Authorization: `SSWS ${TOKEN}`,
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
  };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The status of a session as state() sees it (state() does not count as activity). */
export function sessionStatus(mock: MockOkta, id: string): string | undefined {
  return mock.state().sessions.find((s) => s.id === id)?.status;
}

/** Waits until the session reaches one of `statuses`. */
export function waitForStatus(mock: MockOkta, id: string, ...statuses: string[]): Promise<string> {
  return waitFor(() => {
    const status = sessionStatus(mock, id);
    return status !== undefined && statuses.includes(status) ? status : undefined;
  });
}

export const user = (externalId: string, profile: Record<string, string | null> = {}) => ({
  externalId,
  profile: {
    userName: `${externalId}@example.com`,
    email: `${externalId}@example.com`,
    ...profile,
  },
});

export const users = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => user(`${prefix}${i}`));

/** Creates a session and uploads one user so it is IN_PROGRESS. */
export async function inProgressSession(mock: MockOkta, externalId = "u-setup"): Promise<string> {
  const created = await call(mock, "POST", "sessions");
  if (created.status !== 200) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const upload = await call(mock, "POST", `sessions/${id}/bulk-upsert`, {
    entityType: "USERS",
    profiles: [user(externalId)],
  });
  if (upload.status !== 202) throw new Error(`upload failed: ${JSON.stringify(upload.body)}`);
  return id;
}
