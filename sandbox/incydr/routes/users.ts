/** `/v1/users`: list with filters, get, activate/deactivate, a user's devices, roles. */
import { z } from 'zod';
import type { DevicesPage, UserRolesResponse, UsersPage } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import { callOf, compareValues, type RouteModule } from '../http.js';
import { paginate, parseBody, parseQuery, qBool, qInt, qText } from '../validation.js';

const listQuery = z.object({
  active: qBool.optional(),
  blocked: qBool.optional(),
  username: qText.optional(),
  page: qInt(1, 1_000_000).default(1),
  pageSize: qInt(1, LIMITS.v1PageSize).default(100),
});

const DEVICE_SORT_KEYS = { name: 'name', osHostname: 'osHostname', os: 'osName', lastConnected: 'lastConnected' } as const;

export const devicesQuery = z.object({
  active: qBool.optional(),
  blocked: qBool.optional(),
  page: qInt(1, 1_000_000).default(1),
  pageSize: qInt(1, LIMITS.v1PageSize).default(100),
  sortKey: z.enum(Object.keys(DEVICE_SORT_KEYS) as [keyof typeof DEVICE_SORT_KEYS]).default('name'),
  sortDirection: z.string().regex(/^(asc|desc)$/i, 'must be asc or desc').transform((v) => v.toLowerCase()).default('asc'),
});

export function sortKeyField(key: keyof typeof DEVICE_SORT_KEYS): 'name' | 'osHostname' | 'osName' | 'lastConnected' {
  return DEVICE_SORT_KEYS[key];
}

const rolesBody = z.object({ roleIds: z.array(z.string().min(1)) });

export const userRoutes: RouteModule = (app, state) => {
  app.get('/v1/users', (c) => {
    const q = parseQuery(c, listQuery);
    const wanted = q.username?.toLowerCase();
    const matches = state.users.filter(
      (u) =>
        (q.active === undefined || u.active === q.active) &&
        (q.blocked === undefined || u.blocked === q.blocked) &&
        (wanted === undefined || u.username.toLowerCase() === wanted),
    );
    const body: UsersPage = { users: paginate(matches, q.page, q.pageSize), totalCount: matches.length };
    return c.json(body);
  });

  // Registered before `/v1/users/:userId` so "roles" is not taken for a user id.
  app.get('/v1/users/roles', (c) => c.json(state.roles));

  app.get('/v1/users/:userId', (c) => c.json(state.user(c.req.param('userId'))));

  app.post('/v1/users/:userId/activate', (c) => {
    state.setUserActive(callOf(c), c.req.param('userId'), true);
    return c.body(null, 204);
  });

  app.post('/v1/users/:userId/deactivate', (c) => {
    state.setUserActive(callOf(c), c.req.param('userId'), false);
    return c.body(null, 204);
  });

  app.get('/v1/users/:userId/devices', (c) => {
    const user = state.user(c.req.param('userId'));
    const q = parseQuery(c, devicesQuery);
    const field = sortKeyField(q.sortKey);
    const devices = (state.agentsByUser.get(user.userId) ?? [])
      .map((a) => state.deviceOf(a))
      .filter((d) => (q.active === undefined || d.active === q.active) && (q.blocked === undefined || d.blocked === q.blocked))
      .sort((a, b) => compareValues(a[field], b[field]) * (q.sortDirection === 'desc' ? -1 : 1));
    const body: DevicesPage = { devices: paginate(devices, q.page, q.pageSize), totalCount: devices.length };
    return c.json(body);
  });

  app.get('/v1/users/:userId/roles', (c) => {
    const user = state.user(c.req.param('userId'));
    const body: UserRolesResponse = {
      roles: (state.userRoles.get(user.userId) ?? []).map(({ roleId, assigned }) => ({
        roleId,
        roleName: state.roles.find((r) => r.roleId === roleId)?.roleName ?? roleId,
        creationDate: assigned,
        modificationDate: assigned,
      })),
    };
    return c.json(body);
  });

  app.put('/v1/users/:userId/roles', async (c) => {
    const body = await parseBody(c, rolesBody);
    return c.json(state.setUserRoles(callOf(c), c.req.param('userId'), body.roleIds));
  });
};
