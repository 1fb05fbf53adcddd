/**
 * CSV roster import: the universal fallback for HR systems without an API we speak. The header contract is
 * `employee_id, work_email (or username), first_name, last_name, status, termination_date, ...`; a header map lets a
 * file with its own column names be read without editing it. Row-level problems become PersonIssues with the line.
 */
import type { Person, PersonBatch, PersonIssue, PersonStatus } from './person.js';
import { parseCsv } from './csv.js';
import { emptyPerson, RecordReader, uniqueEmails } from './record.js';
import type { DateOrder } from './dates.js';
import {
  findInBatch,
  HrInputError,
  parseSince,
  requireQuery,
  runtimeDefaults,
  type ChangeBatch,
  type ConnectorRuntimeOptions,
  type HrConnector,
} from './connector.js';

export const CSV_COLUMNS = [
  'employee_id',
  'work_email',
  'username',
  'first_name',
  'last_name',
  'display_name',
  'status',
  'termination_date',
  'last_day_worked',
  'hire_date',
  'leave_start',
  'leave_end',
  'employment_type',
  'department',
  'title',
  'manager_email',
  'manager_employee_id',
  'other_emails',
  'personal_email',
  'last_changed',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface CsvPeopleOptions {
  /** Our column name → the file's header text, e.g. `{ employee_id: 'Emp #', work_email: 'Email' }`. */
  headerMap?: Partial<Record<CsvColumn, string>>;
  delimiter?: ',' | ';';
  /** How to read slash dates; without it only YYYY-MM-DD is accepted (day/month order is never guessed). */
  dateFormat?: DateOrder;
  /** Calendar date against which a past termination date means "terminated" even if status says otherwise. */
  today: string;
}

const STATUS_WORDS: Record<string, PersonStatus> = {
  active: 'active',
  employed: 'active',
  leave: 'leave',
  'on leave': 'leave',
  'leave of absence': 'leave',
  loa: 'leave',
  terminated: 'terminated',
  inactive: 'terminated',
  separated: 'terminated',
  departed: 'terminated',
  pending: 'pending',
  'pre-hire': 'pending',
  prehire: 'pending',
};

const TYPE_WORDS: Record<string, Person['employmentType']> = {
  employee: 'employee',
  'full-time': 'employee',
  'part-time': 'employee',
  contractor: 'contractor',
  contingent: 'contractor',
  intern: 'intern',
  other: 'other',
};

/** Spreadsheet artefacts: `="0123"` (Excel's keep-leading-zeros trick) and ids turned into scientific notation. */
function cleanId(read: RecordReader, column: string, raw: string): string | null {
  let value = raw.trim();
  const wrapped = /^="(.*)"$/.exec(value);
  if (wrapped) {
    value = wrapped[1]!;
    read.report(column, raw, `spreadsheet formula wrapper removed; read as "${value}"`);
  }
  if (/^\d+(\.\d+)?E\+\d+$/i.test(value)) {
    read.report(column, raw, 'looks like a number a spreadsheet turned into scientific notation; the real id is lost');
    return null;
  }
  return value === '' ? null : value;
}

export function readCsvPeople(text: string, options: CsvPeopleOptions): PersonBatch {
  const table = parseCsv(text, options.delimiter ? { delimiter: options.delimiter } : {});
  const headerOf = (column: CsvColumn) => options.headerMap?.[column] ?? column;
  const lowerHeader = table.header.map((h) => h.toLowerCase());
  const indexOf = (column: CsvColumn) => lowerHeader.indexOf(headerOf(column).toLowerCase());
  for (const [column, header] of Object.entries(options.headerMap ?? {})) {
    if (!(CSV_COLUMNS as readonly string[]).includes(column)) {
      throw new HrInputError(`header map: "${column}" is not one of our columns (${CSV_COLUMNS.join(', ')})`);
    }
    if (indexOf(column as CsvColumn) < 0) {
      throw new HrInputError(`header map: the file has no column "${header}" (for ${column}); its header is: ${table.header.join(', ')}`);
    }
  }
  const missing = (['employee_id', 'first_name', 'last_name', 'status'] as const).filter((c) => indexOf(c) < 0);
  if (indexOf('work_email') < 0 && indexOf('username') < 0) missing.push('work_email' as never);
  if (missing.length > 0) {
    throw new HrInputError(
      `CSV line 1: required column(s) missing: ${missing.map(headerOf).join(', ')}; the header is: ${table.header.join(', ')}`,
    );
  }

  const people: Person[] = [];
  const issues: PersonIssue[] = [];
  const firstLineOfId = new Map<string, number>();
  const lineOfEmail = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (column: CsvColumn) => {
      const index = indexOf(column);
      return index < 0 ? '' : (row.fields[index] ?? '');
    };
    const anonymous = new RecordReader('csv', null, issues, row.line);
    const id = cleanId(anonymous, headerOf('employee_id'), cell('employee_id'));
    if (id === null) {
      anonymous.report(headerOf('employee_id'), cell('employee_id'), 'no usable employee id; the row was not imported');
      continue;
    }
    const read = new RecordReader('csv', id, issues, row.line);
    const seenOn = firstLineOfId.get(id);
    if (seenOn !== undefined) {
      read.report(headerOf('employee_id'), id, `duplicate employee id (first on line ${seenOn}); this row was not imported`);
      continue;
    }
    firstLineOfId.set(id, row.line);
    const person = emptyPerson('csv', id);
    person.employeeId = id;
    person.firstName = read.text(headerOf('first_name'), cell('first_name'));
    person.lastName = read.text(headerOf('last_name'), cell('last_name'));
    person.displayName = read.text(headerOf('display_name'), cell('display_name'));
    const username = read.text(headerOf('username'), cell('username'));
    person.workEmail = read.email(headerOf('work_email'), cell('work_email'));
    const others = (read.text(headerOf('other_emails'), cell('other_emails')) ?? '')
      .split(';')
      .map((part) => read.email(headerOf('other_emails'), part));
    person.otherEmails = uniqueEmails([...others, username], [person.workEmail]);
    person.personalEmail = read.email(headerOf('personal_email'), cell('personal_email'));
    person.department = read.text(headerOf('department'), cell('department'));
    person.title = read.text(headerOf('title'), cell('title'));
    person.managerEmail = read.email(headerOf('manager_email'), cell('manager_email'));
    person.managerId = read.text(headerOf('manager_employee_id'), cell('manager_employee_id'));
    person.lastChanged = read.timestamp(headerOf('last_changed'), cell('last_changed'));
    const order = options.dateFormat ?? 'iso';
    person.startDate = read.date(headerOf('hire_date'), cell('hire_date'), order);
    person.terminationDate = read.date(headerOf('termination_date'), cell('termination_date'), order);
    person.lastWorkingDay = read.date(headerOf('last_day_worked'), cell('last_day_worked'), order) ?? person.terminationDate;
    person.leaveStart = read.date(headerOf('leave_start'), cell('leave_start'), order);
    person.leaveEnd = read.date(headerOf('leave_end'), cell('leave_end'), order);

    const typeRaw = read.text(headerOf('employment_type'), cell('employment_type'));
    if (typeRaw !== null) {
      const type = TYPE_WORDS[typeRaw.toLowerCase()];
      if (type === undefined) read.report(headerOf('employment_type'), typeRaw, `unknown employment type "${typeRaw}"`);
      person.employmentType = type ?? 'other';
    }
    const statusRaw = read.text(headerOf('status'), cell('status'));
    person.statusRaw = statusRaw;
    const status = statusRaw === null ? undefined : STATUS_WORDS[statusRaw.toLowerCase()];
    if (status === undefined) {
      read.report(
        headerOf('status'),
        statusRaw,
        `status "${statusRaw ?? ''}" is not one of active, leave, terminated, pending; recorded as unknown`,
      );
    }
    person.status = status ?? 'unknown';
    if (person.status === 'terminated' && person.terminationDate === null) {
      read.report(headerOf('termination_date'), null, 'terminated without a termination date');
    }
    if (person.status !== 'terminated' && person.terminationDate !== null && person.terminationDate <= options.today) {
      if (person.startDate === null || person.startDate <= person.terminationDate) person.status = 'terminated';
    }
    if (person.workEmail === null && username === null) {
      read.report(headerOf('work_email'), null, 'neither a work e-mail nor a username; this person cannot be matched');
    }
    for (const email of [person.workEmail, ...person.otherEmails]) {
      if (!email) continue;
      const key = email.toLowerCase();
      const other = lineOfEmail.get(key);
      if (other !== undefined) read.report(headerOf('work_email'), email, `the address is also on line ${other}`);
      else lineOfEmail.set(key, row.line);
    }
    people.push(person);
  }
  return { people, issues };
}

