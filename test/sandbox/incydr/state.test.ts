import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent, AuditEvent, AuditLogPage, CustodianMembershipsPage, User } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from './helpers.js';

/** Mutations: real state changes, idempotency, the legal-hold refusal and one audit row per change. */
describe('state changes over HTTP', () => {
  const w = world(4, 80);
  let api: Api;
  beforeEach(async () => {
    api = await startApi({ world: w });
  });
  afterEach(() => api.close());

  const audit = async (body: Record<string, unknown> = {}) => {
    const res = await api.post('/v1/audit/search-audit-log', { pageSize: 1000, ...body });
    expect(res.status).toBe(200);
    return ((await res.json()) as AuditLogPage).events;
  };
  const protectedByHold = w.truth.users.filter((u) => u.reasons.some((r) => r.code === 'LEGAL_HOLD_CUSTODIAN'));
  const unprotectedActive = w.truth.users.filter((u) => !u.protected && w.tenant.users.find((x) => x.userId === u.userId)!.active);

  it('deactivates a user, is idempotent, and writes exactly one audit row for the change', async () => {
    const target = unprotectedActive.find((u) => !w.tenant.agents.some((a) => a.userId === u.userId))!;
    expect((await api.post(`/v1/users/${target.userId}/deactivate`)).status).toBe(204);
    expect((await api.json<User>(`/v1/users/${target.userId}`)).active).toBe(false);
    expect((await api.post(`/v1/users/${target.userId}/deactivate`)).status).toBe(204);
    const rows = await audit({ resourceIds: [target.userId] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type$: 'audit_log::user_deactivated/1',
      actorId: 'key-sandbox-demo',
      actorType: 'API_CLIENT',
      actorIpAddress: '127.0.0.1',
      userId: target.userId,
    });
    expect(Number.isNaN(Date.parse((rows[0] as AuditEvent).timestamp))).toBe(false);
    expect((await api.post(`/v1/users/${target.userId}/activate`)).status).toBe(204);
    expect((await api.post(`/v1/users/${target.userId}/activate`)).status).toBe(204);
    expect((await api.json<User>(`/v1/users/${target.userId}`)).active).toBe(true);
    expect((await audit({ resourceIds: [target.userId] })).map((e) => e.type$)).toEqual(['audit_log::user_activated/1', 'audit_log::user_deactivated/1']);
  });

  it("deactivating a user also deactivates that user's agents, each with its own audit row", async () => {
    const target = unprotectedActive.find((u) => w.tenant.agents.some((a) => a.userId === u.userId && a.active))!;
    const live = w.tenant.agents.filter((a) => a.userId === target.userId && a.active).map((a) => a.agentId);
    expect((await api.post(`/v1/users/${target.userId}/deactivate`)).status).toBe(204);
    for (const id of live) expect((await api.json<Agent>(`/v1/agents/${id}`)).active).toBe(false);
    expect((await audit({ eventTypes: ['agent_deactivated'] })).map((e) => e.agentId).sort()).toEqual([...live].sort());
  });

  it('refuses to deactivate an active legal-hold custodian with ACTIVE_LEGAL_HOLD, changing nothing', async () => {
    expect(protectedByHold.length).toBeGreaterThan(0);
    const target = protectedByHold[0]!;
    const before = await api.json<User>(`/v1/users/${target.userId}`);
    const res = await api.post(`/v1/users/${target.userId}/deactivate`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('ACTIVE_LEGAL_HOLD');
    const body = JSON.parse(text) as { error: string; matters: { matterId: string }[] };
    expect(body.error).toBe('ACTIVE_LEGAL_HOLD');
    const evidence = target.reasons.filter((r) => r.code === 'LEGAL_HOLD_CUSTODIAN').map((r) => r.evidence.matterId);
    expect(body.matters.map((m) => m.matterId).sort()).toEqual([...evidence].sort());
    expect(await api.json<User>(`/v1/users/${target.userId}`)).toEqual(before);
    for (const a of w.tenant.agents.filter((x) => x.userId === target.userId)) {
      expect((await api.json<Agent>(`/v1/agents/${a.agentId}`)).active).toBe(a.active);
    }
    expect(await audit()).toEqual([]);
  });

  it('lets the deactivation through once the hold is lifted (membership removed or matter deactivated)', async () => {
    const target = protectedByHold[0]!;
    const memberships = await api.json<CustodianMembershipsPage>(`/v1/legal-hold/custodians/${target.userId}`);
    for (const m of memberships.matters.filter((x) => x.membershipActive)) {
      expect((await api.post(`/v1/legal-hold/matters/${m.matterId}/custodians/remove`, { userId: target.userId })).status).toBe(204);
    }
    expect((await api.post(`/v1/users/${target.userId}/deactivate`)).status).toBe(204);
    const second = protectedByHold.find((u) => u.reasons.filter((r) => r.code === 'LEGAL_HOLD_CUSTODIAN').length === 1 && u.userId !== target.userId);
    if (second) {
      const matterId = second.reasons.find((r) => r.code === 'LEGAL_HOLD_CUSTODIAN')!.evidence.matterId as string;
      expect((await api.post(`/v1/users/${second.userId}/deactivate`)).status).toBe(400);
      expect((await api.post(`/v1/legal-hold/matters/${matterId}/deactivate`)).status).toBe(204);
      expect((await api.post(`/v1/users/${second.userId}/deactivate`)).status).toBe(204);
    }
  });

  it('batch agent deactivate: unknown ids → 404 agentsNotFound and nothing in the batch changes', async () => {
    const free = w.tenant.agents.filter((a) => a.active && !protectedByHold.some((p) => p.userId === a.userId)).slice(0, 3);
    const res = await api.post('/v1/agents/deactivate', { agentIds: [...free.map((a) => a.agentId), 'ghost-1', 'ghost-2'] });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ agentsNotFound: ['ghost-1', 'ghost-2'] });
    for (const a of free) expect((await api.json<Agent>(`/v1/agents/${a.agentId}`)).active).toBe(true);
    // What the CLI does next: retry without the reported ids.
    expect((await api.post('/v1/agents/deactivate', { agentIds: free.map((a) => a.agentId) })).status).toBe(204);
    for (const a of free) expect((await api.json<Agent>(`/v1/agents/${a.agentId}`)).active).toBe(false);
    expect((await api.post('/v1/agents/deactivate', { agentIds: free.map((a) => a.agentId) })).status).toBe(204);
    expect(await audit({ eventTypes: ['audit_log::agent_deactivated/1'] })).toHaveLength(3);
    expect((await api.post('/v1/agents/activate', { agentIds: [free[0]!.agentId] })).status).toBe(204);
    expect((await api.json<Agent>(`/v1/agents/${free[0]!.agentId}`)).active).toBe(true);
  });

  it('batch agent deactivate: an agent whose owner is on hold refuses the whole batch', async () => {
    const held = w.tenant.agents.find((a) => a.active && protectedByHold.some((p) => p.userId === a.userId))!;
    const free = w.tenant.agents.find((a) => a.active && !protectedByHold.some((p) => p.userId === a.userId))!;
    const res = await api.post('/v1/agents/deactivate', { agentIds: [free.agentId, held.agentId] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; agentsOnLegalHold: { agentId: string }[] };
    expect(body.error).toBe('ACTIVE_LEGAL_HOLD');
    expect(body.agentsOnLegalHold.map((h) => h.agentId)).toEqual([held.agentId]);
    expect((await api.json<Agent>(`/v1/agents/${free.agentId}`)).active).toBe(true);
    expect((await api.json<Agent>(`/v1/agents/${held.agentId}`)).active).toBe(true);
  });

  it('validates batch bodies', async () => {
    for (const body of [{}, { agentIds: [] }, { agentIds: 'a' }, { agentIds: [''] }]) {
      const res = await api.post('/v1/agents/deactivate', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { problems: { path: string }[] }).problems[0]!.path).toMatch(/^agentIds/);
    }
    const notJson = await fetch(`${api.sandbox.url}/v1/agents/deactivate`, { method: 'POST', headers: { Authorization: `Bearer ${api.token}` }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { message: string }).message).toMatch(/not valid JSON/);
  });

  it('404s mutations on unknown ids without writing audit rows', async () => {
    expect((await api.post('/v1/users/ghost/deactivate')).status).toBe(404);
    expect((await api.post('/v1/users/ghost/activate')).status).toBe(404);
    expect(await audit()).toEqual([]);
  });
});
