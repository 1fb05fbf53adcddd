/**
 * Fault injection and request accounting. Faults are decided per arriving request from plain counters, so a
 * test knows exactly which request fails; latency is real (a timer) and is announced in a response header so
 * tests can assert it without measuring wall time.
 */
import { z } from 'zod';

export const faultSchema = z
  .object({
    /** Every Nth request answers 429 with Retry-After. */
    rateLimitEvery: z.number().int().min(1).optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    /** Every `every` requests, `length` consecutive requests answer 502/503/504 in turn. */
    errorBurst: z.object({ every: z.number().int().min(1), length: z.number().int().min(1) }).optional(),
    /** Added to every request, in milliseconds. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Lifetime of issued tokens. */
    tokenLifetimeSeconds: z.number().int().min(1).max(86_400).default(900),
  })
  .strict();

export type FaultConfig = z.output<typeof faultSchema>;
export type FaultOptions = z.input<typeof faultSchema>;

const BURST_STATUSES = [502, 503, 504] as const;

export type FaultDecision =
  | { kind: 'pass'; latencyMs: number }
  | { kind: 'rate-limit'; latencyMs: number; retryAfterSeconds: number }
  | { kind: 'server-error'; latencyMs: number; status: 502 | 503 | 504 };

export interface RouteCount {
  arrived: number;
  succeeded: number;
}

export class FaultInjector {
  private config: FaultConfig;
  private seen = 0;
  private pendingBurst: (502 | 503 | 504)[] = [];
  private readonly counts = new Map<string, RouteCount>();

  constructor(options: FaultOptions = {}) {
    this.config = faultSchema.parse(options);
  }

  get current(): FaultConfig {
    return this.config;
  }

  configure(options: FaultOptions): void {
    this.config = faultSchema.parse(options);
    this.seen = 0;
  }

  /** The next `count` requests fail with `status` (or 502/503/504 in turn). */
  burstNow(count: number, status?: 502 | 503 | 504): void {
    for (let i = 0; i < count; i++) this.pendingBurst.push(status ?? (BURST_STATUSES[i % 3] as 502 | 503 | 504));
  }

  decide(): FaultDecision {
    const n = ++this.seen;
    const latencyMs = this.config.latencyMs;
    const queued = this.pendingBurst.shift();
    if (queued !== undefined) return { kind: 'server-error', latencyMs, status: queued };
    const burst = this.config.errorBurst;
    if (burst) {
      const position = (n - 1) % burst.every;
      const burstStart = burst.every - burst.length;
      if (position >= burstStart) return { kind: 'server-error', latencyMs, status: BURST_STATUSES[(position - burstStart) % 3] as 502 | 503 | 504 };
    }
    if (this.config.rateLimitEvery !== undefined && n % this.config.rateLimitEvery === 0) {
      return { kind: 'rate-limit', latencyMs, retryAfterSeconds: this.config.retryAfterSeconds };
    }
    return { kind: 'pass', latencyMs };
  }

  record(key: string, status: number): void {
    const entry = this.counts.get(key) ?? { arrived: 0, succeeded: 0 };
    entry.arrived += 1;
    if (status >= 200 && status < 300) entry.succeeded += 1;
    this.counts.set(key, entry);
  }

  snapshot(): { total: number; requests: Record<string, RouteCount> } {
    let total = 0;
    const requests: Record<string, RouteCount> = {};
    for (const [key, value] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      total += value.arrived;
      requests[key] = { ...value };
    }
    return { total, requests };
  }

  resetCounts(): void {
    this.counts.clear();
  }
}
