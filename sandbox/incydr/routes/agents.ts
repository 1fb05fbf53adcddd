/** `/v1/agents` (every filter the SDK sends) and the older read-only `/v1/devices` view. */
import { z } from 'zod';
import type { Agent, AgentsPage, DevicesPage } from '@incydr-health/core/incydr/types';
import { AGENT_HEALTH_ISSUE_TYPES, AGENT_OS_TYPES, AGENT_SORT_KEYS, AGENT_TYPES } from '@incydr-health/core/incydr/types';
import { notFound } from '../errors.js';
import { LIMITS } from '../limits.js';
import { callOf, compareValues, type RouteModule } from '../http.js';
import { paginate, parseBody, parseQuery, qBool, qInt, qList, qText } from '../validation.js';
import { devicesQuery, sortKeyField } from './users.js';

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

function sortAgents(agents: readonly Agent[], key: (typeof AGENT_SORT_KEYS)[number], dir: string): Agent[] {
  const field = SORT_FIELD[key];
  const direction = dir === 'DESC' ? -1 : 1;
  return [...agents].sort((a, b) => (compareValues(a[field] as string | null, b[field] as string | null) || compareValues(a.agentId, b.agentId)) * direction);
}

export const agentRoutes: RouteModule = (app, state) => {
  // Paging through 150,000 agents must not re-sort them for every page: the order is cached per sort key and
  // dropped whenever an agent's sortable fields change.
  const sortCache = new Map<string, Agent[]>();
  let cachedRevision = -1;
  const sortedAgents = (key: (typeof AGENT_SORT_KEYS)[number], dir: string): Agent[] => {
    if (cachedRevision !== state.agentRevision) {
      sortCache.clear();
      cachedRevision = state.agentRevision;
    }
    const cacheKey = `${key}/${dir}`;
    let sorted = sortCache.get(cacheKey);
    if (!sorted) {
      sorted = sortAgents(state.agents, key, dir);
      sortCache.set(cacheKey, sorted);
    }
    return sorted;
  };

  app.get('/v1/agents', (c) => {
    const q = parseQuery(c, listQuery, ['anyOfAgentHealthIssueTypes', 'anyOfAgentOsTypes']);
    const nowMs = state.clock.now();
    const connectedSince = q.connectedInLastDays === undefined ? undefined : cutoff(nowMs, q.connectedInLastDays);
    const silentSince = q.notConnectedInLastDays === undefined ? undefined : cutoff(nowMs, q.notConnectedInLastDays);
    const healthSince = q.agentHealthModifiedInLastDays === undefined ? undefined : cutoff(nowMs, q.agentHealthModifiedInLastDays);
    const osNames = q.anyOfAgentOsTypes?.map((t) => OS_NAME_OF[t]);
    const source = q.userId === undefined ? sortedAgents(q.srtKey, q.srtDir) : sortAgents(state.agentsByUser.get(q.userId) ?? [], q.srtKey, q.srtDir);
    const matches = source.filter((a) => {
      const last = a.lastConnected === null ? null : Date.parse(a.lastConnected);
      if (q.agentType !== undefined && a.agentType !== q.agentType) return false;
      if (q.active !== undefined && a.active !== q.active) return false;
      if (connectedSince !== undefined && (last === null || last < connectedSince)) return false;
      if (silentSince !== undefined && last !== null && last >= silentSince) return false;
      if (q.agentHealthy !== undefined && (a.agentHealthIssueTypes.length === 0) !== q.agentHealthy) return false;
      if (q.anyOfAgentHealthIssueTypes && q.anyOfAgentHealthIssueTypes.length > 0 && !a.agentHealthIssueTypes.some((t) => q.anyOfAgentHealthIssueTypes?.includes(t))) return false;
      if (healthSince !== undefined && (a.agentHealthModificationDate === null || Date.parse(a.agentHealthModificationDate) < healthSince)) return false;
      if (q.serialNumber !== undefined && a.serialNumber !== q.serialNumber) return false;
      if (osNames && osNames.length > 0 && !osNames.includes(a.osName as (typeof osNames)[number])) return false;
      return true;
    });
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
    const field = sortKeyField(q.sortKey);
    const devices = state.agents
      .filter((a) => q.active === undefined || a.active === q.active)
      .map((a) => state.deviceOf(a))
      .filter((d) => q.blocked === undefined || d.blocked === q.blocked)
      .sort((a, b) => (compareValues(a[field], b[field]) || compareValues(a.deviceId, b.deviceId)) * (q.sortDirection === 'desc' ? -1 : 1));
    const body: DevicesPage = { devices: paginate(devices, q.page, q.pageSize), totalCount: devices.length };
    return c.json(body);
  });

  app.get('/v1/devices/:deviceId', (c) => {
    const agent = state.agentById.get(c.req.param('deviceId'));
    if (!agent) throw notFound('device', c.req.param('deviceId'));
    return c.json(state.deviceOf(agent));
  });
};
