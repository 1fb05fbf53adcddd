/**
 * SCIM 2.0 connector (RFC 7643 / 7644): `GET /Users` with index paging, bearer token, the enterprise extension.
 * SCIM has no termination date, last day or leave: `active: false` is read as terminated with the date unknown,
 * and `meta.lastModified` says roughly when.
 */
import type { Person, PersonBatch, PersonIssue } from './person.js';
import type { ExecResult } from '../http/executor.js';
import { callHr, excerpt, HrApiError, parseJsonBody, type HttpSettings } from './http.js';
import { emptyPerson, RecordReader, settleEmployment, uniqueEmails } from './record.js';
import {
  HrInputError,
  parseSince,
  requireQuery,
  requireText,
  runtimeDefaults,
  type ChangeBatch,
  type ConnectorRuntimeOptions,
  type HrConnector,
  type PersonLookup,
} from './connector.js';

export const SCIM_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimOptions extends ConnectorRuntimeOptions {
  /** Base URL of the SCIM service, without the trailing `/Users`. */
  baseUrl: string;
  token: string;
  /** Requested page size; the server may return fewer. Default 100. */
  pageSize?: number;
  /**
   * `index` (RFC 7644 startIndex/count, the default) or `cursor` (RFC 9865: `cursor` then `nextCursor`, as Entra's
   * SCIM API pages). Cursor paging does not skip or repeat records that change during the walk.
   */
  paging?: 'index' | 'cursor';
  /**
   * How to read `active: false`: `terminated` (default; HR-fed SCIM such as HiBob's deactivates leavers) or
   * `unknown`, for servers that also deactivate people on leave, so no one is proposed for action on that alone.
   */
  inactiveMeans?: 'terminated' | 'unknown';
}

export interface ScimUser {
  id?: unknown;
  externalId?: unknown;
  userName?: unknown;
  name?: { givenName?: unknown; familyName?: unknown; formatted?: unknown };
  displayName?: unknown;
  nickName?: unknown;
  title?: unknown;
  userType?: unknown;
  active?: unknown;
  emails?: unknown;
  meta?: { lastModified?: unknown; created?: unknown };
  [extension: string]: unknown;
}

interface ListResponse {
  nextCursor?: string;
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: ScimUser[];
}

interface ScimEmail {
  value?: unknown;
  type?: unknown;
  primary?: unknown;
}

function userTypeOf(value: string | null): Person['employmentType'] {
  if (value === null) return null;
  if (/contract|contingent|vendor|consultant/i.test(value)) return 'contractor';
  if (/intern/i.test(value)) return 'intern';
  if (/employee|staff/i.test(value)) return 'employee';
  return 'other';
}

/** Pure: one SCIM User resource to a Person. */
export function scimUserToPerson(
  user: ScimUser,
  context: { today: string; inactiveMeans?: 'terminated' | 'unknown' },
  issues: PersonIssue[],
): Person | null {
  const id = typeof user.id === 'string' ? user.id.trim() : '';
  const read = new RecordReader('scim', id || null, issues);
  if (!id) {
    read.report('id', user.id ?? null, 'the User has no id and was not imported');
    return null;
  }
  const person = emptyPerson('scim', id);
  const enterprise = (user[SCIM_ENTERPRISE_USER] ?? {}) as Record<string, unknown>;
  person.employeeId = read.text('employeeNumber', enterprise.employeeNumber) ?? read.text('externalId', user.externalId);
  person.firstName = read.text('name.givenName', user.name?.givenName);
  person.lastName = read.text('name.familyName', user.name?.familyName);
  person.displayName = read.text('displayName', user.displayName);
  person.title = read.text('title', user.title);
  const userType = read.text('userType', user.userType);
  person.employmentType = userTypeOf(userType);
  person.department = read.text('department', enterprise.department);
  const manager = enterprise.manager as { value?: unknown } | undefined;
  person.managerId = read.text('manager.value', manager?.value);
  person.lastChanged = read.timestamp('meta.lastModified', user.meta?.lastModified);

  const work: { value: string; primary: boolean }[] = [];
  const others: string[] = [];
  if (user.emails !== undefined && !Array.isArray(user.emails)) read.report('emails', user.emails, 'emails is not a list');
  for (const entry of Array.isArray(user.emails) ? (user.emails as ScimEmail[]) : []) {
    const value = read.email('emails.value', entry?.value);
    if (!value) continue;
    const type = typeof entry.type === 'string' ? entry.type.toLowerCase() : 'other';
    if (type === 'home') person.personalEmail ??= value;
    else if (type === 'work') work.push({ value, primary: entry.primary === true });
    else others.push(value);
  }
  work.sort((a, b) => Number(b.primary) - Number(a.primary));
  const userName = read.text('userName', user.userName);
  person.workEmail = work[0]?.value ?? (userName && userName.includes('@') ? userName : null);
  person.otherEmails = uniqueEmails(
    [...work.slice(1).map((w) => w.value), ...others, userName],
    [person.workEmail, person.personalEmail],
  );

  let active: boolean | null = null;
  if (typeof user.active === 'boolean') active = user.active;
  else if (user.active !== undefined) read.report('active', user.active, 'active is not true or false');
  person.statusRaw = active === null ? null : `active=${active}`;
  settleEmployment(person, { active, onLeave: false, today: context.today });
  // `active` is an administrative flag whose meaning each server defines; some also switch off people on leave.
  if (active === false && context.inactiveMeans === 'unknown') person.status = 'unknown';
  return person;
}

