/** Audit log: search, CSV export, and a verify action that re-checks the whole hash chain. */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { PortalContext } from '../context.js';
import type { ChainVerdict } from '../domain/audit-chain.js';
import { toCsv } from '../domain/csv.js';
import type { PortalEnv } from '../http/env.js';
import { requirePermission } from '../http/session.js';
import { distinctAuditActions, recordAudit, searchAudit, verifyAudit } from '../services/audit.js';
import { Csrf, Notice, Time } from './layout.js';
import { forbidden, page } from './render.js';

const querySchema = z.object({
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional(),
  action: z.string().trim().max(100).optional(),
});

function VerdictNotice(props: { verdict: ChainVerdict }) {
  const v = props.verdict;
  if (v.ok) return <Notice kind="ok">The audit trail is intact: all {v.checked} entries verify against their hash chain.</Notice>;
  return (
    <Notice kind="error">
      The audit trail is broken at entry {v.brokenAtId} ({v.problem === 'content-changed' ? 'its content was changed' : 'its link to the previous entry is wrong'}); {v.checked} entries before it verify.
    </Notice>
  );
}

export function registerAuditRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  const render = async (c: Context<PortalEnv>, verdict?: ChainVerdict) => {
    const parsed = querySchema.safeParse(c.req.query());
    const query = parsed.success ? parsed.data : {};
    const [rows, actions] = await Promise.all([searchAudit(ctx, { q: query.q || undefined, action: query.action || undefined }), distinctAuditActions(ctx)]);
    const search = new URL(c.req.url).search;
    return page(
      c,
      'Audit log',
      <>
        <div role="status">{verdict ? <VerdictNotice verdict={verdict} /> : null}</div>
        {!parsed.success ? <Notice kind="error">{parsed.error.issues.map((i) => i.message).join(' ')}</Notice> : null}
        <form method="get" action="/audit" class="inline" role="search" aria-label="Search the audit log">
          <label>
            Search
            <input name="q" value={query.q ?? ''} />
          </label>
          <label>
            Action
            <select name="action">
              <option value="">any</option>
              {actions.map((a) => (
                <option value={a} selected={query.action === a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Search</button>
          <a href={`/audit/export.csv${search}`}>Export CSV</a>
        </form>
        <form method="post" action="/audit/verify" class="inline">
          <Csrf token={c.get('csrfToken')} />
          <button type="submit" class="secondary">
            Verify hash chain
          </button>
        </form>
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.id}</td>
                <td>
                  <Time ms={r.at} />
                </td>
                <td>{r.actor}</td>
                <td>{r.action}</td>
                <td>{r.target}</td>
                <td class="small">
                  <code>{r.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </>,
      { current: '/audit', status: parsed.success ? 200 : 422 },
    );
  };

  app.get('/audit', requirePermission('audit:view', forbidden), (c) => render(c));

  app.post('/audit/verify', requirePermission('audit:view', forbidden), async (c) => {
    const verdict = await verifyAudit(ctx);
    const user = c.get('user')!;
    await recordAudit(ctx, { actor: `user:${user.username}`, action: 'audit.verify', target: 'audit', details: { ok: verdict.ok, checked: verdict.checked } });
    return render(c, verdict);
  });

  app.get('/audit/export.csv', requirePermission('audit:view', forbidden), async (c) => {
    const parsed = querySchema.safeParse(c.req.query());
    const query = parsed.success ? parsed.data : {};
    const rows = await searchAudit(ctx, { q: query.q || undefined, action: query.action || undefined, limit: 100_000 });
    const csv = toCsv(rows, [
      ['id', (r) => r.id],
      ['at', (r) => new Date(r.at).toISOString()],
      ['actor', (r) => r.actor],
      ['action', (r) => r.action],
      ['target', (r) => r.target],
      ['details', (r) => r.details],
      ['prev_hash', (r) => r.prevHash],
      ['hash', (r) => r.hash],
    ]);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="audit-log.csv"');
    c.header('Cache-Control', 'no-store');
    return c.body(csv);
  });
}
