/**
 * BambooHR connector. The roster comes from the custom report (`POST /reports/custom`): unlike the directory it
 * includes Inactive people, which is the whole point of an offboarding check. API-key auth is HTTP Basic with the
 * key as user name and `x` as password.
 */
import type { Person, PersonBatch, PersonIssue } from './person.js';
import type { ExecResult } from '../http/executor.js';
import { basicAuth, callHr, excerpt, HrApiError, parseJsonBody, type HttpSettings } from './http.js';
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
  type PersonLookup,
  type PersonQuery,
} from './connector.js';

export interface BambooHrOptions extends ConnectorRuntimeOptions {
  /** The part before `.bamboohr.com` in the company's BambooHR address. */
  companyDomain: string;
  apiKey: string;
  /** API root up to and including `/v1`; default `https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1`. */
  baseUrl?: string;
  /**
   * Custom field ids holding further work addresses (comma- or semicolon-separated). BambooHR has no standard alias
   * field, so companies that keep previous addresses name their own field here.
   */
  otherEmailFields?: string[];
}

export const BAMBOOHR_REPORT_FIELDS = [
  'employeeNumber',
  'firstName',
  'lastName',
  'preferredName',
  'displayName',
  'workEmail',
  'homeEmail',
  'status',
  'employmentHistoryStatus',
  'hireDate',
  'originalHireDate',
  'terminationDate',
  'department',
  'jobTitle',
  'supervisorEId',
  'supervisorEmail',
  'lastChanged',
] as const;

export type BambooHrRow = Record<string, unknown>;

interface CustomReport {
  employees?: BambooHrRow[];
}

interface ChangedResponse {
  latest?: string;
  employees?: Record<string, { id?: string; action?: string; lastChanged?: string }>;
}

const LEAVE_WORDS = /leave|suspend|sabbatical|furlough/i;

function employmentTypeOf(historyStatus: string | null): Person['employmentType'] {
  if (historyStatus === null) return null;
  if (/contract|contingent|consultant|temp/i.test(historyStatus)) return 'contractor';
  if (/intern/i.test(historyStatus)) return 'intern';
  if (/full|part|employee|salaried|hourly/i.test(historyStatus)) return 'employee';
  return null;
}

/** Pure: one custom-report (or single-employee) row to a Person, with issues for what could not be read. */
export function bambooRowToPerson(
  row: BambooHrRow,
  context: { today: string; otherEmailFields?: string[] },
  issues: PersonIssue[],
): Person | null {
  const id = typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id).trim() : '';
  const read = new RecordReader('bamboohr', id || null, issues);
  if (!id) {
    read.report('id', row.id ?? null, 'the row has no employee id and was not imported');
    return null;
  }
  const person = emptyPerson('bamboohr', id);
  person.employeeId = read.text('employeeNumber', row.employeeNumber);
  person.firstName = read.text('firstName', row.preferredName) ?? read.text('firstName', row.firstName);
  person.lastName = read.text('lastName', row.lastName);
  person.displayName = read.text('displayName', row.displayName);
  person.workEmail = read.email('workEmail', row.workEmail);
  person.personalEmail = read.email('homeEmail', row.homeEmail);
  const others: string[] = [];
  for (const field of context.otherEmailFields ?? []) {
    const raw = read.text(field, row[field]);
    for (const part of raw?.split(/[;,]/) ?? []) {
      const email = read.email(field, part);
      if (email) others.push(email);
    }
  }
  person.otherEmails = uniqueEmails(others, [person.workEmail]);
  person.department = read.text('department', row.department);
  person.title = read.text('jobTitle', row.jobTitle);
  person.managerId = read.text('supervisorEId', row.supervisorEId);
  person.managerEmail = read.email('supervisorEmail', row.supervisorEmail);
  person.lastChanged = read.timestamp('lastChanged', row.lastChanged);
  person.startDate = read.date('hireDate', row.hireDate) ?? read.date('originalHireDate', row.originalHireDate);
  person.terminationDate = read.date('terminationDate', row.terminationDate);

  const status = read.text('status', row.status);
  const history = read.text('employmentHistoryStatus', row.employmentHistoryStatus);
  person.statusRaw = [status, history].filter((v) => v !== null).join(' / ') || null;
  person.employmentType = employmentTypeOf(history);
  let active: boolean | null = null;
  if (status?.toLowerCase() === 'active') active = true;
  else if (status?.toLowerCase() === 'inactive') active = false;
  else read.report('status', status, `status "${status ?? ''}" is neither Active nor Inactive`);
  const onLeave = history !== null && LEAVE_WORDS.test(history);
  if (history?.toLowerCase() === 'terminated' && active === true && !person.terminationDate) {
    read.report('employmentHistoryStatus', history, 'marked Terminated while Active and without a termination date');
  }
  settleEmployment(person, { active, onLeave, today: context.today });
  if (active === null) person.status = 'unknown';
  return person;
}

