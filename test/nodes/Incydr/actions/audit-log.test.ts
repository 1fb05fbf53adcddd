import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_CLIENT } from '../../../../sandbox/incydr/generator.js';
import { NOW, expectNodeError, field, useSandbox } from './sandbox-harness.js';

const { world, run, fail, advanceClock } = useSandbox();
const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.parse(NOW) + hours * HOUR).toISOString();

/** Two unprotected active agents, whose deactivation and reactivation write the audit log this file reads. */
const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
const pair = world.tenant.agents.filter((a) => a.active && !protectedUsers.has(a.userId)).slice(0, 2).map((a) => a.agentId);

// A generated tenant starts with an empty audit log; this history is made through the node itself:
// two agent_deactivated events at NOW, two agent_activated events an hour later.
beforeAll(async () => {
  expect(pair).toHaveLength(2);
  await run({ resource: 'agent', operation: 'deactivate', agentIds: pair });
  advanceClock(HOUR);
  await run({ resource: 'agent', operation: 'activate', agentIds: pair });
});

describe('Incydr node: audit log', () => {
  it('Search with Return All brings every event, newest first; Count agrees in one request', async () => {
    const all = await run({ resource: 'auditLog', operation: 'search', returnAll: true, auditFilters: {} });
    expect(all.output.map((item) => [item.json.type$, item.json.resourceId, item.json.actorName])).toEqual(
      expect.arrayContaining([
        ...pair.map((id) => ['audit_log::agent_activated/1', id, DEMO_API_CLIENT.name]),
        ...pair.map((id) => ['audit_log::agent_deactivated/1', id, DEMO_API_CLIENT.name]),
      ]),
    );
    expect(all.output).toHaveLength(4);
    expect(all.output[0]!.json.timestamp).toBe(at(1));
    const count = await run({ resource: 'auditLog', operation: 'count', auditFilters: {} });
    expect(count.output.map((item) => item.json)).toEqual([{ count: 4 }]);
    expect(count.log.requests.filter((r) => r.startsWith('POST'))).toEqual(['POST /v1/audit/search-results-count']);
  });

  it('Search with a Limit returns exactly that many', async () => {
    const { output } = await run({ resource: 'auditLog', operation: 'search', returnAll: false, limit: 3, auditFilters: {} });
    expect(output).toHaveLength(3);
  });

  it('filters on event types (short names), actor names and a date range, for Search and Count alike', async () => {
    const deactivations = await run({ resource: 'auditLog', operation: 'search', returnAll: true, auditFilters: { eventTypes: 'agent_deactivated, ' } });
    expect(new Set(field(deactivations.output, 'resourceId'))).toEqual(new Set(pair));
    expect(new Set(field(deactivations.output, 'type$'))).toEqual(new Set(['audit_log::agent_deactivated/1']));

    const count = async (auditFilters: Record<string, unknown>) =>
      (await run({ resource: 'auditLog', operation: 'count', auditFilters })).output[0]!.json.count;
    expect(await count({ eventTypes: ['agent_activated', 'agent_deactivated'], actorNames: DEMO_API_CLIENT.name })).toBe(4);
    expect(await count({ actorNames: 'someone else, another one' })).toBe(0);
    expect(await count({ startTime: at(0.5) })).toBe(2);
    expect(await count({ endTime: at(0.5) })).toBe(2);
    expect(await count({ startTime: at(0), endTime: at(1) })).toBe(4);
    const window = await run({ resource: 'auditLog', operation: 'search', returnAll: true, auditFilters: { startTime: at(0.5), endTime: at(2) } });
    expect(new Set(field(window.output, 'type$'))).toEqual(new Set(['audit_log::agent_activated/1']));
  });

  it('refuses a start after the end, and a date that is not one, before any request', async () => {
    const backwards = await fail({ resource: 'auditLog', operation: 'search', returnAll: true, auditFilters: { startTime: at(2), endTime: at(1) } });
    expectNodeError(backwards, 'NodeOperationError', /startTime is after endTime/);
    const garbled = await fail({ resource: 'auditLog', operation: 'count', auditFilters: { startTime: 'last tuesday' } });
    expectNodeError(garbled, 'NodeOperationError', /startTime is not a valid date: 'last tuesday'/);
  });
});
