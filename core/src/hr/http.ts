/**
 * The small HTTP layer every HR connector shares: an injectable transport (native fetch by default), an injectable
 * clock, a per-attempt timeout through AbortSignal.timeout, and retries for 429 (honouring Retry-After) and 5xx.
 * Every HR call we make is a read, so every call is safe to retry.
 */
import type { HrSource } from './person.js';

export interface HrClock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface HrRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface HrResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export type HrTransport = (request: HrRequest) => Promise<HrResponse>;

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on the sum of all waits of one call, Retry-After included. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 120_000,
};

export const fetchTransport: HrTransport = async (request) => {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
};

/** Waits on an AbortSignal.timeout instead of a timer: the core may not touch setTimeout. */
export const systemClock: HrClock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = AbortSignal.timeout(Math.max(0, ms));
      const onAbort = () => {
        timer.removeEventListener('abort', onTimer);
        reject(signal?.reason);
      };
      const onTimer = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      timer.addEventListener('abort', onTimer, { once: true });
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export class HrApiError extends Error {
  override readonly name = 'HrApiError';
  constructor(
    readonly source: HrSource,
    readonly operation: string,
    /** HTTP status, or null when no response arrived (network error, timeout). */
    readonly status: number | null,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export interface HttpSettings {
  source: HrSource;
  transport: HrTransport;
  clock: HrClock;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Values that must never appear in an error message (keys, passwords, tokens). */
  secrets: string[];
  /** 0..1 source for backoff jitter; injectable so tests are deterministic. */
  random: () => number;
  /** Turns a non-2xx response into the sentence a person reads. */
  describeFailure: (status: number, response: HrResponse) => string;
}

export interface CallOptions {
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Retry-After is either delta-seconds or an HTTP-date; both are honoured. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('[redacted]');
  }
  return out;
}

export async function callWithRetry(settings: HttpSettings, call: CallOptions): Promise<HrResponse> {
  const { retry, clock } = settings;
  let waited = 0;
  for (let attempt = 1; ; attempt += 1) {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    let response: HrResponse | null = null;
    let networkFailure: string | null = null;
    try {
      response = await settings.transport({
        method: call.method,
        url: call.url,
        headers: call.headers,
        body: call.body,
        signal,
      });
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      networkFailure = timeout.aborted
        ? `no answer within ${settings.timeoutMs} ms`
        : `network error (${error instanceof Error ? error.message : String(error)})`;
    }
    if (response && response.status < 400) return response;

    const retryable = response === null || RETRYABLE.has(response.status);
    const retryAfter = response ? parseRetryAfter(response.headers.get('retry-after'), clock.now()) : null;
    const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    const delay = retryAfter ?? Math.round(backoff / 2 + (backoff / 2) * settings.random());
    const canRetry = retryable && attempt < retry.maxAttempts && waited + delay <= retry.maxTotalWaitMs;
    if (!canRetry) {
      const what = response
        ? settings.describeFailure(response.status, response)
        : `the server could not be reached: ${networkFailure}`;
      const tries = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
      throw new HrApiError(
        settings.source,
        call.operation,
        response?.status ?? null,
        redact(`${call.operation} failed: ${what}${tries}`, settings.secrets),
        retryAfter,
      );
    }
    waited += delay;
    await clock.sleep(delay, call.signal);
  }
}

export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

export function parseJsonBody<T>(settings: HttpSettings, operation: string, response: HrResponse): T {
  try {
    return JSON.parse(response.text) as T;
  } catch {
    const start = response.text.slice(0, 80).replace(/\s+/g, ' ');
    throw new HrApiError(
      settings.source,
      operation,
      response.status,
      redact(`${operation} failed: the answer was not JSON (it starts with "${start}")`, settings.secrets),
    );
  }
}

/** Shortens a server's error text to something fit for a message, without secrets. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
