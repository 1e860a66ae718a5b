// The client's public surface; src/index.ts re-exports it.
export { createIdentitySourceClient } from "./create-client.js";
export {
  OktaError,
  OktaApiError,
  OktaBadRequestError,
  OktaAuthenticationError,
  OktaForbiddenError,
  OktaNotFoundError,
  OktaRateLimitError,
  OktaServerError,
  OktaConnectionError,
  OktaTimeoutError,
  OktaValidationError,
  OktaImportError,
} from "../core/errors.js";
export type { ErrorCause } from "../core/errors.js";
export type { RateLimit } from "../http/headers.js";
export type { RetryInfo, RetryOptions, RetryPolicy, RetryReason } from "../http/retry.js";
export type {
  ClientOptions,
  CommonClientOptions,
  OAuthOptions,
  PrivateJwk,
  RequestHookInfo,
  ResponseHookInfo,
} from "../http/options.js";
export type {
  RequestOptions,
  SessionsApi,
  UsersApi,
  GroupsApi,
  IdentitySource,
  IdentitySourceClient,
} from "./types.js";
export { USER_AGENT } from "../http/transport.js";
