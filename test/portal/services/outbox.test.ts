/**
 * The outbox deliverer against a real local HTTP server standing in for n8n's resume endpoint.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decide, loadRequest, submitPlan } from '../../../portal/src/services/approvals.js';
import { createApiToken } from '../../../portal/src/services/api-tokens.js';
import { deliverDue, listOutbox, retryNow } from '../../../portal/src/services/outbox.js';
import { searchAudit, verifyAudit } from '../../../portal/src/services/audit.js';
import { defaultTransports } from '../../../portal/src/worker.js';
import { makePlan } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

interface FakeN8n {
  server: Server;
  port: number;
  received: { url: string; body: unknown }[];
  answer: (req: IncomingMessage, res: ServerResponse) => void;
  close(): Promise<void>;
}

async function startFakeN8n(port = 0): Promise<FakeN8n> {
  const received: FakeN8n['received'] = [];
  let answer: FakeN8n['answer'] = (_req, res) => res.end('{"message":"Workflow was started"}');
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: JSON.parse(raw || 'null') });
      fake.answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const fake: FakeN8n = {
    server,
    port: (server.address() as AddressInfo).port,
    received,
    get answer() {
      return answer;
    },
    set answer(next) {
      answer = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

let t: TestPortal | undefined;
let fake: FakeN8n | undefined;
afterEach(async () => {
  await fake?.close();
  t?.dispose();
  fake = undefined;
  t = undefined;
});

/** A portal whose n8n base URL is the fake server, with one HR-only request decided and its resume call queued. */
async function decidedRequest(port: number) {
  t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${port}` });
  const { row } = await createApiToken(t.ctx, { id: null, name: 'test' }, { name: 'n8n', scopes: ['approvals:write'], expiresAt: null });
  const { request } = await submitPlan(t.ctx, { tokenId: row.id, name: 'n8n', scopes: ['approvals:write'] }, {
    plan: makePlan(2, { roles: ['hr'] }),
    title: 'Stale devices',
    order: 'sequential',
    resumeUrl: `http://127.0.0.1:${port}/webhook-waiting/77?signature=TOPSECRET`,
  });
  const hr = await t.addUser('hr', 'hal', null);
  const ids = (await loadRequest(t.ctx, request.id))!.items.map((i) => i.id);
  await decide(t.ctx, hr, request.id, { itemIds: ids, verdict: 'approve', comment: 'ok' });
  return { requestId: request.id, portal: t };
}

async function resumeRow(portal: TestPortal) {
  return (await listOutbox(portal.ctx, 'resume'))[0]!;
}

