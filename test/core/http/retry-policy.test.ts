import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RETRY,
  backoffDelayMs,
  fitsWaitBudget,
  isNetworkError,
  isRetryableStatus,
  parseRetryAfterMs,
} from '../../../core/src/http/retry-policy.js';

describe('backoffDelayMs (full jitter)', () => {
  const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };

  it('scales the random draw by the exponential cap', () => {
    expect(backoffDelayMs(0, options, () => 0.5)).toBe(50);
    expect(backoffDelayMs(1, options, () => 0.5)).toBe(100);
    expect(backoffDelayMs(2, options, () => 0.5)).toBe(200);
  });

  it('never exceeds maxDelayMs however many retries came before', () => {
    expect(backoffDelayMs(20, options, () => 0.999999)).toBeLessThan(1000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const d = backoffDelayMs(n, options, () => r);
        return d >= 0 && d <= Math.min(1000, 100 * 2 ** n);
      }),
    );
  });

  it('can be zero: full jitter means any wait from nothing up to the cap', () => {
    expect(backoffDelayMs(3, options, () => 0)).toBe(0);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.UTC(2026, 10, 25, 12, 0, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfterMs(new Date(now + 7000).toUTCString(), now)).toBe(7000);
    expect(parseRetryAfterMs(new Date(now - 7000).toUTCString(), now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs('', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('-5', now)).toBeUndefined();
  });
});

describe('what counts as retryable', () => {
  it('retries 429 and gateway errors, not client errors or 500', () => {
    for (const s of [429, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [200, 400, 401, 403, 404, 409, 500, 501]) expect(isRetryableStatus(s)).toBe(false);
  });

  it('uses a caller-supplied status list in place of the default, and bounds the total wait when asked', () => {
    const hr = { retryStatuses: [429, 500, 502, 503, 504] };
    expect(isRetryableStatus(500, hr)).toBe(true);
    expect(isRetryableStatus(501, hr)).toBe(false);
    expect(isRetryableStatus(503, { retryStatuses: [429] })).toBe(false);
    expect(fitsWaitBudget(90_000, 30_000, { maxTotalWaitMs: 120_000 })).toBe(true);
    expect(fitsWaitBudget(90_001, 30_000, { maxTotalWaitMs: 120_000 })).toBe(false);
    expect(fitsWaitBudget(10 ** 9, 10 ** 9, {})).toBe(true);
  });

  it('recognises fetch failures and socket error codes', () => {
    expect(isNetworkError(new TypeError('fetch failed'))).toBe(true);
    expect(isNetworkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isNetworkError(new Error('wrapped', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
    expect(isNetworkError(new Error('a bug'))).toBe(false);
    expect(isNetworkError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG' }))).toBe(false);
  });
});
