import { systemClock, type Clock } from '../http/clock.js';
import type { RetryEvent } from '../http/executor.js';
import { TokenBucket } from '../http/rate-limiter.js';
import { DEFAULT_RETRY, type RetryOptions } from '../http/retry-policy.js';
import { Semaphore } from '../http/semaphore.js';
import { fetchTransport, type Transport } from '../http/transport.js';
import { actorsArea } from './actors.js';
import { agentsArea, type AgentFilters } from './agents.js';
import { auditLogArea } from './audit-log.js';
import { casesArea } from './cases.js';
import type { AreaContext } from './context.js';
import { departmentsArea } from './departments.js';
import { devicesArea } from './devices.js';
import { fileEventsArea } from './file-events.js';
import { createIncydrHttp } from './http.js';
import { legalHoldArea } from './legal-hold.js';
import { DEFAULT_PAGE_SIZES, MAX_PAGE_SIZES, type PageSizes } from './page-sizes.js';
import type { IterateOptions } from './paging.js';
import { resolveBaseUrl, type IncydrRegion } from './regions.js';
import { usersArea } from './users.js';
import { watchlistsArea } from './watchlists.js';

export interface IncydrClientLimits {
  /** Per attempt, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Sustained request rate shared by every call of this client. Default 10/s. */
  requestsPerSecond?: number;
  /** Requests allowed back to back after a quiet spell. Default: one second's worth. */
  burst?: number;
  /** Requests on the wire at once. Default 4. */
  maxConcurrency?: number;
  retry?: Partial<RetryOptions>;
  /** Iterator page sizes; each is capped at the API's maximum. */
  pageSizes?: Partial<PageSizes>;
}

export interface IncydrClientOptions {
  /** The tenant's API gateway, e.g. `https://api.us.code42.com`, or any compatible server (the sandbox). */
  baseUrl?: string;
  /** Instead of baseUrl: `us`, `us2`, `ie` or `gov`. */
  region?: IncydrRegion;
  clientId: string;
  clientSecret: string;
  clock?: Clock;
  transport?: Transport;
  /** Uniform in [0, 1); the jitter source. Inject for reproducible tests. */
  random?: () => number;
  limits?: IncydrClientLimits;
  /** Told about each retry (method, URL, attempt, wait, reason); never given a header or body. */
  onRetry?: (event: RetryEvent) => void;
}

export const DEFAULT_LIMITS = {
  timeoutMs: 30_000,
  requestsPerSecond: 10,
  maxConcurrency: 4,
} as const;

/**
 * A client for one Incydr tenant. Typical use:
 *
 *   const incydr = createIncydrClient({ region: 'us', clientId, clientSecret });
 *   for await (const agent of incydr.agents.iterate({ active: true, notConnectedInLastDays: 30 })) { ... }
 *   const outcomes = await incydr.agents.deactivate(agentIds); // one outcome per id: done / not-found / legal-hold / failed
 *   const latest = await incydr.fileEvents.latestEventFor({ deviceId, within: 'P30D' });
 *
 * Failures are IncydrApiError (LegalHoldRefusalError for protected custodians); bad arguments throw
 * TypeError/RangeError before any request. See docs/decisions/0003-incydr-client.md.
 */
export function createIncydrClient(options: IncydrClientOptions) {
  const baseUrl = resolveBaseUrl({ baseUrl: options.baseUrl, region: options.region });
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') {
    throw new TypeError('The Incydr client needs a clientId (the API client id from the Incydr console)');
  }
  if (typeof options.clientSecret !== 'string' || options.clientSecret === '') {
    throw new TypeError('The Incydr client needs a clientSecret (the API client secret from the Incydr console)');
  }
  const clock = options.clock ?? systemClock;
  const limits = options.limits ?? {};
  const timeoutMs = limits.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  const requestsPerSecond = limits.requestsPerSecond ?? DEFAULT_LIMITS.requestsPerSecond;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...limits.retry };
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0) {
    throw new RangeError(`retry.maxRetries must be a whole number of at least 0, got ${retry.maxRetries}`);
  }

  const http = createIncydrHttp({
    baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clock,
    executor: {
      transport: options.transport ?? fetchTransport,
      random: options.random ?? Math.random,
      retry,
      timeoutMs,
      limiter: new TokenBucket({ requestsPerSecond, burst: limits.burst ?? Math.max(1, Math.ceil(requestsPerSecond)) }, clock),
      semaphore: new Semaphore(limits.maxConcurrency ?? DEFAULT_LIMITS.maxConcurrency),
      onRetry: options.onRetry,
    },
  });

  const ctx: AreaContext = { http, pageSizes: resolvePageSizes(limits.pageSizes) };
  const agents = agentsArea(ctx);
  const users = usersArea(ctx);

  const client = {
    baseUrl,
    users: {
      ...users,
      /** The user's agents: the agents list filtered on userId. */
      iterateAgents: (userId: string, filters: Omit<AgentFilters, 'userId'> = {}, iterate: IterateOptions = {}) =>
        agents.iterate({ ...filters, userId }, iterate),
    },
    agents,
    devices: devicesArea(ctx),
    cases: casesArea(ctx),
    legalHold: legalHoldArea(ctx),
    watchlists: watchlistsArea(ctx),
    actors: actorsArea(ctx),
    departments: departmentsArea(ctx),
    auditLog: auditLogArea(ctx),
    fileEvents: fileEventsArea(ctx),
    // The secret and token live only in closures; these keep logs and JSON dumps of the client boring.
    toString: () => `IncydrClient(${baseUrl})`,
    toJSON: () => ({ type: 'IncydrClient', baseUrl }),
  };
  return client;
}

export type IncydrClient = ReturnType<typeof createIncydrClient>;

function resolvePageSizes(overrides: Partial<PageSizes> | undefined): PageSizes {
  const sizes: PageSizes = { ...DEFAULT_PAGE_SIZES };
  for (const [key, value] of Object.entries(overrides ?? {}) as [keyof PageSizes, number][]) {
    const max = MAX_PAGE_SIZES[key];
    if (max === undefined) throw new RangeError(`Unknown page size '${String(key)}'`);
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new RangeError(`pageSizes.${key} must be a whole number from 1 to ${max}, got ${value}`);
    }
    sizes[key] = value;
  }
  return sizes;
}
