import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarDateIn, parseCalendarDate, parseTimestamp } from '../../../core/src/hr/dates.js';

describe('calendar dates', () => {
  it('turns every spelling of "no date" into null', () => {
    for (const empty of ['', '  ', '-', '0000-00-00', null, undefined]) {
      expect(parseCalendarDate(empty)).toEqual({ ok: true, value: null });
    }
  });

  it('keeps the calendar day of dates carrying a time or an offset', () => {
    expect(parseCalendarDate('2026-11-14')).toEqual({ ok: true, value: '2026-11-14' });
    expect(parseCalendarDate('2026-11-14-08:00')).toEqual({ ok: true, value: '2026-11-14' });
    expect(parseCalendarDate('2026-11-14T23:30:00+05:00')).toEqual({ ok: true, value: '2026-11-14' });
  });

  it('rejects impossible and ambiguous dates with a reason', () => {
    expect(parseCalendarDate('2026-02-29')).toEqual({ ok: false, message: '"2026-02-29" is not a real calendar date' });
    expect(parseCalendarDate('2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseCalendarDate('03/04/2026')).toMatchObject({ ok: false, message: expect.stringContaining('ambiguous') });
    expect(parseCalendarDate('31/04/2026', 'dmy')).toMatchObject({ ok: false, message: expect.stringContaining('DD/MM/YYYY') });
    expect(parseCalendarDate(20261114)).toMatchObject({ ok: false });
    expect(parseCalendarDate('next week')).toMatchObject({ ok: false });
  });

  it('round-trips every real date (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split('-');
        expect(parseCalendarDate(iso)).toEqual({ ok: true, value: iso });
        expect(parseCalendarDate(`${m}/${day}/${y}`, 'mdy')).toEqual({ ok: true, value: iso });
        expect(parseCalendarDate(`${day}.${m}.${y}`, 'dmy')).toEqual({ ok: true, value: iso });
      }),
      { numRuns: 200 },
    );
  });
});

describe('timestamps and today', () => {
  it('normalizes zoned timestamps to UTC and refuses zone-less ones', () => {
    expect(parseTimestamp('2026-10-31T17:02:11+00:00')).toEqual({ ok: true, value: '2026-10-31T17:02:11.000Z' });
    expect(parseTimestamp('2026-11-14T06:02:11.004-08:00')).toEqual({ ok: true, value: '2026-11-14T14:02:11.004Z' });
    expect(parseTimestamp('2026-11-14T06:02:11+0530')).toEqual({ ok: true, value: '2026-11-14T00:32:11.000Z' });
    expect(parseTimestamp('2026-11-14 06:02')).toMatchObject({ ok: false, message: expect.stringContaining('time zone') });
  });

  it('reckons today in the company time zone (a termination date flips at local midnight)', () => {
    const instant = new Date('2026-11-25T03:00:00Z');
    expect(calendarDateIn(instant)).toBe('2026-11-25');
    expect(calendarDateIn(instant, 'America/Los_Angeles')).toBe('2026-11-24');
    expect(calendarDateIn(instant, 'Asia/Tokyo')).toBe('2026-11-25');
  });
});
