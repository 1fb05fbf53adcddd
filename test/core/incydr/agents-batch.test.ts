import { describe, expect, it } from 'vitest';
import { clientWith, response } from './support.js';

/** Agents a-0 … a-(n-1) exist; `held` are on legal hold; answers like the API: 404 lists unknown ids. */
function fleet(n: number, held: string[] = [], faults: { status: number; times: number } = { status: 0, times: 0 }) {
  const known = new Set(Array.from({ length: n }, (_, i) => `a-${i}`));
  const active = new Set(known);
  let faultsLeft = faults.times;
  const setup = clientWith((request, url) => {
    if (faultsLeft > 0) {
      faultsLeft -= 1;
      return response(faults.status, { message: 'try later' });
    }
    const ids = (JSON.parse(request.body ?? '{}') as { agentIds: string[] }).agentIds;
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) return response(404, { agentsNotFound: unknown });
    if (url.pathname.endsWith('/deactivate')) {
      if (ids.some((id) => held.includes(id))) return response(400, { message: 'Cannot deactivate: user is on an active legal hold' });
      ids.forEach((id) => active.delete(id));
    } else {
      ids.forEach((id) => active.add(id));
    }
    return response(204);
  });
  return { ...setup, active };
}

describe('agents.activate / deactivate in batches', () => {
  it('sends batches of at most 50 ids and reports every id done', async () => {
    const { client, calls, active } = fleet(120);
    const ids = Array.from({ length: 120 }, (_, i) => `a-${i}`);
    const outcomes = await client.agents.deactivate(ids);
    expect(calls().map((c) => (c.body as { agentIds: string[] }).agentIds.length)).toEqual([50, 50, 20]);
    expect(outcomes).toHaveLength(120);
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
    expect(active.size).toBe(0);
  });

  it('resends a batch without the ids the API reports unknown', async () => {
    const { client, calls, active } = fleet(10);
    const outcomes = await client.agents.deactivate(['a-1', 'ghost-1', 'a-2', 'ghost-2']);
    expect(calls()).toHaveLength(2);
    expect((calls()[1]!.body as { agentIds: string[] }).agentIds).toEqual(['a-1', 'a-2']);
    expect(outcomes).toEqual([
      { agentId: 'a-1', status: 'done' },
      { agentId: 'ghost-1', status: 'not-found' },
      { agentId: 'a-2', status: 'done' },
      { agentId: 'ghost-2', status: 'not-found' },
    ]);
    expect(active.has('a-1') || active.has('a-2')).toBe(false);
  });

  it('falls back to one call per id when a batch is refused for a legal hold, leaving held agents alone', async () => {
    const { client, active } = fleet(5, ['a-3']);
    const outcomes = await client.agents.deactivate(['a-1', 'a-3', 'a-4']);
    expect(outcomes.map((o) => `${o.agentId}:${o.status}`)).toEqual(['a-1:done', 'a-3:legal-hold', 'a-4:done']);
    expect(active.has('a-3')).toBe(true);
    expect(active.has('a-1')).toBe(false);
  });

  it('counts a repeated id once', async () => {
    const { client, calls } = fleet(3);
    const outcomes = await client.agents.activate(['a-0', 'a-0', 'a-1']);
    expect(outcomes).toHaveLength(2);
    expect((calls()[0]!.body as { agentIds: string[] }).agentIds).toEqual(['a-0', 'a-1']);
  });

  it('retries a batch after a 503, since (de)activation is idempotent', async () => {
    const { client, calls } = fleet(3, [], { status: 503, times: 2 });
    const outcomes = await client.agents.deactivate(['a-0', 'a-1']);
    expect(outcomes.every((o) => o.status === 'done')).toBe(true);
    expect(calls()).toHaveLength(3);
  });

  it('fails the whole call on a failure that says nothing about the ids (403)', async () => {
    const { client } = fleet(3, [], { status: 403, times: 1 });
    await expect(client.agents.deactivate(['a-0'])).rejects.toThrow(/lacks the permission/);
  });
});
