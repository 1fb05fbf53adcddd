/**
 * Templates: the n8n workflows shipped in `workflows/`, each with its page (title, summary, what it needs), a
 * download, and for administrators an Import button that puts it into the configured n8n (htmx swaps the result
 * into the template's own status region; without script the form posts and the page comes back with the result).
 */
import type { Context, Hono } from 'hono';
import { readTemplateFolder, readTemplateText } from '../../../scripts/templates/load.js';
import type { ImportOutcome } from '../../../scripts/templates/import.js';
import type { TemplateCheck } from '../../../scripts/templates/template.js';
import type { PortalContext } from '../context.js';
import { can, type Role } from '../domain/policy.js';
import type { PortalEnv } from '../http/env.js';
import { isHtmxPartial, requirePermission } from '../http/session.js';
import { PortalError } from '../services/errors.js';
import { importTemplateFile } from '../services/n8n-import.js';
import { getN8nSettings, type N8nSettingsView } from '../services/n8n-settings.js';
import { Csrf, Notice } from './layout.js';
import { forbidden, page, problemPage } from './render.js';

const fileOf = (check: TemplateCheck) => (check.ok ? check.template.file : check.file);
const resultId = (index: number) => `import-result-${index}`;

const ACTION_TEXT: Record<ImportOutcome['action'], string> = {
  created: 'Created in n8n',
  updated: 'Updated in n8n (same workflow, changed in place)',
  'would-create': 'Would be created',
  'would-update': 'Would be updated',
  failed: 'Import failed',
};

function ImportResult(props: { outcome: ImportOutcome }) {
  const { outcome } = props;
  return (
    <Notice kind={outcome.action === 'failed' ? 'error' : 'ok'}>
      {ACTION_TEXT[outcome.action]}: {outcome.message}
    </Notice>
  );
}

function TemplateSection(props: { check: TemplateCheck; index: number; canImport: boolean; n8n: N8nSettingsView | null; csrf: string; outcome?: ImportOutcome }) {
  const { check, index } = props;
  const file = fileOf(check);
  const title = check.ok ? check.template.title : (check.page.title ?? check.page.name ?? file);
  const summary = check.ok ? check.template.summary : check.page.summary;
  const downloadable = check.ok || check.readable;
  return (
    <section class="template" aria-labelledby={`template-${index}`}>
      <h2 id={`template-${index}`}>{title}</h2>
      {summary ? <p>{summary}</p> : null}
      {check.ok ? (
        <>
          <h3>What it needs</h3>
          <ul>
            {check.template.needs.map((need) => (
              <li>{need}</li>
            ))}
          </ul>
          {check.template.credentials.length > 0 ? (
            <p>
              Credentials it looks for in n8n (by type and name):{' '}
              {check.template.credentials.map((c, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <code>{c.name}</code> ({c.type})
                </>
              ))}
            </p>
          ) : null}
          <p class="muted small">
            n8n workflow “{check.template.workflow.name}”, {check.template.workflow.nodes.length} nodes, tagged <code>{check.template.tag}</code> in n8n.
          </p>
        </>
      ) : (
        <>
          <Notice kind="error">This template cannot be imported until its problems are fixed:</Notice>
          <ul class="problems">
            {check.problems.map((p) => (
              <li>
                <code>{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>{downloadable ? <a href={`/templates/${encodeURIComponent(file)}`}>Download {file}</a> : <span class="muted">{file} (no download)</span>}</p>
      {props.canImport && check.ok ? (
        props.n8n ? (
          <form method="post" action={`/templates/${encodeURIComponent(file)}/import`} hx-post={`/templates/${encodeURIComponent(file)}/import`} hx-target={`#${resultId(index)}`} hx-swap="innerHTML">
            <Csrf token={props.csrf} />
            <button type="submit">Import into n8n</button> <span class="muted small">({props.n8n.url}; importing again updates the same workflow)</span>
          </form>
        ) : (
          <p class="muted">
            To import from here, set up the n8n connection under <a href="/admin/n8n">Admin › n8n</a>.
          </p>
        )
      ) : null}
      {/* A live region per template: the result is announced where it appears, without moving focus away. */}
      <div id={resultId(index)} role="status" aria-live="polite">
        {props.outcome ? <ImportResult outcome={props.outcome} /> : null}
      </div>
    </section>
  );
}

export function registerTemplateRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  const renderPage = async (c: Context<PortalEnv>, shown?: { file: string; outcome: ImportOutcome }, status: 200 | 404 | 409 | 422 = 200) => {
    const { checks } = await readTemplateFolder(ctx.settings.templatesDir);
    const user = c.get('user')!;
    const canImport = can(user.role as Role, 'integrations:manage');
    const n8n = canImport ? await getN8nSettings(ctx) : null;
    return page(
      c,
      'Workflow templates',
      checks.length === 0 ? (
        <p>No workflow templates are installed yet. They appear here once JSON files are added to the workflows folder.</p>
      ) : (
        <>
          <p>Ready-made n8n workflows for this kit. Import one, set up the credentials it names, and run it with its dry-run switch on first.</p>
          {checks.map((check, index) => (
            <TemplateSection check={check} index={index} canImport={canImport} n8n={n8n} csrf={c.get('csrfToken')} outcome={shown && shown.file === fileOf(check) ? shown.outcome : undefined} />
          ))}
        </>
      ),
      { current: '/templates', status },
    );
  };

  app.get('/templates', requirePermission('templates:view', forbidden), (c) => renderPage(c));

  app.get('/templates/:file', requirePermission('templates:view', forbidden), async (c) => {
    const file = c.req.param('file');
    // Only names listed from the folder itself: a user-supplied name never becomes a path.
    const known = (await readTemplateFolder(ctx.settings.templatesDir)).checks.find((check) => fileOf(check) === file && (check.ok || check.readable));
    if (!known) return problemPage(c, 404, 'Not found', 'There is no such template.');
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${fileOf(known)}"`);
    return c.body(await readTemplateText(ctx.settings.templatesDir, fileOf(known)));
  });

  app.post('/templates/:file/import', requirePermission('integrations:manage', forbidden), async (c) => {
    const file = c.req.param('file');
    const user = c.get('user')!;
    try {
      const outcome = await importTemplateFile(ctx, { name: `user:${user.username}` }, file);
      const status = outcome.action === 'failed' ? 422 : 200;
      if (isHtmxPartial(c)) return c.html(<ImportResult outcome={outcome} />, status);
      return renderPage(c, { file, outcome }, status);
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      const status = error.status === 404 ? 404 : error.status === 409 ? 409 : 422;
      if (isHtmxPartial(c)) return c.html(<Notice kind="error">{error.message}</Notice>, status);
      return problemPage(c, status, 'Cannot import', error.message);
    }
  });
}