describe('resume delivery', () => {
  it('delivers the decision record to the resume URL once n8n answers 200', async () => {
    fake = await startFakeN8n();
    const { requestId, portal } = await decidedRequest(fake.port);
    const report = await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]!.url).toBe('/webhook-waiting/77?signature=TOPSECRET');
    expect(fake.received[0]!.body).toMatchObject({ requestId, status: 'decided', approvedItems: ['deactivate-user:user:u-1', 'deactivate-user:user:u-2'] });
    expect(await resumeRow(portal)).toMatchObject({ deliveredVia: 'n8n', attempts: 0 });
    await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    expect(fake.received).toHaveLength(1);
  });

  it('treats 409 after an attempt that may have reached n8n (a 5xx) as "already resumed": delivered', async () => {
    fake = await startFakeN8n();
    let calls = 0;
    fake.answer = (_req, res) => {
      calls += 1;
      res.statusCode = calls === 1 ? 502 : 409;
      res.end('{"message":"The execution is running already."}');
    };
    const { portal } = await decidedRequest(fake.port);
    await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    portal.clock.advance(5_000);
    await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    expect(await resumeRow(portal)).toMatchObject({ deliveredVia: 'n8n (already resumed)', abandonedAt: null });
  });

  it('treats 409 on the first attempt as an execution that ended without the decision: given up, not delivered', async () => {
    fake = await startFakeN8n();
    fake.answer = (_req, res) => {
      res.statusCode = 409;
      res.end('{"message":"The execution has finished already."}');
    };
    const { portal } = await decidedRequest(fake.port);
    const report = await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    expect(report.abandoned).toBe(1);
    const row = await resumeRow(portal);
    expect(row.deliveredAt).toBeNull();
    expect(row.lastError).toBe('n8n execution no longer waiting; nothing was executed (n8n answered HTTP 409: the execution had already finished or was stopped)');
  });

  it('retries after 5xx with backoff, then delivers', async () => {
    fake = await startFakeN8n();
    let calls = 0;
    fake.answer = (_req, res) => {
      calls += 1;
      res.statusCode = calls < 3 ? 503 : 200;
      res.end();
    };
    const { portal } = await decidedRequest(fake.port);
    const transports = defaultTransports(portal.ctx);
    await deliverDue(portal.ctx, transports);
    let row = await resumeRow(portal);
    expect(row).toMatchObject({ attempts: 1, deliveredAt: null, lastError: 'n8n answered HTTP 503' });
    expect(row.nextAttemptAt).toBe(portal.clock.now() + 5_000);
    await deliverDue(portal.ctx, transports);
    expect(calls).toBe(1); // not due yet: backoff holds it back
    portal.clock.advance(5_000);
    await deliverDue(portal.ctx, transports);
    row = await resumeRow(portal);
    expect(row).toMatchObject({ attempts: 2, lastError: 'n8n answered HTTP 503' });
    expect(row.nextAttemptAt).toBe(portal.clock.now() + 10_000);
    portal.clock.advance(10_000);
    await deliverDue(portal.ctx, transports);
    expect(await resumeRow(portal)).toMatchObject({ deliveredVia: 'n8n', lastError: null });
    expect(calls).toBe(3);
  });

  it('survives n8n being down, and a portal restart, then delivers when n8n is back', async () => {
    const probe = await startFakeN8n();
    const port = probe.port;
    await probe.close();
    const { portal, requestId } = await decidedRequest(port);
    await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    const failed = await resumeRow(portal);
    expect(failed.deliveredAt).toBeNull();
    expect(failed.lastError).toMatch(/^n8n unreachable \(ECONNREFUSED\)$/);

    // "Restart": a fresh context over the same data directory still holds the pending row.
    const { createPortal } = await import('../../../portal/src/portal.js');
    const { readConfig } = await import('../../../portal/src/config.js');
    portal.close();
    const restarted = await createPortal(readConfig({ PORTAL_DATA_DIR: portal.dir, PORTAL_N8N_URL: `http://127.0.0.1:${port}`, PORTAL_PUBLIC_URL: 'http://localhost:4020' }), { clock: portal.clock });
    try {
      fake = await startFakeN8n(port);
      portal.clock.advance(5_000);
      await deliverDue(restarted.ctx, defaultTransports(restarted.ctx));
      expect(fake.received).toHaveLength(1);
      expect(fake.received[0]!.body).toMatchObject({ requestId, status: 'decided' });
      expect((await listOutbox(restarted.ctx, 'resume'))[0]!.deliveredVia).toBe('n8n');
    } finally {
      restarted.close();
    }
  });

  it('never writes the resume URL or its signature into logs, errors or the outbox row', async () => {
    fake = await startFakeN8n();
    fake.answer = (_req, res) => {
      res.statusCode = 500;
      res.end('internal error at /webhook-waiting/77?signature=TOPSECRET');
    };
    const { portal } = await decidedRequest(fake.port);
    await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    const row = await resumeRow(portal);
    expect(JSON.stringify(row)).not.toMatch(/TOPSECRET|webhook-waiting/);
    expect(JSON.stringify(portal.logs)).not.toMatch(/TOPSECRET|webhook-waiting/);
  });

  it('retry now makes a pending delivery due at once, audits it, and leaves delivered rows alone', async () => {
    fake = await startFakeN8n();
    let up = false;
    fake.answer = (_req, res) => {
      res.statusCode = up ? 200 : 503;
      res.end();
    };
    const { portal, requestId } = await decidedRequest(fake.port);
    const transports = defaultTransports(portal.ctx);
    await deliverDue(portal.ctx, transports);
    const pending = await resumeRow(portal);
    expect(pending.nextAttemptAt).toBe(portal.clock.now() + 5_000);

    up = true;
    await deliverDue(portal.ctx, transports);
    expect(fake.received).toHaveLength(1); // backoff holds it back without the admin
    expect(await retryNow(portal.ctx, 'user:ada', pending.id)).toEqual({ rescheduled: true });
    expect((await resumeRow(portal)).nextAttemptAt).toBe(portal.clock.now());
    await deliverDue(portal.ctx, transports);
    expect(fake.received).toHaveLength(2);
    expect(await resumeRow(portal)).toMatchObject({ deliveredVia: 'n8n', attempts: 1 });

    expect(await retryNow(portal.ctx, 'user:ada', pending.id)).toEqual({ rescheduled: false, state: 'delivered' });
    await deliverDue(portal.ctx, transports);
    expect(fake.received).toHaveLength(2);
    await expect(retryNow(portal.ctx, 'user:ada', 9_999)).rejects.toThrow('No such delivery.');
    const audit = await searchAudit(portal.ctx, { action: 'outbox.retry-now' });
    expect(audit.map((r) => [r.actor, r.target])).toEqual([['user:ada', `resume:${requestId}`]]);
    expect(await verifyAudit(portal.ctx)).toMatchObject({ ok: true });
  });

  it('Admin › Notifications offers "Retry now" to admins on a pending delivery and answers clearly otherwise', async () => {
    fake = await startFakeN8n();
    fake.answer = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    const { portal } = await decidedRequest(fake.port);
    await deliverDue(portal.ctx, defaultTransports(portal.ctx));
    const row = await resumeRow(portal);
    const admin = await portal.signIn('admin');
    const ops = await portal.signIn('ops');
    expect(await (await portal.get('/admin/notifications', admin)).text()).toContain(`/admin/notifications/${row.id}/retry`);
    expect(await (await portal.get('/admin/notifications', ops)).text()).not.toContain('Retry now');

    const retried = await portal.post(`/admin/notifications/${row.id}/retry`, {}, admin);
    expect(retried.status).toBe(200);
    expect(await retried.text()).toContain('The delivery is due now');
    expect((await resumeRow(portal)).nextAttemptAt).toBe(portal.clock.now());
    expect((await portal.post(`/admin/notifications/${row.id}/retry`, {}, ops)).status).toBe(403);
    const unknown = await portal.post('/admin/notifications/abc/retry', {}, admin);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No such delivery.');
  });
});
