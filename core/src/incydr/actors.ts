import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import { segment } from './query.js';
import type { Actor, ActorFamily, ActorsPage } from './types.js';
import { requireId } from './validate.js';

export interface ActorSearch {
  nameStartsWith?: string;
  nameEndsWith?: string;
  active?: boolean;
  /** Search `/search/parent`, which prefers parent actors over their child identities. */
  preferParent?: boolean;
}

/** Actor search reports no total count: iterators stop on a short page. */
export function actorsArea(ctx: AreaContext) {
  const { http } = ctx;

  function searchPage(search: ActorSearch = {}, request: PageRequest = {}): Promise<ActorsPage> {
    const operation = 'actors.searchPage';
    const max = ctx.pageSizes.actors;
    return http.call<ActorsPage>({
      operation,
      method: 'GET',
      path: search.preferParent ? '/v1/actors/actor/search/parent' : '/v1/actors/actor/search',
      query: {
        nameStartsWith: search.nameStartsWith,
        nameEndsWith: search.nameEndsWith,
        active: search.active,
        page: checkPageNumber(operation, request.page ?? 1, 1),
        pageSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      signal: request.signal,
    });
  }

  function iterate(search: ActorSearch = {}, options: IterateOptions = {}): AsyncGenerator<Actor, void, undefined> {
    const max = ctx.pageSizes.actors;
    const pageSize = checkPageSize('actors.iterate', options.pageSize ?? max, max);
    return iterateNumbered(
      { firstPage: 1, pageSize, fetch: (page, size, signal) => searchPage(search, { page, pageSize: size, signal }), items: (p) => p.actors },
      options,
    );
  }

  return {
    searchPage,
    iterate,
    search: (search?: ActorSearch, options?: IterateOptions) => collect(iterate(search, options)),

    byId(actorId: string, signal?: AbortSignal): Promise<Actor> {
      const operation = 'actors.byId';
      requireId(operation, 'actorId', actorId);
      return http.call<Actor>({ operation, method: 'GET', path: `/v1/actors/actor/id/${segment(actorId)}`, resource: { type: 'actor', id: actorId }, signal });
    },

    /** The actor named exactly `name` (a username or email address). */
    byName(name: string, signal?: AbortSignal): Promise<Actor> {
      const operation = 'actors.byName';
      requireId(operation, 'name', name);
      return http.call<Actor>({ operation, method: 'GET', path: `/v1/actors/actor/name/${segment(name)}`, resource: { type: 'actor', id: name }, signal });
    },

    /** The parent actor and its child identities, looked up by the id or the name of any member. */
    family(by: { actorId: string } | { name: string }, signal?: AbortSignal): Promise<ActorFamily> {
      const operation = 'actors.family';
      const [kind, key] = 'actorId' in by ? (['id', by.actorId] as const) : (['name', by.name] as const);
      requireId(operation, kind === 'id' ? 'actorId' : 'name', key);
      return http.call<ActorFamily>({
        operation,
        method: 'GET',
        path: `/v1/actors/actor/${kind}/${segment(key)}/family`,
        resource: { type: 'actor', id: key },
        signal,
      });
    },
  };
}

export type ActorsArea = ReturnType<typeof actorsArea>;
