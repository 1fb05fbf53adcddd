import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestPortal, type TestPortal } from '../harness.js';

let t: TestPortal;
let token: string;
beforeEach(async () => {
  t = await createTestPortal();
  token = await t.token();
});
afterEach(() => t.dispose());

async function recordRun(executionId: string, startedAt: string, findings: Record<string, unknown>[], workflow = 'Device health') {
  const res = await t.api('POST', '/runs', token, { workflow, executionId, trigger: 'schedule', status: 'succeeded', startedAt });
  const { run } = (await res.json()) as { run: { id: number } };
  if (findings.length > 0) await t.api('POST', `/runs/${run.id}/findings`, token, { findings });
  return run.id;
}

const agents = (n: number, category: string, issue: string | null = null) =>
  Array.from({ length: n }, (_, i) => ({ category, subjectType: 'agent', subjectId: `${category}-${issue}-${i}`, subjectName: `host-${i}`, issue }));

describe('dashboard', () => {
  it('shows current counts per category and SVG trends over runs', async () => {
    await recordRun('1', '2026-11-20T06:00:00Z', [...agents(4, 'stale-agent'), ...agents(2, 'unhealthy-agent', 'NOT_CONNECTING')]);
    await recordRun('2', '2026-11-21T06:00:00Z', [...agents(3, 'stale-agent'), ...agents(1, 'unhealthy-agent', 'MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS')]);
    await recordRun('3', '2026-11-21T07:00:00Z', agents(5, 'terminated-active-user'), 'Offboarding');
    const html = await (await t.get('/', await t.signIn('viewer'))).text();
    const card = (label: string) => new RegExp(`<span class="n">(\\d+)</span>${label}`).exec(html)?.[1];
    expect(card('Stale agents')).toBe('3');
    expect(card('Unhealthy agents')).toBe('1');
    expect(card('Terminated but active users')).toBe('5');
    expect(card('Pending approvals')).toBe('0');
    expect(html).toContain('MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(3);
    expect(html).toContain('<polyline');
    expect(html).toContain('#1 2026-11-20');
  });

  it('explains an empty dashboard instead of drawing empty charts', async () => {
    const html = await (await t.get('/', await t.signIn('viewer'))).text();
    expect(html).toContain('No runs recorded yet.');
    expect(html).not.toContain('<svg');
  });
});

describe('runs', () => {
  it('filters by status and workflow and validates the filter', async () => {
    await recordRun('1', '2026-11-20T06:00:00Z', []);
    await t.api('POST', '/runs', token, { workflow: 'Offboarding', executionId: '9', trigger: 'manual', status: 'failed', startedAt: '2026-11-22T06:00:00Z' });
    const s = await t.signIn('ops');
    const failed = await (await t.get('/runs?status=failed', s)).text();
    expect(failed).toContain('Offboarding');
    expect(failed).not.toContain('Device health</td>');
    const bad = await t.get('/runs?status=exploded&from=yesterday', s);
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain('Status is one of');
    expect(text).toContain('Dates look like 2026-11-25.');
  });

  it('exports CSV and JSON as downloads', async () => {
    await recordRun('1', '2026-11-20T06:00:00Z', agents(2, 'stale-agent'));
    const s = await t.signIn('hr');
    const csv = await t.get('/runs/export.csv', s);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="runs.csv"');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,workflow,execution_id,trigger,status,started_at,finished_at,counts');
    expect(lines[1]).toMatch(/^1,Device health,1,schedule,succeeded,2026-11-20T06:00:00.000Z,,\{\}$/);
    const json = (await (await t.get('/runs/1/export.json', s)).json()) as { run: { id: number }; findings: unknown[] };
    expect(json.run.id).toBe(1);
    expect(json.findings).toHaveLength(2);
    const findingsCsv = await (await t.get('/runs/1/findings.csv', s)).text();
    expect(findingsCsv.split('\r\n')).toHaveLength(4);
  });

  it('shows the plan of a run with per-item decisions and outcomes', async () => {
    const runId = await recordRun('1', '2026-11-20T06:00:00Z', []);
    const { makePlan, resumeUrl } = await import('../fixtures.js');
    const res = await t.api('POST', '/approval-requests', token, { title: 'Nov plan', runId, plan: makePlan(2, { roles: ['hr'] }), resumeUrl: resumeUrl('1') });
    const { requestId } = (await res.json()) as { requestId: number };
    const hr = await t.signIn('hr');
    const page = await (await t.get(`/approvals/${requestId}`, hr)).text();
    const ids = [...page.matchAll(/name="item" value="(\d+)"/g)].map((m) => m[1]!);
    await t.post(`/approvals/${requestId}/decide`, { item: ids, verdict: 'approve', comment: 'fine' }, hr);
    await t.api('POST', `/approval-requests/${requestId}/outcomes`, token, {
      outcomes: [{ itemId: 'deactivate-user:user:u-1', status: 'failed', message: 'user not found' }],
    });
    const html = await (await t.get(`/runs/${runId}`, hr)).text();
    expect(html).toContain('Items of “Nov plan”');
    expect(html).toContain('hr: approve by Test');
    expect(html).toContain('failed — user not found');
  });

  it('shows a run with its findings and answers 404 for unknown runs', async () => {
    await recordRun('1', '2026-11-20T06:00:00Z', agents(1, 'outdated-agent'));
    const s = await t.signIn('viewer');
    const html = await (await t.get('/runs/1', s)).text();
    expect(html).toContain('Findings (1)');
    expect(html).toContain('outdated-agent');
    expect((await t.get('/runs/42', s)).status).toBe(404);
    expect((await t.get('/runs/abc', s)).status).toBe(404);
  });
});

