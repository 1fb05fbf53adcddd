import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, iterateNumbered, collect, type IterateOptions } from './paging.js';
import { segment } from './query.js';
import type { DevicesPage, Role, User, UserRolesResponse, UsersPage } from './types.js';
import { requireId, requireIds } from './validate.js';

export interface UserFilters {
  active?: boolean;
  blocked?: boolean;
  /** Exact username (usually the email address). */
  username?: string;
}

export function usersArea(ctx: AreaContext) {
  const { http } = ctx;

  function listPage(filters: UserFilters = {}, request: PageRequest = {}): Promise<UsersPage> {
    const operation = 'users.listPage';
    const pageSize = checkPageSize(operation, request.pageSize ?? ctx.pageSizes.users, ctx.pageSizes.users);
    return http.call<UsersPage>({
      operation,
      method: 'GET',
      path: '/v1/users',
      query: {
        active: filters.active,
        blocked: filters.blocked,
        username: filters.username,
        page: checkPageNumber(operation, request.page ?? 1, 1),
        pageSize,
      },
      signal: request.signal,
    });
  }

  function iterate(filters: UserFilters = {}, options: IterateOptions = {}): AsyncGenerator<User, void, undefined> {
    const pageSize = checkPageSize('users.iterate', options.pageSize ?? ctx.pageSizes.users, ctx.pageSizes.users);
    return iterateNumbered(
      {
        firstPage: 1,
        pageSize,
        fetch: (page, size, signal) => listPage(filters, { page, pageSize: size, signal }),
        items: (p) => p.users,
        total: (p) => p.totalCount,
      },
      options,
    );
  }

  function devicesPage(userId: string, request: PageRequest = {}): Promise<DevicesPage> {
    const operation = 'users.devicesPage';
    requireId(operation, 'userId', userId);
    const max = ctx.pageSizes.userDevices;
    return http.call<DevicesPage>({
      operation,
      method: 'GET',
      path: `/v1/users/${segment(userId)}/devices`,
      query: { page: checkPageNumber(operation, request.page ?? 1, 1), pageSize: checkPageSize(operation, request.pageSize ?? max, max) },
      resource: { type: 'user', id: userId },
      signal: request.signal,
    });
  }

  return {
    listPage,
    iterate,
    list: (filters?: UserFilters, options?: IterateOptions) => collect(iterate(filters, options)),

    get(userId: string, signal?: AbortSignal): Promise<User> {
      const operation = 'users.get';
      requireId(operation, 'userId', userId);
      return http.call<User>({ operation, method: 'GET', path: `/v1/users/${segment(userId)}`, resource: { type: 'user', id: userId }, signal });
    },

    /** Idempotent per the API: activating an active user succeeds and changes nothing, so it may be retried. */
    activate(userId: string, signal?: AbortSignal): Promise<void> {
      const operation = 'users.activate';
      requireId(operation, 'userId', userId);
      return http.call<void>({
        operation,
        method: 'POST',
        path: `/v1/users/${segment(userId)}/activate`,
        idempotent: true,
        expect: 'none',
        resource: { type: 'user', id: userId },
        signal,
      });
    },

    /**
     * Idempotent per the API, so retried like a read. Refused with a LegalHoldRefusalError when the user is a
     * custodian of an active legal hold.
     */
    deactivate(userId: string, signal?: AbortSignal): Promise<void> {
      const operation = 'users.deactivate';
      requireId(operation, 'userId', userId);
      return http.call<void>({
        operation,
        method: 'POST',
        path: `/v1/users/${segment(userId)}/deactivate`,
        idempotent: true,
        expect: 'none',
        resource: { type: 'user', id: userId },
        signal,
      });
    },

    devicesPage,

    /** The user's devices (the same endpoint the console uses for a user's agents). */
    iterateDevices(userId: string, options: IterateOptions = {}) {
      const max = ctx.pageSizes.userDevices;
      const pageSize = checkPageSize('users.iterateDevices', options.pageSize ?? max, max);
      return iterateNumbered(
        {
          firstPage: 1,
          pageSize,
          fetch: (page, size, signal) => devicesPage(userId, { page, pageSize: size, signal }),
          items: (p: DevicesPage) => p.devices,
          total: (p) => p.totalCount,
        },
        options,
      );
    },

    roles(userId: string, signal?: AbortSignal): Promise<UserRolesResponse> {
      const operation = 'users.roles';
      requireId(operation, 'userId', userId);
      return http.call<UserRolesResponse>({
        operation,
        method: 'GET',
        path: `/v1/users/${segment(userId)}/roles`,
        resource: { type: 'user', id: userId },
        signal,
      });
    },

    /** Replaces the user's roles with exactly `roleIds` (PUT semantics, hence retried). Read back with `roles`. */
    setRoles(userId: string, roleIds: string[], signal?: AbortSignal): Promise<void> {
      const operation = 'users.setRoles';
      requireId(operation, 'userId', userId);
      requireIds(operation, 'roleIds', roleIds);
      return http.call<void>({
        operation,
        method: 'PUT',
        path: `/v1/users/${segment(userId)}/roles`,
        body: { roleIds },
        expect: 'none',
        resource: { type: 'user', id: userId },
        signal,
      });
    },

    /** Every role the tenant defines. */
    allRoles(signal?: AbortSignal): Promise<Role[]> {
      return http.call<Role[]>({ operation: 'users.allRoles', method: 'GET', path: '/v1/users/roles', signal });
    },
  };
}

export type UsersArea = ReturnType<typeof usersArea>;
