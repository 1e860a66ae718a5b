// startMockOkta: wires the pieces together, listens, and hands back the control surface.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { BULK, type BulkItems } from "../../generated/registry.js";
import { Authenticator } from "./auth.js";
import type { MockCore } from "./core.js";
import { FaultInjector, type FaultRule } from "./faults.js";
import { OAuthServer, type OAuthClientRegistration } from "./oauth.js";
import {
  DEFAULT_API_TOKEN,
  DEFAULT_IDENTITY_SOURCE_ID,
  scaled,
  type MockOktaOptions,
} from "./options.js";
import { addMembers, upsertEntity } from "./processing.js";
import { RateLimiter, type RateLimitOptions } from "./rate-limit.js";
import { RequestLog, type RecordedRequest } from "./request-log.js";
import { Router, routesFromSpec } from "./router.js";
import { handlers } from "./routes/index.js";
import { requestListener } from "./server.js";
import { SessionManager } from "./sessions.js";
import { SourceData, type MockState } from "./state.js";
import { MANAGE_SCOPE, READ_SCOPE, ReplayCache, TokenStore } from "./tokens.js";

/** The bulk kinds that add data (`users`, `groups`, `memberships`, `devices`, ...). */
type UpsertKind = {
  [K in keyof typeof BULK]: (typeof BULK)[K]["action"] extends "upsert" ? K : never;
}[keyof typeof BULK];

/**
 * Data to put straight into an identity source, as if an import had completed: the items of any
 * upsert kind of the spec, as `source.import()` takes them.
 */
export type MockData = { [K in UpsertKind]?: readonly BulkItems[K][] };

/** A running mock Okta org. */
export interface MockOkta {
  /** Base URL, e.g. `http://127.0.0.1:54321`; use it as the org URL. */
  readonly url: string;
  readonly port: number;
  /** The token to send as `Authorization: SSWS <apiToken>`. */
  readonly apiToken: string;
  readonly identitySourceIds: readonly string[];
  /** Every request received, oldest first (see `requestLog` option); entries fill in as answered. */
  readonly requests: readonly RecordedRequest[];
  /** A plain-data copy of one identity source's entities of every kind, memberships and sessions. */
  state(identitySourceId?: string): MockState;
  /** Puts data into an identity source at once, without a session. */
  load(data: MockData, identitySourceId?: string): void;
  /** Issues an access token directly (no token request), e.g. with a single scope to test 403s. */
  issueAccessToken(options?: { scopes?: readonly string[]; ttlSeconds?: number }): string;
  /** Registers an OAuth service app for the token endpoint's private_key_jwt flow. */
  registerClient(client: OAuthClientRegistration): void;
  /** Replaces the fault rules and restarts the seeded sequence. */
  setFaults(faults: FaultRule | readonly FaultRule[] | undefined, seed?: number): void;
  /** Changes rate limits from now on. */
  setRateLimit(options: RateLimitOptions): void;
  /** Makes the next `count` sessions that finish processing end in ERROR. @default 1 */
  failNextSessions(count?: number): void;
  clearRequests(): void;
  /** Forgets all data, sessions, requests and rate-limit windows; keeps tokens, clients and faults. */
  reset(): void;
  /** Stops the server, drops open connections and clears every timer. */
  close(): Promise<void>;
}

/**
 * Starts an embedded mock of Okta's Identity Source API, validated against the bundled spec.
 * @example
 * const mock = await startMockOkta({ timeScale: 0.001 });
 * await fetch(`${mock.url}/api/v1/identity-sources/0oa3l6l6WK6h0R0QW0g4/sessions`, {
 *   method: "POST", headers: { Authorization: `SSWS ${mock.apiToken}` } });
 * await mock.close();
 */