describe('preservation register', () => {
  it('lets Legal add and lift holds with reasons; lifting twice is harmless', async () => {
    const legal = await t.signIn('legal');
    const missing = await t.post('/register/holds', { subjectType: 'user', subjectId: '', subjectName: '', reason: 'x' }, legal);
    expect(missing.status).toBe(422);
    const text = await missing.text();
    expect(text).toContain('Enter the subject id');
    expect(text).toContain('Give a reason of at least 5 characters');

    const added = await (await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-5', subjectName: 'eve@corp.example', reason: 'Matter 2026-9' }, legal)).text();
    expect(added).toContain('Hold added for eve@corp.example.');
    const dup = await (await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-5', subjectName: 'eve@corp.example', reason: 'Matter 2026-9' }, legal)).text();
    expect(dup).toContain('already has an active hold; nothing changed.');

    const noReason = await t.post('/register/holds/1/lift', { reason: '' }, legal);
    expect(noReason.status).toBe(422);
    expect(await (await t.post('/register/holds/1/lift', { reason: 'Matter closed' }, legal)).text()).toContain('Hold on eve@corp.example lifted.');
    const again = await (await t.post('/register/holds/1/lift', { reason: 'Matter closed' }, legal)).text();
    expect(again).toContain('was already lifted');
    const history = again.split('<h2>Lifted holds</h2>')[1]!;
    expect(history).toContain('eve@corp.example');
    expect(history).toContain('Matter closed');
    expect(history).toContain(`by ${legal.user.username}`);
    expect((await t.post('/register/holds/99/lift', { reason: 'Matter closed' }, legal)).status).toBe(404);
  });

  it('includes the subjects the latest run preserved, with their reason', async () => {
    await recordRun('1', '2026-11-20T06:00:00Z', [{ category: 'preserved-subject', subjectType: 'user', subjectId: 'u-3', subjectName: 'carol@corp.example', reason: 'Legal hold matter M-1' }]);
    const html = await (await t.get('/register', await t.signIn('viewer'))).text();
    expect(html).toContain('carol@corp.example');
    expect(html).toContain('Legal hold matter M-1');
    expect(html).toContain('run #1');
    expect(html).not.toContain('Add a manual hold');
  });
});

describe('audit log', () => {
  it('verifies the chain, and detects a row edited directly in SQLite', async () => {
    const legal = await t.signIn('legal');
    await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-5', subjectName: 'eve', reason: 'Matter 2026-9' }, legal);
    const ok = await (await t.post('/audit/verify', {}, legal)).text();
    expect(ok).toMatch(/The audit trail is intact: all \d+ entries verify/);

    await t.ctx.database.client.execute(`update audit_log set details = '{"reason":"nothing to see"}' where action = 'hold.add'`);
    const broken = await (await t.post('/audit/verify', {}, legal)).text();
    expect(broken).toMatch(/The audit trail is broken at entry \d+ \(its content was changed\)/);
  });

  it('searches and exports CSV with the hashes', async () => {
    const legal = await t.signIn('legal');
    await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-5', subjectName: 'eve', reason: 'Matter 50%_off' }, legal);
    const found = await (await t.get('/audit?q=50%25_off', legal)).text();
    expect(found).toContain('hold.add');
    const none = await (await t.get('/audit?q=zzz', legal)).text();
    expect(none).not.toContain('<td>hold.add</td>');
    const csv = await (await t.get('/audit/export.csv?action=hold.add', legal)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,target,details,prev_hash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/,[0-9a-f]{64},[0-9a-f]{64}$/);
  });
});

describe('templates', () => {
  it('handles an empty or missing workflows folder gracefully', async () => {
    const html = await (await t.get('/templates', await t.signIn('viewer'))).text();
    expect(html).toContain('No workflow templates are installed yet.');
  });

  it('lists templates with descriptions and serves only listed files', async () => {
    const dir = join(t.dir, 'workflows');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'offboarding.json'), JSON.stringify({ name: 'Offboarding cross-check', nodes: [{}, {}, {}], meta: { description: 'HR vs Incydr' } }));
    writeFileSync(join(dir, 'broken.json'), '{');
    const s = await t.signIn('viewer');
    const html = await (await t.get('/templates', s)).text();
    expect(html).toContain('Offboarding cross-check');
    expect(html).toContain('HR vs Incydr');
    expect(html).toContain('This file is not valid JSON.');
    const file = await t.get('/templates/offboarding.json', s);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="offboarding.json"');
    expect((await t.get('/templates/broken.json', s)).status).toBe(404);
    expect((await t.get('/templates/..%2Fsecret', s)).status).toBe(404);
  });
});

