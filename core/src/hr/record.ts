/**
 * Building a Person from a source record while collecting PersonIssues: every connector reads its raw fields
 * through a RecordReader so a bad value is reported with its field and person, never dropped without a word.
 */
import type { CalendarDate, HrSource, Person, PersonIssue, PersonStatus } from './person.js';
import { isEmptyValue, parseCalendarDate, parseTimestamp, type DateOrder } from './dates.js';

export function emptyPerson(source: HrSource, sourceId: string): Person {
  return {
    source,
    sourceId,
    employeeId: null,
    workEmail: null,
    otherEmails: [],
    personalEmail: null,
    firstName: null,
    lastName: null,
    displayName: null,
    status: 'unknown',
    statusRaw: null,
    employmentType: null,
    startDate: null,
    terminationDate: null,
    lastWorkingDay: null,
    leaveStart: null,
    leaveEnd: null,
    department: null,
    title: null,
    managerId: null,
    managerEmail: null,
    lastChanged: null,
  };
}

export class RecordReader {
  constructor(
    private readonly source: HrSource,
    private readonly sourceId: string | null,
    private readonly issues: PersonIssue[],
    private readonly line?: number,
  ) {}

  report(field: string, value: unknown, message: string): void {
    const issue: PersonIssue = {
      source: this.source,
      sourceId: this.sourceId,
      field,
      value: value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value),
      message,
    };
    if (this.line !== undefined) issue.line = this.line;
    this.issues.push(issue);
  }

  text(field: string, raw: unknown): string | null {
    if (isEmptyValue(raw)) return null;
    if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
    if (typeof raw !== 'string') {
      this.report(field, raw, `expected text, got ${Array.isArray(raw) ? 'a list' : typeof raw}`);
      return null;
    }
    return raw.trim();
  }

  email(field: string, raw: unknown): string | null {
    const value = this.text(field, raw);
    if (value === null) return null;
    if (!/^[^\s@]+@[^\s@]+$/.test(value)) {
      this.report(field, value, `"${value}" is not an e-mail address`);
      return null;
    }
    return value;
  }

  date(field: string, raw: unknown, order: DateOrder = 'iso'): CalendarDate | null {
    const parsed = parseCalendarDate(raw, order);
    if (parsed.ok) return parsed.value;
    this.report(field, raw, parsed.message);
    return null;
  }

  timestamp(field: string, raw: unknown): string | null {
    const parsed = parseTimestamp(raw);
    if (parsed.ok) return parsed.value;
    this.report(field, raw, parsed.message);
    return null;
  }
}

/**
 * Status from dates, shared by the sources that carry them. A termination dated before the current hire date
 * belongs to an earlier employment (a rehire) and is dropped; a termination on or before today means the person has
 * left even when the source still says Active (BambooHR flips status only on the day); leave outranks an inactive
 * flag; a future hire is pending.
 */
export function settleEmployment(
  person: Person,
  facts: { active: boolean | null; onLeave: boolean; today: CalendarDate },
): void {
  const { startDate } = person;
  if (person.terminationDate && startDate && startDate > person.terminationDate) {
    person.terminationDate = null;
    person.lastWorkingDay = null;
  }
  let status: PersonStatus;
  if (person.terminationDate && person.terminationDate <= facts.today) status = 'terminated';
  // Leave wins over an inactive flag: some tenants switch people on long leave off, and reading them as leavers
  // would propose deactivating someone who is coming back.
  else if (facts.onLeave) status = 'leave';
  else if (facts.active === false) status = 'terminated';
  else if (startDate && startDate > facts.today) status = 'pending';
  else if (facts.active === true) status = 'active';
  else status = 'unknown';
  person.status = status;
  if (person.terminationDate && !person.lastWorkingDay) person.lastWorkingDay = person.terminationDate;
}

export function uniqueEmails(values: (string | null | undefined)[], exclude: (string | null)[] = []): string[] {
  const seen = new Set(exclude.filter((v): v is string => v !== null).map((v) => v.toLowerCase()));
  const out: string[] = [];
  for (const value of values) {
    if (!value) continue;
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}
