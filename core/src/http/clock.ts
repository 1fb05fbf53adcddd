/**
 * Time is injected so that backoff, rate limiting and token expiry are deterministic under test, and so that the
 * n8n nodes can hand in n8n's own sleep. The default clock never touches `setTimeout` (forbidden in the published
 * n8n package): it waits for the abort event of `AbortSignal.timeout(ms)`.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleepOnAbortSignal(ms, signal),
};

function sleepOnAbortSignal(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  const timer = AbortSignal.timeout(Math.ceil(ms));
  return new Promise<void>((resolve, reject) => {
    const onTimer = (): void => {
      signal?.removeEventListener('abort', onCaller);
      resolve();
    };
    const onCaller = (): void => {
      timer.removeEventListener('abort', onTimer);
      reject(signal?.reason);
    };
    timer.addEventListener('abort', onTimer, { once: true });
    signal?.addEventListener('abort', onCaller, { once: true });
  });
}
