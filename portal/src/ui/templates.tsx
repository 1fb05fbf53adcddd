/** Templates: the n8n workflow JSON files shipped in `workflows/`, with their descriptions and a download. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hono } from 'hono';
import type { PortalContext } from '../context.js';
import type { PortalEnv } from '../http/env.js';
import { requirePermission } from '../http/session.js';
import { forbidden, page, problemPage } from './render.js';

export interface TemplateInfo {
  file: string;
  name: string;
  description: string;
  nodes: number;
  problem: string | null;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.json$/;

/** Reads every `*.json` in the folder; a missing folder or a broken file is reported, never fatal. */
export async function listTemplates(dir: string): Promise<TemplateInfo[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => FILE_NAME.test(f)).sort();
  } catch {
    return [];
  }
  const infos: TemplateInfo[] = [];
  for (const file of files) {
    try {
      const json = JSON.parse(await readFile(join(dir, file), 'utf8')) as { name?: unknown; nodes?: unknown; meta?: { description?: unknown }; description?: unknown };
      const description = typeof json.meta?.description === 'string' ? json.meta.description : typeof json.description === 'string' ? json.description : '';
      infos.push({ file, name: typeof json.name === 'string' ? json.name : file, description, nodes: Array.isArray(json.nodes) ? json.nodes.length : 0, problem: null });
    } catch {
      infos.push({ file, name: file, description: '', nodes: 0, problem: 'This file is not valid JSON.' });
    }
  }
  return infos;
}

export function registerTemplateRoutes(app: Hono<PortalEnv>, ctx: PortalContext): void {
  app.get('/templates', requirePermission('templates:view', forbidden), async (c) => {
    const templates = await listTemplates(ctx.settings.templatesDir);
    return page(
      c,
      'Workflow templates',
      templates.length === 0 ? (
        <p>No workflow templates are installed yet. They appear here once JSON files are added to the workflows folder.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Description</th>
              <th scope="col">Nodes</th>
              <th scope="col">Download</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr>
                <td>{t.name}</td>
                <td>{t.problem ?? t.description}</td>
                <td>{t.nodes}</td>
                <td>{t.problem ? '—' : <a href={`/templates/${encodeURIComponent(t.file)}`}>{t.file}</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ),
      { current: '/templates' },
    );
  });

  app.get('/templates/:file', requirePermission('templates:view', forbidden), async (c) => {
    const file = c.req.param('file');
    // Only names listed from the folder itself: a user-supplied name never becomes a path.
    const known = (await listTemplates(ctx.settings.templatesDir)).find((t) => t.file === file && !t.problem);
    if (!known) return problemPage(c, 404, 'Not found', 'There is no such template.');
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${known.file}"`);
    return c.body(await readFile(join(ctx.settings.templatesDir, known.file), 'utf8'));
  });
}
