/**
 * The Templates page over HTTP: each template's page, downloads only for safe files, and the admin Import button's
 * refusals and failures (the successful import against a real n8n is in test/e2e/templates-import.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema.js';
import { freePort } from '../../harness/n8n.js';
import { saveN8nSettings } from '../../../portal/src/services/n8n-settings.js';
import { makeTemplate, toText } from '../../scripts/templates/fixtures.js';
import { createTestPortal, type Session, type TestPortal } from '../harness.js';

let t: TestPortal;
let admin: Session;
let viewer: Session;
const htmx = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

beforeAll(async () => {
  t = await createTestPortal();
  const dir = join(t.dir, 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'offboarding.json'), toText(makeTemplate({ templateId: 'offboarding', credentialName: 'Portal header' })));
  const leaky = makeTemplate({ templateId: 'leaky' });
  (leaky.nodes[3]!.parameters as Record<string, unknown>).content = 'Paste Bearer abcdefghijklmnopqrstuvwxyz012345 here';
  writeFileSync(join(dir, 'leaky.json'), toText(leaky));
  admin = await t.signIn('admin');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.dispose());

describe('Templates page', () => {
  it('shows each template’s title, summary, needs and credentials to everyone, without an Import button for non-admins', async () => {
    const html = await (await t.get('/templates', viewer)).text();
    expect(html).toContain('<h2 id="template-1">Test offboarding</h2>');
    expect(html).toContain('Marks an item, to prove importing works.');
    expect(html).toContain('<li>Nothing but n8n itself</li>');
    expect(html).toContain('<code>Portal header</code> (httpHeaderAuth)');
    expect(html).toContain('tagged <code>tpl:offboarding</code>');
    expect(html).not.toContain('Import into n8n');
  });

  it('names the problems of a refused template and offers no download of a file with a secret in it', async () => {
    const html = await (await t.get('/templates', viewer)).text();
    expect(html).toContain('This template cannot be imported until its problems are fixed');
    expect(html).toContain('<code>$.nodes[3].parameters.content</code> looks like a bearer token');
    expect(html).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect((await t.get('/templates/leaky.json', viewer)).status).toBe(404);
    const download = await t.get('/templates/offboarding.json', viewer);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="offboarding.json"');
    expect(JSON.parse(await download.text()).meta.templateId).toBe('offboarding');
  });

  it('tells an admin to configure n8n first, and refuses an import until then', async () => {
    expect(await (await t.get('/templates', admin)).text()).toContain('set up the n8n connection under <a href="/admin/n8n">Admin › n8n</a>');
    const res = await t.post('/templates/offboarding.json/import', {}, admin, htmx);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('No n8n connection is configured yet.');
  });

  it('lets only admins import', async () => {
    const ops = await t.signIn('ops');
    const res = await t.post('/templates/offboarding.json/import', {}, ops, htmx);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your role (ops) does not allow this (integrations:manage)');
  });

  describe('with a connection configured', () => {
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      await saveN8nSettings(t.ctx, { id: admin.user.id, name: 'test' }, { url: `http://127.0.0.1:${port}`, apiKey: 'key-for-a-closed-port' });
    });

    it('shows the Import button with an htmx target of the template’s own result region', async () => {
      const html = await (await t.get('/templates', admin)).text();
      expect(html).toContain('hx-post="/templates/offboarding.json/import" hx-target="#import-result-1"');
      expect(html).toContain('<div id="import-result-1" role="status" aria-live="polite">');
    });

    it('answers an unknown template with 404 and imports nothing', async () => {
      const res = await t.post('/templates/nope.json/import', {}, admin, htmx);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('There is no such template.');
    });

    it('reports a failed import with n8n’s reason as a fragment (htmx) and audits it', async () => {
      const res = await t.post('/templates/offboarding.json/import', {}, admin, htmx);
      expect(res.status).toBe(422);
      const fragment = await res.text();
      expect(fragment).not.toContain('<html');
      expect(fragment).toContain(`Import failed: Cannot reach n8n at http://127.0.0.1:${port} (ECONNREFUSED)`);
      const [row] = await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'template.import'));
      expect(row!.target).toBe('template:offboarding.json');
      expect(JSON.parse(row!.details)).toMatchObject({ templateId: 'offboarding', result: 'failed', workflowId: null });
      expect(row!.details).not.toContain('key-for-a-closed-port');
    });

    it('without htmx, re-renders the whole page with the result under that template', async () => {
      const res = await t.post('/templates/leaky.json/import', {}, admin);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('<h1>Workflow templates</h1>');
      expect(html).toMatch(/id="import-result-0" role="status" aria-live="polite"><p class="notice error" role="alert">Import failed: The template has problems:\nleaky\.json: \$\.nodes\[3\]\.parameters\.content/);
    });
  });
});
