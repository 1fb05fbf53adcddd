/**
 * The approval loop in real n8n 2.40.7 with the package installed as users install it: Webhook → Incydr Health
 * Portal › Request Approval (with $execution.resumeUrl) → Wait (On Webhook Call, POST, Header Auth with the secret
 * shared with the portal, Limit Wait Time) → Incydr Health Portal › Get Decision. HR and Legal decide through the
 * portal's service; the portal's outbox delivers the resume call; the same execution resumes and Get Decision
 * outputs the approved and rejected ids and who decided. Also: a wrong secret is refused and retried, and an
 * execution that no longer waits leaves the request in a clear terminal state; and Run › Start → Add Findings →
 * Finish record a run with its default Run ID expressions.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';
import type { Execution, WorkflowJson } from '../harness/n8n.js';
import { useSharedN8n } from '../harness/shared-n8n.js';
import { decide, loadRequest, resumeDelivery } from '../../portal/src/services/approvals.js';
import { deliverDue, listOutbox } from '../../portal/src/services/outbox.js';
import { findingsOfRun } from '../../portal/src/services/runs.js';
import { defaultTransports } from '../../portal/src/worker.js';
import { makePlan } from '../portal/fixtures.js';
import { servePortal, type ServedPortal } from '../nodes/IncydrHealthPortal/portal-harness.js';

const NODE_TYPE = 'n8n-nodes-incydr-health.incydrHealthPortal';
const SECRET = 'e2e-shared-resume-secret-7c21b0';
const HEADER = 'X-Incydr-Portal-Secret';

const n8n = useSharedN8n();
let served: ServedPortal;
let portalCredential: { id: string; name: string };
let headerCredential: { id: string; name: string };
let apiToken: string;

beforeAll(async () => {
  served = await servePortal({ n8nUrl: n8n().baseUrl, resumeSecret: SECRET });
  apiToken = await served.portal.token();
  portalCredential = await n8n().api('/credentials', {
    method: 'POST',
    body: { name: 'Incydr Health portal', type: 'incydrHealthPortalApi', data: { url: served.url, apiToken } },
  });
  headerCredential = await n8n().api('/credentials', {
    method: 'POST',
    body: { name: 'Portal resume secret', type: 'httpHeaderAuth', data: { name: HEADER, value: SECRET } },
  });
});
afterAll(async () => {
  await served?.close();
});

function approvalWorkflow(path: string): WorkflowJson {
  const portal = { incydrHealthPortalApi: { id: portalCredential.id, name: portalCredential.name } };
  return {
    name: `portal approval ${path}`,
    nodes: [
      {
        id: '0b7e5a4c-1f2d-4e3a-9b8c-7d6e5f4a3b21',
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: `${path}-start`,
        parameters: { httpMethod: 'POST', path, responseMode: 'onReceived' },
      },
      {
        id: '0b7e5a4c-1f2d-4e3a-9b8c-7d6e5f4a3b22',
        name: 'Request Approval',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [220, 0],
        credentials: portal,
        parameters: {
          resource: 'approval',
          operation: 'request',
          plan: '={{ $json.body.plan }}',
          title: 'Offboarding (e2e)',
          resumeUrl: '={{ $execution.resumeUrl }}',
          order: 'sequential',
          additionalFields: {},
        },
      },
      {
        id: '0b7e5a4c-1f2d-4e3a-9b8c-7d6e5f4a3b23',
        name: 'Wait for Decision',
        type: 'n8n-nodes-base.wait',
        typeVersion: 1.1,
        position: [440, 0],
        webhookId: randomUUID(),
        credentials: { httpHeaderAuth: { id: headerCredential.id, name: headerCredential.name } },
        parameters: {
          resume: 'webhook',
          httpMethod: 'POST',
          incomingAuthentication: 'headerAuth',
          limitWaitTime: true,
          limitType: 'afterTimeInterval',
          resumeAmount: 1,
          resumeUnit: 'hours',
          options: {},
        },
      },
      {
        id: '0b7e5a4c-1f2d-4e3a-9b8c-7d6e5f4a3b24',
        name: 'Get Decision',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [660, 0],
        credentials: portal,
        parameters: { resource: 'approval', operation: 'getDecision', output: 'record' }, // Request ID: the default, read from the Wait node's body
      },
    ],
    connections: {
      Webhook: { main: [[{ node: 'Request Approval', type: 'main', index: 0 }]] },
      'Request Approval': { main: [[{ node: 'Wait for Decision', type: 'main', index: 0 }]] },
      'Wait for Decision': { main: [[{ node: 'Get Decision', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

const outputOf = (execution: Execution, node: string) => execution.data!.resultData.runData[node]![0]!.data!.main[0]!.map((item) => item.json);

/** Starts the workflow with a plan and returns the waiting execution and the portal request it created. */
async function startAndWait(workflowId: string, path: string, plan: ActionPlan) {
  const response = await n8n().runWebhook(path, { plan });
  expect(response.status).toBe(200);
  const waiting = await n8n().waitForExecution({ workflowId }, 'waiting', { timeoutMs: 60_000 });
  const [requested] = outputOf(waiting, 'Request Approval');
  expect(requested).toMatchObject({ status: 'pending', created: true, planHash: plan.hash });
  return { executionId: waiting.id, requestId: requested!.requestId as number };
}

