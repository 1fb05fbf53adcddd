import { describe, expect, it } from 'vitest';
import { expectNodeError, field, useSandbox } from './sandbox-harness.js';

const { world, run, fail } = useSandbox();
const actors = world.tenant.actors;
const idsOf = (list: { actorId: string }[]) => new Set(list.map((a) => a.actorId));

describe('Incydr node: actors', () => {
  it('Get by ID and Get by Name return the actor; an unknown ID or name is a 404 NodeApiError naming it', async () => {
    const actor = actors[2]!;
    const byId = await run({ resource: 'actor', operation: 'getById', actorId: ` ${actor.actorId} ` });
    expect(byId.output.map((item) => item.json)).toEqual([expect.objectContaining({ actorId: actor.actorId, name: actor.name })]);
    const byName = await run({ resource: 'actor', operation: 'getByName', actorName: actor.name });
    expect(field(byName.output, 'actorId')).toEqual([actor.actorId]);

    const missingId = await fail({ resource: 'actor', operation: 'getById', actorId: 'no-such-actor' });
    expectNodeError(missingId, 'NodeApiError', /actors\.byId \(GET \/v1\/actors\/actor\/id\/no-such-actor\).*\(HTTP 404\)/);
    const missingName = await fail({ resource: 'actor', operation: 'getByName', actorName: 'nobody@nowhere.invalid' });
    expectNodeError(missingName, 'NodeApiError', /actors\.byName .*nobody%40nowhere\.invalid.*\(HTTP 404\)|actors\.byName .*nobody@nowhere\.invalid.*\(HTTP 404\)/);
  });

  it('Search filters on name start, name end and active, as the tenant says', async () => {
    const sample = actors.find((a) => a.name.includes('@'))!;
    const prefix = sample.name.slice(0, 2).toUpperCase();
    const suffix = sample.name.slice(sample.name.indexOf('@'));
    const { output, log } = await run({
      resource: 'actor',
      operation: 'search',
      returnAll: true,
      actorFilters: { nameStartsWith: ` ${prefix} `, nameEndsWith: suffix, active: true },
    });
    const expected = actors.filter(
      (a) => a.active && a.name.toLowerCase().startsWith(prefix.toLowerCase()) && a.name.toLowerCase().endsWith(suffix.toLowerCase()),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(field(output, 'actorId'))).toEqual(idsOf(expected));
    expect(output).toHaveLength(expected.length);
    expect(log.requests[0]).toContain(`nameStartsWith=${prefix}&`);
  });

  it('Search with a Limit stops at that many; Return All brings every actor', async () => {
    const limited = await run({ resource: 'actor', operation: 'search', returnAll: false, limit: 3, actorFilters: {} });
    expect(limited.output).toHaveLength(3);
    expect(limited.log.requests.filter((r) => r.includes('/search'))).toEqual(['GET /v1/actors/actor/search?page=1&pageSize=3']);
    const all = await run({ resource: 'actor', operation: 'search', returnAll: true, actorFilters: {} });
    expect(new Set(field(all.output, 'actorId'))).toEqual(idsOf(actors));
  });

  it('Get Family finds the parent and its children through a child\'s ID or name', async () => {
    const child = actors.find((a) => a.parentActorId !== null)!;
    const parent = actors.find((a) => a.actorId === child.parentActorId)!;
    const children = actors.filter((a) => a.parentActorId === parent.actorId);
    for (const [familyBy, familyMember] of [['actorId', child.actorId], ['name', child.name]] as const) {
      const { output } = await run({ resource: 'actor', operation: 'getFamily', familyBy, familyMember });
      expect(output).toHaveLength(1);
      expect((output[0]!.json.parent as { actorId: string }).actorId).toBe(parent.actorId);
      expect(idsOf(output[0]!.json.children as { actorId: string }[])).toEqual(idsOf(children));
    }
  });

  it('Get Family refuses an empty value before any request', async () => {
    const error = await fail({ resource: 'actor', operation: 'getFamily', familyBy: 'name', familyMember: '   ' });
    expectNodeError(error, 'NodeOperationError', /Actor ID or Name is empty/);
  });
});
