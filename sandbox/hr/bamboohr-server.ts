/**
 * BambooHR simulator: both URL forms (`/api/gateway.php/{company}/v1/...` and `/api/v1/...`), API-key Basic auth,
 * the directory (active people only), changed-since, the custom report and one employee, with BambooHR's quirks:
 * string values, `0000-00-00` for no date, future terminations hidden unless onlyCurrent=false, unknown report
 * fields dropped silently, the exact Content-Type rule, errors in the X-BambooHR-Error-Message header.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { HrPopulation, HrRecord } from './population.js';
import { faultMiddleware, newRequestLog, type HrFaults, type RequestLog } from './faults.js';

export interface BambooHrSandboxOptions {
  population: HrPopulation;
  apiKey: string;
  /** Fields the API key's user may not see: dropped from every answer without a word, as BambooHR does. */
  hiddenFields?: string[];
  faults?: HrFaults;
}

/** The custom field our sandbox uses for further work addresses (BambooHR has no standard one). */
export const BAMBOO_OTHER_EMAILS_FIELD = 'customOtherWorkEmails';

const FIELD_TYPES: Record<string, { type: string; name: string }> = {
  id: { type: 'int', name: 'ID' },
  employeeNumber: { type: 'text', name: 'Employee #' },
  firstName: { type: 'text', name: 'First Name' },
  lastName: { type: 'text', name: 'Last Name' },
  preferredName: { type: 'text', name: 'Preferred Name' },
  displayName: { type: 'text', name: 'Display name' },
  workEmail: { type: 'email', name: 'Work Email' },
  homeEmail: { type: 'email', name: 'Home Email' },
  bestEmail: { type: 'email', name: 'Email' },
  status: { type: 'status', name: 'Status' },
  employmentHistoryStatus: { type: 'list', name: 'Employment Status' },
  hireDate: { type: 'date', name: 'Hire Date' },
  originalHireDate: { type: 'date', name: 'Original Hire Date' },
  terminationDate: { type: 'date', name: 'Termination Date' },
  department: { type: 'list', name: 'Department' },
  division: { type: 'list', name: 'Division' },
  jobTitle: { type: 'list', name: 'Job Title' },
  supervisorEId: { type: 'text', name: 'Supervisor EID' },
  supervisorEmail: { type: 'email', name: 'Supervisor email' },
  lastChanged: { type: 'timestamp', name: 'Last changed' },
  [BAMBOO_OTHER_EMAILS_FIELD]: { type: 'text', name: 'Other Work Emails' },
};

const reportBody = z.object({
  title: z.string().optional(),
  fields: z.array(z.string().min(1)).min(1, 'list at least one field').max(400, 'a report may have at most 400 fields'),
  filters: z
    .object({
      lastChanged: z
        .object({
          includeNull: z.enum(['yes', 'no']).optional(),
          value: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 timestamp'),
        })
        .optional(),
    })
    .optional(),
});

/** The current row of the employmentStatus table; a future-dated Terminated row counts once future values show. */
function historyStatus(record: HrRecord): string {
  if (record.status === 'terminated' || record.terminationDate !== null) return 'Terminated';
  if (record.status === 'leave') return 'Leave of Absence';
  if (record.employmentType === 'intern') return 'Intern';
  return 'Full-Time';
}

