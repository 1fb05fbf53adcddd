import { describe, expect, it } from 'vitest';
import { createExecutor, HttpFailure, type ExecRequest, type RetryEvent } from '../../../core/src/http/executor.js';
import { DEFAULT_RETRY } from '../../../core/src/http/retry-policy.js';
import { Semaphore } from '../../../core/src/http/semaphore.js';
import type { Transport } from '../../../core/src/http/transport.js';
import { FakeClock } from './support/fake-clock.js';
import { fakeTransport, response, sequence } from './support/fake-transport.js';

const retry = { ...DEFAULT_RETRY, maxRetries: 3, baseDelayMs: 100, maxDelayMs: 10_000 };

function setup(transport: Transport, extra: { semaphore?: Semaphore; random?: () => number } = {}) {
  const clock = new FakeClock();
  const retries: RetryEvent[] = [];
  const execute = createExecutor({
    transport,
    clock,
    random: extra.random ?? (() => 0.5),
    retry,
    timeoutMs: 1000,
    semaphore: extra.semaphore,
    onRetry: (e) => retries.push(e),
  });
  return { execute, clock, retries };
}

const get: ExecRequest = { method: 'GET', url: 'https://api.test/v1/users', headers: {}, idempotent: true };
const create: ExecRequest = { method: 'POST', url: 'https://api.test/v1/cases', headers: {}, body: '{}', idempotent: false };

