import type { AreaContext, PageRequest } from './context.js';
import { checkPageNumber, checkPageSize, collect, iterateNumbered, type IterateOptions } from './paging.js';
import type { DepartmentsPage } from './types.js';

/** Department names known to Incydr (from the identity provider). Pages with snake-case `page_size`. */
export function departmentsArea(ctx: AreaContext) {
  const { http } = ctx;

  function listPage(filters: { name?: string } = {}, request: PageRequest = {}): Promise<DepartmentsPage> {
    const operation = 'departments.listPage';
    const max = ctx.pageSizes.departments;
    return http.call<DepartmentsPage>({
      operation,
      method: 'GET',
      path: '/v1/departments',
      query: { name: filters.name, page: checkPageNumber(operation, request.page ?? 1, 1), page_size: checkPageSize(operation, request.pageSize ?? max, max) },
      signal: request.signal,
    });
  }

  function iterate(filters: { name?: string } = {}, options: IterateOptions = {}): AsyncGenerator<string, void, undefined> {
    const max = ctx.pageSizes.departments;
    const pageSize = checkPageSize('departments.iterate', options.pageSize ?? max, max);
    return iterateNumbered(
      { firstPage: 1, pageSize, fetch: (page, size, signal) => listPage(filters, { page, pageSize: size, signal }), items: (p) => p.departments, total: (p) => p.totalCount },
      options,
    );
  }

  return { listPage, iterate, list: (filters?: { name?: string }, options?: IterateOptions) => collect(iterate(filters, options)) };
}

export type DepartmentsArea = ReturnType<typeof departmentsArea>;