async function itemIdsOf(requestId: number) {
  return (await loadRequest(served.portal.ctx, requestId))!.items.map((i) => i.id);
}

function runWorkflow(path: string): WorkflowJson {
  const credentials = { incydrHealthPortalApi: { id: portalCredential.id, name: portalCredential.name } };
  return {
    name: `portal run ${path}`,
    nodes: [
      {
        id: randomUUID(),
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: randomUUID(),
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' },
      },
      {
        id: randomUUID(),
        name: 'Start Run',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [220, 0],
        credentials,
        parameters: { resource: 'run', operation: 'start', trigger: 'webhook' },
      },
      {
        id: randomUUID(),
        name: 'Findings',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [440, 0],
        parameters: { jsCode: "return $('Webhook').first().json.body.findings.map((json) => ({ json }));" },
      },
      {
        id: randomUUID(),
        name: 'Add Findings',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [660, 0],
        credentials,
        parameters: { resource: 'run', operation: 'addFindings', batchSize: 2 },
      },
      {
        id: randomUUID(),
        name: 'Finish Run',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [880, 0],
        credentials,
        parameters: { resource: 'run', operation: 'finish', status: 'succeeded', counts: '{"findingsSent": 5}', reportOutcomes: false },
      },
    ],
    connections: {
      Webhook: { main: [[{ node: 'Start Run', type: 'main', index: 0 }]] },
      'Start Run': { main: [[{ node: 'Findings', type: 'main', index: 0 }]] },
      Findings: { main: [[{ node: 'Add Findings', type: 'main', index: 0 }]] },
      'Add Findings': { main: [[{ node: 'Finish Run', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

describe('Incydr Health Portal node in real n8n 2.40.7', () => {
  it('lists the node, its tool variant and the credential; n8n\'s credential test passes a good token and fails a wrong one', async () => {
    const names = (await n8n().nodeTypes()).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining([NODE_TYPE, `${NODE_TYPE}Tool`]));
    expect(await n8n().api(`/credentials/${portalCredential.id}/test`, { method: 'POST' })).toMatchObject({ status: 'OK' });
    const wrong = await n8n().api<{ id: string }>('/credentials', {
      method: 'POST',
      body: { name: 'Portal wrong token', type: 'incydrHealthPortalApi', data: { url: served.url, apiToken: 'ihp_wrong-e2e-token' } },
    });
    const result = await n8n().api<{ status: string; message: string }>(`/credentials/${wrong.id}/test`, { method: 'POST' });
    expect(result.status).toBe('Error');
    expect(result.message).not.toContain('ihp_wrong-e2e-token');
  });

  it('HR and Legal decide in the portal; the same execution resumes and Get Decision outputs approved, rejected and who decided', async () => {
    const workflow = await n8n().importWorkflow(approvalWorkflow('portal-approval'));
    await n8n().activate(workflow.id);
    const plan = makePlan(3, { roles: ['hr', 'legal'], salt: 'e2e' });
    const { executionId, requestId } = await startAndWait(workflow.id, 'portal-approval', plan);

    const hr = await served.portal.addUser('hr', 'helga');
    const legal = await served.portal.addUser('legal', 'leon');
    const ids = await itemIdsOf(requestId);
    await decide(served.portal.ctx, hr, requestId, { itemIds: ids.slice(0, 2), verdict: 'approve', comment: 'confirmed leavers' });
    await decide(served.portal.ctx, hr, requestId, { itemIds: [ids[2]!], verdict: 'reject', comment: 'contract extended' });
    const legalResult = await decide(served.portal.ctx, legal, requestId, { itemIds: [ids[0]!], verdict: 'approve', comment: '' });
    expect(legalResult.resolved).toBe(false);
    const last = await decide(served.portal.ctx, legal, requestId, { itemIds: [ids[1]!], verdict: 'reject', comment: 'matter 2026-17 pending' });
    expect(last.resolved).toBe(true);

    const report = await deliverDue(served.portal.ctx, defaultTransports(served.portal.ctx));
    expect(report.failed).toBe(0);
    const [resumeRow] = await listOutbox(served.portal.ctx, 'resume');
    expect(resumeRow).toMatchObject({ deliveredVia: 'n8n', attempts: 0 });

    const done = await n8n().waitForExecution(executionId, 'success', { timeoutMs: 60_000 });
    const [resumedWith] = outputOf(done, 'Wait for Decision');
    expect(resumedWith).toMatchObject({ body: { requestId, status: 'decided' } });
    const [decision] = outputOf(done, 'Get Decision');
    expect(decision).toMatchObject({
      requestId,
      status: 'decided',
      plan: { hash: plan.hash },
      approvedItems: [plan.items[0]!.id],
      rejectedItems: [plan.items[1]!.id, plan.items[2]!.id],
      undecidedItems: [],
      resume: { state: 'delivered' },
    });
    const decisions = (decision!.items as { id: string; decisions: unknown[] }[]).find((i) => i.id === plan.items[1]!.id)!.decisions;
    expect(decisions).toEqual([
      expect.objectContaining({ stage: 'hr', verdict: 'approve', comment: 'confirmed leavers', decidedBy: { username: 'helga', displayName: 'Test helga', role: 'hr' } }),
      expect.objectContaining({ stage: 'legal', verdict: 'reject', comment: 'matter 2026-17 pending', decidedBy: { username: 'leon', displayName: 'Test leon', role: 'legal' } }),
    ]);
    expect(JSON.stringify(done)).not.toContain(apiToken);
    // n8n 2.40.7's Wait node copies every request header into its output, the Header Auth one included (a known
    // n8n behaviour, documented in nodes/README.md). Nothing of ours repeats the secret anywhere else.
    const waitHeaders = (resumedWith as { headers: Record<string, unknown> }).headers;
    expect(waitHeaders[HEADER.toLowerCase()]).toBeDefined();
    delete waitHeaders[HEADER.toLowerCase()];
    expect(JSON.stringify(done)).not.toContain(SECRET);
  });

  it('a wrong resume secret is refused by the Wait node and retried; the fixed secret resumes the execution', async () => {
    const workflow = await n8n().importWorkflow(approvalWorkflow('portal-approval-secret'));
    await n8n().activate(workflow.id);
    const plan = makePlan(1, { roles: ['hr'], salt: 'secret' });
    const { executionId, requestId } = await startAndWait(workflow.id, 'portal-approval-secret', plan);
    const hr = await served.portal.addUser('hr');
    await decide(served.portal.ctx, hr, requestId, { itemIds: await itemIdsOf(requestId), verdict: 'approve', comment: '' });

    const ctx = served.portal.ctx;
    ctx.settings.resumeAuth = { header: HEADER, secret: 'not-the-secret-the-wait-node-has' };
    try {
      await deliverDue(ctx, defaultTransports(ctx));
    } finally {
      ctx.settings.resumeAuth = { header: HEADER, secret: SECRET };
    }
    let delivery = resumeDelivery((await loadRequest(ctx, requestId))!);
    expect(delivery).toMatchObject({ state: 'retrying', attempts: 1 });
    expect(delivery.lastError).toMatch(/^n8n refused the resume call \(HTTP 403\): check that PORTAL_N8N_RESUME_SECRET/);
    expect((await n8n().getExecution(executionId)).status).toBe('waiting');

    served.portal.clock.advance(5_000);
    await deliverDue(ctx, defaultTransports(ctx));
    delivery = resumeDelivery((await loadRequest(ctx, requestId))!);
    expect(delivery.state).toBe('delivered');
    const done = await n8n().waitForExecution(executionId, 'success', { timeoutMs: 60_000 });
    expect(outputOf(done, 'Get Decision')[0]).toMatchObject({ requestId, approvedItems: [plan.items[0]!.id] });
  });

  it('an execution that no longer waits: the portal stops retrying and shows that nothing was executed', async () => {
    const workflow = await n8n().importWorkflow(approvalWorkflow('portal-approval-gone'));
    await n8n().activate(workflow.id);
    const plan = makePlan(1, { roles: ['hr'], salt: 'gone' });
    const { executionId, requestId } = await startAndWait(workflow.id, 'portal-approval-gone', plan);
    await n8n().api(`/executions/${executionId}`, { method: 'DELETE' });

    const hr = await served.portal.addUser('hr');
    await decide(served.portal.ctx, hr, requestId, { itemIds: await itemIdsOf(requestId), verdict: 'approve', comment: '' });
    const report = await deliverDue(served.portal.ctx, defaultTransports(served.portal.ctx));
    expect(report.abandoned).toBe(1);
    const delivery = resumeDelivery((await loadRequest(served.portal.ctx, requestId))!);
    expect(delivery).toMatchObject({ state: 'not-waiting', lastError: 'n8n execution no longer waiting; nothing was executed (n8n answered HTTP 404)' });
    served.portal.clock.advance(60 * 60_000);
    expect((await deliverDue(served.portal.ctx, defaultTransports(served.portal.ctx))).attempted).toBe(0);
  });

  it('Run › Start, Add Findings (batched) and Finish work with their default Run ID expressions', async () => {
    const workflow = await n8n().importWorkflow(runWorkflow('portal-run'));
    await n8n().activate(workflow.id);
    const findings = Array.from({ length: 5 }, (_, i) => ({
      subject: { type: 'agent', id: `a-${i}`, name: `LT-${i}` },
      action: 'deactivate-agent',
      reasons: [{ code: 'NOT_CONNECTED', message: `Agent ${i} has not connected for 90 days.`, evidence: { lastConnected: '2026-08-01T00:00:00Z' } }],
    }));
    const response = await n8n().runWebhook('portal-run', { findings });
    expect(response.status).toBe(200);
    const [finished] = response.body as Record<string, unknown>[];
    expect(finished).toMatchObject({ status: 'succeeded', counts: { findingsSent: 5 }, run: { status: 'succeeded', workflow: 'portal run portal-run' } });
    const execution = await n8n().waitForExecution({ workflowId: workflow.id }, 'success');
    expect(outputOf(execution, 'Add Findings').map((o) => [o.sent, o.added])).toEqual([[2, 2], [2, 2], [1, 1]]);
    const stored = await findingsOfRun(served.portal.ctx, finished!.runId as number);
    expect(stored.map((f) => f.category)).toEqual(Array(5).fill('stale-agent'));
  });
});
