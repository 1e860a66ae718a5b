// What the retry tests share: local servers closed after each test, a client on one of them that
// records every retry, and handlers that fail a given number of times before answering.
import {
  createIdentitySourceClient,
  type ClientOptions,
  type IdentitySource,
  type RetryInfo,
} from "../../src/index.js";
import { reply, SOURCE, startServer, TOKEN, type Handler, type TestServer } from "./server.js";

const open: TestServer[] = [];

/** A local server answering with `handler`, closed by `closeServers`. */
export async function serve(handler: Handler): Promise<TestServer> {
  const server = await startServer(handler);
  open.push(server);
  return server;
}

/** Closes every server `serve` started; each test file calls it in `afterEach`. */
export async function closeServers(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()));
}

/** A client on a new server answering with `handler`; `infos` collects its `onRetry` calls. */
export async function retryClient(
  handler: Handler,
  options: Partial<ClientOptions> = {},
): Promise<{ server: TestServer; source: IdentitySource; infos: RetryInfo[] }> {
  const server = await serve(handler);
  const infos: RetryInfo[] = [];
  const source = createIdentitySourceClient({
    orgUrl: server.url,
    token: TOKEN,
    onRetry: (info) => void infos.push(info),
    ...options,
  } as ClientOptions).identitySource(SOURCE);
  return { server, source, infos };
}

/** Fails `failures` times with `fail`, then answers `ok`. */
export const failThen = (
  failures: number,
  fail: Handler,
  ok: Handler = (_q, res) => reply(res, 200, []),
): Handler => {
  let n = 0;
  return (req, res) => (++n <= failures ? fail(req, res) : ok(req, res));
};

/** Answers `code` with an Okta error body and `headers`. */
export const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    reply(res, code, { errorCode: "E0000009" }, headers);
