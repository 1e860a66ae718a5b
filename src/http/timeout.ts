// Per-attempt timeout combined with the caller's signal, and an abortable sleep.
// Plain setTimeout (not AbortSignal.timeout) so fake timers drive both in tests.

// setTimeout overflows past 2^31-1 ms and would fire at once; longer means "no timer".
const MAX_TIMER = 2_147_483_647;

export interface Deadline {
  signal: AbortSignal;
  /** True when the timeout (not the caller) aborted the request. */
  timedOut(): boolean;
  clear(): void;
}

export function deadline(timeout: number | undefined, outer: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let fired = false;
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  const timer =
    timeout !== undefined && timeout > 0 && timeout <= MAX_TIMER
      ? setTimeout(() => {
          fired = true;
          controller.abort(new DOMException(`timed out after ${timeout} ms`, "TimeoutError"));
        }, timeout)
      : undefined;
  return {
    signal: controller.signal,
    timedOut: () => fired,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", forward);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const timer = setTimeout(done, Math.min(ms, MAX_TIMER));
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
