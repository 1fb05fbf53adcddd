/**
 * Date arithmetic for the health rules. Two kinds of time appear in the inputs and they are never mixed:
 * - instants (ISO timestamps such as an agent's `lastConnected`), compared as elapsed milliseconds;
 * - calendar dates (`YYYY-MM-DD`, such as an HR last working day), compared as whole UTC days.
 * Everything is UTC; no function here reads the machine's clock or time zone.
 */
import { HealthInputError } from './errors.js';

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC). An integer; calendar comparisons are integer comparisons. */
export type UtcDay = number;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Milliseconds since the epoch for an ISO timestamp or a Date. A timestamp without a zone designator is read as
 * UTC (JavaScript would read it as machine-local time, which would make results depend on where the code runs);
 * a bare calendar date means midnight UTC.
 */
export function toInstant(value: string | Date, field: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new HealthInputError(`${field} is an invalid Date.`, field);
    return ms;
  }
  // Fastest path: the exact layouts the Incydr API sends, read digit by digit (a fleet has one per agent).
  const common = commonUtcInstant(value);
  if (common !== null) return common;
  // Fast path for other UTC timestamps (…Z), checked by the same strict pattern.
  if (value.endsWith('Z') && DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  const text = value.trim();
  if (CALENDAR_DATE.test(text)) return utcDayToInstant(toUtcDay(text, field));
  if (!DATE_TIME.test(text)) {
    throw new HealthInputError(
      `${field} must be an ISO-8601 timestamp such as 2026-11-25T09:30:00Z, got ${JSON.stringify(value)}.`,
      field,
    );
  }
  const ms = Date.parse(HAS_ZONE.test(text) ? text : `${text}Z`);
  if (Number.isNaN(ms)) {
    throw new HealthInputError(`${field} is not a real point in time: ${JSON.stringify(value)}.`, field);
  }
  return ms;
}

/**
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ` as epoch milliseconds, without a regular expression or
 * Date.parse: at fleet scale (one timestamp per agent) those dominated the triage. Returns null for anything else,
 * and for values Date.parse might read differently (days after the 28th, which roll over; hour 24; two-digit years,
 * which Date.UTC would move to the 1900s), so the general path decides those exactly as before.
 */
export function commonUtcInstant(value: string): number | null {
  const length = value.length;
  if ((length !== 20 && length !== 24) || value.charCodeAt(length - 1) !== 90 /* Z */) return null;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':') return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  let ms = 0;
  if (length === 24) {
    if (value[19] !== '.') return null;
    ms = digits(value, 20, 3);
  }
  // digits() gives -1 for a non-digit, so every field is checked against its lower bound as well.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The decimal number written by `count` digits from `start`, or -1 when any of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** The UTC day a calendar date (`YYYY-MM-DD`) names. Rejects impossible dates such as 2026-02-30. */
export function toUtcDay(value: string, field: string): UtcDay {
  const match = CALENDAR_DATE.exec(value.trim());
  if (!match) {
    throw new HealthInputError(`${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}.`, field);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new HealthInputError(`${field} is not a real calendar date: ${JSON.stringify(value)}.`, field);
  }
  return Math.floor(ms / DAY_MS);
}

export function utcDayOfInstant(ms: number): UtcDay {
  return Math.floor(ms / DAY_MS);
}

export function utcDayToInstant(day: UtcDay): number {
  return day * DAY_MS;
}

export function formatUtcDay(day: UtcDay): string {
  return new Date(utcDayToInstant(day)).toISOString().slice(0, 10);
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole days elapsed from `earlier` to `later` (floor): 47h59m is 1 day, exactly 48h is 2 days. */
export function elapsedWholeDays(earlier: number, later: number): number {
  return Math.floor((later - earlier) / DAY_MS);
}

export function optionalUtcDay(value: string | null | undefined, field: string): UtcDay | null {
  return value === null || value === undefined || value === '' ? null : toUtcDay(value, field);
}

export function optionalInstant(value: string | null | undefined, field: string): number | null {
  return value === null || value === undefined || value === '' ? null : toInstant(value, field);
}
