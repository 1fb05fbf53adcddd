import type { Clock } from '../http/clock.js';
import { createExecutor, HttpFailure, type ExecResult, type ExecutorOptions } from '../http/executor.js';
import type { HttpMethod } from '../http/transport.js';
import { IncydrApiError, kindForStatus, LegalHoldRefusalError, type IncydrApiErrorDetails } from './errors.js';
import { buildQuery, type QueryParams } from './query.js';
import { createTokenProvider, type TokenProvider } from './token-provider.js';
import type { ApiErrorBody, TokenResponse } from './types.js';

/** One API call as the area modules describe it. */
export interface CallSpec {
  /** Dotted name for errors, e.g. `agents.get`. */
  operation: string;
  method: HttpMethod;
  /** Path with already-encoded segments, e.g. `/v1/agents/abc`. */
  path: string;
  query?: QueryParams;
  body?: unknown;
  /**
   * Whether the call may be retried after a 429/5xx/network failure. Defaults to true for GET/PUT/DELETE and false
   * for POST/PATCH; searches sent as POST and the API's idempotent actions set it explicitly.
   */
  idempotent?: boolean;
  /** Named in the message of a 404. */
  resource?: { type: string; id: string };
  /** `none` for calls whose success answer carries no body we use. */
  expect?: 'json' | 'none';
  signal?: AbortSignal;
}

export interface IncydrHttp {
  call<T>(spec: CallSpec): Promise<T>;
  readonly baseUrl: string;
}

export interface IncydrHttpOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  executor: Omit<ExecutorOptions, 'clock'>;
}

/**
 * py42 recognised the refusal by the `ACTIVE_LEGAL_HOLD` marker in a 400 body; the phrase is accepted too. Only
 * 400/409/422 count: a 403 that merely mentions legal hold is a missing permission, not a protected person.
 */
const LEGAL_HOLD_REFUSAL = /ACTIVE_LEGAL_HOLD|active legal[\s_-]?hold/i;
const REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 409, 422]);

export function createIncydrHttp(options: IncydrHttpOptions): IncydrHttp {
  const { baseUrl, clock } = options;
  const execute = createExecutor({ ...options.executor, clock });
  const basicAuth = `Basic ${base64Utf8(`${options.clientId}:${options.clientSecret}`)}`;
  // Everything that must never be echoed back, even if the API were to quote it in an error body. Recent tokens
  // only: an older one can no longer appear in an answer, and a long-running client should not accumulate them.
  const credentials = [options.clientSecret, basicAuth.slice('Basic '.length)];
  const recentTokens: string[] = [];
  const secrets = (): string[] => [...credentials, ...recentTokens];

  const tokens: TokenProvider = createTokenProvider(async () => {
    const spec: CallSpec = { operation: 'auth.token', method: 'POST', path: '/v1/oauth', idempotent: true };
    const result = await send(spec, { Authorization: basicAuth });
    if (result.status < 200 || result.status >= 300) throw errorFromResponse(spec, result);
    const answer = parseJson<TokenResponse>(spec, result);
    if (typeof answer?.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new IncydrApiError({ ...where(spec), kind: 'invalid-response', status: result.status, attempts: result.attempts });
    }
    recentTokens.push(answer.access_token);
    if (recentTokens.length > 4) recentTokens.shift();
    return answer;
  }, clock);

  async function send(spec: CallSpec, headers: Record<string, string>): Promise<ExecResult> {
    const hasBody = spec.body !== undefined;
    try {
      return await execute({
        method: spec.method,
        url: `${baseUrl}${spec.path}${buildQuery(spec.query)}`,
        headers: { Accept: 'application/json', ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: hasBody ? JSON.stringify(spec.body) : undefined,
        idempotent: spec.idempotent ?? (spec.method === 'GET' || spec.method === 'PUT' || spec.method === 'DELETE'),
        signal: spec.signal,
      });
    } catch (error) {
      if (error instanceof HttpFailure) {
        throw new IncydrApiError({ ...where(spec), kind: error.kind, apiMessage: redact(error.message), attempts: error.attempts });
      }
      throw error;
    }
  }

  function redact(text: string): string {
    let out = text;
    for (const secret of secrets()) if (secret) out = out.split(secret).join('[redacted]');
    return out;
  }

  function errorFromResponse(spec: CallSpec, result: ExecResult): IncydrApiError {
    const apiMessage = extractApiMessage(result.bodyText);
    const details: IncydrApiErrorDetails = {
      ...where(spec),
      kind: kindForStatus(result.status),
      status: result.status,
      apiMessage: apiMessage === undefined ? undefined : redact(apiMessage),
      resource: result.status === 404 ? spec.resource : undefined,
      retryAfterMs: result.retryAfterMs,
      notFoundIds: result.status === 404 ? extractNotFoundIds(result.bodyText) : undefined,
      attempts: result.attempts,
    };
    const refusesForLegalHold = REFUSAL_STATUSES.has(result.status) && LEGAL_HOLD_REFUSAL.test(result.bodyText);
    return refusesForLegalHold ? new LegalHoldRefusalError({ ...details, kind: 'legal-hold' }) : new IncydrApiError(details);
  }

  function parseJson<T>(spec: CallSpec, result: ExecResult): T {
    try {
      return JSON.parse(result.bodyText) as T;
    } catch {
      throw new IncydrApiError({ ...where(spec), kind: 'invalid-response', status: result.status, attempts: result.attempts });
    }
  }

  async function call<T>(spec: CallSpec): Promise<T> {
    let token = await tokens.get(spec.signal);
    let result = await send(spec, { Authorization: `Bearer ${token}` });
    if (result.status === 401) {
      // An expired or revoked token: one fresh token, one more try, then the 401 stands.
      token = await tokens.refresh(token, spec.signal);
      result = await send(spec, { Authorization: `Bearer ${token}` });
    }
    if (result.status < 200 || result.status >= 300) throw errorFromResponse(spec, result);
    if (spec.expect === 'none') return undefined as T;
    return parseJson<T>(spec, result);
  }

  return { call, baseUrl };
}

function where(spec: CallSpec): Pick<IncydrApiErrorDetails, 'operation' | 'method' | 'path'> {
  return { operation: spec.operation, method: spec.method, path: spec.path };
}

/** The API answers errors in a few shapes (problem+json, `{error}`, `{message}`); take the most specific text. */
export function extractApiMessage(bodyText: string): string | undefined {
  const trimmed = bodyText.trim();
  if (trimmed === '') return undefined;
  let text: string | undefined;
  try {
    const body = JSON.parse(trimmed) as ApiErrorBody | unknown;
    if (body && typeof body === 'object') {
      const b = body as ApiErrorBody;
      const candidates = [b.detail, b.message, b.error, b.title];
      text = candidates.find((c): c is string => typeof c === 'string' && c.trim() !== '');
      if (text === undefined && Array.isArray((b as { errors?: unknown }).errors)) text = JSON.stringify((b as { errors: unknown }).errors);
    }
  } catch {
    // Not JSON: an HTML error page from a gateway, or plain text.
    text = trimmed.startsWith('<') ? undefined : trimmed;
  }
  if (text === undefined) return undefined;
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

/** Batch endpoints answer a 404 with the unknown ids in a field such as `agentsNotFound`. */
export function extractNotFoundIds(bodyText: string): string[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  for (const [key, value] of Object.entries(body)) {
    if (/notfound$/i.test(key) && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      return value as string[];
    }
  }
  return undefined;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
