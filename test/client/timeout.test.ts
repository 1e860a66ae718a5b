// Timeouts and cancellation: a per-attempt timeout, combined with the caller's signal.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createIdentitySourceClient,
  OktaTimeoutError,
  type ClientOptions,
} from "../../src/index.js";
import { reply, SOURCE, startServer, TOKEN, type Handler, type TestServer } from "./server.js";

const servers: TestServer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(handler: Handler, options: Partial<ClientOptions> = {}) {
  const server = await startServer(handler);
  servers.push(server);
  const source = createIdentitySourceClient({
    orgUrl: server.url,
    token: TOKEN,
    ...options,
  } as ClientOptions).identitySource(SOURCE);
  return { server, source };
}

const hang: Handler = () => undefined;

/** Polls on setImmediate, which the fake timers here leave alone. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 100_000) throw new Error("condition never held");
    await new Promise((r) => setImmediate(r));
  }
}

describe("timeouts", () => {
  it("the client timeout turns a hanging request into an OktaTimeoutError", async () => {
    // 1 s, not less: on a loaded machine a shorter timeout can fire before the request arrives.
    const { source, server } = await setup(hang, { timeout: 1000 });
    const error = await source.sessions.create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OktaTimeoutError);
    expect((error as OktaTimeoutError).message).toBe(
      `POST ${server.url}/api/v1/identity-sources/${SOURCE}/sessions timed out after 1000 ms`,
    );
    expect((error as OktaTimeoutError).cause).toBeDefined();
    // create-session is not retried after a timeout: Okta may have created it.
    expect(server.requests).toHaveLength(1);
  });

  it("a per-call timeout overrides the client's", async () => {
    const { source } = await setup(hang, { timeout: 60_000, maxRetries: 0 });
    const error = await source.sessions.list({ timeout: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "OktaTimeoutError", timeout: 50 });
  });

  it("defaults to 60 s", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { source, server } = await setup(hang, { maxRetries: 0 });
    const call = source.sessions.list().catch((e: unknown) => e);
    await until(() => server.requests.length === 1);
    await vi.advanceTimersByTimeAsync(59_999);
    let settled = false;
    void call.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toMatchObject({ name: "OktaTimeoutError", timeout: 60_000 });
  });

  it("timeout 0 turns it off", async () => {
    const { source } = await setup((_req, res) => void setTimeout(() => reply(res, 200, []), 150), {
      timeout: 0,
    });
    await expect(source.sessions.list()).resolves.toEqual([]);
  });
});

describe("cancellation", () => {
  it("the caller's signal aborts the request with its own reason, and it is not retried", async () => {
    const { source, server } = await setup(hang);
    const controller = new AbortController();
    const call = source.sessions.list({ signal: controller.signal }).catch((e: unknown) => e);
    await until(() => server.requests.length === 1);
    controller.abort(new Error("user gave up"));
    expect(await call).toMatchObject({ message: "user gave up" });
    expect(server.requests).toHaveLength(1);
  });

  it("an already-aborted signal sends nothing", async () => {
    const { source, server } = await setup(hang);
    const error = await source.sessions
      .list({ signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(server.requests).toHaveLength(0);
  });
});
