// Public entry of `okta-identity-sources/testing`: the embedded mock Okta for tests and demos.
export { startMockOkta } from "./mock.js";
export type { MockData, MockOkta } from "./mock.js";
export type { MockOktaOptions } from "./options.js";
export type { FaultRule } from "./faults.js";
export type { RateLimitOptions } from "./rate-limit.js";
export type { OAuthClientRegistration } from "./oauth.js";
export type { RecordedRequest, RequestLogOptions } from "./request-log.js";
export type { FailSessionPredicate, SessionStatus } from "./sessions.js";
export type { MockDevice, MockGroup, MockSession, MockState, MockUser } from "./state.js";