describe('executor retries', () => {
  it('retries a 503 on an idempotent call until it succeeds', async () => {
    const fake = fakeTransport(sequence(response(503), response(503), response(200, { ok: true })));
    const { execute, clock } = setup(fake.transport);
    const result = await execute(get);
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(3);
    expect(fake.requests).toHaveLength(3);
    // Full jitter with random 0.5: half of 100, then half of 200.
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('gives up after maxRetries and hands back the last response', async () => {
    const fake = fakeTransport(sequence(response(502)));
    const { execute, retries } = setup(fake.transport);
    const result = await execute(get);
    expect(result.status).toBe(502);
    expect(result.attempts).toBe(4);
    expect(fake.requests).toHaveLength(4);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(retries[0]?.reason).toBe('HTTP 502');
  });

  it('honours Retry-After in seconds instead of backoff', async () => {
    const clock = new FakeClock();
    const fake = fakeTransport(sequence(response(429, { message: 'slow down' }, { 'Retry-After': '3' }), response(200, {})), () => clock.now());
    const execute = createExecutor({ transport: fake.transport, clock, random: () => 0.5, retry, timeoutMs: 1000 });
    const started = clock.now();
    await execute(get);
    expect(clock.sleeps).toEqual([3000]);
    expect(fake.requests[1]!.at - started).toBeGreaterThanOrEqual(3000);
  });

  it('honours Retry-After given as an HTTP-date', async () => {
    const clock = new FakeClock();
    const fake = fakeTransport(
      sequence(response(429, '', { 'Retry-After': new Date(clock.now() + 5000).toUTCString() }), response(200, {})),
    );
    const execute = createExecutor({ transport: fake.transport, clock, random: () => 0.5, retry, timeoutMs: 1000 });
    await execute(get);
    expect(clock.sleeps).toEqual([5000]);
  });

  it('does not wait out a Retry-After beyond the configured maximum', async () => {
    const fake = fakeTransport(sequence(response(429, '', { 'Retry-After': '3600' })));
    const { execute, clock } = setup(fake.transport);
    const result = await execute(get);
    expect(result.status).toBe(429);
    expect(result.retryAfterMs).toBe(3_600_000);
    expect(fake.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('never retries a non-idempotent call, whatever the status', async () => {
    for (const status of [429, 502, 503, 504]) {
      const fake = fakeTransport(sequence(response(status), response(200, {})));
      const { execute } = setup(fake.transport);
      expect((await execute(create)).status).toBe(status);
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('does not retry statuses that will not change: 400, 404, 500', async () => {
    for (const status of [400, 404, 500]) {
      const fake = fakeTransport(sequence(response(status), response(200, {})));
      const { execute } = setup(fake.transport);
      expect((await execute(get)).status).toBe(status);
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('retries the statuses a caller lists instead of the default set', async () => {
    const clock = new FakeClock();
    const fake = fakeTransport(sequence(response(500), response(503), response(200, {})));
    const withFiveHundred = { ...retry, retryStatuses: [500] };
    const execute = createExecutor({ transport: fake.transport, clock, random: () => 0.5, retry: withFiveHundred, timeoutMs: 1000 });
    // 500 is retried because it is listed; 503 is handed back because the list replaces the default set.
    expect((await execute(get)).status).toBe(503);
    expect(fake.requests).toHaveLength(2);
  });

  it('stops retrying once the next wait would pass the total-wait budget', async () => {
    const clock = new FakeClock();
    const slowDown = response(429, '', { 'Retry-After': '40' });
    const fake = fakeTransport(sequence(slowDown, slowDown, slowDown, response(200, {})));
    const budget = { ...retry, maxTotalWaitMs: 100_000 };
    const execute = createExecutor({ transport: fake.transport, clock, random: () => 0.5, retry: budget, timeoutMs: 1000 });
    const result = await execute(get);
    // 40 s + 40 s fit the 100 s budget; a third 40 s wait would not, so the third 429 is the answer.
    expect(result.status).toBe(429);
    expect(result.attempts).toBe(3);
    expect(result.retryAfterMs).toBe(40_000);
    expect(clock.sleeps).toEqual([40_000, 40_000]);
  });

  it('throws the network failure when its backoff would pass the total-wait budget', async () => {
    const clock = new FakeClock();
    const fake = fakeTransport(sequence(new TypeError('fetch failed'), response(200, {})));
    const execute = createExecutor({ transport: fake.transport, clock, random: () => 1, retry: { ...retry, maxTotalWaitMs: 99 }, timeoutMs: 1000 });
    const error = (await execute(get).catch((e: unknown) => e)) as HttpFailure;
    expect(error).toBeInstanceOf(HttpFailure);
    expect(error.kind).toBe('network');
    expect(fake.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries network errors on idempotent calls', async () => {
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const fake = fakeTransport(sequence(reset, response(200, {})));
    const { execute, retries } = setup(fake.transport);
    expect((await execute(get)).status).toBe(200);
    expect(retries[0]?.reason).toContain('ECONNRESET');
  });

  it('surfaces a network error on a non-idempotent call without retrying', async () => {
    const fake = fakeTransport(sequence(new TypeError('fetch failed'), response(200, {})));
    const { execute } = setup(fake.transport);
    const error = await execute(create).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpFailure);
    expect((error as HttpFailure).kind).toBe('network');
    expect(fake.requests).toHaveLength(1);
  });

  it('rethrows an unexpected transport bug instead of retrying it', async () => {
    const fake = fakeTransport(sequence(new RangeError('bug in transport'), response(200, {})));
    const { execute } = setup(fake.transport);
    await expect(execute(get)).rejects.toThrow('bug in transport');
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps retrying even if the onRetry hook throws', async () => {
    const clock = new FakeClock();
    const fake = fakeTransport(sequence(response(503), response(200, {})));
    const execute = createExecutor({
      transport: fake.transport,
      clock,
      random: () => 0,
      retry,
      timeoutMs: 1000,
      onRetry: () => {
        throw new Error('logger down');
      },
    });
    expect((await execute(get)).status).toBe(200);
  });

  it('draws jitter from the injected random source', async () => {
    const draws = [0.1, 0.9];
    const fake = fakeTransport(sequence(response(503), response(503), response(200, {})));
    const { execute, clock } = setup(fake.transport, { random: () => draws.shift() ?? 0 });
    await execute(get);
    expect(clock.sleeps).toEqual([10, 180]);
  });
});

describe('executor timeouts and cancellation', () => {
  /** A server that never answers: the request ends only when its signal aborts. */
  const silent: Transport = (request) =>
    new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));

  it('times out each attempt and retries idempotent calls', async () => {
    let calls = 0;
    const transport: Transport = (request) => (++calls < 3 ? silent(request) : Promise.resolve(response(200, {})));
    const clock = new FakeClock();
    const execute = createExecutor({ transport, clock, random: () => 0, retry, timeoutMs: 20 });
    expect((await execute(get)).status).toBe(200);
    expect(calls).toBe(3);
  });

  it('reports a timeout as such once retries run out', async () => {
    const clock = new FakeClock();
    const execute = createExecutor({ transport: silent, clock, random: () => 0, retry: { ...retry, maxRetries: 1 }, timeoutMs: 20 });
    const error = (await execute(get).catch((e: unknown) => e)) as HttpFailure;
    expect(error.kind).toBe('timeout');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain('20 ms');
  });

  it('stops at once when the caller aborts, without retrying', async () => {
    let calls = 0;
    const transport: Transport = (request) => {
      calls += 1;
      return silent(request);
    };
    const clock = new FakeClock();
    const execute = createExecutor({ transport, clock, random: () => 0, retry, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = execute({ ...get, signal: controller.signal });
    await Promise.resolve();
    controller.abort(new Error('user cancelled'));
    const error = (await pending.catch((e: unknown) => e)) as HttpFailure;
    expect(error.kind).toBe('aborted');
    expect(calls).toBe(1);
  });
});

describe('executor concurrency', () => {
  it('keeps no more requests in flight than the semaphore allows', async () => {
    let inFlight = 0;
    let peak = 0;
    const transport: Transport = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
      return response(200, {});
    };
    const { execute } = setup(transport, { semaphore: new Semaphore(2) });
    await Promise.all(Array.from({ length: 10 }, () => execute(get)));
    expect(peak).toBe(2);
  });

  it('frees its slot while backing off, so other calls proceed', async () => {
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    const transport: Transport = async (request) => {
      order.push(request.url);
      if (request.url.endsWith('/flaky') && order.filter((u) => u.endsWith('/flaky')).length === 1) return response(503);
      return response(200, {});
    };
    const { execute } = setup(transport, { semaphore });
    await Promise.all([execute({ ...get, url: 'https://api.test/flaky' }), execute({ ...get, url: 'https://api.test/steady' })]);
    expect(order).toEqual(['https://api.test/flaky', 'https://api.test/steady', 'https://api.test/flaky']);
  });
});
