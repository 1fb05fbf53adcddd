import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { elapsedWholeDays, formatUtcDay, toInstant, toUtcDay, utcDayOfInstant } from '@incydr-health/core/health/dates';
import { HealthInputError } from '@incydr-health/core/health/errors';

describe('toInstant', () => {
  it.each([
    ['2026-11-25T12:00:00Z', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25T13:00:00+01:00', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25T07:00:00-05:00', '2026-11-25T12:00:00.000Z'],
    ['2026-11-26T01:30:00+13:30', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25T12:00:00', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25T12:00:00.000+0000', '2026-11-25T12:00:00.000Z'],
    ['2026-11-25', '2026-11-25T00:00:00.000Z'],
  ])('reads %s as %s whatever the machine time zone', (text, iso) => {
    expect(new Date(toInstant(text, 'x')).toISOString()).toBe(iso);
  });

  it('reads every UTC timestamp in the layouts Incydr sends exactly as Date.parse does', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        fc.boolean(),
        (date, withMilliseconds) => {
          const iso = date.toISOString();
          const text = withMilliseconds ? iso : `${iso.slice(0, 19)}Z`;
          expect(toInstant(text, 'x')).toBe(Date.parse(text));
        },
      ),
    );
  });

  it.each([
    '2026-02-29T10:00:00Z',
    '2026-02-30T10:00:00.000Z',
    '2026-04-31T23:59:59Z',
    '2026-01-01T24:00:00Z',
    '0099-06-15T00:00:00Z',
    '2026-11-25T12:00:00.5Z',
    '2026-11-25T12:00:00.1234Z',
    '2026-11-25t12:00:00z',
  ])('reads the rarer timestamp %s as Date.parse does', (text) => {
    expect(toInstant(text, 'x')).toBe(Date.parse(text));
  });

  it.each(['2026-11-25T12:00:0xZ', '2026-11-25T-1:00:00Z', '2026-11-25T12:60:00Z', '2026-11-25T12:00:00.abcZ', '2026-1x-25T12:00:00Z'])(
    'rejects the near miss %j',
    (text) => {
      expect(() => toInstant(text, 'lastConnected')).toThrow(HealthInputError);
    },
  );

  it.each(['', 'yesterday', '25/11/2026', '2026-13-01T00:00:00Z', '2026-11-25 12:00'])(
    'rejects %j with a message naming the field',
    (text) => {
      expect(() => toInstant(text, 'lastConnected')).toThrow(HealthInputError);
      expect(() => toInstant(text, 'lastConnected')).toThrow(/lastConnected/);
    },
  );

  it('rejects an invalid Date object', () => {
    expect(() => toInstant(new Date('nope'), 'now')).toThrow(/now is an invalid Date/);
  });
});

describe('calendar days', () => {
  it('maps a calendar date to its UTC day and back', () => {
    expect(formatUtcDay(toUtcDay('2024-02-29', 'd'))).toBe('2024-02-29');
    expect(toUtcDay('1970-01-02', 'd')).toBe(1);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-00-10', '26-11-25', '2026-11-25T00:00:00Z'])('rejects %s', (text) => {
    expect(() => toUtcDay(text, 'terminationDate')).toThrow(/terminationDate/);
  });

  it('puts an instant with an offset on its UTC day, not its local day', () => {
    // 23:30 in New York on the 24th is already the 25th in UTC.
    expect(formatUtcDay(utcDayOfInstant(toInstant('2026-11-24T23:30:00-05:00', 'x')))).toBe('2026-11-25');
    // 00:30 in Berlin on the 25th is still the 24th in UTC.
    expect(formatUtcDay(utcDayOfInstant(toInstant('2026-11-25T00:30:00+01:00', 'x')))).toBe('2026-11-24');
  });
});

describe('elapsedWholeDays', () => {
  const start = toInstant('2026-11-01T00:00:00Z', 'x');
  it.each([
    ['2026-11-01T23:59:59Z', 0],
    ['2026-11-02T00:00:00Z', 1],
    ['2026-11-30T23:59:59.999Z', 29],
    ['2026-12-01T00:00:00Z', 30],
  ])('from 2026-11-01T00:00Z to %s is %i whole days', (later, days) => {
    expect(elapsedWholeDays(start, toInstant(later, 'x'))).toBe(days);
  });
});
