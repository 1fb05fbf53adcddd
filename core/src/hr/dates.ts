/**
 * Date normalization shared by the connectors. HR systems spell "no date" many ways ('', '-', '0000-00-00',
 * a missing key); all of them become null. Anything else that is not a real calendar date is an error the caller
 * turns into a PersonIssue, never a silent null.
 */
import type { CalendarDate } from './person.js';

/** How to read slash dates. Never guessed: `MM/DD/YYYY` and `DD/MM/YYYY` are indistinguishable on the 1st-12th. */
export type DateOrder = 'iso' | 'mdy' | 'dmy';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const EMPTY_MARKERS = new Set(['', '-', '0000-00-00', '0000-00-00T00:00:00', 'null']);

export function isEmptyValue(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && EMPTY_MARKERS.has(raw.trim()));
}

function validCalendarDate(year: number, month: number, day: number): CalendarDate | null {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// A trailing time or zone offset is dropped: a termination date is a calendar day, not an instant (Workday's XML is
// known to write `2026-11-14-08:00`).
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const SLASH_DATE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

export function parseCalendarDate(raw: unknown, order: DateOrder = 'iso'): Parsed<CalendarDate | null> {
  if (isEmptyValue(raw)) return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, message: `expected a date string, got ${typeof raw}` };
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const value = validCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return value ? { ok: true, value } : { ok: false, message: `"${text}" is not a real calendar date` };
  }
  const slash = SLASH_DATE.exec(text);
  if (slash && order !== 'iso') {
    const [first, second, year] = [Number(slash[1]), Number(slash[2]), Number(slash[3])];
    const value = order === 'mdy' ? validCalendarDate(year, first, second) : validCalendarDate(year, second, first);
    const layout = order === 'mdy' ? 'MM/DD/YYYY' : 'DD/MM/YYYY';
    return value ? { ok: true, value } : { ok: false, message: `"${text}" is not a real calendar date as ${layout}` };
  }
  if (slash) {
    return {
      ok: false,
      message: `"${text}" is ambiguous (month and day order unknown); use YYYY-MM-DD or set the date format option`,
    };
  }
  return { ok: false, message: `"${text}" is not a date in YYYY-MM-DD form` };
}

/** Normalizes a timestamp with a zone to ISO-8601 UTC. A timestamp without a zone is rejected, not assumed UTC. */
export function parseTimestamp(raw: unknown): Parsed<string | null> {
  if (isEmptyValue(raw)) return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, message: `expected a timestamp string, got ${typeof raw}` };
  const text = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    return { ok: false, message: `"${text}" is not an ISO-8601 timestamp with a time zone` };
  }
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) return { ok: false, message: `"${text}" is not a real point in time` };
  return { ok: true, value: new Date(ms).toISOString() };
}

/** The calendar date of an instant in a time zone (default UTC); HR dates are compared against this "today". */
export function calendarDateIn(instant: Date, timeZone = 'UTC'): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
