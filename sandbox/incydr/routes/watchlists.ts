/** `/v2/watchlists`: list (page/pageSize), get, members and included actors (page/page_size, snake case). */
import { z } from 'zod';
import type { IncludedActorsPage, Watchlist, WatchlistMembersPage, WatchlistsPage } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import { badRequest, notFound } from '../errors.js';
import { callOf, type RouteModule } from '../http.js';
import type { IncydrState } from '../state.js';
import type { WatchlistRecord } from '../world-types.js';
import { paginate, parseBody, parseQuery, qInt, qText } from '../validation.js';

const listQuery = z.object({
  page: qInt(1, 1_000_000).default(1),
  pageSize: qInt(1, LIMITS.v1PageSize).default(100),
  actorId: qText.optional(),
});

const snakePageQuery = z.object({
  page: qInt(1, 1_000_000).default(1),
  page_size: qInt(1, LIMITS.v1PageSize).default(100),
});

const actorsBody = z.object({
  actorIds: z.array(z.string().min(1)).min(1, 'must list at least one actor id').max(LIMITS.watchlistActorsPerRequest, `must list at most ${LIMITS.watchlistActorsPerRequest} actor ids per request`),
  watchlistId: z.string().optional(),
});

function wire(state: IncydrState, w: WatchlistRecord): Watchlist {
  return {
    watchlistId: w.watchlistId,
    listType: w.listType,
    title: w.title,
    description: w.description,
    tenantId: state.tenantUid,
    stats: { includedActorsCount: w.includedActors.length },
  };
}

function members(state: IncydrState, w: WatchlistRecord) {
  return w.includedActors.map((m) => ({ actorId: m.actorId, actorname: state.actorById.get(m.actorId)?.name ?? '', addedTime: m.addedTime }));
}

export const watchlistRoutes: RouteModule = (app, state) => {
  app.get('/v2/watchlists', (c) => {
    const q = parseQuery(c, listQuery);
    const lists = q.actorId === undefined ? state.watchlists : state.watchlists.filter((w) => w.includedActors.some((a) => a.actorId === q.actorId));
    const body: WatchlistsPage = { watchlists: paginate(lists, q.page, q.pageSize).map((w) => wire(state, w)), totalCount: lists.length };
    return c.json(body);
  });

  app.get('/v2/watchlists/:watchlistId', (c) => c.json(wire(state, state.watchlist(c.req.param('watchlistId')))));

  app.get('/v2/watchlists/:watchlistId/members', (c) => {
    const list = state.watchlist(c.req.param('watchlistId'));
    const q = parseQuery(c, snakePageQuery);
    const all = members(state, list);
    const body: WatchlistMembersPage = { watchlistMembers: paginate(all, q.page, q.page_size), totalCount: all.length };
    return c.json(body);
  });

  app.get('/v2/watchlists/:watchlistId/members/:actorId', (c) => {
    const list = state.watchlist(c.req.param('watchlistId'));
    const found = members(state, list).find((m) => m.actorId === c.req.param('actorId'));
    if (!found) throw notFound('member of this watchlist', c.req.param('actorId'));
    return c.json(found);
  });

  app.get('/v2/watchlists/:watchlistId/included-actors', (c) => {
    const list = state.watchlist(c.req.param('watchlistId'));
    const q = parseQuery(c, snakePageQuery);
    const all = members(state, list);
    const body: IncludedActorsPage = { includedActors: paginate(all, q.page, q.page_size), totalCount: all.length };
    return c.json(body);
  });

  for (const [action, include] of [['add', true], ['delete', false]] as const) {
    app.post(`/v2/watchlists/:watchlistId/included-actors/${action}`, async (c) => {
      const watchlistId = c.req.param('watchlistId');
      const body = await parseBody(c, actorsBody);
      if (body.watchlistId !== undefined && body.watchlistId !== watchlistId) {
        throw badRequest('The body watchlistId does not match the watchlist in the path.', [{ path: 'watchlistId', message: 'must match the path' }]);
      }
      state.changeIncludedActors(callOf(c), watchlistId, body.actorIds, include);
      return c.body(null, 204);
    });
  }
};
