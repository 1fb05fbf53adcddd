import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import { segment } from './query.js';
import { CASE_STATUSES, type Case, type CaseDetail, type CaseFileEvent, type CaseFileEventsPage, type CaseStatus, type CasesPage, type SortDirection } from './types.js';
import { optionalOneOf, requireCaseNumber, requireId } from './validate.js';

export interface CaseFilters {
  status?: CaseStatus;
  assignee?: string;
  name?: string;
  isAssigned?: boolean;
  /** ISO date-time; cases created at or after it. */
  createdAt?: string;
  lastModifiedBy?: string;
  srtKey?: string;
  srtDir?: SortDirection;
}

export interface NewCase {
  name: string;
  subject?: string | null;
  assignee?: string | null;
  description?: string | null;
  findings?: string | null;
}

export interface CaseUpdate {
  name?: string;
  subject?: string | null;
  assignee?: string | null;
  description?: string | null;
  findings?: string | null;
  status?: CaseStatus;
}

const NAME_MAX = 50;
const DESCRIPTION_MAX = 250;

/** Cases page with `pgNum`/`pgSize`, unlike the rest of v1. */
export function casesArea(ctx: AreaContext) {
  const { http } = ctx;

  function listPage(filters: CaseFilters = {}, request: PageRequest = {}): Promise<CasesPage> {
    const operation = 'cases.listPage';
    const max = ctx.pageSizes.cases;
    return http.call<CasesPage>({
      operation,
      method: 'GET',
      path: '/v1/cases',
      query: {
        status: optionalOneOf(operation, 'status', filters.status, CASE_STATUSES),
        assignee: filters.assignee,
        name: filters.name,
        isAssigned: filters.isAssigned,
        createdAt: filters.createdAt,
        lastModifiedBy: filters.lastModifiedBy,
        srtKey: filters.srtKey,
        srtDir: optionalOneOf(operation, 'srtDir', filters.srtDir, ['ASC', 'DESC'] as const),
        pgNum: checkPageNumber(operation, request.page ?? 1, 1),
        pgSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      signal: request.signal,
    });
  }

  function iterate(filters: CaseFilters = {}, options: IterateOptions = {}): AsyncGenerator<Case, void, undefined> {
    const max = ctx.pageSizes.cases;
    const pageSize = checkPageSize('cases.iterate', options.pageSize ?? max, max);
    return iterateNumbered(
      {
        firstPage: 1,
        pageSize,
        fetch: (page, size, signal) => listPage(filters, { page, pageSize: size, signal }),
        items: (p) => p.cases,
        total: (p) => p.totalCount,
      },
      options,
    );
  }

  /** The file events attached to a case; pages with `pgNum`/`pgSize` like the case list. */
  function fileEventsPage(caseNumber: number, request: PageRequest = {}): Promise<CaseFileEventsPage> {
    const operation = 'cases.fileEventsPage';
    requireCaseNumber(operation, caseNumber);
    const max = ctx.pageSizes.cases;
    return http.call<CaseFileEventsPage>({
      operation,
      method: 'GET',
      path: `/v1/cases/${segment(caseNumber)}/fileevent`,
      query: { pgNum: checkPageNumber(operation, request.page ?? 1, 1), pgSize: checkPageSize(operation, request.pageSize ?? max, max) },
      resource: { type: 'case', id: String(caseNumber) },
      signal: request.signal,
    });
  }

  return {
    listPage,
    iterate,
    list: (filters?: CaseFilters, options?: IterateOptions) => collect(iterate(filters, options)),

    get(caseNumber: number, signal?: AbortSignal): Promise<CaseDetail> {
      const operation = 'cases.get';
      requireCaseNumber(operation, caseNumber);
      return http.call<CaseDetail>({ operation, method: 'GET', path: `/v1/cases/${segment(caseNumber)}`, resource: { type: 'case', id: String(caseNumber) }, signal });
    },

    /** Not retried: a repeat after a lost answer would open a second case. */
    create(input: NewCase, signal?: AbortSignal): Promise<CaseDetail> {
      const operation = 'cases.create';
      requireId(operation, 'name', input.name);
      checkLengths(operation, input);
      return http.call<CaseDetail>({ operation, method: 'POST', path: '/v1/cases', body: input, signal });
    },

    /** Replaces the case's editable fields (PUT). Fields left out are sent as the current values by the caller. */
    update(caseNumber: number, update: CaseUpdate, signal?: AbortSignal): Promise<CaseDetail> {
      const operation = 'cases.update';
      requireCaseNumber(operation, caseNumber);
      checkLengths(operation, update);
      optionalOneOf(operation, 'status', update.status, CASE_STATUSES);
      return http.call<CaseDetail>({
        operation,
        method: 'PUT',
        path: `/v1/cases/${segment(caseNumber)}`,
        body: update,
        resource: { type: 'case', id: String(caseNumber) },
        signal,
      });
    },

    fileEventsPage,
    /** Every file event attached to a case, page by page. */
    iterateFileEvents(caseNumber: number, options: IterateOptions = {}): AsyncGenerator<CaseFileEvent, void, undefined> {
      requireCaseNumber('cases.iterateFileEvents', caseNumber);
      const max = ctx.pageSizes.cases;
      const pageSize = checkPageSize('cases.iterateFileEvents', options.pageSize ?? max, max);
      return iterateNumbered(
        { firstPage: 1, pageSize, fetch: (page, size, signal) => fileEventsPage(caseNumber, { page, pageSize: size, signal }), items: (p) => p.events, total: (p) => p.totalCount },
        options,
      );
    },
  };
}

export type CasesArea = ReturnType<typeof casesArea>;

function checkLengths(operation: string, input: { name?: string; description?: string | null }): void {
  if (input.name !== undefined && input.name.length > NAME_MAX) {
    throw new RangeError(`${operation}: name may have at most ${NAME_MAX} characters, got ${input.name.length}`);
  }
  if (typeof input.description === 'string' && input.description.length > DESCRIPTION_MAX) {
    throw new RangeError(`${operation}: description may have at most ${DESCRIPTION_MAX} characters, got ${input.description.length}`);
  }
}
