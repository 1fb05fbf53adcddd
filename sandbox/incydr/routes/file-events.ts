/**
 * `POST /v2/file-events`: enough of forensic search for "latest event for this device/user": groups of filters,
 * date ranges on `@timestamp`/`event.inserted`, sorting, and both `pgNum` and `pgToken`/`nextPgToken` paging.
 */
import { z } from 'zod';
import type { FileEvent, FileEventsPage } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import { badRequest } from '../errors.js';
import type { RouteModule } from '../http.js';
import { parseBody } from '../validation.js';

const TERMS: Record<string, (e: FileEvent) => string | undefined> = {
  '@timestamp': (e) => e['@timestamp'],
  'event.id': (e) => e.event.id,
  'event.action': (e) => e.event.action,
  'event.inserted': (e) => e.event.inserted,
  'event.observer': (e) => e.event.observer,
  'user.email': (e) => e.user.email,
  'user.id': (e) => e.user.id,
  'user.deviceUid': (e) => e.user.deviceUid,
  'file.name': (e) => e.file?.name,
  'file.directory': (e) => e.file?.directory,
  'source.domain': (e) => e.source?.domain,
  'source.name': (e) => e.source?.name,
};
const DATE_TERMS = new Set(['@timestamp', 'event.inserted']);

const filter = z.object({
  term: z.string().refine((t) => t in TERMS, { message: `must be one of the supported terms: ${Object.keys(TERMS).join(', ')}` }),
  operator: z.enum(['IS', 'IS_NOT', 'EXISTS', 'DOES_NOT_EXIST', 'ON_OR_AFTER', 'ON_OR_BEFORE', 'WITHIN_THE_LAST']),
  value: z.union([z.string(), z.number()]).nullable().optional(),
});

const queryBody = z.object({
  groupClause: z.enum(['AND', 'OR']).default('AND'),
  groups: z.array(z.object({ filterClause: z.enum(['AND', 'OR']).default('AND'), filters: z.array(filter).default([]) })).default([]),
  pgNum: z.number().int().min(1).default(1),
  pgSize: z.number().int().min(1).max(LIMITS.fileEventsPageSize, `must be at most ${LIMITS.fileEventsPageSize}`).default(100),
  pgToken: z.string().nullable().optional(),
  srtDir: z.string().regex(/^(asc|desc)$/i, 'must be asc or desc').transform((v) => v.toLowerCase()).default('asc'),
  srtKey: z.string().refine((t) => t in TERMS, { message: 'must be a supported term' }).default('event.id'),
});

type Query = z.output<typeof queryBody>;
type Filter = z.output<typeof filter>;

/** ISO-8601 durations the SDK sends for WITHIN_THE_LAST: PnD, PnW, PTnH, PTnM, PTnS and combinations. */
function durationMs(text: string): number | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  return ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 86_400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
}

function compile(f: Filter, index: string, nowMs: number): (e: FileEvent) => boolean {
  const get = TERMS[f.term] as (e: FileEvent) => string | undefined;
  const bad = (message: string) => badRequest(`Invalid file-event filter ${index} (${f.term} ${f.operator}): ${message}`, [{ path: `${index}.value`, message }]);
  switch (f.operator) {
    case 'EXISTS':
      return (e) => get(e) !== undefined;
    case 'DOES_NOT_EXIST':
      return (e) => get(e) === undefined;
    case 'IS':
    case 'IS_NOT': {
      if (f.value === null || f.value === undefined) throw bad('needs a value');
      const wanted = String(f.value);
      return f.operator === 'IS' ? (e) => get(e) === wanted : (e) => get(e) !== wanted;
    }
    case 'ON_OR_AFTER':
    case 'ON_OR_BEFORE':
    case 'WITHIN_THE_LAST': {
      if (!DATE_TERMS.has(f.term)) throw bad(`${f.operator} only applies to date terms (${[...DATE_TERMS].join(', ')})`);
      let bound: number;
      if (f.operator === 'WITHIN_THE_LAST') {
        const span = typeof f.value === 'string' ? durationMs(f.value) : null;
        if (span === null) throw bad('must be an ISO-8601 duration such as P1D or PT12H');
        bound = nowMs - span;
      } else {
        bound = typeof f.value === 'number' ? f.value : Date.parse(String(f.value));
        if (!Number.isFinite(bound)) throw bad('must be an ISO-8601 timestamp such as 2026-01-31T00:00:00.000Z');
      }
      const before = f.operator === 'ON_OR_BEFORE';
      return (e) => {
        const v = get(e);
        if (v === undefined) return false;
        const t = Date.parse(v);
        return before ? t <= bound : t >= bound;
      };
    }
  }
}

function fingerprint(q: Query): string {
  return JSON.stringify([q.groupClause, q.groups, q.srtKey, q.srtDir, q.pgSize]);
}

function encodeToken(offset: number, q: Query): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint(q) })).toString('base64url');
}

function decodeToken(token: string, q: Query): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; f?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.f === fingerprint(q)) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw badRequest('pgToken is not a token this query returned; send the nextPgToken of the previous page with the same filters, sort and pgSize.', [{ path: 'pgToken', message: 'is not valid for this query' }]);
}

export const fileEventRoutes: RouteModule = (app, state) => {
  app.post('/v2/file-events', async (c) => {
    const q = await parseBody(c, queryBody);
    const nowMs = state.clock.now();
    const groups = q.groups.map((g, gi) => {
      const tests = g.filters.map((f, fi) => compile(f, `groups.${gi}.filters.${fi}`, nowMs));
      return (e: FileEvent) => (tests.length === 0 ? true : g.filterClause === 'AND' ? tests.every((t) => t(e)) : tests.some((t) => t(e)));
    });
    const keep = (e: FileEvent) => (groups.length === 0 ? true : q.groupClause === 'AND' ? groups.every((g) => g(e)) : groups.some((g) => g(e)));
    const key = TERMS[q.srtKey] as (e: FileEvent) => string | undefined;
    const direction = q.srtDir === 'desc' ? -1 : 1;
    const found = state.fileEvents.filter(keep).sort((a, b) => {
      const av = key(a) ?? '';
      const bv = key(b) ?? '';
      return (av < bv ? -1 : av > bv ? 1 : a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0) * direction;
    });
    const usingTokens = q.pgToken !== undefined && q.pgToken !== null;
    const offset = usingTokens ? (q.pgToken === '' ? 0 : decodeToken(q.pgToken as string, q)) : (q.pgNum - 1) * q.pgSize;
    const page = found.slice(offset, offset + q.pgSize);
    const more = offset + page.length < found.length;
    const body: FileEventsPage = {
      fileEvents: page,
      nextPgToken: usingTokens && more ? encodeToken(offset + page.length, q) : null,
      totalCount: found.length,
      problems: null,
    };
    return c.json(body);
  });
};
