/**
 * SCIM 2.0 simulator (RFC 7643/7644): `/ServiceProviderConfig`, `/Users` with filter and index paging (server cap
 * on the page size), `/Users/{id}`, `/Users/.search`, the enterprise extension, bearer auth and SCIM error bodies
 * (status as a string). An "eq only" mode answers invalidFilter to anything else, like many real servers.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { HrPopulation, HrRecord } from './population.js';
import { faultMiddleware, newRequestLog, type HrFaults, type RequestLog } from './faults.js';
import { matchesFilter, parseScimFilter, ScimFilterError, type FilterNode } from './scim-filter.js';

export interface ScimSandboxOptions {
  population: HrPopulation;
  token: string;
  /** Largest page the server returns, whatever `count` asks for; default 50. */
  maxResults?: number;
  /** Accept only `eq` comparisons joined by `and`, answering invalidFilter to anything else. */
  eqOnly?: boolean;
  /** Also serve cursor paging (RFC 9865): `cursor` (empty for the first page) and `count` → `nextCursor`. */
  cursorPaging?: boolean;
  faults?: HrFaults;
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SCIM_JSON = 'application/scim+json';

function scimError(status: number, detail: string, scimType?: string, retryAfter?: number | null): Response {
  const headers: Record<string, string> = { 'content-type': SCIM_JSON };
  if (retryAfter !== null && retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  const body: Record<string, unknown> = { schemas: [ERROR], status: String(status), detail };
  if (scimType) body.scimType = scimType;
  return new Response(JSON.stringify(body), { status, headers });
}

function toScimUser(record: HrRecord, byKey: Map<string, HrRecord>, today: string, base: string): Record<string, unknown> {
  const manager = record.managerKey ? byKey.get(record.managerKey) : undefined;
  const gone = record.status === 'terminated' || (record.terminationDate !== null && record.terminationDate <= today);
  const emails: { value: string; type: string; primary?: boolean }[] = [];
  if (record.workEmail) emails.push({ value: record.workEmail, type: 'work', primary: true });
  for (const other of record.otherWorkEmails) emails.push({ value: other, type: 'other' });
  if (record.homeEmail) emails.push({ value: record.homeEmail, type: 'home' });
  const enterprise: Record<string, unknown> = {};
  if (record.employeeNumber) enterprise.employeeNumber = record.employeeNumber;
  if (record.department) enterprise.department = record.department;
  if (manager?.inSystems.scim) {
    enterprise.manager = { value: manager.scimId, $ref: `${base}/Users/${manager.scimId}`, displayName: `${manager.firstName} ${manager.lastName}` };
  }
  const user: Record<string, unknown> = {
    schemas: [CORE_USER, ENTERPRISE],
    id: record.scimId,
    externalId: record.workdayId,
    userName: record.workEmail ?? `${record.firstName}.${record.lastName}.${record.bambooId}`.toLowerCase(),
    name: { givenName: record.preferredName ?? record.firstName, familyName: record.lastName },
    displayName: `${record.preferredName ?? record.firstName} ${record.lastName}`,
    active: !gone,
    emails,
    userType: record.employmentType === 'contractor' ? 'Contractor' : record.employmentType === 'intern' ? 'Intern' : 'Employee',
    meta: {
      resourceType: 'User',
      created: `${record.hireDate}T00:00:00Z`,
      lastModified: record.lastChanged,
      location: `${base}/Users/${record.scimId}`,
    },
    [ENTERPRISE]: enterprise,
  };
  if (record.title) user.title = record.title;
  return { ...user, ...record.overrides?.scim };
}

function onlyEqAnd(node: FilterNode): boolean {
  if (node.kind === 'and') return onlyEqAnd(node.left) && onlyEqAnd(node.right);
  return node.kind === 'compare' && node.op === 'eq';
}

const searchBody = z.object({
  schemas: z.array(z.string()).optional(),
  filter: z.string().optional(),
  startIndex: z.number().int().optional(),
  count: z.number().int().optional(),
  cursor: z.string().optional(),
});

export function createScimSandbox(options: ScimSandboxOptions): { app: Hono; log: RequestLog; basePath: string } {
  const { population } = options;
  const basePath = '/scim/v2';
  const maxResults = options.maxResults ?? 50;
  const records = population.records.filter((r) => r.inSystems.scim && r.deletedAt === undefined);
  const byKey = new Map(population.records.map((r) => [r.key, r]));
  const today = population.now.slice(0, 10);
  const log = newRequestLog();
  const app = new Hono();

  app.use('*', faultMiddleware(options.faults, log, (status, retryAfter) =>
    scimError(status, status === 429 ? 'Too many requests; retry later' : 'The service is temporarily unavailable', undefined, retryAfter),
  ));
  app.use(`${basePath}/*`, async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    if (header !== `Bearer ${options.token}`) return scimError(401, 'The bearer token is missing, wrong or expired');
    await next();
  });

  // The population is fixed for the server's life, so each origin's rendering is built once.
  const rendered = new Map<string, Record<string, unknown>[]>();
  const usersFor = (c: Context) => {
    const base = new URL(c.req.url).origin + basePath;
    let users = rendered.get(base);
    if (!users) rendered.set(base, (users = records.map((r) => toScimUser(r, byKey, today, base))));
    return users;
  };

  // Cursors are opaque to clients; here they name an offset into one filter's result, signed with a per-server nonce
  // so a cursor from another server or a tampered one is refused as invalidCursor.
  const nonce = Math.random().toString(36).slice(2, 10);
  const encodeCursor = (offset: number, filter: string) => Buffer.from(JSON.stringify([nonce, offset, filter])).toString('base64url');
  const decodeCursor = (cursor: string, filter: string): number | null => {
    try {
      const [n, offset, f] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, number, string];
      return n === nonce && f === filter && Number.isInteger(offset) && offset >= 0 ? offset : null;
    } catch {
      return null;
    }
  };

  const list = (c: Context, filterText: string | undefined, startRaw: unknown, countRaw: unknown, cursor?: string): Response => {
    const asInt = (value: unknown, name: string): number | Response | undefined => {
      if (value === undefined || value === '') return undefined;
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(n)) return scimError(400, `${name} must be a whole number, got "${String(value)}"`, 'invalidValue');
      return n;
    };
    const start = asInt(startRaw, 'startIndex');
    if (start instanceof Response) return start;
    const count = asInt(countRaw, 'count');
    if (count instanceof Response) return count;
    let users = usersFor(c);
    if (filterText !== undefined && filterText.trim() !== '') {
      let node: FilterNode;
      try {
        node = parseScimFilter(filterText);
      } catch (error) {
        return scimError(400, `The filter is invalid: ${(error as Error).message}`, 'invalidFilter');
      }
      if (options.eqOnly && !onlyEqAnd(node)) {
        return scimError(400, 'This server supports only "eq" comparisons joined by "and"', 'invalidFilter');
      }
      users = users.filter((u) => matchesFilter(u, node));
    }
    const size = Math.min(maxResults, Math.max(0, count ?? maxResults));
    if (cursor !== undefined) {
      if (!options.cursorPaging) return scimError(400, 'This server does not support cursor paging; use startIndex', 'invalidValue');
      if (start !== undefined) return scimError(400, 'Use either cursor or startIndex, not both', 'invalidValue');
      const offset = cursor === '' ? 0 : decodeCursor(cursor, filterText ?? '');
      if (offset === null) return scimError(400, 'The cursor is not one this server issued for this query', 'invalidCursor');
      const page = users.slice(offset, offset + size);
      const body: Record<string, unknown> = { schemas: [LIST], totalResults: users.length, itemsPerPage: page.length, Resources: page };
      if (offset + page.length < users.length && page.length > 0) body.nextCursor = encodeCursor(offset + page.length, filterText ?? '');
      if (offset > 0) body.previousCursor = encodeCursor(Math.max(0, offset - size), filterText ?? '');
      return new Response(JSON.stringify(body), { headers: { 'content-type': SCIM_JSON } });
    }
    // RFC 7644 §3.4.2.4: startIndex below 1 counts as 1, a negative count as 0.
    const startIndex = Math.max(1, start ?? 1);
    const page = users.slice(startIndex - 1, startIndex - 1 + size);
    return new Response(
      JSON.stringify({ schemas: [LIST], totalResults: users.length, startIndex, itemsPerPage: page.length, Resources: page }),
      { headers: { 'content-type': SCIM_JSON } },
    );
  };

  app.get(`${basePath}/ServiceProviderConfig`, (c) =>
    c.body(
      JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: false },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults },
        pagination: { index: true, cursor: options.cursorPaging === true, defaultPaginationMethod: 'index', defaultPageSize: maxResults, maxPageSize: maxResults },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Bearer token' }],
      }),
      200,
      { 'content-type': SCIM_JSON },
    ),
  );
  app.get(`${basePath}/Users`, (c) =>
    list(c, c.req.query('filter'), c.req.query('startIndex'), c.req.query('count'), c.req.query('cursor')),
  );
  app.post(`${basePath}/Users/.search`, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return scimError(400, 'The request body is not JSON', 'invalidSyntax');
    }
    const parsed = searchBody.safeParse(body);
    if (!parsed.success) {
      return scimError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), 'invalidSyntax');
    }
    return list(c, parsed.data.filter, parsed.data.startIndex, parsed.data.count, parsed.data.cursor);
  });
  app.get(`${basePath}/Users/:id`, (c) => {
    const user = usersFor(c).find((u) => u.id === c.req.param('id'));
    if (!user) return scimError(404, `No User with id ${c.req.param('id')}`);
    return c.body(JSON.stringify(user), 200, { 'content-type': SCIM_JSON });
  });
  app.all('*', () => scimError(404, 'No such SCIM endpoint in this sandbox'));
  return { app, log, basePath };
}

export { ScimFilterError };
