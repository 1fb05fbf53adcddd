import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../../core/src/http/executor.js';
import type { RetryOptions } from '../../../core/src/http/retry-policy.js';
import type { Transport, TransportRequest } from '../../../core/src/http/transport.js';
import { basicAuth, callHr, HR_RETRY, HrApiError, parseJsonBody, type HttpSettings } from '../../../core/src/hr/http.js';
import { fakeClock, type FakeClock } from './support.js';

type Answer = { status: number; headers?: Record<string, string>; text?: string } | Error;

/** A scripted transport at the unit-test boundary: answers in order, records what it was asked. */
function scripted(answers: Answer[]) {
  const seen: TransportRequest[] = [];
  const transport: Transport = async (request) => {
    seen.push(request);
    const next = answers.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    return { status: next.status, headers: new Headers(next.headers), text: async () => next.text ?? '' };
  };
  return { transport, seen };
}

interface Setup {
  clock?: FakeClock;
  secrets?: string[];
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
}

/** The HR wording over the real shared executor, as every connector wires it. */
function settings(transport: Transport, setup: Setup = {}): HttpSettings {
  const timeoutMs = setup.timeoutMs ?? 1000;
  const execute = createExecutor({
    transport,
    clock: setup.clock ?? fakeClock(),
    random: () => 1,
    retry: { ...HR_RETRY, ...setup.retry },
    timeoutMs,
  });
  return {
    source: 'scim',
    execute,
    timeoutMs,
    secrets: setup.secrets ?? [],
    describeFailure: (status, response) => `HTTP ${status}: ${response.bodyText}`,
  };
}

const call = { operation: 'test call', method: 'GET' as const, url: 'http://hr.invalid/x', headers: {} };

async function failure(promise: Promise<unknown>): Promise<HrApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HrApiError);
  return error as HrApiError;
}

describe('HR calls over the shared executor', () => {
  it('backs off exponentially on 5xx (500 included) and network errors, then succeeds', async () => {
    const { transport, seen } = scripted([
      { status: 500 },
      new TypeError('fetch failed'),
      { status: 504 },
      { status: 200, text: 'ok' },
    ]);
    const clock = fakeClock();
    const response = await callHr(settings(transport, { clock }), call);
    expect(response.bodyText).toBe('ok');
    expect(seen).toHaveLength(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
  });

  it('honours Retry-After in seconds or as an HTTP date against the injected clock, and backs off when unreadable', async () => {
    const { transport } = scripted([
      { status: 429, headers: { 'retry-after': '5' } },
      { status: 429, headers: { 'retry-after': 'Wed, 25 Nov 2026 12:00:09 GMT' } },
      { status: 503, headers: { 'retry-after': 'soon' } },
      { status: 200 },
    ]);
    const clock = fakeClock();
    await callHr(settings(transport, { clock }), call);
    expect(clock.sleeps).toEqual([5000, 9000, 2000]);
  });

  it('never retries 400/401/403/404', async () => {
    for (const status of [400, 401, 403, 404]) {
      const { transport, seen } = scripted([{ status, text: 'nope' }, { status: 200 }]);
      const error = await failure(callHr(settings(transport), call));
      expect(error.status).toBe(status);
      expect(error.message).toBe(`test call failed: HTTP ${status}: nope`);
      expect(seen).toHaveLength(1);
    }
  });

  it('stops when a Retry-After would pass the total-wait cap, and reports the wait asked for', async () => {
    const { transport, seen } = scripted([{ status: 429, headers: { 'retry-after': '200' } }, { status: 200 }]);
    const error = await failure(callHr(settings(transport), call));
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(200_000);
    expect(seen).toHaveLength(1);
  });

  it('stops when the waits together would pass two minutes, however short each one is', async () => {
    const slow = { status: 503, headers: { 'retry-after': '50' } };
    const { transport, seen } = scripted([slow, slow, slow, { status: 200 }]);
    const clock = fakeClock();
    const error = await failure(callHr(settings(transport, { clock }), call));
    expect(error.status).toBe(503);
    expect(error.message).toBe('test call failed: HTTP 503:  (gave up after 3 attempts)');
    expect(clock.sleeps).toEqual([50_000, 50_000]);
    expect(seen).toHaveLength(3);
  });

  it('keeps secrets out of errors even when the server echoes them', async () => {
    const secret = 'super-secret-token';
    const { transport } = scripted([{ status: 400, text: `bad token ${secret}` }]);
    const error = await failure(callHr(settings(transport, { secrets: [secret] }), call));
    expect(error.message).toBe('test call failed: HTTP 400: bad token [redacted]');
  });

  it('reports a timeout as no answer, after retrying', async () => {
    const hang: Transport = async (request) =>
      new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    const error = await failure(callHr(settings(hang, { timeoutMs: 20, retry: { maxRetries: 1 } }), call));
    expect(error.status).toBeNull();
    expect(error.message).toBe('test call failed: the server could not be reached: no answer within 20 ms (gave up after 2 attempts)');
  });

  it('names the socket error when the server cannot be reached', async () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    const { transport } = scripted([refused]);
    const error = await failure(callHr(settings(transport, { retry: { maxRetries: 0 } }), call));
    expect(error.status).toBeNull();
    expect(error.message).toBe('test call failed: the server could not be reached: network error: fetch failed (ECONNREFUSED)');
  });

  it('ends a cancelled call with the caller\'s own reason and sends nothing more', async () => {
    const { transport, seen } = scripted([{ status: 503 }, { status: 200 }]);
    const controller = new AbortController();
    const clock: FakeClock = {
      ...fakeClock(),
      sleep: async (_ms, signal) => {
        controller.abort(new Error('user cancelled'));
        if (signal?.aborted) throw signal.reason;
      },
    };
    const pending = callHr(settings(transport, { clock }), { ...call, signal: controller.signal });
    await expect(pending).rejects.toThrow('user cancelled');
    expect(seen).toHaveLength(1);
  });

  it('ends a call cancelled mid-request with the caller\'s own reason, not as a network failure', async () => {
    const seen: TransportRequest[] = [];
    const hang: Transport = async (request) => {
      seen.push(request);
      return new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    };
    const controller = new AbortController();
    const pending = callHr(settings(hang), { ...call, signal: controller.signal });
    await Promise.resolve();
    controller.abort(new Error('workflow stopped'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(HrApiError);
    expect((error as Error).message).toBe('workflow stopped');
    expect(seen).toHaveLength(1);
  });

  it('says plainly when an answer is not JSON, without echoing a secret', async () => {
    const { transport } = scripted([{ status: 200, text: '<html>login for key-12345</html>' }]);
    const s = settings(transport, { secrets: ['key-12345'] });
    const response = await callHr(s, call);
    expect(() => parseJsonBody(s, 'test call', response)).toThrow(
      'test call failed: the answer was not JSON (it starts with "<html>login for [redacted]</html>")',
    );
  });

  it('builds Basic auth from UTF-8', () => {
    expect(basicAuth('key', 'x')).toBe(`Basic ${Buffer.from('key:x').toString('base64')}`);
    expect(basicAuth('jürgen', 'pä')).toBe(`Basic ${Buffer.from('jürgen:pä', 'utf8').toString('base64')}`);
  });
});
