import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../../core/src/http/semaphore.js';

describe('Semaphore', () => {
  it('never lets more than its capacity hold a slot', async () => {
    const semaphore = new Semaphore(3);
    let holding = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const release = await semaphore.acquire();
        holding += 1;
        peak = Math.max(peak, holding);
        for (let k = 0; k < (i % 4) + 1; k += 1) await Promise.resolve();
        holding -= 1;
        release();
      }),
    );
    expect(peak).toBe(3);
    expect(semaphore.inUse).toBe(0);
  });

  it('serves waiters first come, first served', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => semaphore.acquire().then((r) => { order.push(n); r(); }));
    release();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
  });

  it('drops a waiter whose signal aborts, without leaking its slot', async () => {
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const abandoned = semaphore.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    expect(semaphore.waiting).toBe(0);
    release();
    const again = await semaphore.acquire();
    expect(semaphore.inUse).toBe(1);
    again();
    expect(semaphore.inUse).toBe(0);
  });

  it('ignores a second call of the same release', async () => {
    const semaphore = new Semaphore(2);
    const a = await semaphore.acquire();
    await semaphore.acquire();
    a();
    a();
    expect(semaphore.inUse).toBe(1);
  });

  it('rejects a nonsensical capacity', () => {
    expect(() => new Semaphore(0)).toThrow(/at least 1/);
    expect(() => new Semaphore(1.5)).toThrow(/whole number/);
  });
});
