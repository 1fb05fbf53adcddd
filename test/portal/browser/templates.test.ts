/**
 * Real Chromium, the real portal and a real n8n: an admin clicks Import on the Templates page, htmx swaps the result
 * into that template's own status region without a page load (under the strict CSP), a second click updates the
 * same workflow, and axe finds nothing serious on the page before or after, nor on Admin › n8n.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { saveN8nSettings } from '../../../portal/src/services/n8n-settings.js';
import { makeTemplate, toText } from '../../scripts/templates/fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

const PASSWORD = 'correct horse battery staple';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const n8n = useSharedN8n();
const workflowsDir = mkdtempSync(join(tmpdir(), 'templates-browser-'));

let t: TestPortal;
let server: ServerType;
let base: string;
let browser: Browser;
const problems: string[] = [];

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is not installed: run `apt-get install -y chromium` (Debian) and try again.');
  }
}

beforeAll(async () => {
  mkdirSync(workflowsDir, { recursive: true });
  writeFileSync(join(workflowsDir, 'browser.json'), toText(makeTemplate({ templateId: 'browser-demo' })));
  t = await createTestPortal({ templatesDir: workflowsDir });
  const admin = await t.addUser('admin', 'ada');
  await saveN8nSettings(t.ctx, { id: admin.id, name: 'test' }, { url: n8n().baseUrl, apiKey: n8n().apiKey });
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  t?.dispose();
  rmSync(workflowsDir, { recursive: true, force: true });
});

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

describe('Templates page in a real browser', () => {
  it('imports with htmx into the template’s own result region, then updates the same workflow', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`));
    });
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Sign in' }).click()]);

    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Test browser-demo' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

    const region = page.locator('#import-result-0');
    await page.getByRole('button', { name: 'Import into n8n' }).click();
    await region.getByText('Created in n8n').waitFor();
    const created = (await n8n().api<{ data: { id: string }[] }>('/workflows?tags=tpl:browser-demo')).data;
    expect(created).toHaveLength(1);
    expect(await region.textContent()).toContain(`created workflow ${created[0]!.id}`);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

    await page.getByRole('button', { name: 'Import into n8n' }).click();
    await region.getByText('Updated in n8n').waitFor();
    expect(await region.textContent()).toContain(`updated workflow ${created[0]!.id}`);
    expect((await n8n().api<{ data: { id: string }[] }>('/workflows?tags=tpl:browser-demo')).data.map((w) => w.id)).toEqual([created[0]!.id]);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${base}/admin/n8n`);
    await page.getByText('configured ✓').waitFor();
    expect(await page.getByLabel('New API key (leave empty to keep the stored one)').inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
