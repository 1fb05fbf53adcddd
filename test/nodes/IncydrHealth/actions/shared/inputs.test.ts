import { describe, expect, it } from 'vitest';
import { describeType, listValue, parseAsOf, readTextList } from '../../../../../nodes/nodes/IncydrHealth/actions/shared/inputs.js';

describe('node inputs: lists and dates a person types or an expression hands over', () => {
  it('reads id lists from expressions or text, trimmed and without duplicates', () => {
    expect(readTextList(['a', ' b ', 'a'])).toEqual(['a', 'b']);
    expect(readTextList('a, b\nc,,')).toEqual(['a', 'b', 'c']);
    expect(readTextList(undefined)).toEqual([]);
  });

  it('reads object lists from expressions or JSON text; empty means none', () => {
    expect(listValue('', 'X')).toEqual([]);
    expect(listValue('[{"a":1}]', 'X')).toEqual([{ a: 1 }]);
    expect(() => listValue('[1]', 'X')).toThrow('X[0] must be an object, got the number 1');
    expect(() => listValue('nope', 'X')).toThrow('X is not a list: the text is not valid JSON');
  });

  it('reads the as-of time as UTC, whatever zone the n8n host is in', () => {
    expect(parseAsOf('2026-11-25T09:30:00')).toBe('2026-11-25T09:30:00.000Z');
    expect(parseAsOf('2026-11-25T09:30:00+02:00')).toBe('2026-11-25T07:30:00.000Z');
    expect(Date.parse(parseAsOf(''))).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    expect(() => parseAsOf(5)).toThrow('As Of must be a date and time, got the number 5');
  });

  it('describes values without echoing long text', () => {
    expect(describeType('x'.repeat(60))).toBe(`the text "${'x'.repeat(40)}…"`);
    expect(describeType(null)).toBe('null');
    expect(describeType([])).toBe('a list');
  });
});
