import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../portal/src/domain/csv.js';

describe('toCsv', () => {
  const columns = [
    ['name', (r: { name: string; n: number | null }) => r.name],
    ['n', (r: { name: string; n: number | null }) => r.n],
  ] as const;

  it('quotes commas, quotes and line breaks per RFC 4180', () => {
    expect(toCsv([{ name: 'a, "b"\nc', n: 1 }], columns)).toBe('name,n\r\n"a, ""b""\nc",1\r\n');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(toCsv([{ name: '=HYPERLINK("x")', n: null }, { name: '@SUM(1)', n: -3 }], columns)).toBe(
      `name,n\r\n"'=HYPERLINK(""x"")",\r\n'@SUM(1),-3\r\n`,
    );
  });

  it('writes only the header for no rows', () => {
    expect(toCsv([], columns)).toBe('name,n\r\n');
  });
});
