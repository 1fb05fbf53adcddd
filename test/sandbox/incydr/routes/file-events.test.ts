import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileEventsPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from '../helpers.js';

describe('POST /v2/file-events', () => {
  const w = world(10, 80);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  const search = async (body: Record<string, unknown>) => {
    const res = await api.post('/v2/file-events', body);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as FileEventsPage;
  };
  const on = (term: string, value: string) => ({ filterClause: 'AND', filters: [{ term, operator: 'IS', value }] });

  it('answers "latest event for this device" with a device filter, @timestamp desc and page size 1', async () => {
    const deviceUid = w.tenant.fileEvents.find((e) => w.tenant.fileEvents.filter((x) => x.user.deviceUid === e.user.deviceUid).length > 1)!.user.deviceUid;
    const events = w.tenant.fileEvents.filter((e) => e.user.deviceUid === deviceUid);
    const latest = events.reduce((a, b) => (a['@timestamp'] > b['@timestamp'] ? a : b));
    const page = await search({ groups: [on('user.deviceUid', deviceUid)], srtKey: '@timestamp', srtDir: 'desc', pgSize: 1 });
    expect(page.totalCount).toBe(events.length);
    expect(page.fileEvents.map((e) => e.event.id)).toEqual([latest.event.id]);
    expect(page.nextPgToken).toBeNull();
    expect(page.problems).toBeNull();
  });

  it('filters on a @timestamp range for a user', async () => {
    const userId = w.tenant.fileEvents[0]!.user.id;
    const mine = w.tenant.fileEvents.filter((e) => e.user.id === userId);
    const from = mine[0]!['@timestamp'];
    const body = {
      groups: [
        on('user.id', userId),
        { filterClause: 'AND', filters: [{ term: '@timestamp', operator: 'ON_OR_AFTER', value: from }, { term: '@timestamp', operator: 'ON_OR_BEFORE', value: '2099-01-01T00:00:00.000Z' }] },
      ],
      srtKey: '@timestamp',
      srtDir: 'asc',
      pgSize: 100,
    };
    const page = await search(body);
    expect(page.fileEvents.map((e) => e.event.id).sort()).toEqual(mine.filter((e) => e['@timestamp'] >= from).map((e) => e.event.id).sort());
    const recent = await search({ groups: [{ filterClause: 'AND', filters: [{ term: '@timestamp', operator: 'WITHIN_THE_LAST', value: 'P2D' }] }], pgSize: 10_000 });
    const cutoff = Date.parse(w.now) - 2 * 86_400_000;
    expect(recent.totalCount).toBe(w.tenant.fileEvents.filter((e) => Date.parse(e['@timestamp']) >= cutoff).length);
  });

  it('pages with pgToken/nextPgToken until the token is null', async () => {
    const collected: string[] = [];
    let token: string | null = '';
    let pages = 0;
    while (token !== null) {
      const page: FileEventsPage = await search({ srtKey: 'event.id', srtDir: 'asc', pgSize: 25, pgToken: token });
      collected.push(...page.fileEvents.map((e) => e.event.id));
      token = page.nextPgToken;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(w.tenant.fileEvents.length / 25));
    expect(collected).toEqual(w.tenant.fileEvents.map((e) => e.event.id).sort());
    // pgNum paging is the other scheme and never returns a token.
    const second = await search({ srtKey: 'event.id', pgSize: 25, pgNum: 2 });
    expect(second.fileEvents.map((e) => e.event.id)).toEqual(collected.slice(25, 50));
    expect(second.nextPgToken).toBeNull();
  });

  it('refuses bad queries with 400 naming the filter', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ groups: [{ filters: [{ term: 'user.shoeSize', operator: 'IS', value: '9' }] }] }, 'groups.0.filters.0.term'],
      [{ groups: [{ filters: [{ term: 'user.id', operator: 'LIKE', value: 'x' }] }] }, 'groups.0.filters.0.operator'],
      [{ groups: [{ filters: [{ term: 'user.id', operator: 'ON_OR_AFTER', value: 'x' }] }] }, 'groups.0.filters.0.value'],
      [{ groups: [{ filters: [{ term: '@timestamp', operator: 'ON_OR_AFTER', value: 'last tuesday' }] }] }, 'groups.0.filters.0.value'],
      [{ groups: [{ filters: [{ term: '@timestamp', operator: 'WITHIN_THE_LAST', value: '2 days' }] }] }, 'groups.0.filters.0.value'],
      [{ pgSize: 10_001 }, 'pgSize'],
      [{ pgToken: 'forged' }, 'pgToken'],
    ];
    for (const [body, path] of cases) {
      const res = await api.post('/v2/file-events', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { problems: { path: string }[] }).problems.map((p) => p.path)).toContain(path);
    }
  });
});
