/**
 * The API pages lists in three ways: numbered pages with a total count, numbered pages without one (stop on a
 * short page), and continuation tokens (file events). These generators fetch lazily: a consumer that stops early
 * never causes the remaining pages to be requested.
 */

export interface PageOptions {
  /** Items per page; each area defaults to the largest size the API accepts. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface IterateOptions extends PageOptions {
  /**
   * Pages requested ahead while the consumer works through the current one. Only lists that report a total
   * count can be fetched ahead (otherwise the last page is unknown); the client's concurrency cap and rate limit
   * still apply. Default 1: strictly one page at a time.
   */
  prefetch?: number;
}

export interface NumberedPager<Page, Item> {
  /** 1 for most endpoints; 0 for the audit log. */
  firstPage: number;
  pageSize: number;
  fetch(page: number, pageSize: number, signal: AbortSignal): Promise<Page>;
  items(page: Page): readonly Item[];
  /** The total the API reported, or undefined for endpoints without one. */
  total?(page: Page): number | undefined;
}

export async function* iterateNumbered<Page, Item>(
  pager: NumberedPager<Page, Item>,
  options: { prefetch?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Item, void, undefined> {
  const prefetch = options.prefetch ?? 1;
  if (!Number.isInteger(prefetch) || prefetch < 1) {
    throw new RangeError(`prefetch must be a whole number of at least 1, got ${prefetch}`);
  }
  // Our own controller, so that pages fetched ahead are cancelled when the consumer stops early.
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const { pageSize, firstPage } = pager;
  try {
    const first = await pager.fetch(firstPage, pageSize, controller.signal);
    const firstItems = pager.items(first);
    yield* firstItems;
    const total = pager.total?.(first);
    if (firstItems.length < pageSize || (total !== undefined && firstItems.length >= total)) return;

    if (total !== undefined && prefetch > 1) {
      const lastPage = firstPage + Math.ceil(total / pageSize) - 1;
      yield* iterateKnownPages(pager, firstPage + 1, lastPage, prefetch, controller.signal);
      return;
    }

    let seen = firstItems.length;
    for (let page = firstPage + 1; ; page += 1) {
      const answer = await pager.fetch(page, pageSize, controller.signal);
      const items = pager.items(answer);
      yield* items;
      seen += items.length;
      const knownTotal = pager.total?.(answer);
      if (items.length < pageSize || (knownTotal !== undefined && seen >= knownTotal)) return;
    }
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    controller.abort(new Error('paging stopped'));
  }
}

/** Pages `from..to` with up to `window` requests in flight, yielded strictly in page order. */
async function* iterateKnownPages<Page, Item>(
  pager: NumberedPager<Page, Item>,
  from: number,
  to: number,
  window: number,
  signal: AbortSignal,
): AsyncGenerator<Item, void, undefined> {
  const pending: Promise<Page>[] = [];
  let next = from;
  const launch = (): void => {
    const request = pager.fetch(next, pager.pageSize, signal);
    // A page abandoned because the consumer stopped early must not surface as an unhandled rejection.
    request.catch(() => undefined);
    pending.push(request);
    next += 1;
  };
  while (next <= to && pending.length < window) launch();
  while (pending.length > 0) {
    const answer = await (pending.shift() as Promise<Page>);
    if (next <= to) launch();
    const items = pager.items(answer);
    yield* items;
    // The tenant may shrink while we page; a short page is the end whatever the total said.
    if (items.length < pager.pageSize) return;
  }
}

export interface TokenPager<Page, Item> {
  fetch(pageToken: string, signal: AbortSignal | undefined): Promise<Page>;
  items(page: Page): readonly Item[];
  nextToken(page: Page): string | null | undefined;
}

/** Token paging: the first request sends an empty token; stop on an empty page or when no next token comes back. */
export async function* iterateTokens<Page, Item>(
  pager: TokenPager<Page, Item>,
  signal?: AbortSignal,
): AsyncGenerator<Item, void, undefined> {
  let token = '';
  for (;;) {
    const page = await pager.fetch(token, signal);
    const items = pager.items(page);
    yield* items;
    const next = pager.nextToken(page);
    // A token that repeats would loop forever; treat it as the end.
    if (items.length === 0 || !next || next === token) return;
    token = next;
  }
}

/** Drains an iterator into an array, optionally stopping after `limit` items (remaining pages are not fetched). */
export async function collect<T>(source: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  if (limit <= 0) return out;
  for await (const item of source) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

/** Checks a caller-supplied page size against the endpoint's range, with a message naming the operation. */
export function checkPageSize(operation: string, pageSize: number, max: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > max) {
    throw new RangeError(`${operation}: pageSize must be a whole number from 1 to ${max}, got ${pageSize}`);
  }
  return pageSize;
}

export function checkPageNumber(operation: string, page: number, first: number): number {
  if (!Number.isInteger(page) || page < first) {
    throw new RangeError(`${operation}: page must be a whole number of at least ${first}, got ${page}`);
  }
  return page;
}
