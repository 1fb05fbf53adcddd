/**
 * Fault injection and request accounting shared by the HR sandboxes, modelled on the Incydr sandbox's: a 429 with
 * Retry-After on every Nth request, and a burst of consecutive 5xx answers. Off unless configured.
 */
import type { MiddlewareHandler } from 'hono';

export interface HrFaults {
  /** Every Nth request (counting from 1) answers 429. */
  rateLimitEvery?: number;
  /** Retry-After seconds sent with the 429; default 1. */
  retryAfterSeconds?: number;
  /** Requests number `startAt` .. `startAt + length - 1` answer `status` (default 503). */
  errorBurst?: { startAt: number; length: number; status?: 500 | 502 | 503 | 504 };
}

export interface RequestLog {
  total: number;
  rateLimited: number;
  serverErrors: number;
  requests: { method: string; path: string; status: number }[];
}

export function newRequestLog(): RequestLog {
  return { total: 0, rateLimited: 0, serverErrors: 0, requests: [] };
}

export function faultMiddleware(
  faults: HrFaults | undefined,
  log: RequestLog,
  answer: (status: 429 | 500 | 502 | 503 | 504, retryAfter: number | null) => Response,
): MiddlewareHandler {
  return async (c, next) => {
    log.total += 1;
    const n = log.total;
    const record = (status: number) => log.requests.push({ method: c.req.method, path: new URL(c.req.url).pathname, status });
    const burst = faults?.errorBurst;
    if (burst && n >= burst.startAt && n < burst.startAt + burst.length) {
      log.serverErrors += 1;
      const status = burst.status ?? 503;
      record(status);
      return answer(status, status === 503 ? (faults?.retryAfterSeconds ?? 1) : null);
    }
    if (faults?.rateLimitEvery && n % faults.rateLimitEvery === 0) {
      log.rateLimited += 1;
      record(429);
      return answer(429, faults.retryAfterSeconds ?? 1);
    }
    await next();
    record(c.res.status);
  };
}
