/** `/v1/audit`: search (0-based `page`, as the SDK iterates from 0) and result count, with every SDK filter. */
import { z } from 'zod';
import type { AuditEvent, AuditLogCount, AuditLogPage } from '@incydr-health/core/incydr/types';
import { LIMITS } from '../limits.js';
import type { RouteModule } from '../http.js';
import { parseBody } from '../validation.js';

const list = z.array(z.string()).nullable().optional();

const searchBody = z.object({
  page: z.number().int().min(0, 'must be 0 or more (audit pages start at 0)').default(0),
  pageSize: z.number().int().min(1).max(LIMITS.auditPageSize, `must be at most ${LIMITS.auditPageSize}`).default(100),
  dateRange: z
    .object({ startTime: z.number().nullable().optional(), endTime: z.number().nullable().optional() })
    .nullable()
    .optional(),
  eventTypes: list,
  actorIds: list,
  actorNames: list,
  actorIpAddresses: list,
  resourceIds: list,
  userTypes: list,
});

type Search = z.output<typeof searchBody>;

/** `audit_log::user_deactivated/1` also matches `user_deactivated`. */
function shortType(type: string): string {
  return type.replace(/^audit_log::/, '').replace(/\/\d+$/, '');
}

function matches(event: AuditEvent, q: Search): boolean {
  const seconds = Date.parse(event.timestamp) / 1000;
  const range = q.dateRange;
  if (range?.startTime != null && seconds < range.startTime) return false;
  if (range?.endTime != null && seconds > range.endTime) return false;
  if (q.eventTypes?.length && !q.eventTypes.some((t) => t === event.type$ || t === shortType(event.type$))) return false;
  if (q.actorIds?.length && !q.actorIds.includes(event.actorId)) return false;
  if (q.actorNames?.length && !q.actorNames.includes(event.actorName)) return false;
  if (q.actorIpAddresses?.length && !q.actorIpAddresses.includes(event.actorIpAddress ?? '')) return false;
  if (q.resourceIds?.length && !q.resourceIds.includes(String(event.resourceId ?? ''))) return false;
  if (q.userTypes?.length && !q.userTypes.includes(event.actorType)) return false;
  return true;
}

export const auditRoutes: RouteModule = (app, state) => {
  // Newest first, as the console shows the log.
  const search = (q: Search): AuditEvent[] => state.auditEvents.filter((e) => matches(e, q)).reverse();

  app.post('/v1/audit/search-audit-log', async (c) => {
    const q = await parseBody(c, searchBody);
    const start = q.page * q.pageSize;
    const events = search(q).slice(start, start + q.pageSize);
    const body: AuditLogPage = { events, paginationRangeStartIndex: start, paginationRangeEndIndex: start + events.length };
    return c.json(body);
  });

  app.post('/v1/audit/search-results-count', async (c) => {
    const q = await parseBody(c, searchBody);
    const body: AuditLogCount = { totalResultCount: search(q).length };
    return c.json(body);
  });
};
