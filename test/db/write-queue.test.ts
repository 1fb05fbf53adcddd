import { describe, expect, it } from 'vitest';
import { WriteQueue } from '../../db/write-queue.js';

describe('WriteQueue', () => {
  it('runs tasks one at a time in submission order', async () => {
    const queue = new WriteQueue();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = queue.run(async () => {
      events.push('first:start');
      await gate;
      events.push('first:end');
      return 1;
    });
    const second = queue.run(async () => {
      events.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(queue.depth).toBe(2);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(events).toEqual(['first:start', 'first:end', 'second']);
    expect(queue.depth).toBe(0);
  });

  it('passes a rejection to its caller only', async () => {
    const queue = new WriteQueue();
    const failed = queue.run(async () => {
      throw new Error('nope');
    });
    const ok = queue.run(async () => 'ok');
    await expect(failed).rejects.toThrow('nope');
    await expect(ok).resolves.toBe('ok');
  });
});
