/**
 * Real n8n with our built package installed as users install it: the node types carry the package name,
 * a webhook workflow and a CLI run both reach our node, and stop() leaves no process behind.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, type WorkflowJson } from '../harness/n8n.js';
import { useSharedN8n } from '../harness/shared-n8n.js';

const PACKAGE = 'n8n-nodes-incydr-health';
const NODE_TYPE = `${PACKAGE}.incydrHealth`;

const n8n = useSharedN8n();

function versionWindowNode(position: [number, number]) {
  return {
    id: 'b7d3a0c4-5e61-4f7a-9c2e-0a1b2c3d4e5f',
    name: 'Version Window',
    type: NODE_TYPE,
    typeVersion: 1,
    position,
    parameters: {
      resource: 'agent',
      operation: 'classifyVersionWindow',
      currentVersion: '={{ $json.body.currentVersion }}',
      previousReleases: 2,
      versionField: 'body.agent.appVersion',
    },
  };
}

function webhookWorkflow(path: string): WorkflowJson {
  return {
    name: `smoke webhook ${path}`,
    nodes: [
      {
        id: '0f8e6a1c-2d3b-4c5d-8e9f-a0b1c2d3e4f5',
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: path,
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' },
      },
      versionWindowNode([220, 0]),
    ],
    connections: { Webhook: { main: [[{ node: 'Version Window', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

/** Manual trigger → Code node that emits a small fleet → our node, for a CLI run. */
function manualWorkflow(): WorkflowJson {
  const fleet = [
    { agentId: 'a-1', appVersion: '1.10.0' },
    { agentId: 'a-2', appVersion: '1.9.2' },
    { agentId: 'a-3', appVersion: '1.6.0' },
    { agentId: 'a-4', appVersion: 'unknown' },
  ];
  return {
    name: 'smoke manual',
    nodes: [
      { id: '1a2b3c4d-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
      {
        id: '1a2b3c4d-0000-4000-8000-000000000002',
        name: 'Fleet',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [220, 0],
        parameters: { jsCode: `return ${JSON.stringify(fleet)}.map((json) => ({ json }));` },
      },
      {
        ...versionWindowNode([440, 0]),
        onError: 'continueRegularOutput',
        parameters: {
          resource: 'agent',
          operation: 'classifyVersionWindow',
          currentVersion: '1.10.3',
          previousReleases: 1,
          versionField: 'appVersion',
        },
      },
    ],
    connections: {
      Start: { main: [[{ node: 'Fleet', type: 'main', index: 0 }]] },
      Fleet: { main: [[{ node: 'Version Window', type: 'main', index: 0 }]] },
    },
    settings: { executionOrder: 'v1' },
  };
}

type Item = { json: Record<string, unknown> };
const outputOf = (execution: { data?: { resultData: { runData: Record<string, unknown> } } }, node: string) =>
  ((execution.data!.resultData.runData[node] as Array<{ data: { main: Item[][] } }>)[0]!.data.main[0] ?? []).map((i) => i.json);

describe('n8n smoke: our package in real n8n 2.40.7', () => {
  it('lists our node and its AI-tool variant under the package name', async () => {
    const names = (await n8n().nodeTypes()).map((type) => type.name);
    expect(names).toContain(NODE_TYPE);
    expect(names).toContain(`${NODE_TYPE}Tool`);
    expect(names.filter((name) => name.startsWith('CUSTOM.'))).toEqual([]);
  });

  it('runs our node from a webhook and answers with its real output', async () => {
    const workflow = await n8n().importWorkflow(webhookWorkflow('smoke-version-window'));
    await n8n().activate(workflow.id);
    const response = await n8n().runWebhook('smoke-version-window', {
      currentVersion: '1.10.2',
      agent: { agentId: 'agent-7', appVersion: '1.10.0' },
    });
    expect(response.status).toBe(200);
    const [answer] = response.body as Array<Record<string, unknown>>;
    expect(answer).toMatchObject({
      body: { agent: { agentId: 'agent-7', appVersion: '1.10.0' } },
      versionWindow: { version: '1.10.0', release: '1.10', standing: 'current', releasesBehind: 0, currentRelease: '1.10' },
    });

    const execution = await n8n().waitForExecution({ workflowId: workflow.id }, 'success');
    expect(outputOf(execution, 'Version Window')[0]).toEqual(answer);
  });

  it('reports a bad version through the webhook as a failed execution with our message', async () => {
    const workflow = await n8n().importWorkflow(webhookWorkflow('smoke-bad-version'));
    await n8n().activate(workflow.id);
    const response = await n8n().runWebhook('smoke-bad-version', { currentVersion: '1.10.2', agent: { appVersion: '1.x' } });
    expect(response.status).toBe(500);
    await expect(n8n().waitForExecution({ workflowId: workflow.id }, 'success')).rejects.toThrow(
      /ended "error".*"1\.x" is not a version/,
    );
  });

  it('runs a manual workflow through the CLI, continuing past a bad item with pairedItem kept', async () => {
    const workflow = await n8n().importWorkflow(manualWorkflow());
    const run = (await n8n().execute(workflow.id)) as { data: { resultData: { runData: Record<string, unknown> } } };
    const output = (run.data.resultData.runData['Version Window'] as Array<{ data: { main: Array<Array<Item & { pairedItem: unknown }>> } }>)[0]!
      .data.main[0]!;
    expect(output.map((item) => (item.json.versionWindow as { standing?: string } | undefined)?.standing ?? item.json.error)).toEqual([
      'current',
      'outdated',
      'unsupported',
      expect.stringContaining('"unknown" is not a version'),
    ]);
    expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));

    const stored = await n8n().waitForExecution({ workflowId: workflow.id }, 'success');
    expect(stored.mode).toBe('cli');
  });

  it('stops exactly the processes it started', async () => {
    const instance = n8n();
    // The internal JS task runner is n8n's child; it must go too.
    expect(instance.childPids.length).toBeGreaterThan(0);
    const pids = [instance.pid, ...instance.childPids];
    expect(pids.every(isProcessAlive)).toBe(true);
    await instance.stop();
    expect(pids.filter(isProcessAlive)).toEqual([]);
    // The whole temporary root goes: user folder, log, and the TMPDIR n8n was given.
    expect(existsSync(dirname(instance.userFolder))).toBe(false);
  });
});
