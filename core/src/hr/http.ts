/**
 * What HTTP means for the HR connectors on top of the shared resilience layer (`core/src/http/`): the retry policy
 * HR sources need, the wording of their errors and the redaction of their secrets. Transport, clock, timeout and
 * retries are the shared executor's. Every HR call we make is a read, so every call is sent as idempotent.
 */
import { HttpFailure, type ExecRequest, type ExecResult } from '../http/executor.js';
import { DEFAULT_RETRY, type RetryOptions } from '../http/retry-policy.js';
import type { HrSource } from './person.js';

/**
 * BambooHR documents 500 as transient, unlike Incydr, so it is retried here. The waits between attempts of one call
 * add up to two minutes at most, so retries alone never hold an n8n execution open for longer.
 */
export const HR_RETRY: RetryOptions = {
  ...DEFAULT_RETRY,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 120_000,
  retryStatuses: [429, 500, 502, 503, 504],
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
  /** The connector's shared executor: it sends, times out and retries; this layer only words the outcome. */
  execute: (request: ExecRequest) => Promise<ExecResult>;
  /** Per attempt, as the executor applies it; named in the timeout message. */
  timeoutMs: number;
  /** Values that must never appear in an error message (keys, passwords, tokens). */
  secrets: readonly string[];
  /** Turns a non-2xx response into the sentence a person reads. */
  describeFailure: (status: number, response: ExecResult) => string;
}

export interface CallOptions {
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Sends one HR call through the executor; anything but a 2xx/3xx answer becomes an `HrApiError` sentence. */
export async function callHr(settings: HttpSettings, call: CallOptions): Promise<ExecResult> {
  let result: ExecResult;
  try {
    result = await settings.execute({
      method: call.method,
      url: call.url,
      headers: call.headers,
      body: call.body,
      idempotent: true,
      signal: call.signal,
    });
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error;
    // A cancelled call ends with the caller's own reason, as a cancelled fetch does.
    if (error.kind === 'aborted') throw call.signal?.reason ?? error;
    const what = error.kind === 'timeout' ? `no answer within ${settings.timeoutMs} ms` : error.message;
    throw failed(settings, call.operation, null, `the server could not be reached: ${what}`, error.attempts, null);
  }
  if (result.status < 400) return result;
  const what = settings.describeFailure(result.status, result);
  throw failed(settings, call.operation, result.status, what, result.attempts, result.retryAfterMs ?? null);
}

function failed(
  settings: HttpSettings,
  operation: string,
  status: number | null,
  what: string,
  attempts: number,
  retryAfterMs: number | null,
): HrApiError {
  const tries = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
  const message = redact(`${operation} failed: ${what}${tries}`, settings.secrets);
  return new HrApiError(settings.source, operation, status, message, retryAfterMs);
}

export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

export function parseJsonBody<T>(settings: HttpSettings, operation: string, response: ExecResult): T {
  try {
    return JSON.parse(response.bodyText) as T;
  } catch {
    const start = response.bodyText.slice(0, 80).replace(/\s+/g, ' ');
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
