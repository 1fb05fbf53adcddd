import type { Clock } from './clock.js';

export interface RateLimit {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  /** How many requests may go out back to back after a quiet spell. At least 1. */
  burst: number;
}

/**
 * A token bucket shared by every call of one client. Each request takes one token; tokens refill continuously.
 * A caller that finds the bucket empty reserves the next token (the balance goes negative) and sleeps until it is
 * due, so waiters are served in arrival order and the sustained rate can never be exceeded, however many pagers
 * run in parallel.
 */
export class TokenBucket {
  readonly #clock: Clock;
  readonly #ratePerMs: number;
  readonly #burst: number;
  #tokens: number;
  #updatedAt: number;

  constructor(limit: RateLimit, clock: Clock) {
    if (!(limit.requestsPerSecond > 0) || !Number.isFinite(limit.requestsPerSecond)) {
      throw new RangeError(`requestsPerSecond must be a positive number, got ${limit.requestsPerSecond}`);
    }
    if (!Number.isInteger(limit.burst) || limit.burst < 1) {
      throw new RangeError(`burst must be a whole number of at least 1, got ${limit.burst}`);
    }
    this.#clock = clock;
    this.#ratePerMs = limit.requestsPerSecond / 1000;
    this.#burst = limit.burst;
    this.#tokens = limit.burst;
    this.#updatedAt = clock.now();
  }

  /** Takes one token, waiting as long as needed. If the signal aborts while waiting, the reservation is returned. */
  async take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return;
    const waitMs = -this.#tokens / this.#ratePerMs;
    try {
      await this.#clock.sleep(waitMs, signal);
    } catch (error) {
      this.#tokens += 1;
      throw error;
    }
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#updatedAt = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsed * this.#ratePerMs);
  }
}
