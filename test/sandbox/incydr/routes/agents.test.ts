import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, AgentsPage, Device, DevicesPage } from '@incydr-health/core/incydr/types';
import { NOW, startApi, world, type Api } from '../helpers.js';

const DAY = 86_400_000;
const startOfToday = Math.floor(Date.parse(NOW) / DAY) * DAY;

describe('/v1/agents and /v1/devices', () => {
  const w = world(3, 150);
  const agents = w.tenant.agents;
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  const ids = async (query: string) => {
    const body = await api.json<AgentsPage>(`/v1/agents?pageSize=500&${query}`);
    expect(body.totalCount).toBe(body.agents.length);
    return new Set(body.agents.map((a) => a.agentId));
  };
  const expected = (test: (a: Agent) => boolean) => new Set(agents.filter(test).map((a) => a.agentId));

  it('pages to the last page and echoes page and pageSize', async () => {
    const collected: string[] = [];
    for (let page = 1; ; page++) {
      const body = await api.json<AgentsPage>(`/v1/agents?page=${page}&pageSize=40`);
      expect(body).toMatchObject({ page, pageSize: 40, totalCount: agents.length });
      collected.push(...body.agents.map((a) => a.agentId));
      if (body.agents.length < 40) break;
    }
    expect(new Set(collected)).toEqual(new Set(agents.map((a) => a.agentId)));
    expect(collected).toHaveLength(agents.length);
  });

  it('filters by active, agentType, userId and serialNumber', async () => {
    expect(await ids('active=false')).toEqual(expected((a) => !a.active));
    expect(await ids('agentType=CODE42')).toEqual(expected((a) => a.agentType === 'CODE42'));
    const owner = agents[4]!.userId;
    expect(await ids(`userId=${owner}`)).toEqual(expected((a) => a.userId === owner));
    const serial = agents.find((a) => a.serialNumber)!.serialNumber!;
    expect(await ids(`serialNumber=${serial}`)).toEqual(expected((a) => a.serialNumber === serial));
  });

  it('filters by health: agentHealthy and repeatable anyOfAgentHealthIssueTypes', async () => {
    expect(await ids('agentHealthy=true')).toEqual(expected((a) => a.agentHealthIssueTypes.length === 0));
    expect(await ids('agentHealthy=false')).toEqual(expected((a) => a.agentHealthIssueTypes.length > 0));
    const wanted = ['SECURITY_INGEST_REJECTED', 'MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS'] as const;
    const either = expected((a) => a.agentHealthIssueTypes.some((t) => (wanted as readonly string[]).includes(t)));
    expect(either.size).toBeGreaterThan(0);
    expect(await ids(wanted.map((t) => `anyOfAgentHealthIssueTypes=${t}`).join('&'))).toEqual(either);
    expect(await ids(`anyOfAgentHealthIssueTypes=${wanted.join(',')}`)).toEqual(either);
  });

  it('filters by OS with repeatable anyOfAgentOsTypes', async () => {
    expect(await ids('anyOfAgentOsTypes=MAC')).toEqual(expected((a) => a.osName === 'Mac'));
    expect(await ids('anyOfAgentOsTypes=WINDOWS&anyOfAgentOsTypes=LINUX')).toEqual(expected((a) => a.osName !== 'Mac'));
  });

  it('filters by connectedInLastDays / notConnectedInLastDays from midnight UTC today', async () => {
    const cutoff = startOfToday - 7 * DAY;
    const connected = expected((a) => a.lastConnected !== null && Date.parse(a.lastConnected) >= cutoff);
    expect(await ids('connectedInLastDays=7')).toEqual(connected);
    const silent = await ids('notConnectedInLastDays=7');
    expect(silent).toEqual(expected((a) => a.lastConnected === null || Date.parse(a.lastConnected) < cutoff));
    expect(silent.size + connected.size).toBe(agents.length);
  });

  it('filters by agentHealthModifiedInLastDays', async () => {
    const cutoff = startOfToday - 10 * DAY;
    expect(await ids('agentHealthModifiedInLastDays=10')).toEqual(
      expected((a) => a.agentHealthModificationDate !== null && Date.parse(a.agentHealthModificationDate) >= cutoff),
    );
  });

  it('sorts with srtKey/srtDir in either letter case', async () => {
    const desc = await api.json<AgentsPage>('/v1/agents?srtKey=LAST_CONNECTED&srtDir=desc&pageSize=500');
    const times = desc.agents.map((a) => (a.lastConnected === null ? -Infinity : Date.parse(a.lastConnected)));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const byName = await api.json<AgentsPage>('/v1/agents?srtKey=NAME&srtDir=ASC&pageSize=500');
    const names = byName.agents.map((a) => a.name.toLowerCase());
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, 'en', { sensitivity: 'base' })));
  });

  it.each([
    ['anyOfAgentHealthIssueTypes=BROKEN', 'anyOfAgentHealthIssueTypes.0'],
    ['anyOfAgentOsTypes=BEOS', 'anyOfAgentOsTypes.0'],
    ['agentType=OTHER', 'agentType'],
    ['srtKey=COLOR', 'srtKey'],
    ['srtDir=UP', 'srtDir'],
    ['notConnectedInLastDays=-1', 'notConnectedInLastDays'],
    ['pageSize=501', 'pageSize'],
    ['agentHealthy=yes', 'agentHealthy'],
  ])('refuses %s with 400', async (query, path) => {
    const res = await api.get(`/v1/agents?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { problems: { path: string }[] }).problems.map((p) => p.path)).toContain(path);
  });

  it('gets one agent, 404 for an unknown one', async () => {
    expect(await api.json<Agent>(`/v1/agents/${agents[2]!.agentId}`)).toEqual(agents[2]);
    const res = await api.get('/v1/agents/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toContain('nope');
  });

  it('updates name and externalReference with PUT, validated', async () => {
    const id = agents[9]!.agentId;
    expect((await api.put(`/v1/agents/${id}`, { name: 'renamed-laptop', externalReference: 'asset-42' })).status).toBe(204);
    expect(await api.json<Agent>(`/v1/agents/${id}`)).toMatchObject({ name: 'renamed-laptop', externalReference: 'asset-42', osHostname: agents[9]!.osHostname });
    expect((await api.put(`/v1/agents/${id}`, { name: 42 })).status).toBe(400);
    expect((await api.put('/v1/agents/nope', { name: 'x' })).status).toBe(404);
  });

  it('serves the device view of the same endpoints, with active/blocked filters and paging', async () => {
    const page = await api.json<DevicesPage>('/v1/devices?active=true&pageSize=10&page=2');
    expect(page.totalCount).toBe(agents.filter((a) => a.active).length);
    expect(page.devices).toHaveLength(10);
    expect(page.devices.every((d) => d.active && d.status === 'Active')).toBe(true);
    const device = await api.json<Device>(`/v1/devices/${agents[0]!.agentId}`);
    expect(device).toMatchObject({ deviceId: agents[0]!.agentId, userId: agents[0]!.userId, lastConnected: agents[0]!.lastConnected, version: agents[0]!.productVersion });
    expect((await api.get('/v1/devices/nope')).status).toBe(404);
    expect((await api.get('/v1/devices?sortKey=color')).status).toBe(400);
  });
});
