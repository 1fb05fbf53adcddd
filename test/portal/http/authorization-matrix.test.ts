/**
 * Every role × every UI route, and every token scope × every API endpoint. Driven from one table, so a new route
 * without an entry here is a visible gap in review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, API_SCOPES, type Permission, type Role, type ApiScope } from '../../../portal/src/domain/policy.js';
import { makePlan, resumeUrl } from '../fixtures.js';
import { createTestPortal, type Session, type TestPortal } from '../harness.js';

type Rule = Permission | Permission[];

interface UiRoute {
  method: 'GET' | 'POST';
  path: string;
  needs: Rule;
  fields?: Record<string, string>;
}

const UI_ROUTES: UiRoute[] = [
  { method: 'GET', path: '/', needs: 'dashboard:view' },
  { method: 'GET', path: '/runs', needs: 'runs:view' },
  { method: 'GET', path: '/runs/1', needs: 'runs:view' },
  { method: 'GET', path: '/runs/export.csv', needs: 'runs:export' },
  { method: 'GET', path: '/runs/export.json', needs: 'runs:export' },
  { method: 'GET', path: '/runs/1/export.json', needs: 'runs:export' },
  { method: 'GET', path: '/runs/1/findings.csv', needs: 'runs:export' },
  { method: 'GET', path: '/approvals', needs: 'approvals:view' },
  { method: 'GET', path: '/approvals/1', needs: 'approvals:view' },
  { method: 'POST', path: '/approvals/1/decide', needs: ['approvals:decide-hr', 'approvals:decide-legal'], fields: { verdict: 'approve' } },
  { method: 'GET', path: '/register', needs: 'register:view' },
  { method: 'POST', path: '/register/holds', needs: 'holds:manage', fields: { subjectType: 'user' } },
  { method: 'POST', path: '/register/holds/1/lift', needs: 'holds:manage', fields: { reason: 'x' } },
  { method: 'GET', path: '/audit', needs: 'audit:view' },
  { method: 'POST', path: '/audit/verify', needs: 'audit:view' },
  { method: 'GET', path: '/audit/export.csv', needs: 'audit:view' },
  { method: 'GET', path: '/templates', needs: 'templates:view' },
  { method: 'POST', path: '/templates/none.json/import', needs: 'integrations:manage' },
  { method: 'GET', path: '/admin/n8n', needs: 'integrations:manage' },
  { method: 'POST', path: '/admin/n8n', needs: 'integrations:manage', fields: { url: '' } },
  { method: 'POST', path: '/admin/n8n/clear', needs: 'integrations:manage' },
  { method: 'GET', path: '/admin/users', needs: 'users:manage' },
  { method: 'POST', path: '/admin/users', needs: 'users:manage', fields: { username: '' } },
  { method: 'POST', path: '/admin/users/999/setup-link', needs: 'users:manage' },
  { method: 'POST', path: '/admin/users/999', needs: 'users:manage', fields: { role: 'nobody' } },
  { method: 'GET', path: '/admin/tokens', needs: 'tokens:manage' },
  { method: 'POST', path: '/admin/tokens', needs: 'tokens:manage', fields: { name: '' } },
  { method: 'POST', path: '/admin/tokens/999/revoke', needs: 'tokens:manage' },
  { method: 'GET', path: '/admin/notifications', needs: 'notifications:view' },
  { method: 'POST', path: '/admin/notifications/999/retry', needs: 'integrations:manage' },
];

const API_ROUTES: { method: string; path: string; scope: ApiScope; body?: unknown }[] = [
  { method: 'POST', path: '/runs', scope: 'runs:write', body: {} },
  { method: 'PATCH', path: '/runs/1', scope: 'runs:write', body: {} },
  { method: 'POST', path: '/runs/1/findings', scope: 'runs:write', body: {} },
  { method: 'POST', path: '/approval-requests', scope: 'approvals:write', body: {} },
  { method: 'GET', path: '/approval-requests/1', scope: 'approvals:read' },
  { method: 'POST', path: '/approval-requests/1/outcomes', scope: 'approvals:write', body: {} },
  { method: 'GET', path: '/preservation-register', scope: 'register:read' },
];

const allowed = (role: Role, rule: Rule) => (Array.isArray(rule) ? rule.some((p) => can(role, p)) : can(role, rule));

let t: TestPortal;
const sessions = new Map<Role, Session>();
const tokens = new Map<ApiScope, string>();

beforeAll(async () => {
  t = await createTestPortal();
  for (const role of ROLES) sessions.set(role, await t.signIn(role));
  for (const scope of API_SCOPES) tokens.set(scope, await t.token([scope]));
  const all = await t.token();
  await t.api('POST', '/runs', all, { workflow: 'w', executionId: '1', trigger: 'manual', status: 'running', startedAt: '2026-11-25T08:00:00Z' });
  await t.api('POST', '/approval-requests', all, { title: 'r', runId: 1, plan: makePlan(1), order: 'parallel', resumeUrl: resumeUrl('1') });
  await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-77', subjectName: 'x', reason: 'Matter 1' }, sessions.get('legal')!);
});
afterAll(() => t.dispose());

describe('UI routes', () => {
  for (const route of UI_ROUTES) {
    it(`${route.method} ${route.path} sends anonymous visitors to sign in`, async () => {
      const res = route.method === 'GET' ? await t.get(route.path, null) : await t.post(route.path, route.fields ?? {}, null);
      // Anonymous POSTs carry no session, so the CSRF token check refuses them before the guard; both deny.
      expect(route.method === 'GET' ? [303] : [303, 403]).toContain(res.status);
      if (res.status === 303) expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    });

    for (const role of ROLES) {
      const expectAllowed = allowed(role, route.needs);
      it(`${route.method} ${route.path} as ${role}: ${expectAllowed ? 'allowed' : 'forbidden'}`, async () => {
        const session = sessions.get(role)!;
        const res = route.method === 'GET' ? await t.get(route.path, session) : await t.post(route.path, route.fields ?? {}, session);
        if (expectAllowed) {
          expect(res.status).not.toBe(403);
          expect(res.status).toBeLessThan(500);
        } else {
          expect(res.status).toBe(403);
          expect(await res.text()).toContain(`Your role (${role}) does not allow this`);
        }
      });
    }
  }
});

describe('API endpoints', () => {
  for (const route of API_ROUTES) {
    for (const scope of API_SCOPES) {
      const ok = scope === route.scope;
      it(`${route.method} ${route.path} with a ${scope} token: ${ok ? 'allowed' : 'forbidden'}`, async () => {
        const res = await t.api(route.method, route.path, tokens.get(scope)!, route.body);
        if (ok) {
          expect(res.status).not.toBe(403);
          expect(res.status).toBeLessThan(500);
        } else {
          expect(res.status).toBe(403);
        }
      });
    }
  }
});