/** Every value BambooHR would hold for this person, as the strings its API serves. */
function bambooValues(
  record: HrRecord,
  byKey: Map<string, HrRecord>,
  today: string,
  onlyCurrent: boolean,
): Record<string, string> {
  const manager = record.managerKey ? byKey.get(record.managerKey) : undefined;
  const future = record.terminationDate !== null && record.terminationDate > today;
  const terminated = record.status === 'terminated' || (record.terminationDate !== null && !future);
  const values: Record<string, string> = {
    id: record.bambooId,
    employeeNumber: record.employeeNumber ?? '',
    firstName: record.firstName,
    lastName: record.lastName,
    preferredName: record.preferredName ?? '',
    displayName: `${record.preferredName ?? record.firstName} ${record.lastName}`,
    workEmail: record.workEmail ?? '',
    homeEmail: record.homeEmail ?? '',
    bestEmail: record.workEmail ?? record.homeEmail ?? '',
    // A future termination leaves the person Active until the day.
    status: terminated ? 'Inactive' : 'Active',
    employmentHistoryStatus: future && onlyCurrent ? historyStatus({ ...record, terminationDate: null }) : historyStatus(record),
    hireDate: record.hireDate,
    originalHireDate: record.originalHireDate ?? record.hireDate,
    terminationDate: record.terminationDate === null || (future && onlyCurrent) ? '0000-00-00' : record.terminationDate,
    department: record.department ?? '',
    division: '',
    jobTitle: record.title ?? '',
    supervisorEId: manager?.inSystems.bamboohr ? manager.bambooId : '',
    supervisorEmail: manager?.workEmail ?? '',
    lastChanged: record.lastChanged.replace(/Z$/, '+00:00'),
    [BAMBOO_OTHER_EMAILS_FIELD]: record.otherWorkEmails.join(', '),
  };
  return { ...values, ...record.overrides?.bamboohr };
}

function pick(values: Record<string, string>, fields: readonly string[], hidden: ReadonlySet<string>): Record<string, string> {
  const out: Record<string, string> = { id: values.id! };
  // Unknown or forbidden fields are dropped without a word, as BambooHR does.
  for (const field of fields) if (field in values && !hidden.has(field)) out[field] = values[field]!;
  return out;
}

function fail(c: Context, status: 400 | 401 | 403 | 404 | 406, message: string) {
  c.header('X-BambooHR-Error-Message', message);
  return c.text(message, status);
}

const SINCE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$/;

