import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../../portal/src/services/users.js';
import { searchAudit } from '../../../portal/src/services/audit.js';
import { IDLE_TIMEOUT_MS } from '../../../portal/src/services/sessions.js';
import { safeNext } from '../../../portal/src/ui/auth.js';
import { csrfTokenFor } from '../../../portal/src/http/session.js';
import { createTestPortal, ORIGIN, type TestPortal } from '../harness.js';

let t: TestPortal;
beforeEach(async () => {
  t = await createTestPortal();
});
afterEach(() => t.dispose());

const PASSWORD = 'correct horse battery staple';

async function loginForm(): Promise<string> {
  const html = await (await t.get('/login', null)).text();
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

async function login(username: string, password: string, next = '/') {
  return t.post('/login', { username, password, next, _csrf: await loginForm() }, null);
}

describe('sign-in', () => {
  it('signs in, sets a hardened session cookie, and audits it', async () => {
    await t.addUser('hr', 'harriet');
    const res = await login('harriet', PASSWORD, '/approvals');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/approvals');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^portal_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const page = await t.get('/approvals', { user: null as never, cookie: cookie.split(';')[0]!, csrf: '' });
    expect(page.status).toBe(200);
    expect((await searchAudit(t.ctx, { action: 'auth.sign-in' })).map((r) => r.target)).toEqual(['user:harriet']);
  });

  it('starts a new session on each sign-in and ends the one the browser held before', async () => {
    await t.addUser('ops', 'otto');
    const first = (await login('otto', PASSWORD)).headers.get('set-cookie')!.split(';')[0]!;
    const s = { user: null as never, cookie: first, csrf: '' };
    // A signed-in browser's forms carry the token bound to its session.
    const csrf = csrfTokenFor(t.ctx, first.split('=')[1]!);
    const again = await t.post('/login', { username: 'otto', password: PASSWORD, next: '/', _csrf: csrf }, null, { cookie: first });
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    expect(second).not.toBe(first);
    expect((await t.get('/', s)).status).toBe(303);
    expect((await t.get('/', { ...s, cookie: second })).status).toBe(200);
  });

  it('answers a wrong password with one generic message, re-rendering the form, and audits the failure', async () => {
    await t.addUser('hr', 'harriet');
    for (const [user, pw] of [
      ['harriet', 'wrong password here'],
      ['nobody', PASSWORD],
    ]) {
      const res = await login(user!, pw!);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('Wrong username or password.');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await searchAudit(t.ctx, { action: 'auth.sign-in-failed' })).toHaveLength(2);
  });

  it('throttles an account after 5 failures for 15 minutes, even with the right password', async () => {
    await t.addUser('legal', 'lars');
    for (let i = 0; i < 5; i += 1) expect((await login('lars', `guess ${i} is wrong`)).status).toBe(422);
    const blocked = await login('lars', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Too many failed sign-ins. Wait 15 minutes and try again.');
    t.clock.advance(15 * 60_000 + 1);
    expect((await login('lars', PASSWORD)).status).toBe(303);
  });

  it('never redirects off-site after sign-in', () => {
    expect(safeNext('/runs?status=failed')).toBe('/runs?status=failed');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });

  it('validates the form and says what is missing', async () => {
    const res = await t.post('/login', { username: '', password: '', _csrf: await loginForm() }, null);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Enter your username.');
    expect(html).toContain('Enter your password.');
  });
});

describe('sessions', () => {
  it('signing out ends the session for good', async () => {
    const s = await t.signIn('ops');
    const out = await t.post('/logout', {}, s);
    expect(out.status).toBe(303);
    expect(out.headers.get('clear-site-data')).toContain('cache');
    expect((await t.get('/', s)).status).toBe(303);
  });

  it('expires after 8 hours idle', async () => {
    const s = await t.signIn('viewer');
    expect((await t.get('/', s)).status).toBe(200);
    t.clock.advance(IDLE_TIMEOUT_MS + 1);
    const res = await t.get('/', s);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2F');
  });

  it('ends the sessions of a user whose role an admin changes', async () => {
    const admin = await t.signIn('admin');
    const hr = await t.signIn('hr');
    const res = await t.post(`/admin/users/${hr.user.id}`, { role: 'viewer', disabled: 'false' }, admin);
    expect(res.status).toBe(200);
    expect((await t.get('/', hr)).status).toBe(303);
  });

  it('tells htmx to redirect instead of swapping the sign-in page into a fragment', async () => {
    const res = await t.get('/approvals/1', null, { 'HX-Request': 'true', 'HX-Request-Type': 'partial' });
    expect(res.status).toBe(401);
    expect(res.headers.get('hx-redirect')).toBe('/login?next=%2Fapprovals%2F1');
  });
});

describe('CSRF', () => {
  it('refuses a cross-site form post (no matching Origin)', async () => {
    const s = await t.signIn('legal');
    const res = await t.post('/register/holds', { subjectType: 'user', subjectId: 'u', subjectName: 'n', reason: 'Matter 1' }, s, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('refuses a same-origin post without the session-bound token', async () => {
    const s = await t.signIn('legal');
    const res = await t.post('/register/holds', { subjectType: 'user', subjectId: 'u', subjectName: 'n', reason: 'Matter 1', _csrf: 'forged' }, s);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This form is out of date');
    const other = await t.signIn('legal');
    const swapped = await t.post('/register/holds', { subjectType: 'user', subjectId: 'u', subjectName: 'n', reason: 'Matter 1', _csrf: other.csrf }, s);
    expect(swapped.status).toBe(403);
  });

  it('makes no state change on GET', async () => {
    const s = await t.signIn('admin');
    const res = await t.get('/logout', s);
    expect(res.status).toBe(404);
    expect((await t.get('/', s)).status).toBe(200);
  });
});

describe('first-admin setup link', () => {
  it('works once, enforces the password rules, then refuses reuse', async () => {
    const { setupToken } = await createUser(t.ctx, 'test', { username: 'admin', displayName: 'Admin', email: null, role: 'admin' });
    const path = `/setup/${setupToken}`;
    const page = await (await t.get(path, null)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const weak = await t.post(path, { password: 'Password2024!', confirm: 'Password2024!', _csrf: csrf }, null);
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('too common');
    const mismatch = await t.post(path, { password: PASSWORD, confirm: `${PASSWORD}x`, _csrf: csrf }, null);
    expect(await mismatch.text()).toContain('The two passwords differ.');
    const ok = await t.post(path, { password: PASSWORD, confirm: PASSWORD, _csrf: csrf }, null);
    expect(ok.status).toBe(200);
    expect((await login('admin', PASSWORD)).status).toBe(303);
    const again = await t.get(path, null);
    expect(again.status).toBe(410);
  });

  it('expires after 24 hours', async () => {
    const { setupToken } = await createUser(t.ctx, 'test', { username: 'late', displayName: 'Late', email: null, role: 'ops' });
    t.clock.advance(24 * 60 * 60_000 + 1);
    expect((await t.get(`/setup/${setupToken}`, null)).status).toBe(410);
  });
});

describe('security headers', () => {
  it('sends a strict nonce CSP and refuses framing', async () => {
    const res = await t.get('/login', null);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(html).toContain(`<script nonce="${nonce}" src="/static/htmx-4.0.1.min.js"`);
    expect(html).not.toMatch(/<script(?![^>]*nonce)[^>]*>/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('serves htmx from the installed package, cacheable for a year', async () => {
    const res = await t.get('/static/htmx-4.0.1.min.js', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('4.0.1');
  });

  it('uses a __Host- Secure cookie when served over TLS', async () => {
    const { sessionCookieName, usesTls } = await import('../../../portal/src/http/session.js');
    const tls = { ...t.ctx, settings: { ...t.ctx.settings, publicUrl: 'https://portal.corp.example' } };
    expect(usesTls(tls)).toBe(true);
    expect(sessionCookieName(tls)).toBe('__Host-portal_session');
    expect(ORIGIN.startsWith('http://')).toBe(true);
  });
});