function describeScimFailure(status: number, response: ExecResult): string {
  let detail = '';
  try {
    const body = JSON.parse(response.bodyText) as { detail?: unknown; scimType?: unknown };
    detail = [body.scimType, body.detail].filter((v) => typeof v === 'string').join(': ');
  } catch {
    detail = excerpt(response.bodyText);
  }
  const suffix = detail ? ` The server says: ${excerpt(detail)}` : '';
  switch (status) {
    case 401:
      return `HTTP 401: the SCIM server rejected the bearer token (wrong or expired).${suffix}`;
    case 403:
      return `HTTP 403: the token may not read Users.${suffix}`;
    default:
      return `HTTP ${status} from the SCIM server.${suffix}`;
  }
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function createScimConnector(options: ScimOptions): HrConnector {
  const base = requireText(options.baseUrl, 'SCIM base URL').replace(/\/+$/, '');
  const token = requireText(options.token, 'SCIM bearer token');
  const pageSize = options.pageSize ?? 100;
  const paging = options.paging ?? 'index';
  const inactiveMeans = options.inactiveMeans ?? 'terminated';
  if (paging !== 'index' && paging !== 'cursor') throw new HrInputError(`SCIM paging must be "index" or "cursor", got "${String(paging)}"`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new HrInputError(`SCIM page size must be a whole number from 1 to 1000, got ${pageSize}`);
  }
  const runtime = runtimeDefaults(options);
  const settings: HttpSettings = {
    source: 'scim',
    execute: runtime.execute,
    timeoutMs: runtime.timeoutMs,
    secrets: [token],
    describeFailure: describeScimFailure,
  };
  const headers = { authorization: `Bearer ${token}`, accept: 'application/scim+json, application/json' };
  const { today } = runtime;

  async function listUsers(filter: string | null, signal?: AbortSignal): Promise<PersonBatch> {
    const issues: PersonIssue[] = [];
    const people = new Map<string, Person>();
    const day = today();
    const take = (page: ListResponse): ScimUser[] => {
      const resources = Array.isArray(page.Resources) ? page.Resources : [];
      for (const user of resources) {
        const person = scimUserToPerson(user, { today: day, inactiveMeans }, issues);
        // Index paging is not snapshot-consistent: a record can show up on two pages.
        if (person) people.set(person.sourceId, person);
      }
      return resources;
    };
    const fetchPage = async (params: URLSearchParams, operation: string): Promise<ListResponse> => {
      if (filter) params.set('filter', filter);
      const response = await callHr(settings, {
        operation,
        method: 'GET',
        url: `${base}/Users?${params.toString()}`,
        headers,
        signal,
      });
      return parseJsonBody<ListResponse>(settings, operation, response);
    };
    if (paging === 'cursor') {
      let cursor = '';
      for (let pageNo = 1; ; pageNo += 1) {
        const page = await fetchPage(new URLSearchParams({ cursor, count: String(pageSize) }), `SCIM list Users (page ${pageNo})`);
        const resources = take(page);
        if (typeof page.nextCursor !== 'string' || page.nextCursor === '' || resources.length === 0) break;
        cursor = page.nextCursor;
      }
      return { people: [...people.values()], issues };
    }
    let startIndex = 1;
    for (;;) {
      const page = await fetchPage(
        new URLSearchParams({ startIndex: String(startIndex), count: String(pageSize) }),
        `SCIM list Users (from ${startIndex})`,
      );
      const resources = take(page);
      const total = typeof page.totalResults === 'number' ? page.totalResults : 0;
      // Advance by what actually arrived: a server whose itemsPerPage disagrees with its Resources must not loop us.
      if (resources.length === 0 || startIndex - 1 + resources.length >= total) break;
      startIndex += resources.length;
    }
    return { people: [...people.values()], issues };
  }

  return {
    source: 'scim',
    listPeople: (signal) => listUsers(null, signal),

    async listChangesSince(since, signal): Promise<ChangeBatch> {
      const from = parseSince(since).toISOString();
      try {
        const batch = await listUsers(`meta.lastModified ge ${quote(from)}`, signal);
        return { ...batch, removedIds: [], cursor: null };
      } catch (error) {
        // Many SCIM servers support only `eq`; then read everything and filter here.
        if (!(error instanceof HrApiError) || error.status !== 400) throw error;
        const all = await listUsers(null, signal);
        const people = all.people.filter((p) => p.lastChanged === null || p.lastChanged >= from);
        const ids = new Set(people.map((p) => p.sourceId));
        return {
          people,
          issues: all.issues.filter((i) => i.sourceId === null || ids.has(i.sourceId)),
          removedIds: [],
          cursor: null,
        };
      }
    },

    async findPerson(query, signal): Promise<PersonLookup> {
      const { email, id } = requireQuery(query);
      if (id !== null) {
        const operation = `SCIM get User ${id}`;
        try {
          const response = await callHr(settings, {
            operation,
            method: 'GET',
            url: `${base}/Users/${encodeURIComponent(id)}`,
            headers,
            signal,
          });
          const issues: PersonIssue[] = [];
          const person = scimUserToPerson(parseJsonBody<ScimUser>(settings, operation, response), { today: today(), inactiveMeans }, issues);
          if (person || email === null) return { person, issues };
        } catch (error) {
          if (!(error instanceof HrApiError) || error.status !== 404) throw error;
          // A 404 also comes from a wrong base URL; an empty count=0 listing on the same base tells them apart.
          await callHr(settings, { operation: 'SCIM base URL check', method: 'GET', url: `${base}/Users?count=0`, headers, signal });
          if (email === null) return { person: null, issues: [] };
        }
      }
      for (const filter of [`userName eq ${quote(email!)}`, `emails.value eq ${quote(email!)}`]) {
        const batch = await listUsers(filter, signal);
        const person = batch.people[0];
        if (person) return { person, issues: batch.issues.filter((i) => i.sourceId === person.sourceId) };
      }
      return { person: null, issues: [] };
    },
  };
}
