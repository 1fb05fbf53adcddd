import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPlan } from '@incydr-health/core/health/plan';
import { liftHold } from '../../../portal/src/services/holds.js';
import { makePlan, resumeUrl } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

let t: TestPortal;
let token: string;
beforeEach(async () => {
  t = await createTestPortal();
  token = await t.token();
});
afterEach(() => t.dispose());

const run = { workflow: 'Offboarding cross-check', executionId: '101', trigger: 'schedule', status: 'running', startedAt: '2026-11-25T08:00:00Z' };

async function json(res: Response) {
  return (await res.json()) as Record<string, unknown>;
}

describe('authentication and scopes', () => {
  it('answers 401 with a hint when no token is sent', async () => {
    const res = await t.api('POST', '/runs', null, run);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await json(res)).error).toMatch(/Authorization: Bearer/);
  });

  it('answers 401 for an unknown or revoked token', async () => {
    expect((await t.api('POST', '/runs', 'ihp_nope', run)).status).toBe(401);
  });

  it('stops accepting a token after it expires or is revoked', async () => {
    const { createApiToken, revokeApiToken } = await import('../../../portal/src/services/api-tokens.js');
    const { token: shortLived } = await createApiToken(t.ctx, { id: null, name: 'test' }, { name: 'short', scopes: ['register:read'], expiresAt: t.clock.now() + 60_000 });
    expect((await t.api('GET', '/preservation-register', shortLived)).status).toBe(200);
    t.clock.advance(60_000);
    expect((await t.api('GET', '/preservation-register', shortLived)).status).toBe(401);
    const { token: revoked, row } = await createApiToken(t.ctx, { id: null, name: 'test' }, { name: 'gone', scopes: ['register:read'], expiresAt: null });
    await revokeApiToken(t.ctx, 'test', row.id);
    const res = await t.api('GET', '/preservation-register', revoked);
    expect(res.status).toBe(401);
    expect((await json(res)).error).toBe('This API token is unknown, revoked or expired.');
  });

  it('GET /token names the token and its scopes, whatever its scopes, for connection tests', async () => {
    const narrow = await t.token(['register:read']);
    const res = await t.api('GET', '/token', narrow);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ name: expect.stringMatching(/^token \d+$/), scopes: ['register:read'] });
    expect((await t.api('GET', '/token', 'ihp_wrong')).status).toBe(401);
  });

  it('answers 403 naming the missing scope', async () => {
    const readOnly = await t.token(['register:read']);
    const res = await t.api('POST', '/runs', readOnly, run);
    expect(res.status).toBe(403);
    expect((await json(res)).error).toBe('This API token lacks the scope "runs:write".');
  });

  it('never accepts the session cookie in place of a token', async () => {
    const admin = await t.signIn('admin');
    const res = await t.app.request('http://localhost:4020/api/v1/preservation-register', { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(401);
  });
});

describe('runs and findings', () => {
  it('creates a run, then updates it when the same execution is reported again', async () => {
    const first = await t.api('POST', '/runs', token, run);
    expect(first.status).toBe(201);
    const again = await t.api('POST', '/runs', token, { ...run, status: 'succeeded', finishedAt: '2026-11-25T08:05:00Z', counts: { stale: 3 } });
    expect(again.status).toBe(200);
    const body = await json(again);
    expect(body).toMatchObject({ created: false, run: { status: 'succeeded', counts: { stale: 3 } } });
    const patched = await t.api('PATCH', `/runs/${(body.run as { id: number }).id}`, token, { counts: { outdated: 1 } });
    expect((await json(patched)).run).toMatchObject({ counts: { stale: 3, outdated: 1 } });
  });

  it('adds findings in batches and skips ones already recorded', async () => {
    const { run: created } = (await json(await t.api('POST', '/runs', token, run))) as { run: { id: number } };
    const findings = Array.from({ length: 30 }, (_, i) => ({
      category: i % 2 ? 'stale-agent' : 'unhealthy-agent',
      subjectType: 'agent',
      subjectId: `agent-${i}`,
      subjectName: `host-${i}`,
      issue: i % 2 ? null : 'NOT_CONNECTING',
    }));
    expect(await json(await t.api('POST', `/runs/${created.id}/findings`, token, { findings }))).toEqual({ added: 30, skipped: 0 });
    expect(await json(await t.api('POST', `/runs/${created.id}/findings`, token, { findings: findings.slice(0, 10) }))).toEqual({ added: 0, skipped: 10 });
  });

  it('explains every invalid field with 422', async () => {
    const res = await t.api('POST', '/runs', token, { ...run, status: 'exploded', startedAt: 'yesterday', extra: 1 });
    expect(res.status).toBe(422);
    const body = (await json(res)) as { error: string; details: { path: string; message: string }[] };
    const paths = body.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['status', 'startedAt']));
    expect(body.error).toMatch(/problem/);
  });

  it('answers 400 for a body that is not JSON, and 404 for findings of an unknown run', async () => {
    const res = await t.app.request('http://localhost:4020/api/v1/runs', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"workflow":',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toBe('The body is not valid JSON.');
    const missing = await t.api('POST', '/runs/999/findings', token, { findings: [{ category: 'stale-agent', subjectType: 'agent', subjectId: 'a', subjectName: 'a' }] });
    expect(missing.status).toBe(404);
    expect((await t.api('PATCH', '/runs/abc', token, { status: 'failed' })).status).toBe(400);
  });

  it('refuses an over-sized body with 413 rather than reading it', async () => {
    const res = await t.app.request('http://localhost:4020/api/v1/runs/1/findings', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(6 * 1024 * 1024) },
      body: 'x'.repeat(6 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });
});

