/**
 * Real Chromium (Debian's package, driven by playwright-core) against the real portal over HTTP: HR and Legal sign
 * in through the form, decide items with htmx, export CSV; axe-core checks every page for serious violations.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlan, resumeUrl } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

const PASSWORD = 'correct horse battery staple';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let t: TestPortal;
let server: ServerType;
let base: string;
let browser: Browser;
let requestId: number;
const problems: string[] = [];

function chromiumPath(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    // The browser tests drive the system's Chromium and never download one; .ci/run installs it.
    throw new Error('Chromium is not installed: run `apt-get install -y chromium` (Debian) and try again.');
  }
}

beforeAll(async () => {
  t = await createTestPortal();
  await t.addUser('hr', 'hanna');
  await t.addUser('legal', 'leo');
  await t.addUser('admin', 'ada');
  const token = await t.token();
  await t.api('POST', '/runs', token, { workflow: 'Offboarding cross-check', executionId: '1', trigger: 'schedule', status: 'waiting', startedAt: '2026-11-25T08:00:00Z' });
  await t.api('POST', '/runs/1/findings', token, {
    findings: [{ category: 'terminated-active-user', subjectType: 'user', subjectId: 'u-1', subjectName: 'person1@corp.example', reason: 'Terminated 2026-11-01' }],
  });
  const res = await t.api('POST', '/approval-requests', token, { title: 'November offboarding', runId: 1, plan: makePlan(3), order: 'sequential', resumeUrl: resumeUrl('1') });
  requestId = ((await res.json()) as { requestId: number }).requestId;
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
});

async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (msg) => {
    // The 422 is the deliberate "reject without a comment" step; anything else is a real problem.
    if (msg.type() === 'error' && !/status of (422|500)|ERR_CONNECTION_REFUSED|net::ERR_FAILED|Failed to fetch/.test(msg.text())) problems.push(`${username}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${username}: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective}`));
  });
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
  return { context, page };
}

async function axeViolations(page: Page): Promise<string[]> {
  // page.evaluate is not subject to the page's CSP, so axe can be injected without weakening it.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

describe('in a real browser', () => {
  it('HR approves two items and rejects one through htmx, without a page load', async () => {
    const { context, page } = await signedIn('hanna');
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('link', { name: 'November offboarding' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/approvals/${requestId}`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await page.getByLabel('Select deactivate-user person1@corp.example').check();
    await page.getByLabel('Select deactivate-user person2@corp.example').check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByText('person2@corp.example: Approved.').waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await page.getByText('1 item wait for your decision as HR.').count()).toBe(1);
    // The status region took focus so the outcome is announced.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision-status');

    await page.getByLabel('Select deactivate-user person3@corp.example').check();
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await page.getByText('a comment is required for rejections').waitFor();
    await page.getByLabel('Select deactivate-user person3@corp.example').check();
    await page.getByLabel('Comment (required to reject)').fill('Rehired in October');
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await page.getByText('person3@corp.example: Rejected.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('Legal selects all with the keyboard and approves, resolving the request', async () => {
    const { context, page } = await signedIn('leo');
    await page.goto(`${base}/approvals/${requestId}`);
    await page.getByText('2 items wait for your decision as Legal.').waitFor();
    await page.locator('#select-all').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('input[name=item]:checked').count()).toBe(2);
    let reached = false;
    for (let i = 0; i < 10 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Approve selected');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByText('This request is decided').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
    const state = await t.api('GET', `/approval-requests/${requestId}`, await t.token(['approvals:read']));
    expect(await state.json()).toMatchObject({ status: 'decided', approvedItems: ['deactivate-user:user:u-1', 'deactivate-user:user:u-2'], rejectedItems: ['deactivate-user:user:u-3'] });
  }, 60_000);

  it('tells the reviewer when the portal fails or cannot be reached, instead of failing silently', async () => {
    const res = await t.api('POST', '/approval-requests', await t.token(), { title: 'Outage drill', plan: makePlan(1, { roles: ['hr'], salt: 'd' }), resumeUrl: resumeUrl('2') });
    const drillId = ((await res.json()) as { requestId: number }).requestId;
    const { context, page } = await signedIn('hanna');
    await page.goto(`${base}/approvals/${drillId}`);
    await context.route('**/decide', (route) => route.fulfill({ status: 500, body: 'boom' }));
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await page.getByText('The portal hit an unexpected problem and did not record this.').waitFor();
    expect(await page.getByText('boom').count()).toBe(0);
    await context.unroute('**/decide');
    await context.route('**/decide', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await page.getByText('The portal could not be reached, so nothing was recorded.').waitFor();
    await context.close();
  }, 60_000);

  it('exports runs as CSV with the signed-in session', async () => {
    const { context, page } = await signedIn('hanna');
    await page.goto(`${base}/runs`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('runs.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('id,workflow,execution_id,trigger,status,started_at,finished_at,counts');
    expect(text).toContain('Offboarding cross-check');
    await context.close();
  }, 60_000);

  it('every page passes axe with no serious or critical violations', async () => {
    const anonymous = await browser.newContext();
    const login = await anonymous.newPage();
    await login.goto(`${base}/login`);
    expect(await axeViolations(login)).toEqual([]);
    await anonymous.close();

    const { context, page } = await signedIn('ada');
    const paths = ['/', '/runs', '/runs/1', '/approvals', `/approvals/${requestId}`, '/register', '/audit', '/templates', '/admin/users', '/admin/tokens', '/admin/notifications'];
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(200);
      const violations = await axeViolations(page);
      if (violations.length > 0) found[path] = violations;
    }
    expect(found).toEqual({});
    await context.close();
  }, 120_000);

  it('logged no console errors, page errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
