/** `/v1/agents` (every filter the SDK sends) and the older read-only `/v1/devices` view. */
import { z } from 'zod';
import type { Agent, AgentsPage, DevicesPage } from '@incydr-health/core/incydr/types';
import { AGENT_HEALTH_ISSUE_TYPES, AGENT_OS_TYPES, AGENT_SORT_KEYS, AGENT_TYPES } from '@incydr-health/core/incydr/types';
import { notFound } from '../errors.js';
import { LIMITS } from '../limits.js';
import { callOf, compareValues, type RouteModule } from '../http.js';
import { paginate, parseBody, parseQuery, qBool, qInt, qList, qText } from '../validation.js';
import { devicesQuery } from './users.js';

const DAY_MS = 86_400_000;

const listQuery = z.object({
  userId: qText.optional(),
  agentType: z.enum(AGENT_TYPES).optional(),
  active: qBool.optional(),
  connectedInLastDays: qInt(0, 36_500).optional(),
  notConnectedInLastDays: qInt(0, 36_500).optional(),
  agentHealthy: qBool.optional(),
  anyOfAgentHealthIssueTypes: qList(AGENT_HEALTH_ISSUE_TYPES).optional(),
  agentHealthModifiedInLastDays: qInt(0, 36_500).optional(),
  serialNumber: qText.optional(),
  anyOfAgentOsTypes: qList(AGENT_OS_TYPES).optional(),
  srtKey: z.enum(AGENT_SORT_KEYS).default('NAME'),
  srtDir: z.string().regex(/^(asc|desc)$/i, 'must be ASC or DESC').transform((v) => v.toUpperCase()).default('ASC'),
  page: qInt(1, 1_000_000).default(1),
  pageSize: qInt(1, LIMITS.v1PageSize).default(500),
});

const OS_NAME_OF = { WINDOWS: 'Win', MAC: 'Mac', LINUX: 'Linux' } as const;

const SORT_FIELD: Record<(typeof AGENT_SORT_KEYS)[number], keyof Agent> = {
  NAME: 'name',
  USER_ID: 'userId',
  AGENT_TYPE: 'agentType',
  OS_HOSTNAME: 'osHostname',
  LAST_CONNECTED: 'lastConnected',
  OS_NAME: 'osName',
};

const batchBody = z.object({
  agentIds: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one agent id').max(LIMITS.agentIdsPerRequest),
});

const updateBody = z.object({
  name: z.string().min(1).max(200).nullable().optional(),
  externalReference: z.string().max(200).nullable().optional(),
});

/** "In the last N days" counts from midnight UTC this morning, as the SDK documents. */
function cutoff(nowMs: number, days: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS - days * DAY_MS;
}

function agentComparator(key: (typeof AGENT_SORT_KEYS)[number], dir: string): (a: Agent, b: Agent) => number {
  const field = SORT_FIELD[key];
  const direction = dir === 'DESC' ? -1 : 1;
  return (a, b) => (compareValues(a[field] as string | null, b[field] as string | null) || compareValues(a.agentId, b.agentId)) * direction;
}

function sortAgents(agents: readonly Agent[], key: (typeof AGENT_SORT_KEYS)[number], dir: string): Agent[] {
  return [...agents].sort(agentComparator(key, dir));
}

/** Device sort keys map onto agent fields; the OS names keep the same order (Linux < Mac < Win). */
const DEVICE_SORT_FIELD = { name: 'name', osHostname: 'osHostname', os: 'osName', lastConnected: 'lastConnected' } as const;