describe('approval requests', () => {
  const submission = (overrides: Record<string, unknown> = {}) => ({
    title: 'Offboarding November',
    plan: makePlan(3),
    order: 'sequential',
    resumeUrl: resumeUrl('7'),
    ...overrides,
  });

  it('stores a plan and returns the same request when n8n retries the submission', async () => {
    const first = await t.api('POST', '/approval-requests', token, submission());
    expect(first.status).toBe(201);
    const body = await json(first);
    expect(body).toMatchObject({ status: 'pending', created: true, url: `http://localhost:4020/approvals/${body.requestId}` });
    const retry = await t.api('POST', '/approval-requests', token, submission());
    expect(retry.status).toBe(200);
    expect(await json(retry)).toMatchObject({ requestId: body.requestId, created: false });
  });

  it('accepts a plan larger than one SQL statement can carry', async () => {
    const res = await t.api('POST', '/approval-requests', token, submission({ plan: makePlan(3000, { roles: ['hr'] }) }));
    expect(res.status).toBe(201);
    const { requestId } = (await res.json()) as { requestId: number };
    const record = (await (await t.api('GET', `/approval-requests/${requestId}`, token)).json()) as { undecidedItems: string[] };
    expect(record.undecidedItems).toHaveLength(3000);
  });

  it('refuses a resume URL outside the configured n8n instance', async () => {
    const res = await t.api('POST', '/approval-requests', token, submission({ resumeUrl: 'http://169.254.169.254/latest/meta-data' }));
    expect(res.status).toBe(422);
    expect((await json(res)).error).toBe('resumeUrl does not belong to the configured n8n instance.');
  });

  it('refuses inconsistent stages and malformed plans', async () => {
    const legalOnly = await t.api('POST', '/approval-requests', token, submission({ stages: ['hr'] }));
    expect(legalOnly.status).toBe(422);
    expect((await json(legalOnly)).error).toMatch(/needs legal, which is not a stage/);
    const badHash = await t.api('POST', '/approval-requests', token, submission({ plan: { ...makePlan(1), hash: 'md5:abc' } }));
    expect(badHash.status).toBe(422);
    expect(JSON.stringify(await json(badHash))).toMatch(/plan\.hash/);
    const past = await t.api('POST', '/approval-requests', token, submission({ deadline: '2020-01-01T00:00:00Z' }));
    expect((await json(past)).error).toBe('The deadline is already in the past.');
  });

  it('accepts a plan exactly as the core plan builder made it, and refuses one whose items no longer match its hash', async () => {
    const built = await buildPlan('offboarding', makePlan(3, { roles: ['hr'] }).items, '2026-11-25T08:00:00Z');
    const accepted = await t.api('POST', '/approval-requests', token, submission({ plan: built }));
    expect(accepted.status).toBe(201);

    const [first, ...rest] = built.items;
    const tampered = { ...built, items: [{ ...first!, subject: { ...first!.subject, id: 'someone-else' } }, ...rest] };
    const refused = await t.api('POST', '/approval-requests', token, submission({ plan: tampered, resumeUrl: resumeUrl('tampered') }));
    expect(refused.status).toBe(422);
    const body = await json(refused);
    expect(body.error).toMatch(/hash does not match its items/);
    expect(JSON.stringify(body)).toMatch(/plan\.hash/);
  });

  it('never returns the resume URL or its signature', async () => {
    const { requestId } = (await json(await t.api('POST', '/approval-requests', token, submission()))) as { requestId: number };
    const state = await t.api('GET', `/approval-requests/${requestId}`, token);
    const text = await state.text();
    expect(text).not.toMatch(/signature|webhook-waiting/);
    const stored = await t.ctx.database.client.execute('select resume_url_sealed from approval_requests');
    expect(String(stored.rows[0]?.[0])).not.toMatch(/signature|webhook-waiting/);
  });

  it('serves the decision record with stages, items and who decided', async () => {
    const { requestId } = (await json(await t.api('POST', '/approval-requests', token, submission()))) as { requestId: number };
    const res = await t.api('GET', `/approval-requests/${requestId}`, token);
    const record = await json(res);
    expect(record).toMatchObject({
      requestId,
      status: 'pending',
      plan: { kind: 'offboarding' },
      stages: [
        { role: 'hr', state: 'open' },
        { role: 'legal', state: 'waiting' },
      ],
      approvedItems: [],
      rejectedItems: [],
    });
    expect((record.undecidedItems as string[]).length).toBe(3);
    expect((await t.api('GET', '/approval-requests/999', token)).status).toBe(404);
  });

  it('refuses outcomes while the request is pending and for unknown items', async () => {
    const { requestId } = (await json(await t.api('POST', '/approval-requests', token, submission()))) as { requestId: number };
    const res = await t.api('POST', `/approval-requests/${requestId}/outcomes`, token, { outcomes: [{ itemId: 'x', status: 'succeeded' }] });
    expect(res.status).toBe(409);
  });
});

