import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, ActorFamily, ActorsPage, DepartmentsPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from '../helpers.js';

describe('/v1/actors and /v1/departments', () => {
  const w = world(8, 60);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());
  const renamed = w.personas.find((p) => p.previousLastName !== null)!;
  const parent = w.tenant.actors.find((a) => a.name === renamed.incydrUsername)!;

  it('searches by name prefix/suffix and active, paging with page/pageSize', async () => {
    const suffix = await api.json<ActorsPage>('/v1/actors/actor/search?nameEndsWith=northwind.example&pageSize=500');
    expect(suffix.actors).toHaveLength(w.tenant.actors.length);
    const prefix = await api.json<ActorsPage>('/v1/actors/actor/search?nameStartsWith=svc-');
    expect(prefix.actors.length).toBeGreaterThan(0);
    expect(prefix.actors.every((a) => a.name.startsWith('svc-'))).toBe(true);
    const page2 = await api.json<ActorsPage>('/v1/actors/actor/search?page=2&pageSize=10');
    expect(page2.actors.map((a) => a.actorId)).toEqual(w.tenant.actors.slice(10, 20).map((a) => a.actorId));
    expect((await api.get('/v1/actors/actor/search?pageSize=501')).status).toBe(400);
  });

  it('prefers parents with /search/parent and resolves families by id or name', async () => {
    const child = w.tenant.actors.find((a) => a.parentActorId === parent.actorId)!;
    expect(child.name).toBe(renamed.workEmail);
    const viaParent = await api.json<ActorsPage>(`/v1/actors/actor/search/parent?nameStartsWith=${encodeURIComponent(renamed.workEmail)}`);
    expect(viaParent.actors.map((a) => a.actorId)).toEqual([parent.actorId]);
    const family = await api.json<ActorFamily>(`/v1/actors/actor/id/${child.actorId}/family`);
    expect(family.parent.actorId).toBe(parent.actorId);
    expect(family.children.map((c) => c.actorId)).toContain(child.actorId);
    expect((await api.json<ActorFamily>(`/v1/actors/actor/name/${encodeURIComponent(child.name)}/family`)).parent.actorId).toBe(parent.actorId);
    expect((await api.json<Actor>(`/v1/actors/actor/name/${encodeURIComponent(child.name)}/parent`)).actorId).toBe(parent.actorId);
    expect(parent.alternateNames).toContain(renamed.workEmail);
  });

  it('gets an actor by id or name, 404 otherwise, and patches dates with validation', async () => {
    expect(await api.json<Actor>(`/v1/actors/actor/id/${parent.actorId}`)).toEqual(parent);
    expect((await api.json<Actor>(`/v1/actors/actor/name/${encodeURIComponent(parent.name.toUpperCase())}`)).actorId).toBe(parent.actorId);
    expect((await api.get('/v1/actors/actor/id/ghost')).status).toBe(404);
    expect((await api.get('/v1/actors/actor/name/ghost@nowhere')).status).toBe(404);
    const res = await fetch(`${api.sandbox.url}/v1/actors/actor/id/${parent.actorId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ endDate: '2026-12-31', notes: 'Departing' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ endDate: '2026-12-31', notes: 'Departing' });
    const bad = await fetch(`${api.sandbox.url}/v1/actors/actor/id/${parent.actorId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${api.token}` },
      body: JSON.stringify({ endDate: '31/12/2026' }),
    });
    expect(bad.status).toBe(400);
  });

  it('lists departments with page and page_size, filtered by name', async () => {
    const all = await api.json<DepartmentsPage>('/v1/departments?page_size=5');
    expect(all.totalCount).toBe(w.tenant.departments.length);
    expect(all.departments).toEqual(w.tenant.departments.slice(0, 5));
    const last = await api.json<DepartmentsPage>(`/v1/departments?page=3&page_size=5`);
    expect(last.departments).toEqual(w.tenant.departments.slice(10, 15));
    expect((await api.json<DepartmentsPage>('/v1/departments?name=engin')).departments).toEqual(['Engineering']);
    expect((await api.get('/v1/departments?page_size=0')).status).toBe(400);
  });
});