export interface CsvConnectorOptions extends Omit<ConnectorRuntimeOptions, 'transport' | 'retry' | 'timeoutMs'> {
  /** Returns the file's text each time the roster is read (an uploaded string, or a file the shell reads). */
  load: () => Promise<string> | string;
  headerMap?: CsvPeopleOptions['headerMap'];
  delimiter?: ',' | ';';
  dateFormat?: DateOrder;
}

export function createCsvConnector(options: CsvConnectorOptions): HrConnector {
  const runtime = runtimeDefaults(options);
  const read = async (): Promise<PersonBatch> =>
    readCsvPeople(await options.load(), {
      headerMap: options.headerMap,
      delimiter: options.delimiter,
      dateFormat: options.dateFormat,
      today: runtime.today(),
    });
  return {
    source: 'csv',
    listPeople: read,
    async listChangesSince(since): Promise<ChangeBatch> {
      const from = parseSince(since).toISOString();
      const all = await read();
      // A file has no change feed: rows without last_changed are kept rather than risk missing a leaver.
      const people = all.people.filter((p) => p.lastChanged === null || p.lastChanged >= from);
      const ids = new Set(people.map((p) => p.sourceId));
      return {
        people,
        issues: all.issues.filter((i) => i.sourceId === null || ids.has(i.sourceId)),
        removedIds: [],
        cursor: null,
      };
    },
    async findPerson(query) {
      return findInBatch(await read(), requireQuery(query));
    },
  };
}
