/**
 * The resume call as n8n's Wait node (On Webhook Call, Header Auth) sees it: the shared secret header, and what the
 * portal does with each of n8n's answers. A real local HTTP server plays n8n and checks the header itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decide, loadRequest, resumeDelivery, submitPlan } from '../../../portal/src/services/approvals.js';
import { searchAudit, verifyAudit } from '../../../portal/src/services/audit.js';
import { createApiToken } from '../../../portal/src/services/api-tokens.js';
import { deliverDue, listOutbox } from '../../../portal/src/services/outbox.js';
import { defaultTransports } from '../../../portal/src/worker.js';
import { makePlan } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

const SECRET = 'shared-wait-node-secret-4d1f9a';

interface WaitNode {
  server: Server;
  port: number;
  /** Header values the resume calls carried, in order. */
  seen: (string | undefined)[];
  /** What n8n answers when the header is right. */
  status: number;
  close(): Promise<void>;
}

/** Checks the header like the Wait node's Header Auth: missing or wrong → 403, as n8n answers. */
async function startWaitNode(header = 'x-incydr-portal-secret', expected = SECRET): Promise<WaitNode> {
  const node: WaitNode = {
    server: createServer((req, res) => {
      const value = req.headers[header] as string | undefined;
      node.seen.push(value);
      req.resume();
      req.on('end', () => {
        res.statusCode = value === expected ? node.status : 403;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ message: res.statusCode === 403 ? 'Authorization data is wrong!' : 'ok' }));
      });
    }),
    port: 0,
    seen: [],
    status: 200,
    close: () => new Promise<void>((resolve) => node.server.close(() => resolve())),
  };
  await new Promise<void>((resolve) => node.server.listen(0, '127.0.0.1', resolve));
  node.port = (node.server.address() as AddressInfo).port;
  return node;
}

let t: TestPortal | undefined;
let n8n: WaitNode | undefined;
afterEach(async () => {
  await n8n?.close();
  t?.dispose();
  t = undefined;
  n8n = undefined;
});

async function decided(portal: TestPortal, port: number) {
  const { row } = await createApiToken(portal.ctx, { id: null, name: 'test' }, { name: 'n8n', scopes: ['approvals:write'], expiresAt: null });
  const { request } = await submitPlan(portal.ctx, { tokenId: row.id, name: 'n8n', scopes: ['approvals:write'] }, {
    plan: makePlan(2, { roles: ['hr'] }),
    title: 'Offboarding',
    order: 'sequential',
    resumeUrl: `http://127.0.0.1:${port}/webhook-waiting/41?signature=SIGNED-URL-TOKEN`,
  });
  const hr = await portal.addUser('hr', 'hana', null);
  const ids = (await loadRequest(portal.ctx, request.id))!.items.map((i) => i.id);
  await decide(portal.ctx, hr, request.id, { itemIds: ids, verdict: 'approve', comment: '' });
  return request.id;
}

const resumeRow = async (portal: TestPortal) => (await listOutbox(portal.ctx, 'resume'))[0]!;

describe('the shared secret header', () => {
  it('goes with the resume call in X-Incydr-Portal-Secret, and n8n accepts it', async () => {
    n8n = await startWaitNode();
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET });
    const requestId = await decided(t, n8n.port);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(n8n.seen).toEqual([SECRET]);
    expect(await resumeRow(t)).toMatchObject({ deliveredVia: 'n8n', abandonedAt: null });
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!).state).toBe('delivered');
    const html = await (await t.get(`/approvals/${requestId}`, await t.signIn('viewer'))).text();
    expect(html).toContain('n8n received the decision and resumed the workflow.');
  });

  it('uses the header PORTAL_N8N_RESUME_HEADER names', async () => {
    n8n = await startWaitNode('x-approvals-key');
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET, resumeHeader: 'X-Approvals-Key' });
    await decided(t, n8n.port);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(n8n.seen).toEqual([SECRET]);
  });

  it('is never written to the database file, the outbox row, the audit log or the logs', async () => {
    n8n = await startWaitNode('x-incydr-portal-secret', 'a-different-secret-n8n-expects');
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET });
    await decided(t, n8n.port);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    const row = await resumeRow(t);
    expect(row.lastError).toMatch(/HTTP 403/);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(t.logs)).not.toContain(SECRET);
    const portal = t;
    for (const file of readdirSync(portal.dir).filter((f) => f.startsWith('portal.sqlite'))) {
      expect(readFileSync(join(portal.dir, file)).includes(SECRET), file).toBe(false);
    }
  });
});

