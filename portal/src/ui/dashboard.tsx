/** Dashboard: current counts and trends over recorded runs. */
import type { Hono } from 'hono';
import type { PortalContext } from '../context.js';
import type { PortalEnv } from '../http/env.js';
import { requirePermission } from '../http/session.js';
import { pendingCount } from '../services/approvals.js';
import { preservationRegister } from '../services/holds.js';
import { currentCounts, findingTrends } from '../services/runs.js';
import { TrendChart } from './chart.js';
import { forbidden, page } from './render.js';

const LABELS = {
  'stale-agent': 'Stale agents',
  'outdated-agent': 'Outdated agents',
  'unsupported-agent': 'Unsupported agents',
  'unhealthy-agent': 'Unhealthy agents',
  'terminated-active-user': 'Terminated but active users',
  'preserved-subject': 'Preserved subjects (runs)',
} as const;

export function registerDashboardRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  app.get('/', requirePermission('dashboard:view', forbidden), async (c) => {
    const [{ counts, unhealthyByIssue }, trends, pending, register] = await Promise.all([
      currentCounts(ctx),
      findingTrends(ctx, 30),
      pendingCount(ctx),
      preservationRegister(ctx),
    ]);
    const preserved = new Set(register.map((e) => `${e.subjectType}:${e.subjectId}`)).size;
    const labels = trends.map((t) => `#${t.runId} ${new Date(t.startedAt).toISOString().slice(0, 10)}`);
    const issues = [...new Set(trends.flatMap((t) => Object.keys(t.unhealthyByIssue)))].sort();
    const cards: [string, number][] = [
      [LABELS['stale-agent'], counts['stale-agent']],
      [LABELS['outdated-agent'], counts['outdated-agent']],
      [LABELS['unsupported-agent'], counts['unsupported-agent']],
      [LABELS['unhealthy-agent'], counts['unhealthy-agent']],
      [LABELS['terminated-active-user'], counts['terminated-active-user']],
      ['Preserved subjects', preserved],
      ['Pending approvals', pending],
    ];
    return page(
      c,
      'Dashboard',
      <>
        <ul class="cards" aria-label="Current counts">
          {cards.map(([label, n]) => (
            <li>
              <span class="n">{n}</span>
              {label}
            </li>
          ))}
        </ul>
        <h2>Unhealthy agents by issue</h2>
        {Object.keys(unhealthyByIssue).length === 0 ? (
          <p>No unhealthy agents in the latest run.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Issue</th>
                <th scope="col">Agents</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(unhealthyByIssue)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([issue, n]) => (
                  <tr>
                    <td>{issue}</td>
                    <td>{n}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        <h2>Trends over recorded runs</h2>
        {trends.length === 0 ? (
          <p>No runs recorded yet. Trends appear once the n8n workflows report runs.</p>
        ) : (
          <>
            <TrendChart
              id="trend-agents"
              title="Agent findings per run"
              labels={labels}
              series={(['stale-agent', 'outdated-agent', 'unsupported-agent', 'unhealthy-agent'] as const).map((k) => ({ name: LABELS[k], values: trends.map((t) => t.counts[k]) }))}
            />
            <TrendChart
              id="trend-people"
              title="People findings per run"
              labels={labels}
              series={(['terminated-active-user', 'preserved-subject'] as const).map((k) => ({ name: LABELS[k], values: trends.map((t) => t.counts[k]) }))}
            />
            {issues.length > 0 ? (
              <TrendChart
                id="trend-issues"
                title="Unhealthy agents by issue type per run"
                labels={labels}
                series={issues.map((issue) => ({ name: issue, values: trends.map((t) => t.unhealthyByIssue[issue] ?? 0) }))}
              />
            ) : null}
          </>
        )}
      </>,
      { current: '/' },
    );
  });
}
