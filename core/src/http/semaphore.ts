/**
 * Caps how many requests are on the wire at once. Waiters are served first come, first served, so a burst of
 * pagers cannot starve a single lookup queued behind them.
 */
interface Waiter {
  grant: () => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class Semaphore {
  readonly #capacity: number;
  #inUse = 0;
  readonly #waiters: Waiter[] = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Concurrency must be a whole number of at least 1, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  get inUse(): number {
    return this.#inUse;
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resolves with a release function once a slot is free. Call the release exactly once. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.#inUse < this.#capacity) {
      this.#inUse += 1;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#waiters.push(waiter);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) {
        // The slot passes straight to the next waiter, so inUse stays the same.
        if (next.onAbort) next.signal?.removeEventListener('abort', next.onAbort);
        next.grant();
      } else {
        this.#inUse -= 1;
      }
    };
  }
}
