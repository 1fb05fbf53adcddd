import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddCustodianResponse, CustodianMembershipsPage, CustodiansPage, Matter, MattersPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from '../helpers.js';

describe('/v1/legal-hold', () => {
  const w = world(6, 100);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  it('lists matters without a total, paging until a short page, filtered by active and name', async () => {
    const page1 = await api.json<MattersPage & { totalCount?: number }>('/v1/legal-hold/matters?page=1&pageSize=2');
    expect(page1.totalCount).toBeUndefined();
    expect(page1.matters).toHaveLength(2);
    const all: string[] = [];
    for (let page = 1; ; page++) {
      const body = await api.json<MattersPage>(`/v1/legal-hold/matters?page=${page}&pageSize=2`);
      all.push(...body.matters.map((m) => m.matterId));
      if (body.matters.length < 2) break;
    }
    expect(all).toEqual(w.tenant.matters.map((m) => m.matterId));
    const active = await api.json<MattersPage>('/v1/legal-hold/matters?active=true');
    expect(active.matters.map((m) => m.matterId)).toEqual(w.tenant.matters.filter((m) => m.active).map((m) => m.matterId));
    const first = w.tenant.matters[0]!;
    const byName = await api.json<MattersPage>(`/v1/legal-hold/matters?name=${encodeURIComponent(first.name.slice(0, 8).toLowerCase())}`);
    expect(byName.matters.map((m) => m.matterId)).toContain(first.matterId);
    expect((await api.get('/v1/legal-hold/matters?active=sometimes')).status).toBe(400);
  });

  it("gets a matter, its custodians and a user's memberships; 404 for unknown ids", async () => {
    const matter = w.tenant.matters[0]!;
    expect(await api.json<Matter>(`/v1/legal-hold/matters/${matter.matterId}`)).toEqual(matter);
    const custodians = await api.json<CustodiansPage>(`/v1/legal-hold/matters/${matter.matterId}/custodians?pageSize=500`);
    const expected = w.tenant.custodianships.filter((c) => c.matterId === matter.matterId);
    expect(custodians.custodians.map((c) => [c.userId, c.membershipActive])).toEqual(expected.map((c) => [c.userId, c.membershipActive]));
    expect(custodians.custodians[0]!.email).toContain('@');
    const userId = expected[0]!.userId;
    const memberships = await api.json<CustodianMembershipsPage>(`/v1/legal-hold/custodians/${userId}`);
    expect(memberships.matters.map((m) => m.matterId)).toEqual(w.tenant.custodianships.filter((c) => c.userId === userId).map((c) => c.matterId));
    expect((await api.get('/v1/legal-hold/matters/ghost')).status).toBe(404);
    expect((await api.get('/v1/legal-hold/matters/ghost/custodians')).status).toBe(404);
    expect((await api.get('/v1/legal-hold/custodians/ghost')).status).toBe(404);
  });

  it('adds a custodian (which then protects) and removes them (idempotently)', async () => {
    const matter = w.tenant.matters.find((m) => m.active)!;
    const user = w.truth.users.find((u) => !u.protected && w.tenant.users.find((x) => x.userId === u.userId)!.active)!;
    const added = await api.post(`/v1/legal-hold/matters/${matter.matterId}/custodians`, { userId: user.userId });
    expect(added.status).toBe(200);
    expect((await added.json()) as AddCustodianResponse).toMatchObject({ membershipActive: true, matter: { matterId: matter.matterId }, custodian: { userId: user.userId } });
    expect((await api.post(`/v1/users/${user.userId}/deactivate`)).status).toBe(400);
    expect((await api.post(`/v1/legal-hold/matters/${matter.matterId}/custodians/remove`, { userId: user.userId })).status).toBe(204);
    expect((await api.post(`/v1/legal-hold/matters/${matter.matterId}/custodians/remove`, { userId: user.userId })).status).toBe(204);
    expect((await api.post(`/v1/legal-hold/matters/${matter.matterId}/custodians`, {})).status).toBe(400);
    expect((await api.post(`/v1/legal-hold/matters/${matter.matterId}/custodians`, { userId: 'ghost' })).status).toBe(404);
  });

  it('deactivates and reactivates a matter idempotently', async () => {
    const matter = w.tenant.matters.find((m) => m.active)!;
    for (let i = 0; i < 2; i++) expect((await api.post(`/v1/legal-hold/matters/${matter.matterId}/deactivate`)).status).toBe(204);
    expect((await api.json<Matter>(`/v1/legal-hold/matters/${matter.matterId}`)).active).toBe(false);
    for (let i = 0; i < 2; i++) expect((await api.post(`/v1/legal-hold/matters/${matter.matterId}/reactivate`)).status).toBe(204);
    expect((await api.json<Matter>(`/v1/legal-hold/matters/${matter.matterId}`)).active).toBe(true);
    expect((await api.post('/v1/legal-hold/matters/ghost/deactivate')).status).toBe(404);
  });

  it('creates a matter under a known policy', async () => {
    const policyId = w.tenant.policies[0]!.policyId;
    const res = await api.post('/v1/legal-hold/matters', { policyId, name: 'New preservation request' });
    expect(res.status).toBe(200);
    const matter = (await res.json()) as Matter;
    expect(matter).toMatchObject({ name: 'New preservation request', active: true, policyId });
    expect((await api.json<Matter>(`/v1/legal-hold/matters/${matter.matterId}`)).name).toBe('New preservation request');
    expect((await api.post('/v1/legal-hold/matters', { policyId: 'ghost', name: 'x' })).status).toBe(404);
    expect((await api.post('/v1/legal-hold/matters', { name: 'x' })).status).toBe(400);
  });
});
