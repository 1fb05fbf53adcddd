/**
 * What an HR record means for Incydr on a given UTC day. One function, used by both the offboarding cross-check
 * and the stale-device triage, so "departed" means the same thing everywhere.
 *
 * Grace period, exact to the day in UTC: with departure day D (the last working day, else the termination date)
 * and G grace days, the person still works on D; days D+1 … D+G are the grace period; deactivation is due from
 * D+G+1 at 00:00:00Z. With G = 0 it is due the day after the last working day.
 */
import type { Person, PersonStatus } from '../hr/person.js';
import { type UtcDay, formatUtcDay, optionalUtcDay } from './dates.js';
import { HealthInputError } from './errors.js';
import { compareCodeUnits } from './canonical-json.js';

export type EmploymentStanding =
  | 'departed'
  | 'in-grace'
  | 'departing'
  | 'on-leave'
  | 'active'
  | 'pending'
  | 'conflict'
  | 'unknown';

export interface EmploymentFacts {
  standing: EmploymentStanding;
  /** Last working day, else termination date; null when HR gives neither. */
  departureDay: UtcDay | null;
  /** First UTC day on which deactivation is due; null when no departure date is known. */
  dueDay: UtcDay | null;
  /** A departure date today or later: a candidate for the departing-employee watchlist. */
  scheduledDeparture: boolean;
}

/** The HR fields the rules read; a full `Person` satisfies it. */
export type EmploymentRecord = Pick<
  Person,
  'status' | 'startDate' | 'terminationDate' | 'lastWorkingDay' | 'leaveStart' | 'leaveEnd'
> & { sourceId?: string };

export function assertGraceDays(graceDays: number, field = 'graceDays'): void {
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new HealthInputError(`${field} must be a whole number of days (0 or more), got ${graceDays}.`, field);
  }
}

export function employmentFacts(record: EmploymentRecord, today: UtcDay, graceDays: number): EmploymentFacts {
  const label = record.sourceId ? `HR record ${record.sourceId}` : 'HR record';
  const departureDay =
    optionalUtcDay(record.lastWorkingDay, `${label} lastWorkingDay`) ??
    optionalUtcDay(record.terminationDate, `${label} terminationDate`);
  const startDay = optionalUtcDay(record.startDate, `${label} startDate`);
  const dueDay = departureDay === null ? null : departureDay + graceDays + 1;
  const scheduledDeparture = departureDay !== null && departureDay >= today;
  // A departure date older than the start date belongs to an earlier employment (a rehire).
  const pastDepartureOfThisEmployment =
    departureDay !== null && departureDay < today && (startDay === null || startDay <= departureDay);

  return makeFacts(
    standingOf(record.status, today, departureDay, dueDay, pastDepartureOfThisEmployment),
    departureDay,
    dueDay,
    scheduledDeparture,
  );
}

function standingOf(
  status: PersonStatus,
  today: UtcDay,
  departureDay: UtcDay | null,
  dueDay: UtcDay | null,
  pastDeparture: boolean,
): EmploymentStanding {
  switch (status) {
    case 'terminated':
      if (departureDay === null) return 'departed';
      if (today <= departureDay) return 'departing';
      return dueDay !== null && today < dueDay ? 'in-grace' : 'departed';
    case 'leave':
      return pastDeparture ? 'conflict' : 'on-leave';
    case 'active':
      if (pastDeparture) return 'conflict';
      return departureDay !== null && departureDay >= today ? 'departing' : 'active';
    case 'pending':
      return 'pending';
    case 'unknown':
      return 'unknown';
    default:
      return assertNever(status);
  }
}

function makeFacts(
  standing: EmploymentStanding,
  departureDay: UtcDay | null,
  dueDay: UtcDay | null,
  scheduled: boolean,
): EmploymentFacts {
  return {
    standing,
    departureDay,
    dueDay,
    scheduledDeparture: standing === 'departed' || standing === 'in-grace' ? false : scheduled,
  };
}

function assertNever(status: never): never {
  throw new HealthInputError(`Unknown HR status ${JSON.stringify(status)}.`, 'status');
}

const STATUS_PREFERENCE: Record<PersonStatus, number> = { active: 0, leave: 1, pending: 2, unknown: 3, terminated: 4 };

/**
 * When several HR records match one Incydr user (a rehire keeps one address across two employments), the
 * current employment decides: the latest start date wins; on a tie the less final status wins, so an ambiguity
 * never tips towards deactivation.
 */
export function currentEmployment<T extends Person>(records: readonly T[]): { current: T; superseded: T[] } {
  // Nearly everyone has one record; only rehires need the ordering below.
  if (records.length === 1) return { current: records[0] as T, superseded: [] };
  const sorted = [...records].sort(
    (a, b) =>
      compareCodeUnits(b.startDate ?? '', a.startDate ?? '') ||
      STATUS_PREFERENCE[a.status] - STATUS_PREFERENCE[b.status] ||
      compareCodeUnits(a.source, b.source) ||
      compareCodeUnits(a.sourceId, b.sourceId),
  );
  const [current, ...superseded] = sorted;
  if (!current) throw new HealthInputError('currentEmployment needs at least one HR record.', 'people');
  return { current, superseded };
}

export function dayOrNull(day: UtcDay | null): string | null {
  return day === null ? null : formatUtcDay(day);
}
