import { describe, expect, it } from 'vitest';
import { IncydrApiError, LegalHoldRefusalError } from '../../../core/src/incydr/errors.js';
import { clientWith, ok, response } from './support.js';

const q = (url: string) => new URL(url).searchParams;

describe('request shapes per area', () => {
  it('agents: every filter under its wire name, lists repeated, max page size', async () => {
    const { client, calls } = clientWith(() => ok({ agents: [], totalCount: 0, page: 1, pageSize: 500 }));
    await client.agents.listPage({
      userId: 'u1',
      agentType: 'COMBINED',
      active: true,
      connectedInLastDays: 3,
      notConnectedInLastDays: 30,
      agentHealthy: false,
      anyOfAgentHealthIssueTypes: ['NOT_CONNECTING', 'SECURITY_INGEST_REJECTED'],
      agentHealthModifiedInLastDays: 7,
      serialNumber: 'SN1',
      anyOfAgentOsTypes: ['MAC', 'LINUX'],
      srtKey: 'LAST_CONNECTED',
      srtDir: 'DESC',
    });
    const params = q(calls()[0]!.url);
    expect(calls()[0]!.path).toBe('/v1/agents');
    expect(params.getAll('anyOfAgentHealthIssueTypes')).toEqual(['NOT_CONNECTING', 'SECURITY_INGEST_REJECTED']);
    expect(params.getAll('anyOfAgentOsTypes')).toEqual(['MAC', 'LINUX']);
    expect(Object.fromEntries([...params].filter(([k]) => !k.startsWith('anyOf')))).toEqual({
      userId: 'u1',
      agentType: 'COMBINED',
      active: 'true',
      connectedInLastDays: '3',
      notConnectedInLastDays: '30',
      agentHealthy: 'false',
      agentHealthModifiedInLastDays: '7',
      serialNumber: 'SN1',
      srtKey: 'LAST_CONNECTED',
      srtDir: 'DESC',
      page: '1',
      pageSize: '500',
    });
  });

  it('users: active/blocked/username with page and pageSize', async () => {
    const { client, calls } = clientWith(() => ok({ users: [], totalCount: 0 }));
    await client.users.listPage({ active: false, blocked: true, username: 'a@b.c' }, { page: 3, pageSize: 20 });
    expect(Object.fromEntries(q(calls()[0]!.url))).toEqual({ active: 'false', blocked: 'true', username: 'a@b.c', page: '3', pageSize: '20' });
  });

  it('cases: pgNum and pgSize instead of page and pageSize', async () => {
    const { client, calls } = clientWith(() => ok({ cases: [], totalCount: 0 }));
    await client.cases.listPage({ status: 'OPEN' }, { page: 2 });
    expect(Object.fromEntries(q(calls()[0]!.url))).toEqual({ status: 'OPEN', pgNum: '2', pgSize: '100' });
  });

  it('watchlist members and departments: snake-case page_size', async () => {
    const { client, calls } = clientWith((_r, url) =>
      url.pathname.startsWith('/v1/departments') ? ok({ departments: [], totalCount: 0 }) : ok({ watchlistMembers: [], includedActors: [], totalCount: 0 }),
    );
    await client.watchlists.membersPage('w 1');
    await client.watchlists.includedActorsPage('w1');
    await client.departments.listPage({ name: 'Sales' });
    expect(calls()[0]!.path).toBe('/v2/watchlists/w%201/members');
    expect(Object.fromEntries(q(calls()[0]!.url))).toEqual({ page: '1', page_size: '100' });
    expect(calls()[1]!.path).toBe('/v2/watchlists/w1/included-actors');
    expect(Object.fromEntries(q(calls()[2]!.url))).toEqual({ name: 'Sales', page: '1', page_size: '100' });
  });

  it('watchlists list: pageSize and actorId', async () => {
    const { client, calls } = clientWith(() => ok({ watchlists: [], totalCount: 0 }));
    await client.watchlists.listPage({ actorId: 'a1' });
    expect(Object.fromEntries(q(calls()[0]!.url))).toEqual({ actorId: 'a1', page: '1', pageSize: '100' });
  });

  it('audit log: a POST body with 0-based page, epoch-second date range, marked as a retryable search', async () => {
    let attempts = 0;
    const { client, calls } = clientWith(() => (++attempts === 1 ? response(503) : ok({ events: [], paginationRangeStartIndex: 0, paginationRangeEndIndex: 0 })));
    await client.auditLog.searchPage({ startTime: '2026-11-01T00:00:00Z', endTime: new Date('2026-11-02T00:00:00Z'), eventTypes: ['x'] });
    expect(calls()).toHaveLength(2);
    expect(calls()[1]!.body).toEqual({
      dateRange: { startTime: Date.UTC(2026, 10, 1) / 1000, endTime: Date.UTC(2026, 10, 2) / 1000 },
      eventTypes: ['x'],
      page: 0,
      pageSize: 1000,
    });
  });

  it('file events: first page sends an empty pgToken; latestEventFor asks for one event, newest first', async () => {
    const event = { '@timestamp': '2026-11-20T10:00:00Z', event: { id: 'e1', action: 'file-created' }, user: { email: 'a@b.c', id: 'u1', deviceUid: 'd1' } };
    const { client, calls } = clientWith(() => ok({ fileEvents: [event], nextPgToken: null, totalCount: 1, problems: null }));
    const latest = await client.fileEvents.latestEventFor({ deviceId: 'd1', within: 'P30D' });
    expect(latest).toEqual(event);
    expect(calls()[0]!.body).toEqual({
      groupClause: 'AND',
      groups: [
        { filterClause: 'AND', filters: [{ term: '@timestamp', operator: 'WITHIN_THE_LAST', value: 'P30D' }] },
        { filterClause: 'AND', filters: [{ term: 'user.deviceUid', operator: 'IS', value: 'd1' }] },
      ],
      pgNum: 1,
      pgSize: 1,
      pgToken: '',
      srtDir: 'desc',
      srtKey: '@timestamp',
    });
  });

  it('file events: latestEventFor answers null when nothing matched', async () => {
    const { client, calls } = clientWith(() => ok({ fileEvents: [], nextPgToken: null, totalCount: 0, problems: null }));
    expect(await client.fileEvents.latestEventFor({ username: 'x@y.z', within: 'PT12H' })).toBeNull();
    expect((calls()[0]!.body as { groups: { filters: { term: string }[] }[] }).groups[1]!.filters[0]!.term).toBe('user.email');
  });

  it('legal hold: custodians and memberships use page/pageSize; add/remove send {userId}', async () => {
    const { client, calls } = clientWith((r, url) => {
      if (url.pathname.endsWith('/custodians') && r.method === 'POST') {
        return ok({ membershipActive: true, membershipCreationDate: 'x', matter: { matterId: 'm1', name: 'M' }, custodian: { userId: 'u1', username: 'u', email: 'e' } });
      }
      return ok({ custodians: [], matters: [] });
    });
    await client.legalHold.custodiansPage('m1');
    await client.legalHold.membershipsPage('u1', { pageSize: 5 });
    await client.legalHold.addCustodian('m1', 'u1');
    await client.legalHold.removeCustodian('m1', 'u1');
    expect(calls().map((c) => `${c.method} ${c.path}${new URL(c.url).search}`)).toEqual([
      'GET /v1/legal-hold/matters/m1/custodians?page=1&pageSize=100',
      'GET /v1/legal-hold/custodians/u1?page=1&pageSize=5',
      'POST /v1/legal-hold/matters/m1/custodians',
      'POST /v1/legal-hold/matters/m1/custodians/remove',
    ]);
    expect(calls()[2]!.body).toEqual({ userId: 'u1' });
    expect(calls()[3]!.body).toEqual({ userId: 'u1' });
  });

  it('actors: search or parent search, family by id or name', async () => {
    const { client, calls } = clientWith(() => ok({ actors: [], parent: {}, children: [] }));
    await client.actors.searchPage({ nameStartsWith: 'ann', active: true });
    await client.actors.searchPage({ preferParent: true });
    await client.actors.family({ name: 'ann@example.com' });
    await client.actors.family({ actorId: 'a1' });
    expect(calls().map((c) => c.path)).toEqual([
      '/v1/actors/actor/search',
      '/v1/actors/actor/search/parent',
      '/v1/actors/actor/name/ann%40example.com/family',
      '/v1/actors/actor/id/a1/family',
    ]);
    expect(Object.fromEntries(q(calls()[0]!.url))).toEqual({ nameStartsWith: 'ann', active: 'true', page: '1', pageSize: '500' });
  });
});

