import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLogCount, AuditLogPage } from '@incydr-health/core/incydr/types';
import { manualClock, NOW, startApi, world, type Api } from '../helpers.js';

describe('/v1/audit', () => {
  const w = world(9, 60);
  const clock = manualClock();
  let api: Api;
  const free = w.truth.users.filter((u) => !u.protected && !w.tenant.agents.some((a) => a.userId === u.userId)).slice(0, 5);
  beforeAll(async () => {
    api = await startApi({ world: w, clock });
    // Five deactivations, one minute apart.
    for (const u of free) {
      expect((await api.post(`/v1/users/${u.userId}/deactivate`)).status).toBe(204);
      clock.advance(60_000);
    }
  });
  afterAll(() => api.close());

  const search = async (body: Record<string, unknown>) => {
    const res = await api.post('/v1/audit/search-audit-log', body);
    expect(res.status).toBe(200);
    return (await res.json()) as AuditLogPage;
  };
  const count = async (body: Record<string, unknown>) => ((await (await api.post('/v1/audit/search-results-count', body)).json()) as AuditLogCount).totalResultCount;

  it('pages from 0, newest first, with pagination range indexes', async () => {
    expect(free).toHaveLength(5);
    const first = await search({ page: 0, pageSize: 2 });
    expect(first.events.map((e) => e.resourceId)).toEqual([free[4]!.userId, free[3]!.userId]);
    expect(first).toMatchObject({ paginationRangeStartIndex: 0, paginationRangeEndIndex: 2 });
    const last = await search({ page: 2, pageSize: 2 });
    expect(last.events.map((e) => e.resourceId)).toEqual([free[0]!.userId]);
    expect(last).toMatchObject({ paginationRangeStartIndex: 4, paginationRangeEndIndex: 5 });
    expect(await count({})).toBe(5);
  });

  it('filters by date range (epoch seconds), event type, actor and resource', async () => {
    const start = Date.parse(NOW) / 1000;
    expect(await count({ dateRange: { startTime: start + 60, endTime: start + 180 } })).toBe(3);
    expect(await count({ dateRange: { startTime: null, endTime: start + 0.5 } })).toBe(1);
    expect(await count({ eventTypes: ['user_deactivated'] })).toBe(5);
    expect(await count({ eventTypes: ['audit_log::user_deactivated/1'] })).toBe(5);
    expect(await count({ eventTypes: ['user_activated'] })).toBe(0);
    expect(await count({ actorIds: ['key-sandbox-demo'] })).toBe(5);
    expect(await count({ actorNames: ['someone else'] })).toBe(0);
    expect(await count({ userTypes: ['API_CLIENT'] })).toBe(5);
    expect(await count({ resourceIds: [free[2]!.userId] })).toBe(1);
    expect(await count({ actorIpAddresses: ['127.0.0.1'] })).toBe(5);
  });

  it('refuses malformed searches with 400', async () => {
    for (const body of [{ page: -1 }, { pageSize: 10_001 }, { dateRange: { startTime: 'yesterday' } }, { eventTypes: 'user_deactivated' }]) {
      expect((await api.post('/v1/audit/search-audit-log', body)).status).toBe(400);
    }
  });
});
