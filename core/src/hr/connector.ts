/**
 * What every HR connector offers the rest of the kit, whatever the source: the roster, the changes since a moment,
 * and one person by e-mail or id. Options common to every connector live here too.
 */
import type { CalendarDate, HrSource, Person, PersonBatch, PersonIssue } from './person.js';
import { systemClock, type Clock } from '../http/clock.js';
import { createExecutor } from '../http/executor.js';
import type { RetryOptions } from '../http/retry-policy.js';
import { fetchTransport, type Transport } from '../http/transport.js';
import { HR_RETRY } from './http.js';
import { calendarDateIn } from './dates.js';

export interface PersonQuery {
  /** Matched case-insensitively against the work e-mail and the other work addresses. */
  email?: string;
  /** The source's own record id (BambooHR id, Workday Employee_ID, SCIM id, CSV employee_id). */
  id?: string;
}

export interface PersonLookup {
  person: Person | null;
  issues: PersonIssue[];
}

export interface ChangeBatch extends PersonBatch {
  /** Source ids the source reports as deleted (not terminated: gone from the roster). */
  removedIds: string[];
  /** Pass this back as `since` next time; null when the source has no cursor of its own. */
  cursor: string | null;
}

export interface HrConnector {
  readonly source: HrSource;
  listPeople(signal?: AbortSignal): Promise<PersonBatch>;
  /** `since` is an ISO-8601 timestamp with a zone, or a calendar date (read as midnight UTC). */
  listChangesSince(since: string, signal?: AbortSignal): Promise<ChangeBatch>;
  findPerson(query: PersonQuery, signal?: AbortSignal): Promise<PersonLookup>;
}

export interface ConnectorRuntimeOptions {
  /** One request on the wire; native fetch by default, n8n's HTTP helper in the nodes, a fake in unit tests. */
  transport?: Transport;
  clock?: Clock;
  /** Per-attempt timeout, body included; default 30 s. */
  timeoutMs?: number;
  /** Overrides of `HR_RETRY` (4 retries, 429/500/502/503/504, at most 120 s of waiting per call). */
  retry?: Partial<RetryOptions>;
  /** 0..1 source for backoff jitter; injectable so tests are deterministic. */
  random?: () => number;
  /** Company time zone in which "today" is reckoned against termination dates; default UTC. */
  timeZone?: string;
}

/** One executor per connector: every call of that connector (token requests included) shares its settings. */
export function runtimeDefaults(options: ConnectorRuntimeOptions) {
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 30_000;
  requireMs(timeoutMs, 'timeoutMs', 1);
  const retry: RetryOptions = { ...HR_RETRY, ...options.retry };
  validateRetry(retry);
  const execute = createExecutor({
    transport: options.transport ?? fetchTransport,
    clock,
    random: options.random ?? Math.random,
    retry,
    timeoutMs,
  });
  const timeZone = options.timeZone ?? 'UTC';
  const today = (): CalendarDate => calendarDateIn(new Date(clock.now()), timeZone);
  return { execute, clock, timeoutMs, today };
}

export class HrInputError extends Error {
  override readonly name = 'HrInputError';
}

/** A wrong number here would otherwise surface mid-call as a bare RangeError from AbortSignal, or never retry. */
function requireMs(value: unknown, name: string, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new HrInputError(`${name} must be a number of milliseconds of at least ${min}, got ${String(value)}`);
  }
}

function validateRetry(retry: RetryOptions): void {
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0) {
    throw new HrInputError(`retry.maxRetries must be a whole number of at least 0, got ${String(retry.maxRetries)}`);
  }
  requireMs(retry.baseDelayMs, 'retry.baseDelayMs', 0);
  requireMs(retry.maxDelayMs, 'retry.maxDelayMs', 0);
  requireMs(retry.maxRetryAfterMs, 'retry.maxRetryAfterMs', 0);
  if (retry.maxTotalWaitMs !== undefined) requireMs(retry.maxTotalWaitMs, 'retry.maxTotalWaitMs', 0);
  const statuses: unknown = retry.retryStatuses ?? [];
  const valid = Array.isArray(statuses) && statuses.every((status) => Number.isInteger(status) && status >= 400 && status <= 599);
  if (!valid) {
    throw new HrInputError(`retry.retryStatuses must list HTTP error statuses (400 to 599), got ${JSON.stringify(statuses)}`);
  }
}

/** Accepts `YYYY-MM-DD` (midnight UTC) or a zoned ISO timestamp; anything else is the caller's mistake. */
export function parseSince(since: string): Date {
  const text = since.trim();
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const ms = zoned ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new HrInputError(
      `"since" must be a date (YYYY-MM-DD) or an ISO-8601 timestamp with a time zone, got "${since}"`,
    );
  }
  return new Date(ms);
}

export function requireText(value: string | undefined, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new HrInputError(`${name} is required`);
  return value.trim();
}

export function requireQuery(query: PersonQuery): { email: string | null; id: string | null } {
  const email = query.email?.trim() || null;
  const id = query.id?.trim() || null;
  if (!email && !id) throw new HrInputError('findPerson needs an email or an id');
  return { email, id };
}

/** Used when the source has no lookup of its own: scan the roster. */
export function findInBatch(batch: PersonBatch, query: { email: string | null; id: string | null }): PersonLookup {
  const email = query.email?.toLowerCase() ?? null;
  const person =
    batch.people.find((p) => {
      if (query.id !== null && p.sourceId === query.id) return true;
      if (email === null) return false;
      return p.workEmail?.toLowerCase() === email || p.otherEmails.some((e) => e.toLowerCase() === email);
    }) ?? null;
  const issues = person ? batch.issues.filter((issue) => issue.sourceId === person.sourceId) : [];
  return { person, issues };
}
