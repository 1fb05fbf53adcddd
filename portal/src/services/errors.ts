/**
 * The one error type for expected failures in services: an HTTP status and a message a person understands.
 * Routes turn it into a JSON `{error, details}` body (API) or a re-rendered page/fragment (UI).
 */
export class PortalError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'PortalError';
  }
}