describe('errors', () => {
  it('a 404 names the operation, the path and the missing id', async () => {
    const { client } = clientWith(() => response(404, { title: 'Not Found', detail: 'No agent found' }));
    const error = (await client.agents.get('agent-42').catch((e: unknown) => e)) as IncydrApiError;
    expect(error).toBeInstanceOf(IncydrApiError);
    expect(error.kind).toBe('not-found');
    expect(error.status).toBe(404);
    expect(error.message).toBe("agents.get (GET /v1/agents/agent-42) failed: agent 'agent-42' was not found (HTTP 404): No agent found");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'IncydrApiError',
      message: error.message,
      kind: 'not-found',
      status: 404,
      resource: { type: 'agent', id: 'agent-42' },
    });
  });

  it('a 429 that outlasts the retries reports retryAfter', async () => {
    const { client, calls } = clientWith(() => response(429, { message: 'Too many requests' }, { 'Retry-After': '2' }), {
      limits: { retry: { maxRetries: 2 } },
    });
    const error = (await client.users.listPage().catch((e: unknown) => e)) as IncydrApiError;
    expect(calls()).toHaveLength(3);
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfter).toBe(2);
    expect(error.message).toContain('after 3 attempt(s); retry after 2 s');
  });

  it('a legal-hold refusal is a LegalHoldRefusalError', async () => {
    const { client } = clientWith(() => response(400, { error: 'ACTIVE_LEGAL_HOLD', message: 'User is on an active legal hold' }));
    const error = await client.users.deactivate('u1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LegalHoldRefusalError);
    expect((error as LegalHoldRefusalError).kind).toBe('legal-hold');
  });

  it('a 403 that merely mentions legal hold is a permission problem, not a refusal', async () => {
    const { client } = clientWith(() => response(403, { message: 'The API client lacks the legal hold permission' }));
    const error = (await client.legalHold.listMatters().catch((e: unknown) => e)) as IncydrApiError;
    expect(error).not.toBeInstanceOf(LegalHoldRefusalError);
    expect(error.kind).toBe('forbidden');
  });

  it('an answer that is not JSON is reported, not parsed into garbage', async () => {
    const { client } = clientWith(() => response(200, '<html>proxy login</html>'));
    const error = (await client.users.get('u1').catch((e: unknown) => e)) as IncydrApiError;
    expect(error.kind).toBe('invalid-response');
  });

  it('does not retry a case creation after a 503', async () => {
    const { client, calls } = clientWith(() => response(503, { message: 'busy' }));
    await expect(client.cases.create({ name: 'Departing engineer' })).rejects.toThrow(/server error \(HTTP 503\) after 1 attempt/);
    expect(calls()).toHaveLength(1);
  });
});