describe('admin', () => {
  it('creates a user with a one-time setup link and validates input', async () => {
    const admin = await t.signIn('admin');
    const bad = await t.post('/admin/users', { username: 'Bad Name', displayName: '', email: 'nope', role: 'root' }, admin);
    expect(bad.status).toBe(422);
    const text = await bad.text();
    expect(text).toContain('Usernames are 2–64 lowercase letters');
    expect(text).toContain('Role is one of');
    const ok = await (await t.post('/admin/users', { username: 'greta', displayName: 'Greta', email: 'greta@corp.example', role: 'legal' }, admin)).text();
    expect(ok).toContain('User greta added as legal.');
    expect(ok).toMatch(/http:\/\/localhost:4020\/setup\/[A-Za-z0-9_-]{43}/);
    const dup = await t.post('/admin/users', { username: 'greta', displayName: 'Greta', email: '', role: 'legal' }, admin);
    expect(dup.status).toBe(409);
  });

  it('refuses to let an admin lock themselves out', async () => {
    const admin = await t.signIn('admin');
    const res = await t.post(`/admin/users/${admin.user.id}`, { role: 'viewer', disabled: 'false' }, admin);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('You cannot disable yourself');
  });

  it('creates a token shown once, which then works on the API, and revokes it idempotently', async () => {
    const admin = await t.signIn('admin');
    const html = await (await t.post('/admin/tokens', { name: 'n8n prod', scope: ['register:read'], expiresInDays: '30' }, admin)).text();
    const created = /<pre class="secret">(ihp_[A-Za-z0-9_-]+)<\/pre>/.exec(html)![1]!;
    expect((await t.api('GET', '/preservation-register', created)).status).toBe(200);
    const list = await (await t.get('/admin/tokens', admin)).text();
    expect(list).not.toContain(created);
    const id = /action="\/admin\/tokens\/(\d+)\/revoke"/.exec(list)![1]!;
    expect(await (await t.post(`/admin/tokens/${id}/revoke`, {}, admin)).text()).toContain('Token revoked.');
    expect(await (await t.post(`/admin/tokens/${id}/revoke`, {}, admin)).text()).toContain('That token was already revoked.');
    expect((await t.api('GET', '/preservation-register', created)).status).toBe(401);
    const bad = await t.post('/admin/tokens', { name: 'x', expiresInDays: '0' }, admin);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Choose at least one scope.');
  });
});
