import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions, type NumberedPager } from './paging.js';
import { segment } from './query.js';
import type {
  AddCustodianResponse,
  Custodian,
  CustodianMembership,
  CustodianMembershipsPage,
  CustodiansPage,
  Matter,
  MattersPage,
} from './types.js';
import { requireId } from './validate.js';

export interface MatterFilters {
  creatorUserId?: string;
  active?: boolean;
  /** Matches names equal to or containing this text. */
  name?: string;
}

/**
 * Legal-hold lists report no total count, so every iterator here stops on the first short page and cannot fetch
 * ahead.
 */
export function legalHoldArea(ctx: AreaContext) {
  const { http } = ctx;

  function mattersPage(filters: MatterFilters = {}, request: PageRequest = {}): Promise<MattersPage> {
    const operation = 'legalHold.mattersPage';
    const max = ctx.pageSizes.matters;
    return http.call<MattersPage>({
      operation,
      method: 'GET',
      path: '/v1/legal-hold/matters',
      query: {
        creatorUserId: filters.creatorUserId,
        active: filters.active,
        name: filters.name,
        page: checkPageNumber(operation, request.page ?? 1, 1),
        pageSize: checkPageSize(operation, request.pageSize ?? max, max),
      },
      signal: request.signal,
    });
  }

  function custodiansPage(matterId: string, request: PageRequest = {}): Promise<CustodiansPage> {
    const operation = 'legalHold.custodiansPage';
    requireId(operation, 'matterId', matterId);
    const max = ctx.pageSizes.custodians;
    return http.call<CustodiansPage>({
      operation,
      method: 'GET',
      path: `/v1/legal-hold/matters/${segment(matterId)}/custodians`,
      query: { page: checkPageNumber(operation, request.page ?? 1, 1), pageSize: checkPageSize(operation, request.pageSize ?? max, max) },
      resource: { type: 'legal hold matter', id: matterId },
      signal: request.signal,
    });
  }

  function membershipsPage(userId: string, request: PageRequest = {}): Promise<CustodianMembershipsPage> {
    const operation = 'legalHold.membershipsPage';
    requireId(operation, 'userId', userId);
    const max = ctx.pageSizes.memberships;
    return http.call<CustodianMembershipsPage>({
      operation,
      method: 'GET',
      path: `/v1/legal-hold/custodians/${segment(userId)}`,
      query: { page: checkPageNumber(operation, request.page ?? 1, 1), pageSize: checkPageSize(operation, request.pageSize ?? max, max) },
      resource: { type: 'user', id: userId },
      signal: request.signal,
    });
  }

  function shortPagePager<P, T>(
    operation: string,
    max: number,
    options: IterateOptions,
    fetch: (page: number, pageSize: number, signal: AbortSignal) => Promise<P>,
    items: (page: P) => readonly T[],
  ): NumberedPager<P, T> {
    return { firstPage: 1, pageSize: checkPageSize(operation, options.pageSize ?? max, max), fetch, items };
  }

  const iterateMatters = (filters: MatterFilters = {}, options: IterateOptions = {}): AsyncGenerator<Matter, void, undefined> =>
    iterateNumbered(
      shortPagePager('legalHold.iterateMatters', ctx.pageSizes.matters, options, (page, pageSize, signal) => mattersPage(filters, { page, pageSize, signal }), (p) => p.matters),
      options,
    );

  const iterateCustodians = (matterId: string, options: IterateOptions = {}): AsyncGenerator<Custodian, void, undefined> => {
    requireId('legalHold.iterateCustodians', 'matterId', matterId);
    return iterateNumbered(
      shortPagePager('legalHold.iterateCustodians', ctx.pageSizes.custodians, options, (page, pageSize, signal) => custodiansPage(matterId, { page, pageSize, signal }), (p) => p.custodians),
      options,
    );
  };

  const iterateMemberships = (userId: string, options: IterateOptions = {}): AsyncGenerator<CustodianMembership, void, undefined> => {
    requireId('legalHold.iterateMemberships', 'userId', userId);
    return iterateNumbered(
      shortPagePager('legalHold.iterateMemberships', ctx.pageSizes.memberships, options, (page, pageSize, signal) => membershipsPage(userId, { page, pageSize, signal }), (p) => p.matters),
      options,
    );
  };

  return {
    mattersPage,
    iterateMatters,
    listMatters: (filters?: MatterFilters, options?: IterateOptions) => collect(iterateMatters(filters, options)),

    getMatter(matterId: string, signal?: AbortSignal): Promise<Matter> {
      const operation = 'legalHold.getMatter';
      requireId(operation, 'matterId', matterId);
      return http.call<Matter>({
        operation,
        method: 'GET',
        path: `/v1/legal-hold/matters/${segment(matterId)}`,
        resource: { type: 'legal hold matter', id: matterId },
        signal,
      });
    },

    custodiansPage,
    iterateCustodians,
    listCustodians: (matterId: string, options?: IterateOptions) => collect(iterateCustodians(matterId, options)),

    /** A user's matter memberships, active and inactive. */
    membershipsPage,
    iterateMemberships,
    listMemberships: (userId: string, options?: IterateOptions) => collect(iterateMemberships(userId, options)),

    /** Not retried: the API does not promise that adding an existing custodian again is harmless. */
    addCustodian(matterId: string, userId: string, signal?: AbortSignal): Promise<AddCustodianResponse> {
      const operation = 'legalHold.addCustodian';
      requireId(operation, 'matterId', matterId);
      requireId(operation, 'userId', userId);
      return http.call<AddCustodianResponse>({
        operation,
        method: 'POST',
        path: `/v1/legal-hold/matters/${segment(matterId)}/custodians`,
        body: { userId },
        resource: { type: 'legal hold matter or user', id: `${matterId} / ${userId}` },
        signal,
      });
    },

    /** Not retried, for the same reason as addCustodian. */
    removeCustodian(matterId: string, userId: string, signal?: AbortSignal): Promise<void> {
      const operation = 'legalHold.removeCustodian';
      requireId(operation, 'matterId', matterId);
      requireId(operation, 'userId', userId);
      return http.call<void>({
        operation,
        method: 'POST',
        path: `/v1/legal-hold/matters/${segment(matterId)}/custodians/remove`,
        body: { userId },
        expect: 'none',
        resource: { type: 'legal hold matter or user', id: `${matterId} / ${userId}` },
        signal,
      });
    },
  };
}

export type LegalHoldArea = ReturnType<typeof legalHoldArea>;
