import { describe, expect, it } from 'vitest';
import { chartGeometry, niceMax } from '../../../portal/src/domain/chart.js';

describe('niceMax', () => {
  it.each([
    [0, 1],
    [1, 1],
    [7, 10],
    [12, 20],
    [43, 50],
    [100, 100],
    [101, 200],
  ])('%d → %d', (value, expected) => expect(niceMax(value)).toBe(expected));
});

describe('chartGeometry', () => {
  it('maps the largest value to the top of the plot and zero to the bottom', () => {
    const g = chartGeometry([{ name: 'a', values: [0, 5, 10] }], 200, 100);
    expect(g.maxValue).toBe(10);
    const points = g.lines[0]!.points.split(' ').map((p) => p.split(',').map(Number));
    expect(points[0]).toEqual([g.plot.left, g.plot.bottom]);
    expect(points[2]).toEqual([g.plot.right, g.plot.top]);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 3, 5, 8, 10]);
  });

  it('centres a single run and copes with no data', () => {
    const single = chartGeometry([{ name: 'a', values: [4] }], 200, 100);
    expect(single.xs).toEqual([(single.plot.left + single.plot.right) / 2]);
    const empty = chartGeometry([{ name: 'a', values: [] }]);
    expect(empty.lines[0]).toEqual({ name: 'a', points: '', last: null });
  });
});
