import type { Clock } from '../../../../core/src/http/clock.js';

/**
 * A virtual clock for tests. Sleeps are timers on a virtual timeline; whenever the real event loop has nothing
 * else to do, the earliest timer fires and virtual time jumps to it. Tests stay instant and deterministic while
 * concurrent sleepers still wake in the right order.
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: { at: number; seq: number; resolve: () => void }[] = [];
  #seq = 0;
  #pumping = false;
  /** Every sleep asked for, in order, in milliseconds. */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: () => resolve() };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    // setImmediate runs after pending promise callbacks, i.e. once the code under test is idle.
    setImmediate(() => {
      this.#pumping = false;
      if (this.#timers.length === 0) return;
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift()!;
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      if (this.#timers.length > 0) this.#pump();
    });
  }
}
