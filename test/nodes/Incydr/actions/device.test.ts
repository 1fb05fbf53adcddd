import { describe, expect, it } from 'vitest';
import { expectNodeError, field, useSandbox } from './sandbox-harness.js';

const { world, run, fail } = useSandbox();
const agents = world.tenant.agents;

describe('Incydr node: devices', () => {
  it('Get returns the device of an agent; an unknown ID is a 404 NodeApiError', async () => {
    const agent = agents[4]!;
    const { output } = await run({ resource: 'device', operation: 'get', deviceId: agent.agentId });
    expect(output.map((item) => item.json)).toEqual([expect.objectContaining({ deviceId: agent.agentId, userId: agent.userId, active: agent.active })]);
    const error = await fail({ resource: 'device', operation: 'get', deviceId: 'no-such-device' });
    expectNodeError(error, 'NodeApiError', /devices\.get \(GET \/v1\/devices\/no-such-device\).*\(HTTP 404\)/);
    expect(error).toHaveProperty('httpCode', '404');
  });

  it('Get Many with Return All lists every device; a Limit stops at that many', async () => {
    const all = await run({ resource: 'device', operation: 'getMany', returnAll: true });
    expect(new Set(field(all.output, 'deviceId'))).toEqual(new Set(agents.map((a) => a.agentId)));
    expect(all.output).toHaveLength(agents.length);
    const limited = await run({ resource: 'device', operation: 'getMany', returnAll: false, limit: 5 });
    expect(limited.output).toHaveLength(5);
    expect(limited.log.requests.filter((r) => r.includes('/devices'))).toEqual(['GET /v1/devices?page=1&pageSize=5']);
  });

  it('filters on active and blocked, and sorts as asked', async () => {
    const inactive = await run({ resource: 'device', operation: 'getMany', returnAll: true, deviceFilters: { active: false } });
    const expected = agents.filter((a) => !a.active).map((a) => a.agentId);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(field(inactive.output, 'deviceId'))).toEqual(new Set(expected));

    // The sandbox blocks no device, so asking for blocked ones must come back empty rather than unfiltered.
    const blocked = await run({ resource: 'device', operation: 'getMany', returnAll: true, deviceFilters: { blocked: true } });
    expect(blocked.output).toEqual([]);
    expect(blocked.log.requests.some((r) => r.includes('blocked=true'))).toBe(true);

    const sorted = await run({ resource: 'device', operation: 'getMany', returnAll: true, deviceSort: { sortKey: 'name', sortDirection: 'desc' } });
    const names = field(sorted.output, 'name') as string[];
    const collator = new Intl.Collator('en', { sensitivity: 'base' });
    // Names can tie (two machines of one person), so check the order pairwise rather than against one sort.
    for (let k = 1; k < names.length; k++) expect(collator.compare(names[k - 1]!, names[k]!), `${names[k - 1]} before ${names[k]}`).toBeGreaterThanOrEqual(0);
  });

  it('refuses an empty Device ID before any request', async () => {
    const error = await fail({ resource: 'device', operation: 'get', deviceId: '' });
    expectNodeError(error, 'NodeOperationError', /Device ID is empty/);
  });
});
