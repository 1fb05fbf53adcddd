/**
 * Decision → execution resumed, in real n8n: a workflow Webhook → Portal Request Approval → Wait (POST, Header Auth)
 * → Portal Get Decision waits; the last reviewer decides; the clock runs from that decision until n8n reports the
 * execution finished. The outbox is delivered right after the decision (the portal's worker ticks every 5 s, which
 * adds up to that much in production). Runs: BENCH_RUNS (default 50).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNodePackage, startN8n, type WorkflowJson } from '../test/harness/n8n.js';
import { decide, loadRequest } from '../portal/src/services/approvals.js';
import { deliverDue } from '../portal/src/services/outbox.js';
import { defaultTransports } from '../portal/src/worker.js';
import { makePlan } from '../test/portal/fixtures.js';
import { servePortal } from '../test/nodes/IncydrHealthPortal/portal-harness.js';

const SECRET = 'bench-shared-resume-secret-0001';
const NODE_TYPE = 'n8n-nodes-incydr-health.incydrHealthPortal';

function workflow(path: string, portal: { id: string; name: string }, header: { id: string; name: string }): WorkflowJson {
  const credentials = { incydrHealthPortalApi: portal };
  const node = (name: string, type: string, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    name,
    type,
    typeVersion: type === 'n8n-nodes-base.wait' ? 1.1 : type === 'n8n-nodes-base.webhook' ? 2 : 1,
    position: [x, 0],
    parameters,
    ...extra,
  });
  return {
    name: 'bench portal resume',
    nodes: [
      node('Webhook', 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path, responseMode: 'onReceived' }, { webhookId: randomUUID() }),
      node('Request Approval', NODE_TYPE, 220, { resource: 'approval', operation: 'request', plan: '={{ $json.body.plan }}', title: 'bench', order: 'sequential', additionalFields: {} }, { credentials }),
      node(
        'Wait',
        'n8n-nodes-base.wait',
        440,
        { resume: 'webhook', httpMethod: 'POST', incomingAuthentication: 'headerAuth', limitWaitTime: true, limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'hours', options: {} },
        { webhookId: randomUUID(), credentials: { httpHeaderAuth: header } },
      ),
      node('Get Decision', NODE_TYPE, 660, { resource: 'approval', operation: 'getDecision', requestId: '={{ $json.body.requestId }}', output: 'record' }, { credentials }),
    ],
    connections: {
      Webhook: { main: [[{ node: 'Request Approval', type: 'main', index: 0 }]] },
      'Request Approval': { main: [[{ node: 'Wait', type: 'main', index: 0 }]] },
      Wait: { main: [[{ node: 'Get Decision', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function run(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 50);
  const buildDir = mkdtempSync(join(tmpdir(), 'bench-portal-resume-'));
  const n8n = await startN8n({ packages: [buildNodePackage(buildDir)] });
  const served = await servePortal({ n8nUrl: n8n.baseUrl, resumeSecret: SECRET });
  try {
    const portal = await n8n.api<{ id: string; name: string }>('/credentials', {
      method: 'POST',
      body: { name: 'portal', type: 'incydrHealthPortalApi', data: { url: served.url, apiToken: await served.portal.token() } },
    });
    const header = await n8n.api<{ id: string; name: string }>('/credentials', {
      method: 'POST',
      body: { name: 'resume secret', type: 'httpHeaderAuth', data: { name: 'X-Incydr-Portal-Secret', value: SECRET } },
    });
    const wf = await n8n.importWorkflow(workflow('bench-portal-resume', portal, header));
    await n8n.activate(wf.id);
    const hr = await served.portal.addUser('hr');
    const latencies: number[] = [];
    for (let i = 0; i < runs; i++) {
      const plan = makePlan(1, { roles: ['hr'], salt: `bench${i}-` });
      await n8n.runWebhook('bench-portal-resume', { plan });
      // The newest execution may still be the previous run's for a moment: wait for one that is waiting.
      let waitingId: string | undefined;
      for (let tries = 0; !waitingId && tries < 3000; tries++) {
        const list = await n8n.api<{ data: { id: string }[] }>(`/executions?workflowId=${wf.id}&status=waiting&limit=1`);
        waitingId = list.data[0]?.id;
        if (!waitingId) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (!waitingId) throw new Error('no execution started waiting within a minute');
      const waiting = await n8n.getExecution(waitingId);
      const requestId = waiting.data!.resultData.runData['Request Approval']![0]!.data!.main[0]![0]!.json.requestId as number;
      const ids = (await loadRequest(served.portal.ctx, requestId))!.items.map((item) => item.id);
      const started = performance.now();
      await decide(served.portal.ctx, hr, requestId, { itemIds: ids, verdict: 'approve', comment: '' });
      await deliverDue(served.portal.ctx, defaultTransports(served.portal.ctx));
      for (;;) {
        const execution = await n8n.getExecution(waiting.id);
        if (execution.status === 'success') break;
        if (execution.status !== 'waiting' && execution.status !== 'running') throw new Error(`execution ${waiting.id} ended ${execution.status}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      latencies.push(performance.now() - started);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(`decision → execution finished, ${runs} runs: median ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
  } finally {
    await served.close();
    await n8n.stop();
    rmSync(buildDir, { recursive: true, force: true });
  }
}
