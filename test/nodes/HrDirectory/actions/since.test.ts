import { describe, expect, it } from 'vitest';
import { normalizeSince } from '../../../../nodes/nodes/HrDirectory/actions/since.js';

describe('normalizeSince: the Changed Since value as a zoned instant', () => {
  it('keeps a timestamp that already has a zone', () => {
    expect(normalizeSince('2026-11-01T08:00:00+02:00', 'Asia/Tokyo')).toBe('2026-11-01T08:00:00+02:00');
    expect(normalizeSince(' 2026-11-01T08:00:00Z ', 'Asia/Tokyo')).toBe('2026-11-01T08:00:00Z');
  });

  it("reads a wall-clock time or a bare date in the workflow's time zone", () => {
    expect(normalizeSince('2026-11-01T09:00:00', 'Asia/Tokyo')).toBe('2026-11-01T00:00:00.000Z');
    expect(normalizeSince('2026-11-01', 'America/New_York')).toBe('2026-11-01T04:00:00.000Z');
    expect(normalizeSince('2026-07-01 12:30', 'UTC')).toBe('2026-07-01T12:30:00.000Z');
  });

  it('lands on the right side of a daylight-saving change', () => {
    // New York leaves summer time at 02:00 on 2026-11-01: 01:30 before it is UTC-4, 03:00 after it is UTC-5.
    expect(normalizeSince('2026-11-01T03:00:00', 'America/New_York')).toBe('2026-11-01T08:00:00.000Z');
    expect(normalizeSince('2026-10-31T23:00:00', 'America/New_York')).toBe('2026-11-01T03:00:00.000Z');
    // Berlin starts summer time at 02:00 on 2026-03-29.
    expect(normalizeSince('2026-03-29T12:00:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
  });

  it('takes a Date or a Luxon-like DateTime from an expression', () => {
    expect(normalizeSince(new Date('2026-11-01T00:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-01T00:00:00.000Z');
    expect(normalizeSince({ toISO: () => '2026-11-01T10:00:00.000+09:00' }, 'UTC')).toBe('2026-11-01T10:00:00.000+09:00');
  });

  it('refuses empty, impossible and unreadable values with a sentence naming the field', () => {
    expect(() => normalizeSince('', 'UTC')).toThrow(/Changed Since is empty/);
    expect(() => normalizeSince(undefined, 'UTC')).toThrow(/Changed Since is empty/);
    expect(() => normalizeSince('2026-02-30', 'UTC')).toThrow(/"2026-02-30" is not a calendar date/);
    expect(() => normalizeSince('yesterday', 'UTC')).toThrow(/Changed Since must be a date/);
    expect(() => normalizeSince(new Date('nope'), 'UTC')).toThrow(/not a valid date/);
  });
});
