/**
 * Workday connector: one RaaS custom report fetched as JSON (`Report_Entry`), authenticated as an Integration
 * System User over HTTP Basic. Column names are whatever aliases the customer's report defines, so they are
 * configurable; the defaults are the report contract in docs/decisions/0006-hr-and-matching.md.
 * RaaS has no change feed: changes are read from the report's last-updated column.
 */
import type { Person, PersonBatch, PersonIssue } from './person.js';
import type { ExecResult } from '../http/executor.js';
import { callHr, excerpt, HrApiError, parseJsonBody, type HttpSettings } from './http.js';
import { createWorkdayAuth, type WorkdayOAuth } from './workday-auth.js';
import { emptyPerson, RecordReader, settleEmployment, uniqueEmails } from './record.js';
import {
  findInBatch,
  HrInputError,
  parseSince,
  requireQuery,
  requireText,
  runtimeDefaults,
  type ChangeBatch,
  type ConnectorRuntimeOptions,
  type HrConnector,
} from './connector.js';

export interface WorkdayFieldMap {
  employeeId: string;
  workEmail: string;
  otherWorkEmails: string;
  firstName: string;
  lastName: string;
  preferredName: string;
  workerType: string;
  active: string;
  onLeave: string;
  leaveStart: string;
  leaveEnd: string;
  hireDate: string;
  originalHireDate: string;
  terminationDate: string;
  lastDayOfWork: string;
  department: string;
  title: string;
  managerId: string;
  managerEmail: string;
  lastUpdated: string;
}

export const DEFAULT_WORKDAY_FIELDS: WorkdayFieldMap = {
  employeeId: 'Employee_ID',
  workEmail: 'Work_Email',
  otherWorkEmails: 'Other_Work_Emails',
  firstName: 'Legal_First_Name',
  lastName: 'Legal_Last_Name',
  preferredName: 'Preferred_Name',
  workerType: 'Worker_Type',
  active: 'Active',
  onLeave: 'On_Leave',
  leaveStart: 'Leave_Start_Date',
  leaveEnd: 'Leave_Estimated_End_Date',
  hireDate: 'Hire_Date',
  originalHireDate: 'Original_Hire_Date',
  terminationDate: 'Termination_Date',
  lastDayOfWork: 'Last_Day_of_Work',
  department: 'Supervisory_Organization',
  title: 'Business_Title',
  managerId: 'Manager_Employee_ID',
  managerEmail: 'Manager_Work_Email',
  lastUpdated: 'Last_Functionally_Updated',
};

export interface WorkdayOptions extends ConnectorRuntimeOptions {
  /** The report's REST URL as Workday shows it under "View URLs", with or without `?format=...`. */
  reportUrl: string;
  /** The Integration System User; `user` and `user@tenant` both work for RaaS. */
  username?: string;
  password?: string;
  /** Instead of an ISU: an API client's refresh token, exchanged for bearer tokens. */
  oauth?: WorkdayOAuth;
  fields?: Partial<WorkdayFieldMap>;
  /** Report prompts, sent as query parameters (dates as YYYY-MM-DD). */
  prompts?: Record<string, string>;
}

type WorkdayEntry = Record<string, unknown>;

/** Workday booleans are the strings "1"/"0"; absent means the column was empty. */
function readFlag(read: RecordReader, field: string, raw: unknown): boolean | null {
  if (raw === undefined || raw === null || raw === '' || raw === '-') return null;
  if (raw === '1' || raw === 1 || raw === true || raw === 'true') return true;
  if (raw === '0' || raw === 0 || raw === false || raw === 'false') return false;
  read.report(field, raw, `expected "1" or "0", got ${JSON.stringify(raw)}`);
  return null;
}

/** Reference columns render as descriptors, e.g. "Alex Manager (000687)"; the id is in the parentheses. */
function idFromDescriptor(value: string | null): string | null {
  if (value === null) return null;
  const match = /\(([^()\s]+)\)\s*$/.exec(value);
  return match ? match[1]! : value;
}

function workerTypeOf(value: string | null): Person['employmentType'] {
  if (value === null) return null;
  if (/contingent|contractor|consultant/i.test(value)) return 'contractor';
  if (/intern/i.test(value)) return 'intern';
  if (/employee/i.test(value)) return 'employee';
  return 'other';
}

