import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncludedActorsPage, Watchlist, WatchlistMember, WatchlistMembersPage, WatchlistsPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from '../helpers.js';

describe('/v2/watchlists', () => {
  const w = world(7, 400);
  const departing = w.tenant.watchlists[0]!;
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  it('lists watchlists with stats and totalCount, filtered by actorId', async () => {
    const body = await api.json<WatchlistsPage>('/v2/watchlists');
    expect(body.totalCount).toBe(2);
    expect(body.watchlists[0]).toMatchObject({ listType: 'DEPARTING_EMPLOYEE', tenantId: w.tenant.tenantUid, stats: { includedActorsCount: departing.includedActors.length } });
    const actorId = departing.includedActors[0]!.actorId;
    const filtered = await api.json<WatchlistsPage>(`/v2/watchlists?actorId=${actorId}`);
    expect(filtered.watchlists.map((l) => l.watchlistId)).toContain(departing.watchlistId);
    expect(await api.json<Watchlist>(`/v2/watchlists/${departing.watchlistId}`)).toMatchObject({ watchlistId: departing.watchlistId });
    expect((await api.get('/v2/watchlists/ghost')).status).toBe(404);
  });

  it('pages members with page and snake-case page_size to the last page', async () => {
    const total = departing.includedActors.length;
    expect(total).toBeGreaterThan(3);
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const body = await api.json<WatchlistMembersPage>(`/v2/watchlists/${departing.watchlistId}/members?page=${page}&page_size=3`);
      expect(body.totalCount).toBe(total);
      ids.push(...body.watchlistMembers.map((m) => m.actorId));
      if (body.watchlistMembers.length < 3) break;
    }
    expect(ids).toEqual(departing.includedActors.map((a) => a.actorId));
    const first = await api.json<WatchlistMembersPage>(`/v2/watchlists/${departing.watchlistId}/members?page_size=1`);
    expect(first.watchlistMembers[0]!.actorname).toContain('@');
    expect((await api.get(`/v2/watchlists/${departing.watchlistId}/members?page_size=501`)).status).toBe(400);
  });

  it('adds and deletes included actors idempotently, validating ids and batch size', async () => {
    const outsider = w.tenant.actors.find((a) => !departing.includedActors.some((m) => m.actorId === a.actorId))!;
    const add = () => api.post(`/v2/watchlists/${departing.watchlistId}/included-actors/add`, { actorIds: [outsider.actorId], watchlistId: departing.watchlistId });
    expect((await add()).status).toBe(204);
    expect((await add()).status).toBe(204);
    const included = await api.json<IncludedActorsPage>(`/v2/watchlists/${departing.watchlistId}/included-actors?page_size=500`);
    expect(included.includedActors.filter((a) => a.actorId === outsider.actorId)).toHaveLength(1);
    expect((await api.json<WatchlistMember>(`/v2/watchlists/${departing.watchlistId}/members/${outsider.actorId}`)).actorId).toBe(outsider.actorId);
    expect((await api.post(`/v2/watchlists/${departing.watchlistId}/included-actors/delete`, { actorIds: [outsider.actorId] })).status).toBe(204);
    expect((await api.get(`/v2/watchlists/${departing.watchlistId}/members/${outsider.actorId}`)).status).toBe(404);
    expect((await api.post(`/v2/watchlists/${departing.watchlistId}/included-actors/add`, { actorIds: ['ghost'] })).status).toBe(400);
    const tooMany = Array.from({ length: 101 }, (_, i) => `a${i}`);
    expect((await api.post(`/v2/watchlists/${departing.watchlistId}/included-actors/add`, { actorIds: tooMany })).status).toBe(400);
  });
});
