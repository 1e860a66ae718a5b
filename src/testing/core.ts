// Everything one mock instance holds, shared by the request pipeline and the public handle.
import type { Authenticator } from "./auth.js";
import type { FaultInjector } from "./faults.js";
import type { OAuthServer } from "./oauth.js";
import type { RateLimiter } from "./rate-limit.js";
import type { RequestLog } from "./request-log.js";
import type { Router } from "./router.js";
import type { SessionManager } from "./sessions.js";
import type { SourceData } from "./state.js";
import type { ReplayCache, TokenStore } from "./tokens.js";

export interface MockCore {
  sources: Map<string, SourceData>;
  sessions: SessionManager;
  router: Router;
  auth: Authenticator;
  tokens: TokenStore;
  replays: ReplayCache;
  oauth: OAuthServer;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  membershipPageSize: number;
  validateResponses: boolean;
  // Pending latency timers, cleared on close.
  timers: Set<NodeJS.Timeout>;
}
