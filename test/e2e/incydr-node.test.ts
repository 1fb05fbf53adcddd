/**
 * The Incydr node and credential inside real n8n, as users install them: the credential is created through n8n's
 * public API pointing at a sandbox this file starts, n8n's own credential test must answer OK, and a webhook
 * workflow (Webhook → Incydr: Agent Get Many, stale filter) must answer with exactly the sandbox's stale agents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowJson } from '../harness/n8n.js';
import { useSharedN8n } from '../harness/shared-n8n.js';
import { DEMO_API_CLIENT, generateWorld } from '../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../sandbox/incydr/server.js';

const NOW = '2026-11-25T12:00:00.000Z';
const NODE_TYPE = 'n8n-nodes-incydr-health.incydr';
const world = generateWorld({ seed: 5, users: 30, now: NOW });

const n8n = useSharedN8n();
let sandbox: Awaited<ReturnType<typeof startIncydrSandbox>>;
let credential: { id: string; name: string };

beforeAll(async () => {
  sandbox = await startIncydrSandbox({ world, port: 0, clock: { now: () => Date.parse(NOW) } });
  credential = await n8n().api<{ id: string; name: string }>('/credentials', {
    method: 'POST',
    body: {
      name: 'Incydr sandbox',
      type: 'incydrApi',
      data: { region: 'custom', baseUrl: sandbox.url, clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret },
    },
  });
});
afterAll(async () => {
  await sandbox?.close();
});

function staleAgentsWorkflow(path: string): WorkflowJson {
  return {
    name: `incydr stale agents ${path}`,
    nodes: [
      {
        id: '6a0f2b1c-3d4e-4f50-8a61-7b8c9d0e1f20',
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: path,
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' },
      },
      {
        id: '6a0f2b1c-3d4e-4f50-8a61-7b8c9d0e1f21',
        name: 'Stale Agents',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [220, 0],
        credentials: { incydrApi: { id: credential.id, name: credential.name } },
        parameters: {
          resource: 'agent',
          operation: 'getMany',
          returnAll: true,
          filters: { active: true, notConnectedInLastDays: '={{ $json.body.days }}' },
          sort: { srtKey: 'LAST_CONNECTED', srtDir: 'ASC' },
        },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'Stale Agents', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

describe('Incydr node in real n8n 2.40.7', () => {
  it('lists the node, its AI-tool variant and the credential type', async () => {
    const names = (await n8n().nodeTypes()).map((type) => type.name);
    expect(names).toContain(NODE_TYPE);
    expect(names).toContain(`${NODE_TYPE}Tool`);
    const schema = await n8n().api<{ properties: Record<string, unknown> }>('/credentials/schema/incydrApi');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['region', 'baseUrl', 'clientId', 'clientSecret']));
  });

  it("n8n's credential test gets a token through preAuthentication and answers OK", async () => {
    const result = await n8n().api<{ status: string; message: string }>(`/credentials/${credential.id}/test`, { method: 'POST' });
    expect(result.status).toBe('OK');
  });

  it("n8n's credential test reports a wrong secret as an error without repeating it", async () => {
    const wrongSecret = 'not-the-sandbox-secret-e2e';
    const wrong = await n8n().api<{ id: string }>('/credentials', {
      method: 'POST',
      body: { name: 'Incydr wrong secret', type: 'incydrApi', data: { region: 'custom', baseUrl: sandbox.url, clientId: DEMO_API_CLIENT.clientId, clientSecret: wrongSecret } },
    });
    const result = await n8n().api<{ status: string; message: string }>(`/credentials/${wrong.id}/test`, { method: 'POST' });
    expect(result.status).toBe('Error');
    expect(result.message).toMatch(/refused the client ID and secret/);
    expect(result.message).not.toContain(wrongSecret);
  });

  it('a webhook workflow returns exactly the stale agents of the sandbox, oldest first', async () => {
    const workflow = await n8n().importWorkflow(staleAgentsWorkflow('incydr-stale-agents'));
    await n8n().activate(workflow.id);
    const response = await n8n().runWebhook('incydr-stale-agents', { days: 30 });
    expect(response.status).toBe(200);
    const answer = response.body as Array<{ agentId: string; lastConnected: string; active: boolean }>;
    const expected = world.truth.staleAgents.map((a) => a.agentId);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(answer.map((a) => a.agentId))).toEqual(new Set(expected));
    expect(answer).toHaveLength(expected.length);
    expect(answer.every((a) => a.active)).toBe(true);
    const times = answer.map((a) => Date.parse(a.lastConnected));
    expect(times).toEqual([...times].sort((x, y) => x - y));

    const execution = await n8n().waitForExecution({ workflowId: workflow.id }, 'success');
    const items = execution.data!.resultData.runData['Stale Agents']![0]!.data!.main[0]!;
    expect(items.map((item) => item.json.agentId)).toEqual(answer.map((a) => a.agentId));
    expect(JSON.stringify(execution)).not.toContain(DEMO_API_CLIENT.clientSecret);
  });
});
