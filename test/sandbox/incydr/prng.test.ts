import { describe, expect, it } from 'vitest';
import { hashString, Prng, weights } from '../../../sandbox/incydr/prng.js';

describe('Prng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.next())(new Prng(99)));
    const b = Array.from({ length: 5 }, ((r) => () => r.next())(new Prng(99)));
    const c = Array.from({ length: 5 }, ((r) => () => r.next())(new Prng(100)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Prng('seed').next()).toBe(new Prng(hashString('seed')).next());
  });

  it('stays in range and is roughly uniform', () => {
    const r = new Prng(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 10)]! += 1;
    }
    for (const n of buckets) expect(Math.abs(n - 2000)).toBeLessThan(200);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect([3, 4, 5]).toContain(n);
    }
  });

  it('draws weighted keys in proportion and never a zero-weight key', () => {
    const r = new Prng(2);
    const table = weights({ a: 0.7, b: 0.3, never: 0 });
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted(table)] += 1;
    expect(counts.never).toBe(0);
    expect(counts.a / 10_000).toBeGreaterThan(0.67);
    expect(counts.a / 10_000).toBeLessThan(0.73);
  });

  it('forks independent streams deterministically and makes well-formed uuids', () => {
    const parent1 = new Prng(5);
    const parent2 = new Prng(5);
    expect(parent1.fork('x').next()).toBe(parent2.fork('x').next());
    expect(new Prng(5).fork('x').next()).not.toBe(new Prng(5).fork('y').next());
    expect(new Prng(6).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => new Prng(1).pick([])).toThrow(/empty/);
  });
});
