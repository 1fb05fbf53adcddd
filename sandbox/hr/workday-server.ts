/**
 * Workday RaaS simulator: one custom report at `/ccx/service/customreport2/{tenant}/{owner}/{report}` served as
 * JSON `Report_Entry`, Basic auth of an integration user (`user` or `user@tenant`), with Workday's habits: empty
 * columns omitted, booleans as "1"/"0", reference columns as descriptors ("Name (id)").
 */
import { Hono, type Context } from 'hono';
import type { HrPopulation, HrRecord } from './population.js';
import { faultMiddleware, newRequestLog, type HrFaults, type RequestLog } from './faults.js';

export interface WorkdaySandboxOptions {
  population: HrPopulation;
  user: string;
  password: string;
  /** `{owner}/{report}`, e.g. `ISU_Incydr/Incydr_Workers`. */
  reportPath?: string;
  /** Prompts the report requires (400 when absent), e.g. `['As_Of_Date']`. */
  requiredPrompts?: string[];
  /** The API client allowed to exchange a refresh token at `/ccx/oauth2/{tenant}/token`. */
  oauthClient?: { clientId: string; clientSecret: string; refreshToken: string };
  /** Lifetime of issued bearer tokens; default 3600 s. */
  tokenLifetimeSeconds?: number;
  faults?: HrFaults;
}

export interface WorkdaySandbox {
  app: Hono;
  log: RequestLog;
  reportPath: string;
  /** Tokens issued so far (a test asserts "refreshed exactly once"). */
  tokensIssued(): number;
  /** Invalidates every issued bearer, as a revocation or an early expiry would. */
  expireTokens(): void;
}

export const DEFAULT_WORKDAY_REPORT_PATH = 'ISU_Incydr/Incydr_Workers';

function entryOf(record: HrRecord, byKey: Map<string, HrRecord>, today: string): Record<string, string> {
  const manager = record.managerKey ? byKey.get(record.managerKey) : undefined;
  const gone = record.status === 'terminated' || (record.terminationDate !== null && record.terminationDate <= today);
  const values: Record<string, string | null> = {
    Employee_ID: record.workdayId,
    Work_Email: record.workEmail,
    Other_Work_Emails: record.otherWorkEmails.length > 0 ? record.otherWorkEmails.join('; ') : null,
    Legal_First_Name: record.firstName,
    Legal_Last_Name: record.lastName,
    Preferred_Name: record.preferredName,
    Worker_Type: record.employmentType === 'contractor' ? 'Contingent Worker' : 'Employee',
    Active: gone ? '0' : '1',
    On_Leave: record.status === 'leave' ? '1' : '0',
    Leave_Start_Date: record.leaveStart,
    Leave_Estimated_End_Date: record.leaveEnd,
    Hire_Date: record.hireDate,
    Original_Hire_Date: record.originalHireDate,
    Termination_Date: record.terminationDate,
    Last_Day_of_Work: record.lastDayOfWork,
    Supervisory_Organization: record.department
      ? `${record.department}${manager ? ` (${manager.firstName} ${manager.lastName})` : ''}`
      : null,
    Business_Title: record.title,
    Manager_Employee_ID: manager ? `${manager.firstName} ${manager.lastName} (${manager.workdayId})` : null,
    Manager_Work_Email: manager?.workEmail ?? null,
    Last_Functionally_Updated: record.lastChanged.replace(/Z$/, '.000+00:00'),
  };
  const entry: Record<string, string> = {};
  // Workday leaves empty columns out of the JSON entirely.
  for (const [alias, value] of Object.entries(values)) if (value !== null && value !== '') entry[alias] = value;
  return { ...entry, ...record.overrides?.workday };
}

function unauthorized(c: Context) {
  c.header('WWW-Authenticate', 'Basic realm="Workday"');
  return c.json({ error: 'invalid username or password' }, 401);
}

export function createWorkdaySandbox(options: WorkdaySandboxOptions): WorkdaySandbox {
  const { population } = options;
  const reportPath = options.reportPath ?? DEFAULT_WORKDAY_REPORT_PATH;
  const workers = population.records.filter((r) => r.inSystems.workday && r.deletedAt === undefined);
  const byKey = new Map(population.records.map((r) => [r.key, r]));
  const today = population.now.slice(0, 10);
  const tenant = population.workdayTenant;
  const log = newRequestLog();
  const app = new Hono();
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const tokens = new Map<string, number>();
  let issued = 0;

  app.use(
    '*',
    faultMiddleware(options.faults, log, (status, retryAfter) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (retryAfter !== null) headers['Retry-After'] = String(retryAfter);
      const error = status === 429 ? 'rate limit exceeded' : 'the service is temporarily unavailable';
      return new Response(JSON.stringify({ error }), { status, headers });
    }),
  );

  app.post('/ccx/oauth2/:tenant/token', async (c) => {
    if (c.req.param('tenant') !== tenant) return c.json({ error: 'invalid_request', error_description: 'unknown tenant' }, 404);
    const client = options.oauthClient;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    if (field('grant_type') !== 'refresh_token') {
      return c.json({ error: 'unsupported_grant_type', error_description: 'grant_type must be refresh_token' }, 400);
    }
    if (!client || field('client_id') !== client.clientId || field('client_secret') !== client.clientSecret) {
      return c.json({ error: 'invalid_client' }, 401);
    }
    if (field('refresh_token') !== client.refreshToken) return c.json({ error: 'invalid_grant' }, 400);
    issued += 1;
    const token = `wd-sandbox-access-${issued}-${Math.random().toString(36).slice(2, 10)}`;
    tokens.set(token, Date.now() + lifetime * 1000);
    return c.json({ access_token: token, token_type: 'Bearer', expires_in: lifetime });
  });

  const authorized = (header: string): boolean => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    if (bearer) {
      const expiresAt = tokens.get(bearer[1]!);
      return expiresAt !== undefined && expiresAt > Date.now();
    }
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const split = decoded.indexOf(':');
    const user = split < 0 ? '' : decoded.slice(0, split);
    const password = split < 0 ? '' : decoded.slice(split + 1);
    return (user === options.user || user === `${options.user}@${tenant}`) && password === options.password;
  };

  app.get('/ccx/service/customreport2/:tenant/:owner/:report', (c) => {
    if (!authorized(c.req.header('authorization') ?? '')) return unauthorized(c);
    if (c.req.param('tenant') !== tenant || `${c.req.param('owner')}/${c.req.param('report')}` !== reportPath) {
      return c.json({ error: `no report ${c.req.param('owner')}/${c.req.param('report')} in tenant ${c.req.param('tenant')}` }, 404);
    }
    const format = (c.req.query('format') ?? '').toLowerCase();
    if (format !== 'json') {
      return c.json({ error: 'this sandbox serves the report with format=json only' }, 406);
    }
    for (const prompt of options.requiredPrompts ?? []) {
      if (!c.req.query(prompt)) {
        return c.json({ error: `Validation error occurred. Report parameter ${prompt.replace(/_/g, ' ')} is required.` }, 400);
      }
    }
    return c.json({ Report_Entry: workers.map((r) => entryOf(r, byKey, today)) });
  });

  app.all('*', (c) => c.json({ error: 'not found' }, 404));
  return {
    app,
    log,
    reportPath,
    tokensIssued: () => issued,
    expireTokens: () => tokens.clear(),
  };
}
