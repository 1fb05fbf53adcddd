import type { Clock } from './clock.js';
import type { TokenBucket } from './rate-limiter.js';
import type { Semaphore } from './semaphore.js';
import type { Transport, TransportRequest } from './transport.js';
import {
  backoffDelayMs,
  fitsWaitBudget,
  isNetworkError,
  isRetryableStatus,
  parseRetryAfterMs,
  type RetryOptions,
} from './retry-policy.js';

export interface ExecutorOptions {
  transport: Transport;
  clock: Clock;
  /** Uniform in [0, 1); drives backoff jitter. */
  random: () => number;
  retry: RetryOptions;
  /** Per attempt, from sending the request to having read the whole body. */
  timeoutMs: number;
  limiter?: TokenBucket;
  semaphore?: Semaphore;
  /** Told about every retry before its wait, e.g. to log or count. Errors it throws are ignored. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  method: string;
  url: string;
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ExecRequest extends Omit<TransportRequest, 'signal'> {
  /**
   * Safe to send twice: GETs, searches sent as POST, and writes the API defines as idempotent. Only these are
   * retried after a 429/5xx or a network failure, because a non-idempotent call may already have taken effect.
   */
  idempotent: boolean;
  signal?: AbortSignal;
}

export interface ExecResult {
  status: number;
  headers: { get(name: string): string | null };
  bodyText: string;
  attempts: number;
  /** From the last response's `Retry-After`, when it had one. */
  retryAfterMs?: number;
}

export type HttpFailureKind = 'timeout' | 'network' | 'aborted';

/** The request never produced an HTTP response. The message names no header, so it cannot carry a credential. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  constructor(
    readonly kind: HttpFailureKind,
    readonly attempts: number,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Sends one logical request: waits for a concurrency slot and a rate token, applies the per-attempt timeout, and
 * retries retryable outcomes of idempotent requests with backoff. HTTP error statuses are returned, not thrown;
 * interpreting them is the caller's job.
 */
export function createExecutor(options: ExecutorOptions): (request: ExecRequest) => Promise<ExecResult> {
  const { clock, retry } = options;

  return async function execute(request) {
    let waitedMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await attemptOnce(options, request, attempt);
      const canRetry = request.idempotent && attempt <= retry.maxRetries;
      if (outcome.kind === 'response') {
        const { result } = outcome;
        if (!canRetry || !isRetryableStatus(result.status, retry)) return result;
        if (result.retryAfterMs !== undefined && result.retryAfterMs > retry.maxRetryAfterMs) return result;
        const delayMs = result.retryAfterMs ?? backoffDelayMs(attempt - 1, retry, options.random);
        if (!fitsWaitBudget(waitedMs, delayMs, retry)) return result;
        waitedMs += delayMs;
        notify(options, { method: request.method, url: request.url, attempt, delayMs, reason: `HTTP ${result.status}` });
        await clock.sleep(delayMs, request.signal);
        continue;
      }
      const failure = outcome.failure;
      if (failure.kind === 'aborted' || !canRetry) throw failure;
      const delayMs = backoffDelayMs(attempt - 1, retry, options.random);
      if (!fitsWaitBudget(waitedMs, delayMs, retry)) throw failure;
      waitedMs += delayMs;
      notify(options, { method: request.method, url: request.url, attempt, delayMs, reason: failure.message });
      await clock.sleep(delayMs, request.signal);
    }
  };
}

/** A broken logging hook must not turn a recoverable hiccup into a failed call. */
function notify(options: ExecutorOptions, event: RetryEvent): void {
  try {
    options.onRetry?.(event);
  } catch {
    // Deliberately ignored: the hook is for observation only.
  }
}

type AttemptOutcome = { kind: 'response'; result: ExecResult } | { kind: 'failure'; failure: HttpFailure };

async function attemptOnce(options: ExecutorOptions, request: ExecRequest, attempt: number): Promise<AttemptOutcome> {
  const release = options.semaphore ? await options.semaphore.acquire(request.signal) : undefined;
  try {
    await options.limiter?.take(request.signal);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      const response = await options.transport({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const bodyText = await response.text();
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), options.clock.now());
      return {
        kind: 'response',
        result: { status: response.status, headers: response.headers, bodyText, attempts: attempt, retryAfterMs },
      };
    } catch (error) {
      return { kind: 'failure', failure: classifyFailure(error, request.signal, timeout, options.timeoutMs, attempt) };
    }
  } finally {
    release?.();
  }
}

function classifyFailure(
  error: unknown,
  callerSignal: AbortSignal | undefined,
  timeout: AbortSignal,
  timeoutMs: number,
  attempt: number,
): HttpFailure {
  if (callerSignal?.aborted) return new HttpFailure('aborted', attempt, 'the request was cancelled by the caller');
  if (timeout.aborted) return new HttpFailure('timeout', attempt, `no complete response within ${timeoutMs} ms`);
  if (isNetworkError(error)) return new HttpFailure('network', attempt, `network error: ${describeCause(error)}`);
  // Anything else is a bug in a custom transport; surface it unchanged rather than guess it is safe to retry.
  throw error;
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const code = (cause as { code?: unknown } | null)?.code ?? (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}
