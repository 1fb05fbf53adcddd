import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import { segment } from './query.js';
import type { Device, DevicesPage } from './types.js';
import { optionalOneOf, requireId } from './validate.js';

/** The device view's own sort vocabulary (the SDK's `devices.SortKeys`), lower case unlike the agents list. */
export const DEVICE_SORT_KEYS = ['name', 'osHostname', 'os', 'lastConnected'] as const;
export type DeviceSortKey = (typeof DEVICE_SORT_KEYS)[number];

export interface DeviceFilters {
  active?: boolean;
  blocked?: boolean;
  sortKey?: DeviceSortKey;
  sortDirection?: 'asc' | 'desc';
}

/** The older, read-only device view; agents are the current one. */
export function devicesArea(ctx: AreaContext) {
  const { http } = ctx;

  function listPage(filters: DeviceFilters = {}, request: PageRequest = {}): Promise<DevicesPage> {
    const operation = 'devices.listPage';
    const max = ctx.pageSizes.devices;
    return http.call<DevicesPage>({
      operation,
      method: 'GET',
      path: '/v1/devices',
      query: {
        active: filters.active,
        blocked: filters.blocked,
        sortKey: optionalOneOf(operation, 'sortKey', filters.sortKey, DEVICE_SORT_KEYS),
        sortDirection: optionalOneOf(operation, 'sortDirection', filters.sortDirection, ['asc', 'desc'] as const),
        page: checkPageNumber(operation, request.page ?? 1, 1),
        pageSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      signal: request.signal,
    });
  }

  function iterate(filters: DeviceFilters = {}, options: IterateOptions = {}): AsyncGenerator<Device, void, undefined> {
    const max = ctx.pageSizes.devices;
    const pageSize = checkPageSize('devices.iterate', options.pageSize ?? max, max);
    return iterateNumbered(
      {
        firstPage: 1,
        pageSize,
        fetch: (page, size, signal) => listPage(filters, { page, pageSize: size, signal }),
        items: (p) => p.devices,
        total: (p) => p.totalCount,
      },
      options,
    );
  }

  return {
    listPage,
    iterate,
    list: (filters?: DeviceFilters, options?: IterateOptions) => collect(iterate(filters, options)),
    get(deviceId: string, signal?: AbortSignal): Promise<Device> {
      const operation = 'devices.get';
      requireId(operation, 'deviceId', deviceId);
      return http.call<Device>({ operation, method: 'GET', path: `/v1/devices/${segment(deviceId)}`, resource: { type: 'device', id: deviceId }, signal });
    },
  };
}

export type DevicesArea = ReturnType<typeof devicesArea>;