describe("n8n's answers", () => {
  it('401/403: keeps retrying with backoff and says which setting to fix; delivers once the secret matches', async () => {
    n8n = await startWaitNode();
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: 'not-the-secret-n8n-has-x' });
    const requestId = await decided(t, n8n.port);
    const transports = defaultTransports(t.ctx);
    await deliverDue(t.ctx, transports);
    const row = await resumeRow(t);
    expect(row).toMatchObject({ attempts: 1, deliveredAt: null, abandonedAt: null });
    expect(row.lastError).toBe(
      "n8n refused the resume call (HTTP 403): check that PORTAL_N8N_RESUME_SECRET equals the value of the Wait node's Header Auth credential (header X-Incydr-Portal-Secret); retrying",
    );
    expect(row.nextAttemptAt).toBe(t.clock.now() + 5_000);
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!)).toMatchObject({ state: 'retrying', attempts: 1 });
    const admin = await t.signIn('admin');
    const html = await (await t.get(`/approvals/${requestId}`, admin)).text();
    expect(html).toContain('The decision has not reached n8n yet (1 attempt)');
    expect(html).toContain('PORTAL_N8N_RESUME_SECRET');

    t.clock.advance(5_000);
    await deliverDue(t.ctx, transports);
    expect((await resumeRow(t)).attempts).toBe(2);

    // The admin fixes the setting: the same row goes through with the corrected secret.
    t.ctx.settings.resumeAuth = { header: 'X-Incydr-Portal-Secret', secret: SECRET };
    t.clock.advance(10_000);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(await resumeRow(t)).toMatchObject({ deliveredVia: 'n8n', lastError: null });
  });

  it('401 without any secret configured tells the admin to set one', async () => {
    n8n = await startWaitNode();
    n8n.server.removeAllListeners('request');
    n8n.server.on('request', (_req, res) => {
      res.statusCode = 401;
      res.end('{"error":"Invalid token"}');
    });
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}` });
    await decided(t, n8n.port);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect((await resumeRow(t)).lastError).toMatch(/^n8n refused the resume call \(HTTP 401\): set PORTAL_N8N_RESUME_SECRET/);
  });

  it('404: the request ends in a clear "no longer waiting" state, retries stop, and the audit chain records it', async () => {
    n8n = await startWaitNode();
    n8n.status = 404;
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET });
    const requestId = await decided(t, n8n.port);
    const report = await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(report).toMatchObject({ abandoned: 1 });
    const row = await resumeRow(t);
    expect(row.abandonedAt).toBe(t.clock.now());
    expect(row.deliveredAt).toBeNull();
    expect(row.lastError).toBe('n8n execution no longer waiting; nothing was executed (n8n answered HTTP 404)');

    t.clock.advance(60 * 60_000);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(n8n.seen).toHaveLength(1);

    const loaded = (await loadRequest(t.ctx, requestId))!;
    expect(resumeDelivery(loaded)).toMatchObject({ state: 'not-waiting', attempts: 1 });
    const api = (await (await t.api('GET', `/approval-requests/${requestId}`, await t.token())).json()) as { resume: { state: string; lastError: string } };
    expect(api.resume).toMatchObject({ state: 'not-waiting', lastError: expect.stringContaining('nothing was executed') });
    const html = await (await t.get(`/approvals/${requestId}`, await t.signIn('hr'))).text();
    expect(html).toContain('n8n execution no longer waiting; nothing was executed.');
    // Admin › Notifications must not keep calling a given-up delivery "pending".
    const deliveries = await (await t.get('/admin/notifications', await t.signIn('admin'))).text();
    expect(deliveries).toContain('given up after 1 attempt');
    expect(deliveries).not.toMatch(/pending, 1 attempt — last error: n8n execution no longer waiting/);

    const audit = await searchAudit(t.ctx, { action: 'outbox.abandoned' });
    expect(audit.map((r) => r.target)).toEqual([`resume:${requestId}`]);
    expect(await verifyAudit(t.ctx)).toMatchObject({ ok: true });
  });

  it('409 after the Wait node refused the secret cannot answer our own resume: given up as not waiting', async () => {
    n8n = await startWaitNode();
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET });
    const requestId = await decided(t, n8n.port);
    t.ctx.settings.resumeAuth = { header: 'X-Incydr-Portal-Secret', secret: 'not-the-secret-the-wait-node-has' };
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    t.ctx.settings.resumeAuth = { header: 'X-Incydr-Portal-Secret', secret: SECRET };
    n8n.status = 409;
    t.clock.advance(5_000);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(await resumeRow(t)).toMatchObject({ deliveredAt: null, attempts: 2 });
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!)).toMatchObject({ state: 'not-waiting', lastError: expect.stringContaining('HTTP 409') });
  });

  it('409 after a 5xx (the earlier call may have resumed the execution) counts as "already resumed": delivered', async () => {
    n8n = await startWaitNode();
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET });
    const requestId = await decided(t, n8n.port);
    n8n.status = 503;
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    n8n.status = 409;
    t.clock.advance(5_000);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(await resumeRow(t)).toMatchObject({ deliveredVia: 'n8n (already resumed)', abandonedAt: null });
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!).state).toBe('delivered');
  });
  it('a booting n8n ("starting up" 200, HTML 404 before its routes exist) is retried, not taken as resumed or gone', async () => {
    n8n = await startWaitNode();
    t = await createTestPortal({ n8nUrl: `http://127.0.0.1:${n8n.port}`, resumeSecret: SECRET });
    const requestId = await decided(t, n8n.port);
    n8n.server.removeAllListeners('request');
    let answer: { status: number; type: string; body: string } = { status: 200, type: 'text/html', body: 'n8n is starting up. Please wait' };
    n8n.server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = answer.status;
        res.setHeader('content-type', answer.type);
        res.end(answer.body);
      });
    });
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!)).toMatchObject({ state: 'retrying', lastError: 'n8n is starting up' });
    answer = { status: 404, type: 'text/html; charset=utf-8', body: 'Cannot POST /webhook-waiting/41' };
    t.clock.advance(5_000);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!).state).toBe('retrying');
    answer = { status: 200, type: 'application/json', body: '{"message":"Workflow was started"}' };
    t.clock.advance(10_000);
    await deliverDue(t.ctx, defaultTransports(t.ctx));
    expect(resumeDelivery((await loadRequest(t.ctx, requestId))!).state).toBe('delivered');
  });
});
