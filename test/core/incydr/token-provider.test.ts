import { describe, expect, it } from 'vitest';
import { createTokenProvider } from '../../../core/src/incydr/token-provider.js';
import type { TokenResponse } from '../../../core/src/incydr/types.js';
import { FakeClock } from '../http/support/fake-clock.js';

function issuer(lifetimeSeconds = 900) {
  let issued = 0;
  const pending: { resolve: (t: TokenResponse) => void; reject: (e: Error) => void }[] = [];
  return {
    fetch: () =>
      new Promise<TokenResponse>((resolve, reject) => {
        issued += 1;
        pending.push({ resolve, reject });
      }),
    answer: () => pending.shift()!.resolve({ access_token: `tok-${issued}`, token_type: 'bearer', expires_in: lifetimeSeconds }),
    fail: (message: string) => pending.shift()!.reject(new Error(message)),
    issued: () => issued,
  };
}

describe('token provider', () => {
  it('a late refresh for a token someone already replaced returns the new token without asking again', async () => {
    const source = issuer();
    const tokens = createTokenProvider(source.fetch, new FakeClock());
    const first = tokens.get();
    source.answer();
    expect(await first).toBe('tok-1');
    const refreshed = tokens.refresh('tok-1');
    source.answer();
    expect(await refreshed).toBe('tok-2');
    expect(await tokens.refresh('tok-1')).toBe('tok-2');
    expect(source.issued()).toBe(2);
  });

  it('a failed token request fails every waiter, and the next call tries again', async () => {
    const source = issuer();
    const tokens = createTokenProvider(source.fetch, new FakeClock());
    const waiters = [tokens.get(), tokens.get(), tokens.get()];
    source.fail('gateway down');
    for (const waiter of waiters) await expect(waiter).rejects.toThrow('gateway down');
    const again = tokens.get();
    source.answer();
    expect(await again).toBe('tok-2');
  });

  it('one waiter giving up does not cancel the shared request for the others', async () => {
    const source = issuer();
    const tokens = createTokenProvider(source.fetch, new FakeClock());
    const controller = new AbortController();
    const impatient = tokens.get(controller.signal);
    const patient = tokens.get();
    controller.abort(new Error('user cancelled'));
    await expect(impatient).rejects.toThrow('user cancelled');
    source.answer();
    expect(await patient).toBe('tok-1');
    expect(source.issued()).toBe(1);
  });

  it('measures the lifetime from when the token was requested', async () => {
    const source = issuer(100);
    const clock = new FakeClock();
    const tokens = createTokenProvider(source.fetch, clock);
    const first = tokens.get();
    clock.advance(30_000);
    source.answer();
    await first;
    // 100 s lifetime renews 10 s early, counted from the request: due at 90 s, i.e. 60 s after the answer.
    clock.advance(59_000);
    expect(await tokens.get()).toBe('tok-1');
    clock.advance(1_000);
    const renewed = tokens.get();
    source.answer();
    expect(await renewed).toBe('tok-2');
  });
});
