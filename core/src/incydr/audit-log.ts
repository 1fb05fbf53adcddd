import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import type { AuditEvent, AuditLogCount, AuditLogPage } from './types.js';

export interface AuditLogFilters {
  /** Inclusive range; Date or ISO string, sent as epoch seconds as the API expects. */
  startTime?: Date | string;
  endTime?: Date | string;
  eventTypes?: string[];
  actorIds?: string[];
  actorNames?: string[];
  actorIpAddresses?: string[];
  resourceIds?: string[];
  userTypes?: string[];
}

/**
 * Audit log search. Both calls are POSTs that only read, so they are marked idempotent and retried. Pages are
 * numbered from 0 here (the SDK's iterator starts at 0), and no total comes back: stop on a short page, or ask
 * `count` first.
 */
export function auditLogArea(ctx: AreaContext) {
  const { http } = ctx;

  function searchPage(filters: AuditLogFilters = {}, request: PageRequest = {}): Promise<AuditLogPage> {
    const operation = 'auditLog.searchPage';
    const max = ctx.pageSizes.auditLog;
    return http.call<AuditLogPage>({
      operation,
      method: 'POST',
      path: '/v1/audit/search-audit-log',
      body: {
        ...auditBody(operation, filters),
        page: checkPageNumber(operation, request.page ?? 0, 0),
        pageSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      idempotent: true,
      signal: request.signal,
    });
  }

  function iterate(filters: AuditLogFilters = {}, options: IterateOptions = {}): AsyncGenerator<AuditEvent, void, undefined> {
    const max = ctx.pageSizes.auditLog;
    const pageSize = checkPageSize('auditLog.iterate', options.pageSize ?? max, max);
    auditBody('auditLog.iterate', filters);
    return iterateNumbered(
      { firstPage: 0, pageSize, fetch: (page, size, signal) => searchPage(filters, { page, pageSize: size, signal }), items: (p) => p.events },
      options,
    );
  }

  return {
    searchPage,
    iterate,
    search: (filters?: AuditLogFilters, options?: IterateOptions) => collect(iterate(filters, options)),

    async count(filters: AuditLogFilters = {}, signal?: AbortSignal): Promise<number> {
      const operation = 'auditLog.count';
      const answer = await http.call<AuditLogCount>({
        operation,
        method: 'POST',
        path: '/v1/audit/search-results-count',
        body: auditBody(operation, filters),
        idempotent: true,
        signal,
      });
      return answer.totalResultCount;
    },
  };
}

export type AuditLogArea = ReturnType<typeof auditLogArea>;

function auditBody(operation: string, f: AuditLogFilters) {
  const startTime = f.startTime === undefined ? undefined : epochSeconds(operation, 'startTime', f.startTime);
  const endTime = f.endTime === undefined ? undefined : epochSeconds(operation, 'endTime', f.endTime);
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new RangeError(`${operation}: startTime is after endTime`);
  }
  return {
    dateRange: startTime === undefined && endTime === undefined ? undefined : { startTime, endTime },
    eventTypes: f.eventTypes,
    actorIds: f.actorIds,
    actorNames: f.actorNames,
    actorIpAddresses: f.actorIpAddresses,
    resourceIds: f.resourceIds,
    userTypes: f.userTypes,
  };
}

function epochSeconds(operation: string, name: string, value: Date | string): number {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${operation}: ${name} is not a valid date: '${String(value)}'`);
  return ms / 1000;
}
