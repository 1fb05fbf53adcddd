import type { IncydrHttp } from './http.js';
import type { PageSizes } from './page-sizes.js';

/** What every area module needs from the client: the authenticated, resilient HTTP layer and page sizes. */
export interface AreaContext {
  http: IncydrHttp;
  pageSizes: PageSizes;
}

/** Options of a single-page request. */
export interface PageRequest {
  page?: number;
  pageSize?: number;
  signal?: AbortSignal;
}
