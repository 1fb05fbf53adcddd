/**
 * Fault injection and request accounting shared by the HR sandboxes, in the Incydr sandbox's terms: a 429 with
 * Retry-After on every Nth request, bursts of consecutive 5xx answers (once, or repeating), and added latency.
 * Decided from a plain request counter, so a test knows exactly which request fails. Off unless configured.
 */
import { setTimeout as wait } from 'node:timers/promises';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';

export const hrFaultsSchema = z
  .object({
    /** Every Nth request (counting from 1) answers 429. */
    rateLimitEvery: z.number().int().min(1).optional(),
    /** Retry-After seconds sent with a 429 (and a 503); default 1. */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /**
     * Requests `startAt` .. `startAt + length - 1` answer `status` (default 503); with `every`, the burst repeats
     * every `every` requests from `startAt` (default: `every`).
     */
    errorBurst: z
      .object({
        startAt: z.number().int().min(1).optional(),
        every: z.number().int().min(1).optional(),
        length: z.number().int().min(1),
        status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
      })
      .strict()
      .refine((burst) => burst.startAt !== undefined || burst.every !== undefined, 'give startAt, every, or both')
      .refine((burst) => burst.every === undefined || burst.length < burst.every, 'length must be shorter than every')
      .optional(),
    /** Added to every request, in milliseconds (announced in the X-Sandbox-Latency-Ms header). */
    latencyMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();

export type HrFaults = z.input<typeof hrFaultsSchema>;

export class HrFaultsError extends Error {
  override readonly name = 'HrFaultsError';
}

/** Refuses a bad fault configuration naming each problem, instead of starting a server that misbehaves oddly. */
export function parseHrFaults(value: unknown, server: string): HrFaults | undefined {
  if (value === undefined) return undefined;
  const result = hrFaultsSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${[server, ...issue.path].join('.')}: ${issue.message}`);
  throw new HrFaultsError(`invalid fault configuration: ${problems.join('; ')}`);
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

function inBurst(n: number, burst: NonNullable<HrFaults['errorBurst']>): boolean {
  const start = burst.startAt ?? burst.every!;
  if (n < start) return false;
  if (burst.every === undefined) return n < start + burst.length;
  return (n - start) % burst.every < burst.length;
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
    if (faults?.latencyMs) await wait(faults.latencyMs);
    const retryAfter = faults?.retryAfterSeconds ?? 1;
    const burst = faults?.errorBurst;
    if (burst && inBurst(n, burst)) {
      log.serverErrors += 1;
      const status = burst.status ?? 503;
      record(status);
      return answer(status, status === 503 ? retryAfter : null);
    }
    if (faults?.rateLimitEvery && n % faults.rateLimitEvery === 0) {
      log.rateLimited += 1;
      record(429);
      return answer(429, retryAfter);
    }
    await next();
    if (faults?.latencyMs) c.res.headers.set('X-Sandbox-Latency-Ms', String(faults.latencyMs));
    record(c.res.status);
  };
}
