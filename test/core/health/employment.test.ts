import { describe, expect, it } from 'vitest';
import { currentEmployment, employmentFacts, type EmploymentStanding } from '@incydr-health/core/health/employment';
import { toUtcDay, formatUtcDay } from '@incydr-health/core/health/dates';
import { person } from './builders.js';

const TODAY = toUtcDay('2026-11-25', 'today');

describe('employmentFacts: grace period exact to the day (UTC)', () => {
  // Last working day D = 2026-11-20, grace G = 3: grace days are 21, 22, 23; due from the 24th.
  it.each<[string, number, EmploymentStanding, string | null]>([
    ['2026-11-25', 3, 'departing', '2026-11-29'], // leaves today: still working
    ['2026-11-24', 0, 'departed', '2026-11-25'], // G = 0: due the day after the last working day
    ['2026-11-24', 1, 'in-grace', '2026-11-26'], // first grace day
    ['2026-11-22', 3, 'in-grace', '2026-11-26'], // last grace day
    ['2026-11-21', 3, 'departed', '2026-11-25'], // due today, exactly D + G + 1
    ['2026-11-20', 3, 'departed', '2026-11-24'],
  ])('terminated, last day %s, grace %i → %s (due %s)', (lastDay, grace, standing, due) => {
    const facts = employmentFacts(
      person('1', { status: 'terminated', lastWorkingDay: lastDay, terminationDate: lastDay }),
      TODAY,
      grace,
    );
    expect(facts.standing).toBe(standing);
    expect(facts.dueDay === null ? null : formatUtcDay(facts.dueDay)).toBe(due);
  });

  it('prefers the last working day over a later termination date', () => {
    const facts = employmentFacts(
      person('1', { status: 'terminated', lastWorkingDay: '2026-11-10', terminationDate: '2026-11-30' }),
      TODAY,
      0,
    );
    expect(facts.standing).toBe('departed');
  });

  it('falls back to the termination date when there is no last working day', () => {
    const facts = employmentFacts(person('1', { status: 'terminated', terminationDate: '2026-12-31' }), TODAY, 0);
    expect(facts).toMatchObject({ standing: 'departing', scheduledDeparture: true });
  });

  it('treats a termination without any date as departed now', () => {
    expect(employmentFacts(person('1', { status: 'terminated' }), TODAY, 30)).toMatchObject({
      standing: 'departed',
      dueDay: null,
    });
  });

  it.each<[Partial<Parameters<typeof person>[1]>, EmploymentStanding, boolean]>([
    [{ status: 'active' }, 'active', false],
    [{ status: 'active', terminationDate: '2026-12-15' }, 'departing', true],
    [{ status: 'active', terminationDate: '2026-11-01' }, 'conflict', false],
    [{ status: 'active', startDate: '2026-06-01', terminationDate: '2025-03-31' }, 'active', false], // rehire
    [{ status: 'leave', leaveStart: '2026-10-01' }, 'on-leave', false],
    [{ status: 'leave', lastWorkingDay: '2027-01-31' }, 'on-leave', true],
    [{ status: 'leave', lastWorkingDay: '2026-11-01' }, 'conflict', false],
    [{ status: 'pending', startDate: '2026-12-01' }, 'pending', false],
    [{ status: 'unknown', statusRaw: 'Garden leave?' }, 'unknown', false],
  ])('%j → %s (scheduled departure %s)', (overrides, standing, scheduled) => {
    const facts = employmentFacts(person('1', overrides), TODAY, 0);
    expect(facts.standing).toBe(standing);
    expect(facts.scheduledDeparture).toBe(scheduled);
  });

  it('names the HR record in the error for an impossible date', () => {
    expect(() =>
      employmentFacts(person('77', { status: 'terminated', lastWorkingDay: '2026-02-30' }), TODAY, 0),
    ).toThrow(/HR record 77 lastWorkingDay is not a real calendar date/);
  });
});

describe('currentEmployment', () => {
  it('picks the rehire (latest start date) over the earlier terminated employment, in any order', () => {
    const old = person('old', { status: 'terminated', startDate: '2019-01-01', terminationDate: '2024-05-31' });
    const rehire = person('new', { status: 'active', startDate: '2025-02-01' });
    expect(currentEmployment([old, rehire]).current).toBe(rehire);
    expect(currentEmployment([rehire, old])).toEqual({ current: rehire, superseded: [old] });
  });

  it('on equal start dates prefers the less final status', () => {
    const a = person('a', { status: 'terminated', startDate: '2020-01-01' });
    const b = person('b', { status: 'leave', startDate: '2020-01-01' });
    expect(currentEmployment([a, b]).current).toBe(b);
  });
});
