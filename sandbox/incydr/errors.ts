/**
 * Errors the sandbox answers with. Every refusal carries a JSON body a person can read; the legal-hold refusal
 * carries the `ACTIVE_LEGAL_HOLD` marker py42 looked for in a 400 body to raise its dedicated error.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface Problem {
  /** Dotted path of the offending query parameter or body field, e.g. `pageSize` or `agentIds.2`. */
  path: string;
  message: string;
}

export class SandboxHttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

export function badRequest(message: string, problems: Problem[] = []): SandboxHttpError {
  return new SandboxHttpError(400, { status: 400, error: 'BAD_REQUEST', message, problems });
}

export function notFound(what: string, id: string | number): SandboxHttpError {
  return new SandboxHttpError(404, { status: 404, error: 'NOT_FOUND', message: `No ${what} with id ${JSON.stringify(String(id))} exists in this tenant.` });
}

export function unauthorized(message: string): SandboxHttpError {
  return new SandboxHttpError(401, { status: 401, error: 'UNAUTHORIZED', message });
}

export function conflict(message: string, extra: Record<string, unknown> = {}): SandboxHttpError {
  return new SandboxHttpError(409, { status: 409, error: 'CONFLICT', message, ...extra });
}

export function activeLegalHold(message: string, extra: Record<string, unknown>): SandboxHttpError {
  return new SandboxHttpError(400, { status: 400, error: 'ACTIVE_LEGAL_HOLD', message, ...extra });
}