/** `2026-11-01T00:00:00Z`: the `Z` form, because a literal `+` offset arrives as a space unless percent-encoded. */
function isoSeconds(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function describeBambooFailure(status: number, response: ExecResult): string {
  const detail =
    response.headers.get('x-bamboohr-error-message') ?? response.headers.get('x-bamboohr-error-messsage') ?? '';
  const suffix = detail ? ` BambooHR says: ${excerpt(detail)}` : '';
  switch (status) {
    case 401:
      return `HTTP 401: BambooHR rejected the API key; check the key and the company domain.${suffix}`;
    case 403:
      return `HTTP 403: the API key's user may not read this data; check its BambooHR access level.${suffix}`;
    case 404:
      return `HTTP 404: BambooHR found nothing at this address; check the company domain.${suffix}`;
    case 429:
      return `HTTP 429: BambooHR kept rate-limiting the requests.${suffix}`;
    default:
      return `HTTP ${status} from BambooHR.${suffix}`;
  }
}

export function createBambooHrConnector(options: BambooHrOptions): HrConnector {
  const companyDomain = requireText(options.companyDomain, 'BambooHR company domain');
  const apiKey = requireText(options.apiKey, 'BambooHR API key');
  const runtime = runtimeDefaults(options);
  const root = (
    options.baseUrl ?? `https://api.bamboohr.com/api/gateway.php/${encodeURIComponent(companyDomain)}/v1`
  ).replace(/\/+$/, '');
  const settings: HttpSettings = {
    source: 'bamboohr',
    execute: runtime.execute,
    timeoutMs: runtime.timeoutMs,
    secrets: [apiKey, basicAuth(apiKey, 'x')],
    describeFailure: describeBambooFailure,
  };
  const headers = { authorization: basicAuth(apiKey, 'x'), accept: 'application/json' };
  const otherEmailFields = options.otherEmailFields ?? [];
  const { today } = runtime;

  /** The roster, or with `changedSince` only the rows changed since then (the report's lastChanged filter). */
  async function runReport(signal?: AbortSignal, changedSince?: string): Promise<PersonBatch> {
    const operation = 'BambooHR custom report';
    const filters = changedSince ? { lastChanged: { includeNull: 'no', value: changedSince } } : undefined;
    const response = await callHr(settings, {
      operation,
      method: 'POST',
      // onlyCurrent=false: with the default, BambooHR hides future-dated values such as an upcoming termination.
      url: `${root}/reports/custom?format=JSON&onlyCurrent=false`,
      // Exactly application/json: with a charset parameter BambooHR parses the body as XML and answers 400.
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'incydr-health-crosscheck', fields: [...BAMBOOHR_REPORT_FIELDS, ...otherEmailFields], filters }),
      signal,
    });
    const report = parseJsonBody<CustomReport>(settings, operation, response);
    if (!Array.isArray(report.employees)) {
      throw new HrInputError(`${operation} failed: the answer has no "employees" list`);
    }
    const issues: PersonIssue[] = [];
    const day = today();
    const people = report.employees
      .map((row) => bambooRowToPerson(row, { today: day, otherEmailFields }, issues))
      .filter((p): p is Person => p !== null);
    return { people, issues };
  }

  return {
    source: 'bamboohr',
    listPeople: (signal) => runReport(signal),

    async listChangesSince(since, signal): Promise<ChangeBatch> {
      const from = parseSince(since);
      const operation = 'BambooHR changed employees';
      const response = await callHr(settings, {
        operation,
        method: 'GET',
        url: `${root}/employees/changed?since=${encodeURIComponent(isoSeconds(from))}&type=all`,
        headers,
        signal,
      });
      const changed = parseJsonBody<ChangedResponse>(settings, operation, response);
      const entries = Object.values(changed.employees ?? {});
      const removedIds = entries.filter((e) => e.action === 'Deleted' && e.id).map((e) => String(e.id));
      const wanted = new Set(entries.filter((e) => e.action !== 'Deleted' && e.id).map((e) => String(e.id)));
      const cursor = typeof changed.latest === 'string' ? changed.latest : null;
      if (wanted.size === 0) return { people: [], issues: [], removedIds, cursor };
      // Only the changed rows travel; the id list from the change feed still decides who is in the batch. Should
      // the report's filter ever disagree with the feed, the full roster is read rather than lose a leaver.
      let roster = await runReport(signal, isoSeconds(from));
      const got = new Set(roster.people.map((p) => p.sourceId));
      if ([...wanted].some((id) => !got.has(id))) roster = await runReport(signal);
      return {
        people: roster.people.filter((p) => wanted.has(p.sourceId)),
        issues: roster.issues.filter((i) => i.sourceId !== null && wanted.has(i.sourceId)),
        removedIds,
        cursor,
      };
    },

    async findPerson(query: PersonQuery, signal?: AbortSignal): Promise<PersonLookup> {
      const { email, id } = requireQuery(query);
      if (id !== null && email === null) {
        if (!/^\d+$/.test(id)) throw new HrInputError(`a BambooHR employee id is a number, got "${id}"`);
        const operation = `BambooHR employee ${id}`;
        const fields = ['id', ...BAMBOOHR_REPORT_FIELDS, ...otherEmailFields].join(',');
        try {
          const response = await callHr(settings, {
            operation,
            method: 'GET',
            url: `${root}/employees/${id}?fields=${encodeURIComponent(fields)}&onlyCurrent=false`,
            headers,
            signal,
          });
          const row = parseJsonBody<BambooHrRow>(settings, operation, response);
          const issues: PersonIssue[] = [];
          const person = bambooRowToPerson({ ...row, id: row.id ?? id }, { today: today(), otherEmailFields }, issues);
          return { person, issues };
        } catch (error) {
          if (!(error instanceof HrApiError) || error.status !== 404) throw error;
          // BambooHR answers 404 both for an unknown employee and for a wrong company domain; a cheap call on the
          // same API root tells them apart, so a typo in the domain never reads as "nobody by that id".
          await callHr(settings, {
            operation: 'BambooHR company check',
            method: 'GET',
            url: `${root}/employees/changed?since=${encodeURIComponent(isoSeconds(new Date(runtime.clock.now())))}`,
            headers,
            signal,
          });
          return { person: null, issues: [] };
        }
      }
      return findInBatch(await runReport(signal), { email, id });
    },
  };
}