export async function startMockOkta(options: MockOktaOptions = {}): Promise<MockOkta> {
  const apiToken = options.apiToken ?? DEFAULT_API_TOKEN;
  const identitySourceIds = [...(options.identitySourceIds ?? [DEFAULT_IDENTITY_SOURCE_ID])];
  const routes = routesFromSpec();
  const missing = routes.filter((r) => !handlers[r.operationId]).map((r) => r.operationId);
  if (missing.length > 0) throw new Error(`mock has no handler for ${missing.join(", ")}`);

  const tokens = new TokenStore();
  const replays = new ReplayCache();
  const oauth = new OAuthServer(tokens, options.accessTokenTtlSeconds ?? 3600);
  for (const client of options.clients ?? []) oauth.register(client);
  const core: MockCore = {
    sources: new Map(identitySourceIds.map((id) => [id, new SourceData(id)])),
    sessions: new SessionManager(scaled(options), options.failSession),
    router: new Router(routes),
    auth: new Authenticator(apiToken, tokens, replays),
    tokens,
    replays,
    oauth,
    limiter: new RateLimiter(options.rateLimit),
    faults: new FaultInjector(options.faults, options.seed ?? 1),
    log: new RequestLog(options.requestLog),
    membershipPageSize: options.membershipPageSize ?? 200,
    validateResponses: options.validateResponses ?? false,
    timers: new Set(),
  };

  const server = createServer(requestListener(core, options.cors));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const source = (id = identitySourceIds[0]) => {
    const found = id === undefined ? undefined : core.sources.get(id);
    if (!found) throw new Error(`unknown identity source ${String(id)}`);
    return found;
  };
  const stopTimers = () => {
    core.sessions.stop();
    for (const data of core.sources.values()) SessionManager.clearTimers(data);
    for (const timer of core.timers) clearTimeout(timer);
    core.timers.clear();
  };
  let closed: Promise<void> | undefined;

  const mock: MockOkta = {
    url,
    port: address.port,
    apiToken,
    identitySourceIds,
    get requests() {
      return core.log.entries;
    },
    state: (id) => source(id).snapshot(),
    load: (data, id) => {
      const target = source(id);
      const now = new Date().toISOString();
      // In the spec's order (groups before the memberships that need them). Copies, so later
      // changes to the caller's objects do not leak into the mock.
      for (const [name, bulk] of Object.entries(BULK)) {
        const items = (data as Record<string, readonly unknown[] | undefined>)[name];
        if (bulk.action !== "upsert" || !items) continue;
        for (const item of items as { externalId: string; profile: Record<string, unknown> }[]) {
          if (bulk.shape === "links") {
            const link = item as unknown as {
              groupExternalId: string;
              memberExternalIds: string[];
            };
            addMembers(target, link.groupExternalId, link.memberExternalIds);
          } else {
            upsertEntity(target, bulk.kind, item.externalId, { ...item.profile }, now);
          }
        }
      }
    },
    issueAccessToken: (o = {}) =>
      tokens.issue(
        o.scopes ?? [READ_SCOPE, MANAGE_SCOPE],
        o.ttlSeconds ?? options.accessTokenTtlSeconds ?? 3600,
      ),
    registerClient: (client) => oauth.register(client),
    setFaults: (faults, seed) => core.faults.set(faults, seed),
    setRateLimit: (rateLimit) => core.limiter.configure(rateLimit),
    failNextSessions: (count = 1) => core.sessions.failNextSessions(count),
    clearRequests: () => core.log.clear(),
    reset: () => {
      stopTimers();
      for (const data of core.sources.values()) {
        data.clearData();
        data.sessions.clear();
      }
      core.log.clear();
      core.limiter.reset();
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        stopTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
  // The handle carries the API token; keep it out of logs and snapshots.
  const printable = () => ({ url, identitySourceIds, apiToken: "[REDACTED]" });
  Object.defineProperties(mock, {
    toJSON: { value: printable, enumerable: false },
    [inspect.custom]: { value: () => `MockOkta ${inspect(printable())}`, enumerable: false },
  });
  return mock;
}
