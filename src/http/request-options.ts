// The options every client method takes as its last argument: per-call overrides of the client's
// timeout and retry policy, and cancellation.
import type { RetryInfo } from "./retry.js";

/** Options every method takes as its last argument. */
export interface RequestOptions {
  /** Cancels the call, including waits between retries. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms; overrides the client's. */
  timeout?: number;
  /** Retries after the first attempt; overrides the client's. */
  maxRetries?: number;
  /** Longest this call may keep retrying, in ms from its first attempt; overrides the client's. */
  maxRetryTime?: number;
  /** Called before each retry of this call (after the client's `onRetry`). */
  onRetry?: (info: RetryInfo) => void;
}
