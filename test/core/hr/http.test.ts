import { describe, expect, it } from 'vitest';
import type {
  HrApiError} from '../../../core/src/hr/http.js';
import {
  basicAuth,
  callWithRetry,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  systemClock,
  type HrRequest,
  type HrResponse,
  type HttpSettings,
} from '../../../core/src/hr/http.js';
import { fakeClock } from './support.js';

/** A scripted transport at the unit-test boundary: answers in order, records what it was asked. */
function scripted(answers: (Partial<HrResponse> & { status: number } | Error)[]) {
  const seen: HrRequest[] = [];
  const transport = async (request: HrRequest): Promise<HrResponse> => {
    seen.push(request);
    const next = answers.shift();
    if (!next) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    const headers = new Headers(next.headers as unknown as Record<string, string> | undefined);
    return { status: next.status, headers, text: next.text ?? '' };
  };
  return { transport, seen };
}

function settings(transport: HttpSettings['transport'], clock = fakeClock(), secrets: string[] = []): HttpSettings {
  return {
    source: 'scim',
    transport,
    clock,
    timeoutMs: 1000,
    retry: DEFAULT_RETRY_POLICY,
    secrets,
    random: () => 1,
    describeFailure: (status, response) => `HTTP ${status}: ${response.text}`,
  };
}

const call = { operation: 'test call', method: 'GET' as const, url: 'http://hr.invalid/x', headers: {} };

describe('retry policy', () => {
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backs off exponentially on 5xx and network errors, then succeeds', async () => {
    const { transport, seen } = scripted([{ status: 503 }, new TypeError('fetch failed'), { status: 504 }, { status: 200, text: 'ok' }]);
    const clock = fakeClock();
    const response = await callWithRetry(settings(transport, clock), call);
    expect(response.text).toBe('ok');
    expect(seen).toHaveLength(4);
    expect(clock.sleeps).toEqual([500, 1000, 2000]);
  });

  it('honours an HTTP-date Retry-After against the injected clock', async () => {
    const { transport } = scripted([
      { status: 429, headers: { 'retry-after': 'Wed, 25 Nov 2026 12:00:09 GMT' } as never },
      { status: 200 },
    ]);
    const clock = fakeClock();
    await callWithRetry(settings(transport, clock), call);
    expect(clock.sleeps).toEqual([9000]);
  });

  it('never retries 400/401/403/404', async () => {
    for (const status of [400, 401, 403, 404]) {
      const { transport, seen } = scripted([{ status, text: 'nope' }, { status: 200 }]);
      const error = (await callWithRetry(settings(transport), call).catch((e: unknown) => e)) as HrApiError;
      expect(error.status).toBe(status);
      expect(seen).toHaveLength(1);
    }
  });

  it('stops when the total wait would pass the cap', async () => {
    const { transport, seen } = scripted([{ status: 429, headers: { 'retry-after': '200' } as never }, { status: 200 }]);
    const error = (await callWithRetry(settings(transport), call).catch((e: unknown) => e)) as HrApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(200_000);
    expect(seen).toHaveLength(1);
  });

  it('keeps secrets out of errors even when the server echoes them', async () => {
    const secret = 'super-secret-token';
    const { transport } = scripted([{ status: 400, text: `bad token ${secret}` }]);
    const error = (await callWithRetry(settings(transport, fakeClock(), [secret]), call).catch((e: unknown) => e)) as HrApiError;
    expect(error.message).toBe('test call failed: HTTP 400: bad token [redacted]');
  });

  it('reports a timeout as no answer, after retrying', async () => {
    const hang = async (request: HrRequest): Promise<HrResponse> =>
      new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));
    const s = { ...settings(hang), timeoutMs: 20, retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } };
    const error = (await callWithRetry(s, call).catch((e: unknown) => e)) as HrApiError;
    expect(error.status).toBeNull();
    expect(error.message).toBe('test call failed: the server could not be reached: no answer within 20 ms (gave up after 2 attempts)');
  });

  it('builds Basic auth from UTF-8 and sleeps without timers, honouring abort', async () => {
    expect(basicAuth('key', 'x')).toBe(`Basic ${Buffer.from('key:x').toString('base64')}`);
    expect(basicAuth('jürgen', 'pä')).toBe(`Basic ${Buffer.from('jürgen:pä', 'utf8').toString('base64')}`);
    await systemClock.sleep(1);
    const controller = new AbortController();
    const pending = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