export const agentRoutes: RouteModule = (app, state) => {
  // Paging through 150,000 agents must not re-sort them for every page: the order is cached per sort key and
  // dropped whenever an agent's sortable fields change.
  const sortCache = new Map<string, Agent[]>();
  let cachedRevision = -1;
  const sortedBy = (cacheKey: string, compare: (a: Agent, b: Agent) => number): Agent[] => {
    if (cachedRevision !== state.agentRevision) {
      sortCache.clear();
      cachedRevision = state.agentRevision;
    }
    let sorted = sortCache.get(cacheKey);
    if (!sorted) {
      sorted = [...state.agents].sort(compare);
      sortCache.set(cacheKey, sorted);
    }
    return sorted;
  };
  const sortedAgents = (key: (typeof AGENT_SORT_KEYS)[number], dir: string): Agent[] => sortedBy(`agent:${key}/${dir}`, agentComparator(key, dir));

  app.get('/v1/agents', (c) => {
    const q = parseQuery(c, listQuery, ['anyOfAgentHealthIssueTypes', 'anyOfAgentOsTypes']);
    const nowMs = state.clock.now();
    const connectedSince = q.connectedInLastDays === undefined ? undefined : cutoff(nowMs, q.connectedInLastDays);
    const silentSince = q.notConnectedInLastDays === undefined ? undefined : cutoff(nowMs, q.notConnectedInLastDays);
    const healthSince = q.agentHealthModifiedInLastDays === undefined ? undefined : cutoff(nowMs, q.agentHealthModifiedInLastDays);
    const osNames = q.anyOfAgentOsTypes?.map((t) => OS_NAME_OF[t]);
    const issues = q.anyOfAgentHealthIssueTypes?.length ? q.anyOfAgentHealthIssueTypes : undefined;
    // Only the filters that were asked for run: paging 150,000 agents must not parse 150,000 dates per page.
    const tests: ((a: Agent) => boolean)[] = [];
    if (q.agentType !== undefined) tests.push((a) => a.agentType === q.agentType);
    if (q.active !== undefined) tests.push((a) => a.active === q.active);
    if (connectedSince !== undefined) tests.push((a) => (state.lastConnectedMs(a) ?? -Infinity) >= connectedSince);
    if (silentSince !== undefined) tests.push((a) => (state.lastConnectedMs(a) ?? -Infinity) < silentSince);
    if (q.agentHealthy !== undefined) tests.push((a) => (a.agentHealthIssueTypes.length === 0) === q.agentHealthy);
    if (issues) tests.push((a) => a.agentHealthIssueTypes.some((t) => issues.includes(t)));
    if (healthSince !== undefined) tests.push((a) => a.agentHealthModificationDate !== null && Date.parse(a.agentHealthModificationDate) >= healthSince);
    if (q.serialNumber !== undefined) tests.push((a) => a.serialNumber === q.serialNumber);
    if (osNames?.length) tests.push((a) => (osNames as string[]).includes(a.osName));
    const source = q.userId === undefined ? sortedAgents(q.srtKey, q.srtDir) : sortAgents(state.agentsByUser.get(q.userId) ?? [], q.srtKey, q.srtDir);
    const matches = tests.length === 0 ? source : source.filter((a) => tests.every((t) => t(a)));
    const body: AgentsPage = { agents: paginate(matches, q.page, q.pageSize), totalCount: matches.length, pageSize: q.pageSize, page: q.page };
    return c.json(body);
  });

  app.post('/v1/agents/activate', async (c) => {
    const body = await parseBody(c, batchBody);
    state.setAgentsActive(callOf(c), body.agentIds, true);
    return c.body(null, 204);
  });

  app.post('/v1/agents/deactivate', async (c) => {
    const body = await parseBody(c, batchBody);
    state.setAgentsActive(callOf(c), body.agentIds, false);
    return c.body(null, 204);
  });

  app.get('/v1/agents/:agentId', (c) => c.json(state.agent(c.req.param('agentId'))));

  app.put('/v1/agents/:agentId', async (c) => {
    const body = await parseBody(c, updateBody);
    state.updateAgent(callOf(c), c.req.param('agentId'), body);
    return c.body(null, 204);
  });

  app.get('/v1/devices', (c) => {
    const q = parseQuery(c, devicesQuery);
    // Devices are a view of agents: filter and sort the agents, then build device records for one page only.
    const field = DEVICE_SORT_FIELD[q.sortKey];
    const sorted = sortedBy(`device:${field}/${q.sortDirection}`, (a, b) => (compareValues(a[field], b[field]) || compareValues(a.agentId, b.agentId)) * (q.sortDirection === 'desc' ? -1 : 1));
    // The sandbox never blocks a device, so `blocked=true` matches none.
    const matches = q.blocked === true ? [] : q.active === undefined ? sorted : sorted.filter((a) => a.active === q.active);
    const body: DevicesPage = { devices: paginate(matches, q.page, q.pageSize).map((a) => state.deviceOf(a)), totalCount: matches.length };
    return c.json(body);
  });

  app.get('/v1/devices/:deviceId', (c) => {
    const agent = state.agentById.get(c.req.param('deviceId'));
    if (!agent) throw notFound('device', c.req.param('deviceId'));
    return c.json(state.deviceOf(agent));
  });
};
