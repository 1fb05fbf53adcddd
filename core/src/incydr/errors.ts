/**
 * Every failure of an Incydr call surfaces as an IncydrApiError that says what was attempted (operation, method,
 * path), what came back (status, the API's own message) and, for 404s, which id was missing. Messages are built
 * only from these parts, so they never contain the client secret, the token, or a request header.
 */

export type IncydrErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'legal-hold'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'aborted'
  | 'invalid-response';

export interface IncydrApiErrorDetails {
  kind: IncydrErrorKind;
  operation: string;
  method: string;
  path: string;
  /** HTTP status, or undefined when no response arrived (timeout, network). */
  status?: number;
  /** The API's own explanation, when it gave one. */
  apiMessage?: string;
  /** For 404s: what kind of thing was looked up and by which id. */
  resource?: { type: string; id: string };
  retryAfterMs?: number;
  /** Ids a batch call reported as unknown (e.g. `agentsNotFound` in a 404 body). */
  notFoundIds?: string[];
  attempts: number;
}

export class IncydrApiError extends Error {
  override readonly name: string = 'IncydrApiError';
  readonly kind: IncydrErrorKind;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly apiMessage: string | undefined;
  readonly resource: { type: string; id: string } | undefined;
  /** Milliseconds the API asked us to wait (from `Retry-After`). */
  readonly retryAfterMs: number | undefined;
  readonly notFoundIds: string[] | undefined;
  readonly attempts: number;

  constructor(details: IncydrApiErrorDetails) {
    super(describe(details));
    this.kind = details.kind;
    this.operation = details.operation;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.resource = details.resource;
    this.retryAfterMs = details.retryAfterMs;
    this.notFoundIds = details.notFoundIds;
    this.attempts = details.attempts;
  }

  /** A plain object for logs and n8n's error output; built from the same safe parts as the message. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      operation: this.operation,
      method: this.method,
      path: this.path,
      status: this.status,
      apiMessage: this.apiMessage,
      resource: this.resource,
      retryAfter: this.retryAfter,
      notFoundIds: this.notFoundIds,
      attempts: this.attempts,
    };
  }

  /** Seconds, as the header gave them; handy for n8n's "retry after" messages. */
  get retryAfter(): number | undefined {
    return this.retryAfterMs === undefined ? undefined : Math.ceil(this.retryAfterMs / 1000);
  }
}

/**
 * The API refused to deactivate a user or agent because its owner is a custodian of an active legal hold. A
 * distinct type because callers must treat it as "leave alone", not as a failure to retry or escalate.
 */
export class LegalHoldRefusalError extends IncydrApiError {
  override readonly name = 'LegalHoldRefusalError';
}

function describe(d: IncydrApiErrorDetails): string {
  const where = `${d.operation} (${d.method} ${d.path})`;
  const api = d.apiMessage ? `: ${d.apiMessage}` : '';
  switch (d.kind) {
    case 'not-found':
      if (d.notFoundIds?.length) return `${where} failed: not found (HTTP 404): ${d.notFoundIds.join(', ')}${api}`;
      return d.resource
        ? `${where} failed: ${d.resource.type} '${d.resource.id}' was not found (HTTP 404)${api}`
        : `${where} failed: not found (HTTP 404)${api}`;
    case 'unauthorized':
      return `${where} failed: the API rejected the credentials (HTTP ${d.status})${api}`;
    case 'forbidden':
      return `${where} failed: the API client lacks the permission for this call (HTTP 403)${api}`;
    case 'legal-hold':
      return `${where} refused: the user is a custodian of an active legal hold (HTTP ${d.status})${api}`;
    case 'rate-limited': {
      const wait = d.retryAfterMs === undefined ? '' : `; retry after ${Math.ceil(d.retryAfterMs / 1000)} s`;
      return `${where} failed: rate limited (HTTP 429) after ${d.attempts} attempt(s)${wait}${api}`;
    }
    case 'server':
      return `${where} failed: server error (HTTP ${d.status}) after ${d.attempts} attempt(s)${api}`;
    case 'timeout':
    case 'network':
    case 'aborted':
      return `${where} failed after ${d.attempts} attempt(s)${api}`;
    case 'invalid-response':
      return `${where} failed: the response was not the JSON the API documents (HTTP ${d.status})${api}`;
    default:
      return `${where} failed (HTTP ${d.status})${api}`;
  }
}

export function kindForStatus(status: number): IncydrErrorKind {
  if (status === 400 || status === 422) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}