describe('bad input fails before any request, naming what to fix', () => {
  it.each([
    ['empty id', (c: ReturnType<typeof clientWith>['client']) => c.users.get(''), /users.get: userId must be a non-empty string/],
    ['unknown health issue', (c: ReturnType<typeof clientWith>['client']) => c.agents.listPage({ anyOfAgentHealthIssueTypes: ['BROKEN' as 'NOT_CONNECTING'] }), /anyOfAgentHealthIssueTypes must be one of NOT_CONNECTING/],
    ['negative days', (c: ReturnType<typeof clientWith>['client']) => c.agents.listPage({ notConnectedInLastDays: -1 }), /notConnectedInLastDays must be a whole number of days \(0 or more\)/],
    ['page size over the maximum', (c: ReturnType<typeof clientWith>['client']) => c.users.listPage({}, { pageSize: 501 }), /pageSize must be a whole number from 1 to 500/],
    ['page 0 on a 1-based list', (c: ReturnType<typeof clientWith>['client']) => c.users.listPage({}, { page: 0 }), /page must be a whole number of at least 1/],
    ['case name too long', (c: ReturnType<typeof clientWith>['client']) => c.cases.create({ name: 'x'.repeat(51) }), /at most 50 characters/],
    ['bad duration', (c: ReturnType<typeof clientWith>['client']) => c.fileEvents.latestEventFor({ userId: 'u', within: '30 days' }), /ISO-8601 duration/],
    ['empty id list', (c: ReturnType<typeof clientWith>['client']) => c.agents.deactivate([]), /agentIds must be a non-empty list/],
    ['reversed date range', (c: ReturnType<typeof clientWith>['client']) => c.auditLog.count({ startTime: '2026-02-01', endTime: '2026-01-01' }), /startTime is after endTime/],
  ])('%s', async (_name, call, message) => {
    const { client, calls } = clientWith(() => ok({}));
    await expect((async () => call(client))()).rejects.toThrow(message);
    expect(calls()).toHaveLength(0);
  });
});

describe('devices sort vocabulary', () => {
  it('sends the lower-case sort key and direction the device view uses, and refuses others', async () => {
    const { client, calls } = clientWith(() => ok({ devices: [], totalCount: 0 }));
    await client.devices.listPage({ sortKey: 'lastConnected', sortDirection: 'desc', active: true });
    expect(Object.fromEntries(q(calls()[0]!.url))).toEqual({ active: 'true', sortKey: 'lastConnected', sortDirection: 'desc', page: '1', pageSize: '100' });
    await expect((async () => client.devices.listPage({ sortKey: 'NAME' as 'name' }))()).rejects.toThrow(/sortKey must be one of name, osHostname, os, lastConnected/);
  });
});

describe('cancellation', () => {
  it('aborting an iteration cancels the page in flight and ends it as aborted, without retrying', async () => {
    let served = 0;
    const setup = clientWith((request) => {
      served += 1;
      if (served === 1) return ok({ users: Array.from({ length: 2 }, (_, i) => ({ userId: `u${i}` })), totalCount: 10 });
      // The second page never answers on its own: only the abort ends it.
      return new Promise<never>((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true }));
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const user of setup.client.users.iterate({}, { pageSize: 2, signal: controller.signal })) {
        seen.push(user.userId);
        if (seen.length === 2) setImmediate(() => controller.abort(new Error('stop')));
      }
    })();
    const error = (await run.catch((e: unknown) => e)) as IncydrApiError;
    expect(seen).toEqual(['u0', 'u1']);
    expect(error).toBeInstanceOf(IncydrApiError);
    expect(error.kind).toBe('aborted');
    expect(setup.calls()).toHaveLength(2);
  });
});