/** Pure: one Report_Entry to a Person. */
export function workdayEntryToPerson(
  entry: WorkdayEntry,
  context: { today: string; fields: WorkdayFieldMap },
  issues: PersonIssue[],
): Person | null {
  const f = context.fields;
  const rawId = entry[f.employeeId];
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).trim() : '';
  const read = new RecordReader('workday', id || null, issues);
  if (!id) {
    read.report(f.employeeId, rawId ?? null, `the entry has no ${f.employeeId} and was not imported`);
    return null;
  }
  const person = emptyPerson('workday', id);
  person.employeeId = id;
  person.firstName = read.text(f.preferredName, entry[f.preferredName]) ?? read.text(f.firstName, entry[f.firstName]);
  person.lastName = read.text(f.lastName, entry[f.lastName]);
  person.displayName = [person.firstName, person.lastName].filter(Boolean).join(' ') || null;
  person.workEmail = read.email(f.workEmail, entry[f.workEmail]);
  const others = (read.text(f.otherWorkEmails, entry[f.otherWorkEmails]) ?? '')
    .split(';')
    .map((part) => read.email(f.otherWorkEmails, part));
  person.otherEmails = uniqueEmails(others, [person.workEmail]);
  const workerType = read.text(f.workerType, entry[f.workerType]);
  person.employmentType = workerTypeOf(workerType);
  person.department = read.text(f.department, entry[f.department]);
  person.title = read.text(f.title, entry[f.title]);
  person.managerId = idFromDescriptor(read.text(f.managerId, entry[f.managerId]));
  person.managerEmail = read.email(f.managerEmail, entry[f.managerEmail]);
  person.lastChanged = read.timestamp(f.lastUpdated, entry[f.lastUpdated]);
  person.startDate = read.date(f.hireDate, entry[f.hireDate]) ?? read.date(f.originalHireDate, entry[f.originalHireDate]);
  person.terminationDate = read.date(f.terminationDate, entry[f.terminationDate]);
  person.lastWorkingDay = read.date(f.lastDayOfWork, entry[f.lastDayOfWork]);
  person.leaveStart = read.date(f.leaveStart, entry[f.leaveStart]);
  person.leaveEnd = read.date(f.leaveEnd, entry[f.leaveEnd]);
  const active = readFlag(read, f.active, entry[f.active]);
  const onLeave = readFlag(read, f.onLeave, entry[f.onLeave]) === true;
  person.statusRaw =
    [
      active === null ? null : `${f.active}=${active ? 1 : 0}`,
      onLeave ? `${f.onLeave}=1` : null,
      workerType,
    ]
      .filter(Boolean)
      .join(' ') || null;
  if (active === null) read.report(f.active, entry[f.active] ?? null, `the ${f.active} column is empty`);
  settleEmployment(person, { active, onLeave, today: context.today });
  return person;
}

function describeWorkdayFailure(status: number, response: ExecResult): string {
  const body = excerpt(response.bodyText);
  switch (status) {
    case 400:
      return `HTTP 400: Workday refused the report request (often a missing or invalid prompt): ${body}`;
    case 401:
      return 'HTTP 401: Workday rejected the credentials (integration user name and password, or the bearer token).';
    case 403:
      return 'HTTP 403: the integration user may not run this report; share it with the user and check its domains.';
    case 404:
      return 'HTTP 404: no report at this URL; copy it again from the report\'s "View URLs".';
    default:
      return `HTTP ${status} from Workday${body ? `: ${body}` : ''}`;
  }
}

export function createWorkdayConnector(options: WorkdayOptions): HrConnector {
  const reportUrl = requireText(options.reportUrl, 'Workday report URL');
  let url: URL;
  try {
    url = new URL(reportUrl);
  } catch {
    throw new HrInputError(`the Workday report URL "${reportUrl}" is not a valid URL`);
  }
  url.searchParams.set('format', 'json');
  for (const [name, value] of Object.entries(options.prompts ?? {})) url.searchParams.set(name, value);
  const runtime = runtimeDefaults(options);
  const fields: WorkdayFieldMap = { ...DEFAULT_WORKDAY_FIELDS, ...options.fields };
  const base = { source: 'workday' as const, execute: runtime.execute, timeoutMs: runtime.timeoutMs };
  const auth = createWorkdayAuth(options, base, runtime.clock);
  const settings: HttpSettings = { ...base, secrets: auth.secrets, describeFailure: describeWorkdayFailure };

  async function fetchReport(signal?: AbortSignal): Promise<ExecResult> {
    const call = async () =>
      callHr(settings, {
        operation: 'Workday report',
        method: 'GET',
        url: url.toString(),
        headers: { authorization: await auth.authorization(signal), accept: 'application/json' },
        signal,
      });
    try {
      return await call();
    } catch (error) {
      // A bearer can expire early (revoked, clock skew): fetch a new one once, then give up.
      if (!auth.refreshable || !(error instanceof HrApiError) || error.status !== 401) throw error;
      auth.invalidate();
      return call();
    }
  }

  async function runReport(signal?: AbortSignal): Promise<PersonBatch> {
    const operation = 'Workday report';
    const response = await fetchReport(signal);
    const body = parseJsonBody<{ Report_Entry?: WorkdayEntry[] }>(settings, operation, response);
    if (!Array.isArray(body.Report_Entry)) {
      throw new HrInputError(`${operation} failed: the answer has no "Report_Entry" list; is the report format JSON?`);
    }
    const issues: PersonIssue[] = [];
    const today = runtime.today();
    const people = body.Report_Entry.map((entry) => workdayEntryToPerson(entry, { today, fields }, issues)).filter(
      (p): p is Person => p !== null,
    );
    return { people, issues };
  }

  return {
    source: 'workday',
    listPeople: runReport,
    async listChangesSince(since, signal): Promise<ChangeBatch> {
      const from = parseSince(since).toISOString();
      const roster = await runReport(signal);
      // Entries without a last-updated value are kept: missing a leaver costs more than re-reading a record.
      const people = roster.people.filter((p) => p.lastChanged === null || p.lastChanged >= from);
      const ids = new Set(people.map((p) => p.sourceId));
      return {
        people,
        issues: roster.issues.filter((i) => i.sourceId === null || ids.has(i.sourceId)),
        removedIds: [],
        cursor: null,
      };
    },
    async findPerson(query, signal) {
      return findInBatch(await runReport(signal), requireQuery(query));
    },
  };
}
