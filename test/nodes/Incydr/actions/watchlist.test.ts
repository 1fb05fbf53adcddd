import { describe, expect, it } from 'vitest';
import { READ_ONLY_API_CLIENT } from '../../../../sandbox/incydr/generator.js';
import { expectNodeError, field, useSandbox } from './sandbox-harness.js';

const { world, run, fail, credentialFor } = useSandbox();

/** A watchlist and two actors not on it, so adding and removing them leaves the tenant as it was. */
function pickListAndOutsiders() {
  const list = world.truth.watchlistMembers.find((w) => w.actorIds.length > 0)!;
  const outsiders = world.tenant.actors.filter((a) => !list.actorIds.includes(a.actorId)).slice(0, 2).map((a) => a.actorId);
  if (outsiders.length < 2) throw new Error('seed 11 should leave at least two actors off a watchlist');
  return { watchlistId: list.watchlistId, outsiders: outsiders as [string, string] };
}

const membersOf = async (watchlistId: string) =>
  field((await run({ resource: 'watchlist', operation: 'getMembers', watchlistId, returnAll: true })).output, 'actorId');

describe('Incydr node: watchlist included actors', () => {
  it('Add sends every ID in one request, reports each as done, and repeating it changes nothing more', async () => {
    const { watchlistId, outsiders } = pickListAndOutsiders();
    const before = await membersOf(watchlistId);
    try {
      const { output, log } = await run({ resource: 'watchlist', operation: 'addIncludedActors', watchlistId, actorIds: `${outsiders[0]}, ${outsiders[1]}\n${outsiders[0]}` });
      expect(output.map((item) => item.json)).toEqual(
        outsiders.map((actorId) => ({ watchlistId, actorId, status: 'done', action: 'addIncludedActors' })),
      );
      expect(log.requests.filter((r) => r.startsWith('POST'))).toEqual([`POST /v2/watchlists/${watchlistId}/included-actors/add`]);
      expect(new Set(await membersOf(watchlistId))).toEqual(new Set([...before, ...outsiders]));

      const again = await run({ resource: 'watchlist', operation: 'addIncludedActors', watchlistId, actorIds: outsiders });
      expect(field(again.output, 'status')).toEqual(['done', 'done']);
      expect((await membersOf(watchlistId)).filter((id) => outsiders.includes(id as string))).toHaveLength(2);
    } finally {
      await run({ resource: 'watchlist', operation: 'removeIncludedActors', watchlistId, actorIds: outsiders });
    }
    expect(new Set(await membersOf(watchlistId))).toEqual(new Set(before));
  });

  it('an unknown actor ID is reported as not-found while the known IDs are still added', async () => {
    const { watchlistId, outsiders } = pickListAndOutsiders();
    try {
      const { output } = await run({ resource: 'watchlist', operation: 'addIncludedActors', watchlistId, actorIds: [outsiders[0], 'no-such-actor', outsiders[1]] });
      expect(output.map((item) => [item.json.actorId, item.json.status])).toEqual([
        [outsiders[0], 'done'],
        ['no-such-actor', 'not-found'],
        [outsiders[1], 'done'],
      ]);
      expect(String(output[1]!.json.message)).toContain('no-such-actor');
      expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
      const members = await membersOf(watchlistId);
      expect(members).toEqual(expect.arrayContaining(outsiders));
      expect(members).not.toContain('no-such-actor');
    } finally {
      await run({ resource: 'watchlist', operation: 'removeIncludedActors', watchlistId, actorIds: outsiders });
    }
  });

  it('Remove takes included actors off, reports a non-member as done (nothing to remove), and reports unknown IDs', async () => {
    const list = world.truth.watchlistMembers.find((w) => w.actorIds.length > 1)!;
    const member = list.actorIds[0]!;
    try {
      const { output } = await run({ resource: 'watchlist', operation: 'removeIncludedActors', watchlistId: list.watchlistId, actorIds: `${member}, ghost-actor` });
      expect(output.map((item) => [item.json.actorId, item.json.status, item.json.action])).toEqual([
        [member, 'done', 'removeIncludedActors'],
        ['ghost-actor', 'not-found', 'removeIncludedActors'],
      ]);
      expect(await membersOf(list.watchlistId)).not.toContain(member);
      const again = await run({ resource: 'watchlist', operation: 'removeIncludedActors', watchlistId: list.watchlistId, actorIds: member });
      expect(field(again.output, 'status')).toEqual(['done']);
    } finally {
      await run({ resource: 'watchlist', operation: 'addIncludedActors', watchlistId: list.watchlistId, actorIds: member });
    }
    expect(new Set(await membersOf(list.watchlistId))).toEqual(new Set(list.actorIds));
  });

  it('an unknown watchlist stops the item as a 404 NodeApiError instead of a per-ID outcome', async () => {
    const { outsiders } = pickListAndOutsiders();
    const error = await fail({ resource: 'watchlist', operation: 'addIncludedActors', watchlistId: 'no-such-watchlist', actorIds: outsiders });
    expectNodeError(error, 'NodeApiError', /watchlists\.addIncludedActors .*no-such-watchlist.*\(HTTP 404\)/);
    expect(error).toHaveProperty('httpCode', '404');
  });

  it('a read-only API client is refused with a 403 for the whole item, and the watchlist is unchanged', async () => {
    const { watchlistId, outsiders } = pickListAndOutsiders();
    const before = await membersOf(watchlistId);
    const readOnly = credentialFor(READ_ONLY_API_CLIENT);
    const error = await fail({ resource: 'watchlist', operation: 'addIncludedActors', watchlistId, actorIds: outsiders }, { credential: readOnly });
    expectNodeError(error, 'NodeApiError', /watchlists\.addIncludedActors .*\(HTTP 403\)/);
    expect(JSON.stringify(error)).not.toContain(READ_ONLY_API_CLIENT.clientSecret);
    expect(new Set(await membersOf(watchlistId))).toEqual(new Set(before));
  });

  it('with Continue On Fail, an item for an unknown watchlist becomes one error item while the next item still reports per ID', async () => {
    const { watchlistId, outsiders } = pickListAndOutsiders();
    const lists = ['no-such-watchlist', watchlistId];
    try {
      const { output } = await run(
        { resource: 'watchlist', operation: 'addIncludedActors', watchlistId: (i: number) => lists[i]!, actorIds: outsiders[0] },
        { items: lists.map((id) => ({ id })), continueOnFail: true },
      );
      expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
      expect(output[0]!.json).toEqual({ error: expect.stringMatching(/no-such-watchlist.*\(HTTP 404\)/), httpCode: '404' });
      expect(output[1]!.json).toEqual({ watchlistId, actorId: outsiders[0], status: 'done', action: 'addIncludedActors' });
    } finally {
      await run({ resource: 'watchlist', operation: 'removeIncludedActors', watchlistId, actorIds: outsiders[0] });
    }
  });

  it('refuses an empty Actor IDs field before any request', async () => {
    const { watchlistId } = pickListAndOutsiders();
    const error = await fail({ resource: 'watchlist', operation: 'removeIncludedActors', watchlistId, actorIds: ' ,\n ' });
    expectNodeError(error, 'NodeOperationError', /Actor IDs is empty/);
  });
});
