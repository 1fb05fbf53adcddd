/** Runs: filterable list, run detail (findings, plans, approvals, outcomes) and CSV/JSON exports. */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { RUN_STATUSES } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { toCsv } from '../domain/csv.js';
import type { PortalEnv } from '../http/env.js';
import { requirePermission } from '../http/session.js';
import { decisionRecord, loadRequest, requestsOfRun } from '../services/approvals.js';
import { findingsOfRun, getRun, listRuns, type Run } from '../services/runs.js';
import { Notice, Time } from './layout.js';
import { forbidden, page, problemPage } from './render.js';

const dateField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates look like 2026-11-25.').optional());

const filterSchema = z.object({
  workflow: z.string().trim().max(200).optional(),
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.enum(RUN_STATUSES, { message: `Status is one of ${RUN_STATUSES.join(', ')}.` }).optional()),
  from: dateField,
  to: dateField,
});

type Filter = z.infer<typeof filterSchema>;

function toRunFilter(f: Filter) {
  return {
    workflow: f.workflow || undefined,
    status: f.status,
    from: f.from ? Date.parse(`${f.from}T00:00:00Z`) : undefined,
    to: f.to ? Date.parse(`${f.to}T23:59:59.999Z`) : undefined,
  };
}

function download(c: Context, body: string, fileName: string, type: string) {
  c.header('Content-Type', `${type}; charset=utf-8`);
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(body);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const runJson = (r: Run) => ({ ...r, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) });

