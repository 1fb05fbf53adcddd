import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevicesPage, User, UsersPage } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from '../helpers.js';

describe('/v1/users', () => {
  const w = world(2, 120);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  it('pages with page/pageSize to the last, short page, reporting totalCount', async () => {
    const seen: string[] = [];
    let page = 1;
    for (;;) {
      const body = await api.json<UsersPage>(`/v1/users?page=${page}&pageSize=50`);
      expect(body.totalCount).toBe(120);
      seen.push(...body.users.map((u) => u.userId));
      if (body.users.length < 50) break;
      page += 1;
    }
    expect(page).toBe(3);
    expect(seen).toEqual(w.tenant.users.map((u) => u.userId));
    expect((await api.json<UsersPage>('/v1/users?page=9&pageSize=50')).users).toEqual([]);
  });

  it('filters by active, blocked and username (case-insensitively)', async () => {
    const inactive = await api.json<UsersPage>('/v1/users?active=false&pageSize=500');
    expect(inactive.totalCount).toBe(w.tenant.users.filter((u) => !u.active).length);
    expect(inactive.users.every((u) => !u.active)).toBe(true);
    const active = await api.json<UsersPage>('/v1/users?active=true&pageSize=500');
    expect(active.totalCount + inactive.totalCount).toBe(120);
    const blocked = await api.json<UsersPage>('/v1/users?blocked=True&pageSize=500');
    expect(blocked.users.every((u) => u.blocked)).toBe(true);
    expect(blocked.totalCount).toBe(w.tenant.users.filter((u) => u.blocked).length);
    const target = w.tenant.users[7]!;
    const byName = await api.json<UsersPage>(`/v1/users?username=${encodeURIComponent(target.username.toUpperCase())}`);
    expect(byName.users.map((u) => u.userId)).toEqual([target.userId]);
  });

  it('gets one user and answers 404 with a clear body for an unknown id', async () => {
    const target = w.tenant.users[3]!;
    expect(await api.json<User>(`/v1/users/${target.userId}`)).toEqual(target);
    const res = await api.get('/v1/users/404404');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ status: 404, error: 'NOT_FOUND', message: 'No user with id "404404" exists in this tenant.' });
  });

  it.each([
    ['active=maybe', 'active'],
    ['pageSize=501', 'pageSize'],
    ['pageSize=0', 'pageSize'],
    ['page=0', 'page'],
    ['page=two', 'page'],
    ['username=', 'username'],
  ])('refuses %s with a 400 naming the parameter', async (query, path) => {
    const res = await api.get(`/v1/users?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { problems: { path: string }[]; message: string };
    expect(body.problems.map((p) => p.path)).toContain(path);
    expect(body.message).toContain(path);
  });

  it("lists a user's devices from the same agents the agent API serves", async () => {
    const owner = w.tenant.agents[0]!.userId;
    const body = await api.json<DevicesPage>(`/v1/users/${owner}/devices`);
    const agentIds = w.tenant.agents.filter((a) => a.userId === owner).map((a) => a.agentId);
    expect(body.totalCount).toBe(agentIds.length);
    expect(new Set(body.devices.map((d) => d.deviceId))).toEqual(new Set(agentIds));
    expect((await api.get('/v1/users/nobody/devices')).status).toBe(404);
  });

  it('reads and replaces roles, refusing unknown role ids', async () => {
    const roles = (await api.json<{ roleId: string }[]>('/v1/users/roles')).map((r) => r.roleId);
    expect(roles).toContain('desktop-user');
    const human = w.personas.find((p) => p.kind === 'human' && p.incydrUserId)!.incydrUserId!;
    const before = await api.json<{ roles: { roleId: string }[] }>(`/v1/users/${human}/roles`);
    expect(before.roles.map((r) => r.roleId)).toEqual(['desktop-user']);
    const put = await api.put(`/v1/users/${human}/roles`, { roleIds: ['desktop-user', 'security-center-user'] });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ newlyAssignedRolesIds: ['security-center-user'], unassignedRolesIds: [] });
    const after = await api.json<{ roles: { roleId: string }[] }>(`/v1/users/${human}/roles`);
    expect(after.roles.map((r) => r.roleId)).toEqual(['desktop-user', 'security-center-user']);
    const bad = await api.put(`/v1/users/${human}/roles`, { roleIds: ['root'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('root');
    const malformed = await api.put(`/v1/users/${human}/roles`, { roleIds: 'desktop-user' });
    expect(malformed.status).toBe(400);
  });
});
