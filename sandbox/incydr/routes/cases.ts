/** `/v1/cases`: list (pgNum/pgSize paging), get, create, update, delete, a case's file events. */
import { z } from 'zod';
import type { Case, CaseDetail, CaseFileEventsPage, CasesPage } from '@incydr-health/core/incydr/types';
import { CASE_STATUSES } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import { badRequest } from '../errors.js';
import { callOf, compareValues, type RouteModule } from '../http.js';
import { paginate, parseBody, parseQuery, qBool, qInt, qText } from '../validation.js';

const SORT_KEYS = ['name', 'number', 'createdAt', 'updatedAt', 'status', 'assigneeUsername', 'subjectUsername'] as const;

const listQuery = z.object({
  assignee: qText.optional(),
  createdAt: qText.optional(),
  isAssigned: qBool.optional(),
  lastModifiedBy: qText.optional(),
  name: qText.optional(),
  status: z.enum(CASE_STATUSES).optional(),
  pgNum: qInt(1, 1_000_000).default(1),
  pgSize: qInt(1, LIMITS.casesPageSize).default(100),
  srtKey: z.enum(SORT_KEYS).default('number'),
  srtDir: z.string().regex(/^(asc|desc)$/i, 'must be asc or desc').transform((v) => v.toLowerCase()).default('asc'),
});

const eventsQuery = z.object({
  pgNum: qInt(1, 1_000_000).default(1),
  pgSize: qInt(1, LIMITS.casesPageSize).default(100),
});

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const createBody = z.object({
  name: text(50).min(1, 'must not be empty'),
  subject: z.string().min(1).nullable().optional(),
  assignee: z.string().min(1).nullable().optional(),
  description: text(250).nullable().optional(),
  findings: text(30_000).nullable().optional(),
});

const updateBody = createBody.partial().extend({ status: z.enum(CASE_STATUSES).optional() });

const addEventsBody = z.object({ events: z.array(z.string().min(1)).min(1, 'must list at least one event id') });

function summary(detail: CaseDetail): Case {
  const { description: _d, findings: _f, ...rest } = detail;
  return rest;
}

export const caseRoutes: RouteModule = (app, state) => {
  const caseNumber = (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw badRequest(`Case number must be a whole number, got "${raw}".`, [{ path: 'number', message: 'must be a whole number' }]);
    return Number(raw);
  };

  app.get('/v1/cases', (c) => {
    const q = parseQuery(c, listQuery);
    const createdFrom = q.createdAt === undefined ? undefined : Date.parse(q.createdAt);
    if (createdFrom !== undefined && Number.isNaN(createdFrom)) throw badRequest(`createdAt must be an ISO-8601 date, got "${q.createdAt}".`, [{ path: 'createdAt', message: 'must be an ISO-8601 date' }]);
    const matches = state.cases.filter(
      (k) =>
        (q.status === undefined || k.status === q.status) &&
        (q.assignee === undefined || k.assignee === q.assignee) &&
        (q.isAssigned === undefined || (k.assignee !== null) === q.isAssigned) &&
        (q.lastModifiedBy === undefined || k.lastModifiedByUserUid === q.lastModifiedBy || k.lastModifiedByUsername === q.lastModifiedBy) &&
        (q.name === undefined || k.name.toLowerCase().includes(q.name.toLowerCase())) &&
        (createdFrom === undefined || Date.parse(k.createdAt) >= createdFrom),
    );
    const direction = q.srtDir === 'desc' ? -1 : 1;
    const sorted = [...matches].sort((a, b) => (compareValues(a[q.srtKey], b[q.srtKey]) || a.number - b.number) * direction);
    const body: CasesPage = { cases: paginate(sorted, q.pgNum, q.pgSize).map(summary), totalCount: sorted.length };
    return c.json(body);
  });

  app.post('/v1/cases', async (c) => {
    const body = await parseBody(c, createBody);
    return c.json(state.createCase(callOf(c), body));
  });

  app.get('/v1/cases/:number', (c) => c.json(state.caseDetail(caseNumber(c.req.param('number')))));

  app.put('/v1/cases/:number', async (c) => {
    const number = caseNumber(c.req.param('number'));
    const body = await parseBody(c, updateBody);
    return c.json(state.updateCase(callOf(c), number, body));
  });

  app.delete('/v1/cases/:number', (c) => {
    state.deleteCase(callOf(c), caseNumber(c.req.param('number')));
    return c.body(null, 204);
  });

  app.get('/v1/cases/:number/fileevent', (c) => {
    const number = caseNumber(c.req.param('number'));
    state.caseDetail(number);
    const q = parseQuery(c, eventsQuery);
    const ids = state.caseEvents.get(number) ?? [];
    const body: CaseFileEventsPage = {
      events: paginate(ids, q.pgNum, q.pgSize).map((eventId) => {
        const e = state.fileEventById.get(eventId);
        return { eventId, eventTimestamp: e?.['@timestamp'] ?? null, fileName: e?.file?.name ?? null, filePath: e?.file?.directory ?? null, riskScore: 3, riskSeverity: 'LOW' };
      }),
      totalCount: ids.length,
    };
    return c.json(body);
  });

  app.post('/v1/cases/:number/fileevent', async (c) => {
    const number = caseNumber(c.req.param('number'));
    const body = await parseBody(c, addEventsBody);
    state.addCaseFileEvents(callOf(c), number, body.events);
    return c.body(null, 204);
  });
};
