/**
 * Admin › n8n connection over HTTP: validation, the key sealed at rest and never shown again, keeping the key when
 * only the URL changes, CSRF and role checks, the connection check on save, forgetting it twice, audit events.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, portalSettings } from '../../../db/schema.js';
import { freePort } from '../../harness/n8n.js';
import { getN8nConnection } from '../../../portal/src/services/n8n-settings.js';
import { createTestPortal, type Session, type TestPortal } from '../harness.js';

const KEY = 'n8n_api_key_for_tests_0123456789abcdef';

let t: TestPortal;
let admin: Session;
let closedPort: number;

beforeAll(async () => {
  t = await createTestPortal();
  admin = await t.signIn('admin');
  closedPort = await freePort();
});
afterAll(() => t.dispose());

async function storedValue() {
  const [row] = await t.ctx.database.db.select().from(portalSettings).where(eq(portalSettings.key, 'n8n'));
  return row;
}

describe('Admin › n8n connection', () => {
  it('starts unconfigured and links from the other admin pages', async () => {
    const html = await (await t.get('/admin/n8n', admin)).text();
    expect(html).toContain('<dd>not configured</dd>');
    expect(await (await t.get('/admin/users', admin)).text()).toContain('href="/admin/n8n"');
  });

  it('refuses a bad address or a missing first key with 422 and clear words, storing nothing', async () => {
    const bad = await t.post('/admin/n8n', { url: 'ftp://n8n.example', apiKey: KEY }, admin);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('The n8n address must be an http:// or https:// URL.');
    const withPassword = await t.post('/admin/n8n', { url: 'http://user:pw@n8n.example', apiKey: KEY }, admin);
    expect(withPassword.status).toBe(422);
    expect(await withPassword.text()).toContain('must not contain a user name or password');
    const noKey = await t.post('/admin/n8n', { url: 'http://n8n.example' }, admin);
    expect(noKey.status).toBe(422);
    expect(await noKey.text()).toContain('Enter the n8n API key');
    expect(await storedValue()).toBeUndefined();
  });

  it('saves the key sealed, shows only "configured ✓", and says when n8n cannot be reached', async () => {
    const res = await t.post('/admin/n8n', { url: `http://127.0.0.1:${closedPort}/api/v1/`, apiKey: KEY }, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`Saved, but the connection does not work yet: Cannot reach n8n at http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
    expect(html).toContain('configured ✓');
    expect(html).not.toContain(KEY);
    const row = await storedValue();
    expect(row!.value.url).toBe(`http://127.0.0.1:${closedPort}`);
    expect(JSON.stringify(row)).not.toContain(KEY);
    expect((await getN8nConnection(t.ctx))!.apiKey).toBe(KEY);
    const page = await (await t.get('/admin/n8n', admin)).text();
    expect(page).not.toContain(KEY);
    expect(page).toContain('New API key (leave empty to keep the stored one)');
  });

  it('keeps the stored key when only the address changes', async () => {
    const res = await t.post('/admin/n8n', { url: `http://localhost:${closedPort}`, apiKey: '' }, admin);
    expect(res.status).toBe(200);
    expect(await getN8nConnection(t.ctx)).toEqual({ url: `http://localhost:${closedPort}`, apiKey: KEY });
  });

  it('records who changed what in the audit trail, never the key', async () => {
    const rows = await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'settings.n8n'));
    expect(rows.map((r) => JSON.parse(r.details) as { apiKeyChanged: boolean }).map((d) => d.apiKeyChanged)).toEqual([true, false]);
    expect(rows.every((r) => r.actor === `user:${admin.user.username}`)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(KEY);
  });

  it('refuses a post without the form token and a non-admin', async () => {
    const noToken = await t.post('/admin/n8n', { url: 'http://evil.example', apiKey: 'x', _csrf: 'wrong' }, admin);
    expect(noToken.status).toBe(403);
    const ops = await t.signIn('ops');
    expect((await t.post('/admin/n8n', { url: 'http://evil.example', apiKey: 'x' }, ops)).status).toBe(403);
    expect((await t.get('/admin/n8n', ops)).status).toBe(403);
    expect((await getN8nConnection(t.ctx))!.url).toBe(`http://localhost:${closedPort}`);
  });

  it('forgets the connection; a second time changes nothing and says so', async () => {
    const first = await (await t.post('/admin/n8n/clear', {}, admin)).text();
    expect(first).toContain('The n8n connection was forgotten.');
    expect(await getN8nConnection(t.ctx)).toBeNull();
    const second = await (await t.post('/admin/n8n/clear', {}, admin)).text();
    expect(second).toContain('No n8n connection was configured.');
    expect(await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'settings.n8n.clear'))).toHaveLength(1);
  });
});
