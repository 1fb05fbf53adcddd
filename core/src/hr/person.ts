/**
 * The one normalized HR record every connector (BambooHR, Workday RaaS, SCIM 2.0, CSV) emits, and the only HR
 * shape the matcher and the health rules read. "No value" is always `null`: never '' and never '0000-00-00'.
 * Dates are calendar dates (`YYYY-MM-DD`); `lastChanged` is an ISO timestamp.
 */

export const HR_SOURCES = ['bamboohr', 'workday', 'scim', 'csv'] as const;
export type HrSource = (typeof HR_SOURCES)[number];

/** `pending` = hired but not started yet. `unknown` = the source said something we could not map (see statusRaw). */
export const PERSON_STATUSES = ['active', 'leave', 'terminated', 'pending', 'unknown'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const EMPLOYMENT_TYPES = ['employee', 'contractor', 'intern', 'other'] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export type CalendarDate = string;

export interface Person {
  source: HrSource;
  /** The record's id in its source system (BambooHR id, Workday Employee_ID, SCIM id, CSV row key). */
  sourceId: string;
  /** Company-assigned employee number; the strongest match key where Incydr carries it. */
  employeeId: string | null;
  /** Raw work e-mail as the source gave it; the matcher normalizes it. */
  workEmail: string | null;
  /** Secondary or previous work addresses and usernames (aliases). Match keys. */
  otherEmails: string[];
  /** Home address: HR context only, never a match key. */
  personalEmail: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  status: PersonStatus;
  /** The source's own status words, kept for audit and for explaining an `unknown`. */
  statusRaw: string | null;
  employmentType: EmploymentType | null;
  startDate: CalendarDate | null;
  /** Effective termination date; may lie in the future (a known departure). */
  terminationDate: CalendarDate | null;
  /** Last day the person worked; equals terminationDate when the source has no separate field. */
  lastWorkingDay: CalendarDate | null;
  leaveStart: CalendarDate | null;
  leaveEnd: CalendarDate | null;
  department: string | null;
  title: string | null;
  managerId: string | null;
  managerEmail: string | null;
  lastChanged: string | null;
}

/** A value a connector could not normalize. Reported next to the people, never silently dropped. */
export interface PersonIssue {
  source: HrSource;
  sourceId: string | null;
  /** e.g. `terminationDate`, or a CSV column name. */
  field: string;
  value: string | null;
  message: string;
  /** CSV only: 1-based line number in the file (the header is line 1). */
  line?: number;
}

export interface PersonBatch {
  people: Person[];
  issues: PersonIssue[];
}