describe('preservation register and OpenAPI', () => {
  it('lists manual holds in the register', async () => {
    const legal = await t.signIn('legal');
    await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-9', subjectName: 'dana@corp.example', reason: 'Matter 2026-17' }, legal);
    const body = (await json(await t.api('GET', '/preservation-register', token))) as { entries: Record<string, unknown>[] };
    expect(body.entries).toEqual([expect.objectContaining({ source: 'hold', subjectId: 'u-9', reason: 'Matter 2026-17', addedBy: legal.user.username })]);
  });

  it("also lists the active manual holds in the preservation guard's ManualHold shape, and drops lifted ones", async () => {
    const legal = await t.signIn('legal');
    await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-9', subjectName: 'dana@corp.example', reason: 'Matter 2026-17' }, legal);
    await t.post('/register/holds', { subjectType: 'agent', subjectId: 'a-4', subjectName: 'LT-0042', reason: 'Forensic image' }, legal);
    let body = (await json(await t.api('GET', '/preservation-register', token))) as { manualHolds: Record<string, unknown>[] };
    expect(body.manualHolds).toEqual(
      expect.arrayContaining([
        { subjectType: 'user', subjectId: 'u-9', reason: 'Matter 2026-17', owner: legal.user.username, createdAt: new Date(t.clock.now()).toISOString() },
        { subjectType: 'agent', subjectId: 'a-4', reason: 'Forensic image', owner: legal.user.username, createdAt: new Date(t.clock.now()).toISOString() },
      ]),
    );
    expect(body.manualHolds).toHaveLength(2);
    const register = (await json(await t.api('GET', '/preservation-register', token))) as { entries: { holdId: number; subjectId: string }[] };
    await liftHold(t.ctx, { id: legal.user.id, name: 'user:legal' }, register.entries.find((e) => e.subjectId === 'a-4')!.holdId, 'Imaged');
    body = (await json(await t.api('GET', '/preservation-register', token))) as { manualHolds: Record<string, unknown>[] };
    expect(body.manualHolds.map((h) => h.subjectId)).toEqual(['u-9']);
  });

  it('serves an OpenAPI document without a token, describing every endpoint', async () => {
    const res = await t.api('GET', '/openapi.json', null);
    expect(res.status).toBe(200);
    const doc = (await json(res)) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/approval-requests', '/approval-requests/{id}', '/approval-requests/{id}/outcomes', '/preservation-register', '/runs', '/runs/{id}', '/runs/{id}/findings', '/token'].sort(),
    );
    expect(JSON.stringify(doc.components.schemas.ApprovalSubmit)).toMatch(/resumeUrl/);
  });

  it('answers unknown API paths with JSON 404', async () => {
    const res = await t.api('GET', '/nothing-here', token);
    expect(res.status).toBe(404);
    expect((await json(res)).error).toMatch(/No API endpoint/);
  });
});