function FilterForm(props: { filter: Filter; query: string }) {
  return (
    <form method="get" action="/runs" class="inline" role="search" aria-label="Filter runs">
      <label>
        Workflow
        <input name="workflow" value={props.filter.workflow ?? ''} />
      </label>
      <label>
        Status
        <select name="status">
          <option value="">any</option>
          {RUN_STATUSES.map((s) => (
            <option value={s} selected={props.filter.status === s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input name="from" type="date" value={props.filter.from ?? ''} />
      </label>
      <label>
        To
        <input name="to" type="date" value={props.filter.to ?? ''} />
      </label>
      <button type="submit">Filter</button>
      <a href={`/runs/export.csv${props.query}`}>Export CSV</a>
      <a href={`/runs/export.json${props.query}`}>Export JSON</a>
    </form>
  );
}

export function registerRunRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  const parseFilter = (c: Context<PortalEnv>) => filterSchema.safeParse(c.req.query());

  app.get('/runs', requirePermission('runs:view', forbidden), async (c) => {
    const parsed = parseFilter(c);
    if (!parsed.success) {
      return page(c, 'Runs', <><FilterForm filter={{}} query="" /><Notice kind="error">{parsed.error.issues.map((i) => i.message).join(' ')}</Notice></>, { status: 422, current: '/runs' });
    }
    const rows = await listRuns(ctx, toRunFilter(parsed.data));
    const query = new URL(c.req.url).search;
    return page(
      c,
      'Runs',
      <>
        <FilterForm filter={parsed.data} query={query} />
        {rows.length === 0 ? (
          <p>No runs match.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Workflow</th>
                <th scope="col">Trigger</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Counts</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/runs/${r.id}`}>#{r.id}</a>
                  </td>
                  <td>{r.workflow}</td>
                  <td>{r.trigger}</td>
                  <td>{r.status}</td>
                  <td>
                    <Time ms={r.startedAt} />
                  </td>
                  <td>
                    <Time ms={r.finishedAt} />
                  </td>
                  <td class="small">
                    {Object.entries(r.counts)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
      { current: '/runs' },
    );
  });

  app.get('/runs/export.csv', requirePermission('runs:export', forbidden), async (c) => {
    const parsed = parseFilter(c);
    if (!parsed.success) return problemPage(c, 422, 'Bad filter', parsed.error.issues.map((i) => i.message).join(' '));
    const rows = await listRuns(ctx, { ...toRunFilter(parsed.data), limit: 10_000 });
    const csv = toCsv(rows, [
      ['id', (r) => r.id],
      ['workflow', (r) => r.workflow],
      ['execution_id', (r) => r.executionId],
      ['trigger', (r) => r.trigger],
      ['status', (r) => r.status],
      ['started_at', (r) => iso(r.startedAt)],
      ['finished_at', (r) => iso(r.finishedAt)],
      ['counts', (r) => JSON.stringify(r.counts)],
    ]);
    return download(c, csv, 'runs.csv', 'text/csv');
  });

  app.get('/runs/export.json', requirePermission('runs:export', forbidden), async (c) => {
    const parsed = parseFilter(c);
    if (!parsed.success) return problemPage(c, 422, 'Bad filter', parsed.error.issues.map((i) => i.message).join(' '));
    const rows = await listRuns(ctx, { ...toRunFilter(parsed.data), limit: 10_000 });
    return download(c, JSON.stringify({ runs: rows.map(runJson) }, null, 2), 'runs.json', 'application/json');
  });

  const runIdOf = (c: Context) => {
    const id = Number(c.req.param('id'));
    return Number.isSafeInteger(id) && id > 0 ? id : null;
  };

  app.get('/runs/:id/export.json', requirePermission('runs:export', forbidden), async (c) => {
    const id = runIdOf(c);
    const run = id ? await getRun(ctx, id) : undefined;
    if (!run) return problemPage(c, 404, 'Not found', 'There is no such run.');
    const [found, requests] = await Promise.all([findingsOfRun(ctx, run.id), requestsOfRun(ctx, run.id)]);
    const records = [];
    for (const r of requests) records.push(decisionRecord((await loadRequest(ctx, r.id))!));
    const body = { run: runJson(run), findings: found.map((f) => ({ ...f, createdAt: iso(f.createdAt) })), approvals: records };
    return download(c, JSON.stringify(body, null, 2), `run-${run.id}.json`, 'application/json');
  });

  app.get('/runs/:id/findings.csv', requirePermission('runs:export', forbidden), async (c) => {
    const id = runIdOf(c);
    const run = id ? await getRun(ctx, id) : undefined;
    if (!run) return problemPage(c, 404, 'Not found', 'There is no such run.');
    const found = await findingsOfRun(ctx, run.id);
    const csv = toCsv(found, [
      ['category', (f) => f.category],
      ['subject_type', (f) => f.subjectType],
      ['subject_id', (f) => f.subjectId],
      ['subject_name', (f) => f.subjectName],
      ['issue', (f) => f.issue],
      ['reason', (f) => f.reason],
      ['details', (f) => JSON.stringify(f.details)],
    ]);
    return download(c, csv, `run-${run.id}-findings.csv`, 'text/csv');
  });

  app.get('/runs/:id', requirePermission('runs:view', forbidden), async (c) => {
    const id = runIdOf(c);
    const run = id ? await getRun(ctx, id) : undefined;
    if (!run) return problemPage(c, 404, 'Not found', 'There is no such run.');
    const [found, requests] = await Promise.all([findingsOfRun(ctx, run.id), requestsOfRun(ctx, run.id)]);
    const records = [];
    for (const r of requests) records.push(decisionRecord((await loadRequest(ctx, r.id))!));
    return page(
      c,
      `Run #${run.id}: ${run.workflow}`,
      <>
        <dl class="facts">
          <dt>Execution</dt>
          <dd>{run.executionId}</dd>
          <dt>Trigger</dt>
          <dd>{run.trigger}</dd>
          <dt>Status</dt>
          <dd>{run.status}</dd>
          <dt>Started</dt>
          <dd>
            <Time ms={run.startedAt} />
          </dd>
          <dt>Finished</dt>
          <dd>
            <Time ms={run.finishedAt} />
          </dd>
        </dl>
        <p>
          <a href={`/runs/${run.id}/export.json`}>Export JSON</a> · <a href={`/runs/${run.id}/findings.csv`}>Findings as CSV</a>
        </p>
        <h2>Plans and approvals</h2>
        {records.length === 0 ? (
          <p>This run submitted no plan.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Plan hash</th>
                <th scope="col">Status</th>
                <th scope="col">Approved</th>
                <th scope="col">Rejected</th>
                <th scope="col">Outcomes</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr>
                  <td>
                    <a href={`/approvals/${r.requestId}`}>{r.title}</a>
                  </td>
                  <td>
                    <code class="hash">{r.plan.hash}</code>
                  </td>
                  <td>{r.status}</td>
                  <td>{r.approvedItems.length}</td>
                  <td>{r.rejectedItems.length}</td>
                  <td class="small">
                    {(['succeeded', 'failed', 'skipped'] as const)
                      .map((s) => `${s}: ${r.items.filter((i) => i.outcome?.status === s).length}`)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {records.map((r) => (
          <>
            <h3>
              Items of “{r.title}”
            </h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {r.items.map((item) => (
                  <tr>
                    <td>
                      {item.action} {item.subject.type} {item.subject.name}
                    </td>
                    <td>
                      <span class={`state ${item.state}`}>{item.state}</span>
                      {item.decisions.map((d) => (
                        <div class="small">
                          {d.stage}: {d.verdict} by {d.decidedBy.displayName}
                          {d.comment ? ` — ${d.comment}` : ''}
                        </div>
                      ))}
                    </td>
                    <td>{item.outcome ? `${item.outcome.status}${item.outcome.message ? ` — ${item.outcome.message}` : ''}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ))}
        <h2>Findings ({found.length})</h2>
        {found.length === 0 ? (
          <p>No findings recorded.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Subject</th>
                <th scope="col">Issue</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {found.map((f) => (
                <tr>
                  <td>{f.category}</td>
                  <td>
                    {f.subjectType} {f.subjectName} <span class="muted small">{f.subjectId}</span>
                  </td>
                  <td>{f.issue ?? ''}</td>
                  <td>{f.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
      { current: '/runs' },
    );
  });
}
