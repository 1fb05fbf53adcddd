import type { AreaContext } from './context.js';
import { checkPageSize, iterateTokens, collect } from './paging.js';
import type { FileEvent, FileEventFilterGroup, FileEventQuery, FileEventsPage } from './types.js';
import { requireId } from './validate.js';

/** A query as callers write it; page size and token are managed by the client. */
export type FileEventSearch = Omit<FileEventQuery, 'pgToken' | 'pgNum' | 'pgSize'> & { pgSize?: number };

export type LatestEventSubject = { deviceId: string } | { userId: string } | { username: string };

/** ISO-8601 duration as the forensic search's WITHIN_THE_LAST operator takes it, e.g. `P30D`, `PT12H`. */
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * Forensic search (`POST /v2/file-events`). A read despite the POST, so retried. Pages with continuation tokens:
 * the first request sends an empty `pgToken`, each answer carries `nextPgToken`.
 */
export function fileEventsArea(ctx: AreaContext) {
  const { http } = ctx;

  function searchPage(query: FileEventSearch, pgToken = '', signal?: AbortSignal): Promise<FileEventsPage> {
    const operation = 'fileEvents.searchPage';
    const max = ctx.pageSizes.fileEvents;
    checkQuery(operation, query);
    const pgSize = checkPageSize(operation, query.pgSize ?? max, max);
    return http.call<FileEventsPage>({
      operation,
      method: 'POST',
      path: '/v2/file-events',
      body: { ...query, pgNum: 1, pgSize, pgToken },
      idempotent: true,
      signal,
    });
  }

  function iterate(query: FileEventSearch, options: { signal?: AbortSignal } = {}): AsyncGenerator<FileEvent, void, undefined> {
    checkQuery('fileEvents.iterate', query);
    return iterateTokens(
      {
        fetch: (token, signal) => searchPage(query, token, signal),
        items: (p: FileEventsPage) => p.fileEvents,
        nextToken: (p) => p.nextPgToken,
      },
      options.signal,
    );
  }

  return {
    searchPage,
    iterate,
    search: (query: FileEventSearch, limit?: number) => collect(iterate(query), limit),

    /**
     * The newest file event of a device, user id or username within a recent window (`within`, an ISO-8601
     * duration such as `P30D`), or null when there is none: one request of page size 1, newest first.
     */
    async latestEventFor(subject: LatestEventSubject & { within: string }, signal?: AbortSignal): Promise<FileEvent | null> {
      const operation = 'fileEvents.latestEventFor';
      if (typeof subject.within !== 'string' || !ISO_DURATION.test(subject.within)) {
        throw new RangeError(`${operation}: within must be an ISO-8601 duration such as P30D or PT12H, got '${String(subject.within)}'`);
      }
      const groups: FileEventFilterGroup[] = [
        { filterClause: 'AND', filters: [{ term: '@timestamp', operator: 'WITHIN_THE_LAST', value: subject.within }] },
        { filterClause: 'AND', filters: [subjectFilter(operation, subject)] },
      ];
      const page = await searchPage({ groupClause: 'AND', groups, pgSize: 1, srtDir: 'desc', srtKey: '@timestamp' }, '', signal);
      return page.fileEvents[0] ?? null;
    },
  };
}

export type FileEventsArea = ReturnType<typeof fileEventsArea>;

function subjectFilter(operation: string, subject: LatestEventSubject) {
  if ('deviceId' in subject) return { term: 'user.deviceUid', operator: 'IS' as const, value: requireId(operation, 'deviceId', subject.deviceId) };
  if ('userId' in subject) return { term: 'user.id', operator: 'IS' as const, value: requireId(operation, 'userId', subject.userId) };
  if ('username' in subject) return { term: 'user.email', operator: 'IS' as const, value: requireId(operation, 'username', subject.username) };
  throw new TypeError(`${operation}: give a deviceId, a userId or a username`);
}

function checkQuery(operation: string, query: FileEventSearch): void {
  if (!query || !Array.isArray(query.groups)) {
    throw new TypeError(`${operation}: the query needs a groups array (it may be empty)`);
  }
  if (query.srtDir !== 'asc' && query.srtDir !== 'desc') {
    throw new RangeError(`${operation}: srtDir must be 'asc' or 'desc', got '${String(query.srtDir)}'`);
  }
  requireId(operation, 'srtKey', query.srtKey);
}
