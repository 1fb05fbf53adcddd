import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TokenBucket } from '../../../core/src/http/rate-limiter.js';
import { FakeClock } from './support/fake-clock.js';

/** Largest number of grants in any window of `windowMs` (sliding over the grant times). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j += 1) {
    while (sorted[j]! - sorted[i]! >= windowMs) i += 1;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then spaces requests at the rate', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 3 }, clock);
    const grants: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => bucket.take().then(() => grants.push(clock.now() - start))));
    expect(grants.sort((a, b) => a - b)).toEqual([0, 0, 0, 100, 200, 300, 400]);
  });

  it('never exceeds burst + rate × window for any load pattern', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 }),
        async (rate, burst, arrivals) => {
          const clock = new FakeClock();
          const start = clock.now();
          const bucket = new TokenBucket({ requestsPerSecond: rate, burst }, clock);
          const grants: number[] = [];
          // Callers arrive at the given offsets (virtual time), many of them at once.
          await Promise.all(
            arrivals.map(async (offset) => {
              await clock.sleep(offset);
              await bucket.take();
              grants.push(clock.now() - start);
            }),
          );
          const windowMs = 1000;
          return maxInWindow(grants, windowMs) <= burst + rate * (windowMs / 1000);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('returns the reservation when a waiter gives up', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const bucket = new TokenBucket({ requestsPerSecond: 1, burst: 1 }, clock);
    await bucket.take();
    const controller = new AbortController();
    const abandoned = bucket.take(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(abandoned).rejects.toThrow('cancelled');
    await bucket.take();
    // Had the abandoned reservation been kept, this take would have waited two seconds.
    expect(clock.now() - start).toBe(1000);
  });

  it('refuses a rate that is not positive', () => {
    const clock = new FakeClock();
    expect(() => new TokenBucket({ requestsPerSecond: 0, burst: 1 }, clock)).toThrow(/positive/);
    expect(() => new TokenBucket({ requestsPerSecond: 5, burst: 0 }, clock)).toThrow(/burst/);
  });
});
