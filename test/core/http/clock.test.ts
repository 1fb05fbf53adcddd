import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/src/http/clock.js';

describe('systemClock', () => {
  it('sleeps without timers and wakes up', async () => {
    const before = systemClock.now();
    await systemClock.sleep(15);
    expect(systemClock.now()).toBeGreaterThanOrEqual(before + 10);
  });

  it('returns at once for a zero wait', async () => {
    await expect(systemClock.sleep(0)).resolves.toBeUndefined();
  });

  it('stops sleeping as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('refuses to sleep on an already aborted signal', async () => {
    await expect(systemClock.sleep(10, AbortSignal.abort(new Error('late')))).rejects.toThrow('late');
  });
});
