/**
 * When to try a request again and how long to wait first. Pure functions: the executor supplies the clock and the
 * random source, which keeps every decision here reproducible in tests.
 */

export interface RetryOptions {
  /** Retries after the first attempt (so `maxRetries + 1` attempts at most). */
  maxRetries: number;
  /** The backoff cap for retry n (0-based) is `min(maxDelayMs, baseDelayMs * 2^n)`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A `Retry-After` longer than this is not waited out: the call fails at once and reports `retryAfterMs`, so a
   * workflow can reschedule instead of holding an n8n execution open for minutes.
   */
  maxRetryAfterMs: number;
  /**
   * Cap on the sum of all waits of one call, Retry-After included; a retry whose wait would pass it is not made.
   * Absent: no cap beyond `maxRetries` and `maxRetryAfterMs`.
   */
  maxTotalWaitMs?: number;
  /**
   * Statuses worth another attempt; default 429/502/503/504. A source whose 500s are transient (BambooHR documents
   * them as retryable) adds 500 here.
   */
  retryStatuses?: readonly number[];
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** Statuses that mean "the server did not do it; try later": rate limited, or a gateway/backend hiccup. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isRetryableStatus(status: number, options?: Pick<RetryOptions, 'retryStatuses'>): boolean {
  return options?.retryStatuses ? options.retryStatuses.includes(status) : RETRYABLE_STATUSES.has(status);
}

/** Whether one more wait of `delayMs` still fits the call's total-wait budget, when it has one. */
export function fitsWaitBudget(waitedMs: number, delayMs: number, options: Pick<RetryOptions, 'maxTotalWaitMs'>): boolean {
  return options.maxTotalWaitMs === undefined || waitedMs + delayMs <= options.maxTotalWaitMs;
}

/** Full jitter: a uniformly random wait between 0 and the exponential cap, which spreads out synchronized retries. */
export function backoffDelayMs(retryIndex: number, options: RetryOptions, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retryIndex);
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.floor(draw * cap);
}

/**
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns milliseconds to wait, or
 * undefined when the header is absent or unreadable (then ordinary backoff applies).
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP-date always names a weekday and month; without letters, Date.parse would read '-5' as a year.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * A failure below HTTP: fetch rejects with a TypeError ("fetch failed") whose cause carries the socket error code;
 * other transports throw the coded error directly.
 */
export function isNetworkError(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  return hasNetworkCode(error) || hasNetworkCode((error as { cause?: unknown } | null)?.cause);
}

function hasNetworkCode(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}
