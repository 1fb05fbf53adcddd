import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, iterateNumbered, iterateTokens, type NumberedPager } from '../../../core/src/incydr/paging.js';

interface Page {
  items: number[];
  totalCount?: number;
}

/** A list of `size` numbers served in pages; records which pages were asked for. */
function server(size: number, options: { withTotal?: boolean; firstPage?: number; pageSize?: number; delay?: (page: number) => Promise<void> } = {}) {
  const asked: number[] = [];
  const firstPage = options.firstPage ?? 1;
  const pageSize = options.pageSize ?? 10;
  let inFlight = 0;
  let peak = 0;
  const pager: NumberedPager<Page, number> = {
    firstPage,
    pageSize,
    async fetch(page, size_) {
      asked.push(page);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await options.delay?.(page);
      inFlight -= 1;
      const start = (page - firstPage) * size_;
      const items = Array.from({ length: Math.max(0, Math.min(size_, size - start)) }, (_, i) => start + i);
      return options.withTotal ? { items, totalCount: size } : { items };
    },
    items: (p) => p.items,
    total: options.withTotal ? (p) => p.totalCount : undefined,
  };
  return { pager, asked, peak: () => peak };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('numbered paging', () => {
  it('without a total, stops on the first short page', async () => {
    const { pager, asked } = server(25);
    expect(await collect(iterateNumbered(pager))).toEqual(range(25));
    expect(asked).toEqual([1, 2, 3]);
  });

  it('without a total, needs one empty page when the size is an exact multiple', async () => {
    const { pager, asked } = server(20);
    expect(await collect(iterateNumbered(pager))).toEqual(range(20));
    expect(asked).toEqual([1, 2, 3]);
  });

  it('with a total, stops as soon as the count is reached (no empty trailing page)', async () => {
    const { pager, asked } = server(20, { withTotal: true });
    expect(await collect(iterateNumbered(pager))).toEqual(range(20));
    expect(asked).toEqual([1, 2]);
  });

  it('supports 0-based numbering (the audit log)', async () => {
    const { pager, asked } = server(15, { firstPage: 0 });
    expect(await collect(iterateNumbered(pager))).toEqual(range(15));
    expect(asked).toEqual([0, 1]);
  });

  it('handles an empty list with a single request', async () => {
    const { pager, asked } = server(0, { withTotal: true });
    expect(await collect(iterateNumbered(pager))).toEqual([]);
    expect(asked).toEqual([1]);
  });

  it('fetches lazily: stopping early requests no further pages', async () => {
    const { pager, asked } = server(1000, { withTotal: true });
    expect(await collect(iterateNumbered(pager), 15)).toEqual(range(15));
    expect(asked).toEqual([1, 2]);
  });

  it('with prefetch and a total, keeps that many pages in flight and yields in order', async () => {
    // Later pages answer faster, so out-of-order completion is certain.
    const { pager, asked, peak } = server(95, {
      withTotal: true,
      delay: (page) => new Promise((r) => setTimeout(r, (12 - page) * 2)),
    });
    expect(await collect(iterateNumbered(pager, { prefetch: 4 }))).toEqual(range(95));
    expect([...asked].sort((a, b) => a - b)).toEqual(range(10).map((i) => i + 1));
    expect(peak()).toBe(4);
  });

  it('with prefetch, stops at a short page even if the total promised more', async () => {
    const { pager } = server(35, { withTotal: true });
    const lying: NumberedPager<Page, number> = { ...pager, total: () => 100 };
    expect(await collect(iterateNumbered(lying, { prefetch: 3 }))).toEqual(range(35));
  });

  it('with prefetch, stopping early cancels pages fetched ahead', async () => {
    const signals: AbortSignal[] = [];
    const pager: NumberedPager<Page, number> = {
      firstPage: 1,
      pageSize: 10,
      fetch: async (page, size, signal) => {
        signals.push(signal);
        return { items: range(size).map((i) => (page - 1) * size + i), totalCount: 1000 };
      },
      items: (p) => p.items,
      total: (p) => p.totalCount,
    };
    await collect(iterateNumbered(pager, { prefetch: 5 }), 12);
    expect(signals.at(-1)?.aborted).toBe(true);
  });

  it('passes a page failure to the consumer', async () => {
    const pager: NumberedPager<Page, number> = {
      firstPage: 1,
      pageSize: 10,
      fetch: async (page) => {
        if (page === 2) throw new Error('page 2 failed');
        return { items: range(10), totalCount: 30 };
      },
      items: (p) => p.items,
      total: (p) => p.totalCount,
    };
    await expect(collect(iterateNumbered(pager, { prefetch: 3 }))).rejects.toThrow('page 2 failed');
    await expect(collect(iterateNumbered(pager))).rejects.toThrow('page 2 failed');
  });

  it('for any list size, page size and prefetch, yields every item once, in order, with the fewest requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 25 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        async (size, pageSize, withTotal, prefetch) => {
          const { pager, asked } = server(size, { withTotal, pageSize });
          const items = await collect(iterateNumbered(pager, { prefetch }));
          const fullPages = Math.floor(size / pageSize);
          // With a total the last page is known; without one, a short (possibly empty) page must be seen.
          const expectedRequests = withTotal ? Math.max(1, Math.ceil(size / pageSize)) : fullPages + 1;
          return JSON.stringify(items) === JSON.stringify(range(size)) && asked.length === expectedRequests;
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a nonsensical prefetch', async () => {
    const { pager } = server(5);
    await expect(collect(iterateNumbered(pager, { prefetch: 0 }))).rejects.toThrow(/prefetch/);
  });
});

interface TokenPage {
  events: number[];
  next: string | null;
}

describe('token paging', () => {
  function tokenServer(pages: number[][]) {
    const tokens: string[] = [];
    return {
      tokens,
      pager: {
        fetch: async (token: string): Promise<TokenPage> => {
          tokens.push(token);
          const index = token === '' ? 0 : Number(token.slice(1));
          return { events: pages[index] ?? [], next: index + 1 < pages.length ? `t${index + 1}` : null };
        },
        items: (p: TokenPage) => p.events,
        nextToken: (p: TokenPage) => p.next,
      },
    };
  }

  it('starts with an empty token and follows nextPgToken to the end', async () => {
    const { pager, tokens } = tokenServer([[1, 2], [3, 4], [5]]);
    expect(await collect(iterateTokens(pager))).toEqual([1, 2, 3, 4, 5]);
    expect(tokens).toEqual(['', 't1', 't2']);
  });

  it('stops on an empty page even if a token came back', async () => {
    const { pager, tokens } = tokenServer([[1], [], [9]]);
    expect(await collect(iterateTokens(pager))).toEqual([1]);
    expect(tokens).toEqual(['', 't1']);
  });

  it('stops rather than loop when the server repeats a token', async () => {
    let calls = 0;
    const pager = {
      fetch: async (): Promise<TokenPage> => ({ events: [calls++], next: 'same' }),
      items: (p: TokenPage) => p.events,
      nextToken: (p: TokenPage) => p.next,
    };
    expect(await collect(iterateTokens(pager))).toEqual([0, 1]);
  });
});