export function createBambooHrSandbox(options: BambooHrSandboxOptions): { app: Hono; log: RequestLog } {
  const { population } = options;
  const people = population.records.filter((r) => r.inSystems.bamboohr && r.deletedAt === undefined);
  const deleted = population.records.filter((r) => r.inSystems.bamboohr && r.deletedAt !== undefined);
  const byKey = new Map(population.records.map((r) => [r.key, r]));
  const byId = new Map(people.map((r) => [r.bambooId, r]));
  const today = population.now.slice(0, 10);
  const hidden = new Set(options.hiddenFields ?? []);
  const log = newRequestLog();
  const app = new Hono();

  app.use(
    '*',
    faultMiddleware(options.faults, log, (status, retryAfter) => {
      const headers: Record<string, string> = { 'X-BambooHR-Error-Message': status === 429 ? 'Rate limit exceeded' : 'Service unavailable' };
      if (retryAfter !== null) headers['Retry-After'] = String(retryAfter);
      return new Response(status === 429 ? 'Too Many Requests' : 'Server error', { status, headers });
    }),
  );

  const api = new Hono();
  api.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : '';
    if (!match || key !== options.apiKey) return fail(c, 401, 'Invalid or missing API key');
    await next();
  });
  const wantsJson = (c: Context) => (c.req.header('accept') ?? '').split(',').some((v) => v.trim().startsWith('application/json'));

  api.get('/employees/directory', (c) => {
    if (!wantsJson(c)) return fail(c, 406, 'This sandbox answers JSON only; send Accept: application/json');
    const onlyCurrent = c.req.query('onlyCurrent') !== 'false';
    const current = people.filter((r) => {
      const values = bambooValues(r, byKey, today, true);
      return values.status === 'Active' && (!onlyCurrent || r.hireDate <= today);
    });
    if (current.length === 0) return fail(c, 404, 'The directory is empty');
    const fields = ['displayName', 'firstName', 'lastName', 'preferredName', 'jobTitle', 'workEmail', 'department'];
    return c.json({
      fields: fields.map((id) => ({ id, ...FIELD_TYPES[id] })),
      employees: current.map((r) => ({ ...pick(bambooValues(r, byKey, today, true), fields, hidden), canUploadPhoto: 1 })),
    });
  });

  api.get('/employees/changed', (c) => {
    if (!wantsJson(c)) return fail(c, 406, 'This sandbox answers JSON only; send Accept: application/json');
    const since = c.req.query('since') ?? '';
    if (/ /.test(since)) return fail(c, 400, 'since contains a space: a "+" offset must be sent as %2B');
    if (!SINCE.test(since) || Number.isNaN(Date.parse(since))) {
      return fail(c, 400, 'since must be an ISO-8601 timestamp such as 2026-11-01T00:00:00Z');
    }
    const type = (c.req.query('type') ?? 'all').toLowerCase();
    if (!['all', 'inserted', 'updated', 'deleted'].includes(type)) {
      return fail(c, 400, 'type must be inserted, updated, deleted or all');
    }
    const from = Date.parse(since);
    const employees: Record<string, { id: string; action: string; lastChanged: string }> = {};
    let latest: string | null = null;
    for (const r of people) {
      if (Date.parse(r.lastChanged) < from) continue;
      const action = Date.parse(`${r.hireDate}T00:00:00Z`) >= from ? 'Inserted' : 'Updated';
      if (type !== 'all' && type !== action.toLowerCase()) continue;
      const lastChanged = r.lastChanged.replace(/Z$/, '+00:00');
      employees[r.bambooId] = { id: r.bambooId, action, lastChanged };
      if (latest === null || Date.parse(lastChanged) > Date.parse(latest)) latest = lastChanged;
    }
    for (const r of deleted) {
      if (Date.parse(r.deletedAt!) < from || (type !== 'all' && type !== 'deleted')) continue;
      const lastChanged = r.deletedAt!.replace(/Z$/, '+00:00');
      employees[r.bambooId] = { id: r.bambooId, action: 'Deleted', lastChanged };
      if (latest === null || Date.parse(lastChanged) > Date.parse(latest)) latest = lastChanged;
    }
    return c.json({ latest: latest ?? since, employees });
  });

  api.post('/reports/custom', async (c) => {
    const format = c.req.query('format');
    if (format ? format.toLowerCase() !== 'json' : c.req.header('accept') !== 'application/json') {
      return fail(c, 404, 'Unsupported report format; this sandbox serves format=JSON');
    }
    // BambooHR parses anything but exactly application/json as XML.
    if (c.req.header('content-type') !== 'application/json') return fail(c, 400, 'Malformed XML');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c, 400, 'The request body is not valid JSON');
    }
    const parsed = reportBody.safeParse(body);
    if (!parsed.success) {
      return fail(c, 400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    }
    const onlyCurrent = c.req.query('onlyCurrent') !== 'false';
    const known = parsed.data.fields.filter((f) => f in FIELD_TYPES && !hidden.has(f));
    return c.json({
      title: parsed.data.title ?? 'Report',
      fields: known.map((id) => ({ id, ...FIELD_TYPES[id] })),
      employees: people
        .filter((r) => {
          // Every sandbox record has a lastChanged, so includeNull never adds anyone here.
          const since = parsed.data.filters?.lastChanged?.value;
          return since === undefined || Date.parse(r.lastChanged) >= Date.parse(since);
        })
        .map((r) => pick(bambooValues(r, byKey, today, onlyCurrent), known, hidden)),
    });
  });

  api.get('/employees/:id', (c) => {
    if (!wantsJson(c)) return fail(c, 406, 'This sandbox answers JSON only; send Accept: application/json');
    const id = c.req.param('id');
    if (!/^\d+$/.test(id)) return fail(c, 400, 'The employee id must be a number');
    const record = byId.get(id);
    if (!record) return fail(c, 404, `No employee with id ${id}`);
    const fields = (c.req.query('fields') ?? 'firstName,lastName').split(',').map((f) => f.trim()).filter(Boolean);
    return c.json(pick(bambooValues(record, byKey, today, c.req.query('onlyCurrent') !== 'false'), fields, hidden));
  });

  api.all('*', (c) => fail(c, 404, 'No such BambooHR endpoint in this sandbox'));

  app.route(`/api/gateway.php/${population.companyDomain}/v1`, api);
  app.route('/api/v1', api);
  app.all('*', (c) => fail(c, 404, `Unknown path; the company domain here is "${population.companyDomain}"`));
  return { app, log };
}
