import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import { segment } from './query.js';
import type { IncludedActorsPage, Watchlist, WatchlistMember, WatchlistMembersPage, WatchlistsPage } from './types.js';
import { requireId, requireIds } from './validate.js';

export interface WatchlistFilters {
  /** Only watchlists this actor is a member of. */
  actorId?: string;
}

/**
 * Watchlists v2 (actor based). The list call pages with `pageSize`, but members and included actors page with
 * snake-case `page_size`.
 */
export const WATCHLIST_ACTORS_PER_REQUEST = 100;

export function watchlistsArea(ctx: AreaContext) {
  const { http } = ctx;

  function listPage(filters: WatchlistFilters = {}, request: PageRequest = {}): Promise<WatchlistsPage> {
    const operation = 'watchlists.listPage';
    const max = ctx.pageSizes.watchlists;
    return http.call<WatchlistsPage>({
      operation,
      method: 'GET',
      path: '/v2/watchlists',
      query: {
        actorId: filters.actorId,
        page: checkPageNumber(operation, request.page ?? 1, 1),
        pageSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      signal: request.signal,
    });
  }

  function iterate(filters: WatchlistFilters = {}, options: IterateOptions = {}): AsyncGenerator<Watchlist, void, undefined> {
    const max = ctx.pageSizes.watchlists;
    const pageSize = checkPageSize('watchlists.iterate', options.pageSize ?? max, max);
    return iterateNumbered(
      { firstPage: 1, pageSize, fetch: (page, size, signal) => listPage(filters, { page, pageSize: size, signal }), items: (p) => p.watchlists, total: (p) => p.totalCount },
      options,
    );
  }

  function membersPage(watchlistId: string, request: PageRequest = {}): Promise<WatchlistMembersPage> {
    const operation = 'watchlists.membersPage';
    requireId(operation, 'watchlistId', watchlistId);
    const max = ctx.pageSizes.watchlistMembers;
    return http.call<WatchlistMembersPage>({
      operation,
      method: 'GET',
      path: `/v2/watchlists/${segment(watchlistId)}/members`,
      query: { page: checkPageNumber(operation, request.page ?? 1, 1), page_size: checkPageSize(operation, request.pageSize ?? max, max) },
      resource: { type: 'watchlist', id: watchlistId },
      signal: request.signal,
    });
  }

  function includedActorsPage(watchlistId: string, request: PageRequest = {}): Promise<IncludedActorsPage> {
    const operation = 'watchlists.includedActorsPage';
    requireId(operation, 'watchlistId', watchlistId);
    const max = ctx.pageSizes.watchlistMembers;
    return http.call<IncludedActorsPage>({
      operation,
      method: 'GET',
      path: `/v2/watchlists/${segment(watchlistId)}/included-actors`,
      query: { page: checkPageNumber(operation, request.page ?? 1, 1), page_size: checkPageSize(operation, request.pageSize ?? max, max) },
      resource: { type: 'watchlist', id: watchlistId },
      signal: request.signal,
    });
  }

  const iterateMembers = (watchlistId: string, options: IterateOptions = {}): AsyncGenerator<WatchlistMember, void, undefined> => {
    const max = ctx.pageSizes.watchlistMembers;
    const pageSize = checkPageSize('watchlists.iterateMembers', options.pageSize ?? max, max);
    requireId('watchlists.iterateMembers', 'watchlistId', watchlistId);
    return iterateNumbered(
      { firstPage: 1, pageSize, fetch: (page, size, signal) => membersPage(watchlistId, { page, pageSize: size, signal }), items: (p) => p.watchlistMembers, total: (p) => p.totalCount },
      options,
    );
  };

  const iterateIncludedActors = (watchlistId: string, options: IterateOptions = {}): AsyncGenerator<WatchlistMember, void, undefined> => {
    const max = ctx.pageSizes.watchlistMembers;
    const pageSize = checkPageSize('watchlists.iterateIncludedActors', options.pageSize ?? max, max);
    requireId('watchlists.iterateIncludedActors', 'watchlistId', watchlistId);
    return iterateNumbered(
      { firstPage: 1, pageSize, fetch: (page, size, signal) => includedActorsPage(watchlistId, { page, pageSize: size, signal }), items: (p) => p.includedActors, total: (p) => p.totalCount },
      options,
    );
  };

  /**
   * Adding or removing included actors is set arithmetic on the server (adding a present actor or removing an
   * absent one leaves the list as it is), so both are treated as idempotent and retried.
   */
  async function changeIncludedActors(action: 'add' | 'delete', watchlistId: string, actorIds: string[], signal?: AbortSignal): Promise<void> {
    const operation = action === 'add' ? 'watchlists.addIncludedActors' : 'watchlists.removeIncludedActors';
    requireId(operation, 'watchlistId', watchlistId);
    const unique = [...new Set(requireIds(operation, 'actorIds', actorIds))];
    // The API takes at most 100 actor ids per request (the SDK's documented cap).
    for (let start = 0; start < unique.length; start += WATCHLIST_ACTORS_PER_REQUEST) {
      await http.call<void>({
        operation,
        method: 'POST',
        path: `/v2/watchlists/${segment(watchlistId)}/included-actors/${action}`,
        body: { actorIds: unique.slice(start, start + WATCHLIST_ACTORS_PER_REQUEST), watchlistId },
        idempotent: true,
        expect: 'none',
        resource: { type: 'watchlist', id: watchlistId },
        signal,
      });
    }
  }

  return {
    listPage,
    iterate,
    list: (filters?: WatchlistFilters, options?: IterateOptions) => collect(iterate(filters, options)),

    get(watchlistId: string, signal?: AbortSignal): Promise<Watchlist> {
      const operation = 'watchlists.get';
      requireId(operation, 'watchlistId', watchlistId);
      return http.call<Watchlist>({ operation, method: 'GET', path: `/v2/watchlists/${segment(watchlistId)}`, resource: { type: 'watchlist', id: watchlistId }, signal });
    },

    membersPage,
    iterateMembers,
    listMembers: (watchlistId: string, options?: IterateOptions) => collect(iterateMembers(watchlistId, options)),

    getMember(watchlistId: string, actorId: string, signal?: AbortSignal): Promise<WatchlistMember> {
      const operation = 'watchlists.getMember';
      requireId(operation, 'watchlistId', watchlistId);
      requireId(operation, 'actorId', actorId);
      return http.call<WatchlistMember>({
        operation,
        method: 'GET',
        path: `/v2/watchlists/${segment(watchlistId)}/members/${segment(actorId)}`,
        resource: { type: 'watchlist member', id: `${watchlistId} / ${actorId}` },
        signal,
      });
    },

    includedActorsPage,
    iterateIncludedActors,
    listIncludedActors: (watchlistId: string, options?: IterateOptions) => collect(iterateIncludedActors(watchlistId, options)),
    addIncludedActors: (watchlistId: string, actorIds: string[], signal?: AbortSignal) => changeIncludedActors('add', watchlistId, actorIds, signal),
    removeIncludedActors: (watchlistId: string, actorIds: string[], signal?: AbortSignal) => changeIncludedActors('delete', watchlistId, actorIds, signal),
  };
}

export type WatchlistsArea = ReturnType<typeof watchlistsArea>;
