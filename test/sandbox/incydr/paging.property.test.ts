import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentsPage, CasesPage, DepartmentsPage, UsersPage, WatchlistMembersPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from './helpers.js';

/** Whatever page size a client picks, walking every page returns every record exactly once, in order. */
describe('paging invariants (property-based, over HTTP)', () => {
  const w = world(14, 1300);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  async function walk<T>(fetchPage: (page: number, size: number) => Promise<T[]>, size: number, first = 1): Promise<T[]> {
    const all: T[] = [];
    for (let page = first; ; page++) {
      const items = await fetchPage(page, size);
      all.push(...items);
      if (items.length < size) return all;
    }
  }

  it('users (page/pageSize), cases (pgNum/pgSize), departments and watchlist members (page/page_size)', async () => {
    const members = w.tenant.watchlists[0]!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 9 }), async (userSize, smallSize) => {
        const users = await walk(async (p, s) => (await api.json<UsersPage>(`/v1/users?page=${p}&pageSize=${s}`)).users.map((u) => u.userId), userSize);
        expect(users).toEqual(w.tenant.users.map((u) => u.userId));
        const cases = await walk(async (p, s) => (await api.json<CasesPage>(`/v1/cases?pgNum=${p}&pgSize=${s}`)).cases.map((c) => c.number), smallSize);
        expect(cases).toEqual(w.tenant.cases.map((c) => c.number));
        const departments = await walk(async (p, s) => (await api.json<DepartmentsPage>(`/v1/departments?page=${p}&page_size=${s}`)).departments, smallSize);
        expect(departments).toEqual(w.tenant.departments);
        const listed = await walk(
          async (p, s) => (await api.json<WatchlistMembersPage>(`/v2/watchlists/${members.watchlistId}/members?page=${p}&page_size=${s}`)).watchlistMembers.map((m) => m.actorId),
          smallSize,
        );
        expect(listed).toEqual(members.includedActors.map((a) => a.actorId));
      }),
      { numRuns: 8, seed: 20261125 },
    );
  });

  it('agents under any filter combination: pages add up to totalCount without repeats', async () => {
    const filters = fc.record({
      active: fc.constantFrom(undefined, 'true', 'false'),
      os: fc.constantFrom(undefined, 'MAC', 'WINDOWS'),
      silent: fc.constantFrom(undefined, '7', '30'),
      srtKey: fc.constantFrom('NAME', 'LAST_CONNECTED', 'USER_ID'),
      srtDir: fc.constantFrom('ASC', 'desc'),
    });
    await fc.assert(
      fc.asyncProperty(filters, fc.integer({ min: 50, max: 500 }), async (f, size) => {
        const query = [
          f.active && `active=${f.active}`,
          f.os && `anyOfAgentOsTypes=${f.os}`,
          f.silent && `notConnectedInLastDays=${f.silent}`,
          `srtKey=${f.srtKey}`,
          `srtDir=${f.srtDir}`,
        ]
          .filter(Boolean)
          .join('&');
        let total = -1;
        const ids = await walk(async (p, s) => {
          const body = await api.json<AgentsPage>(`/v1/agents?${query}&page=${p}&pageSize=${s}`);
          total = body.totalCount;
          return body.agents.map((a) => a.agentId);
        }, size);
        expect(ids).toHaveLength(total);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 10, seed: 7 },
    );
  });
});
