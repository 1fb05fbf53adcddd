/**
 * `/api/v1`: the JSON API for the n8n side. Bearer tokens only (never the session cookie, so CSRF cannot apply);
 * every body is validated with the schemas in api-schemas.ts; every failure is `{error, details}` with a 4xx.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { ManualHold } from '@incydr-health/core/health/preservation';
import {
  approvalSubmitSchema,
  findingsBatchSchema,
  outcomesSchema,
  runCreateSchema,
  runUpdateSchema,
} from '../api-schemas.js';
import type { PortalContext } from '../context.js';
import type { ApiScope } from '../domain/policy.js';
import { authenticateApiToken } from '../services/api-tokens.js';
import { decisionRecord, loadRequest, reportOutcomes, resumeDelivery, submitPlan } from '../services/approvals.js';
import { PortalError } from '../services/errors.js';
import { preservationRegister, type RegisterEntry } from '../services/holds.js';
import { addFindings, updateRun, upsertRun } from '../services/runs.js';
import type { PortalEnv } from './env.js';
import { openApiDocument } from './openapi.js';
import { describeIssues, summarize } from './problems.js';

export const API_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

function apiError(c: Context, status: number, error: string, details?: unknown) {
  return c.json(details === undefined ? { error } : { error, details }, status as 400);
}

async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new PortalError(400, 'Send the body as JSON with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new PortalError(400, 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = describeIssues(parsed.error);
    throw new PortalError(422, summarize(problems), problems);
  }
  return parsed.data;
}

function positiveId(raw: string | undefined, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new PortalError(400, `${what} must be a positive whole number.`);
  return id;
}

/** The register's active manual holds in the core's `ManualHold` shape, which the preservation guard reads. */
function manualHoldsOf(entries: readonly RegisterEntry[]): ManualHold[] {
  return entries
    .filter((e) => e.source === 'hold')
    .map((e) => ({
      subjectType: e.subjectType as ManualHold['subjectType'],
      subjectId: e.subjectId,
      reason: e.reason,
      owner: e.addedBy ?? 'portal',
      createdAt: new Date(e.since).toISOString(),
    }));
}

const ms = (iso: string | null | undefined) => (iso == null ? iso : Date.parse(iso));

export function apiRouter(ctx: PortalContext): Hono<PortalEnv> {
  const api = new Hono<PortalEnv>();

  api.onError((err, c) => {
    if (err instanceof PortalError) return apiError(c, err.status, err.message, err.details);
    if (err instanceof HTTPException && err.status < 500) return apiError(c, err.status, err.message || 'The request could not be read.');
    ctx.log.error('api request failed', { path: c.req.path, error: err instanceof Error ? err.message : String(err) });
    return apiError(c, 500, 'The portal hit an unexpected problem; the request was not completed.');
  });

  api.get('/openapi.json', (c) => c.json(openApiDocument(ctx.settings.publicUrl)));

  api.use(
    '*',
    bodyLimit({ maxSize: API_BODY_LIMIT_BYTES, onError: (c) => apiError(c, 413, `The body is larger than ${API_BODY_LIMIT_BYTES / 1024 / 1024} MiB; send findings in smaller batches.`) }),
  );

  api.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="incydr-health-portal"');
      return apiError(c, 401, 'Send an API token as "Authorization: Bearer <token>". Admins create tokens under Admin → API tokens.');
    }
    const principal = await authenticateApiToken(ctx, match[1]!);
    if (!principal) {
      c.header('WWW-Authenticate', 'Bearer realm="incydr-health-portal", error="invalid_token"');
      return apiError(c, 401, 'This API token is unknown, revoked or expired.');
    }
    c.set('apiPrincipal', principal);
    await next();
  });

  const requireScope = (scope: ApiScope) =>
    async (c: Context<PortalEnv>, next: () => Promise<void>) => {
      if (!c.get('apiPrincipal').scopes.includes(scope)) {
        return apiError(c, 403, `This API token lacks the scope "${scope}".`);
      }
      await next();
    };

  // Cheap and side-effect free, for connection tests (n8n's credential test): who this token is, nothing more.
  api.get('/token', (c) => {
    const principal = c.get('apiPrincipal');
    return c.json({ name: principal.name, scopes: principal.scopes });
  });

  api.post('/runs', requireScope('runs:write'), async (c) => {
    const body = await readJson(c, runCreateSchema);
    const { run, created } = await upsertRun(ctx, {
      ...body,
      startedAt: Date.parse(body.startedAt),
      finishedAt: ms(body.finishedAt),
    });
    return c.json({ run, created }, created ? 201 : 200);
  });

  api.patch('/runs/:id', requireScope('runs:write'), async (c) => {
    const id = positiveId(c.req.param('id'), 'Run id');
    const body = await readJson(c, runUpdateSchema);
    const run = await updateRun(ctx, id, { ...body, finishedAt: ms(body.finishedAt) });
    return c.json({ run });
  });

  api.post('/runs/:id/findings', requireScope('runs:write'), async (c) => {
    const id = positiveId(c.req.param('id'), 'Run id');
    const body = await readJson(c, findingsBatchSchema);
    return c.json(await addFindings(ctx, id, body.findings));
  });

  api.post('/approval-requests', requireScope('approvals:write'), async (c) => {
    const body = await readJson(c, approvalSubmitSchema);
    const { request, created } = await submitPlan(ctx, c.get('apiPrincipal'), {
      plan: body.plan,
      title: body.title,
      runId: body.runId,
      stages: body.stages,
      order: body.order,
      resumeUrl: body.resumeUrl,
      deadlineAt: ms(body.deadline),
      requesterEmail: body.requesterEmail,
    });
    const link = new URL(`/approvals/${request.id}`, ctx.settings.publicUrl).href;
    return c.json({ requestId: request.id, status: request.status, created, url: link }, created ? 201 : 200);
  });

  api.get('/approval-requests/:id', requireScope('approvals:read'), async (c) => {
    const id = positiveId(c.req.param('id'), 'Request id');
    const loaded = await loadRequest(ctx, id);
    if (!loaded) throw new PortalError(404, `Approval request ${id} does not exist.`);
    return c.json({ ...decisionRecord(loaded), resume: resumeDelivery(loaded) });
  });

  api.post('/approval-requests/:id/outcomes', requireScope('approvals:write'), async (c) => {
    const id = positiveId(c.req.param('id'), 'Request id');
    const body = await readJson(c, outcomesSchema);
    return c.json(await reportOutcomes(ctx, c.get('apiPrincipal'), id, body.outcomes));
  });

  api.get('/preservation-register', requireScope('register:read'), async (c) => {
    const entries = await preservationRegister(ctx);
    return c.json({
      entries: entries.map((e) => ({ ...e, since: new Date(e.since).toISOString() })),
      // The same active holds in the core's ManualHold shape, ready for the preservation guard.
      manualHolds: manualHoldsOf(entries),
    });
  });

  return api;
}
