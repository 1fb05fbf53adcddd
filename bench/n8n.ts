/**
 * Real-n8n figures the e2e budget depends on: build of the node package, boot-to-ready (fresh SQLite, all
 * migrations), first webhook run of our node, one CLI `execute`, and a clean stop. One pass: the machine has
 * two cores shared with others, so repeat the command rather than looping here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildNodePackage, startN8n, type WorkflowJson } from '../test/harness/n8n.js';

function timed<T>(label: string, figures: Array<[string, number]>, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  return Promise.resolve(work()).then((result) => {
    figures.push([label, performance.now() - started]);
    return result;
  });
}

const classify = (position: [number, number]) => ({
  id: '5f0c7a9e-1111-4b2a-9c3d-000000000002',
  name: 'Version Window',
  type: 'n8n-nodes-incydr-health.incydrHealth',
  typeVersion: 1,
  position,
  parameters: { resource: 'agent', operation: 'classifyVersionWindow', currentVersion: '2.4.1', previousReleases: 2, versionField: 'appVersion' },
});

const webhookWorkflow: WorkflowJson = {
  name: 'bench webhook',
  nodes: [
    {
      id: '5f0c7a9e-1111-4b2a-9c3d-000000000001',
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      position: [0, 0],
      webhookId: 'bench-version-window',
      parameters: { httpMethod: 'POST', path: 'bench-version-window', responseMode: 'lastNode', responseData: 'allEntries' },
    },
    { ...classify([220, 0]), parameters: { ...classify([0, 0]).parameters, versionField: 'body.appVersion' } },
  ],
  connections: { Webhook: { main: [[{ node: 'Version Window', type: 'main', index: 0 }]] } },
};

const manualWorkflow: WorkflowJson = {
  name: 'bench manual',
  nodes: [
    { id: '5f0c7a9e-1111-4b2a-9c3d-000000000003', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: '5f0c7a9e-1111-4b2a-9c3d-000000000004',
      name: 'Fleet',
      type: 'n8n-nodes-base.code',
      typeVersion: 2,
      position: [220, 0],
      // 200 agents spread over eight releases: enough to see per-item cost, small enough for a shared machine.
      parameters: { jsCode: 'return Array.from({ length: 200 }, (_, i) => ({ json: { agentId: `a-${i}`, appVersion: `2.${i % 8}.${i % 5}` } }));' },
    },
    classify([440, 0]),
  ],
  connections: {
    Start: { main: [[{ node: 'Fleet', type: 'main', index: 0 }]] },
    Fleet: { main: [[{ node: 'Version Window', type: 'main', index: 0 }]] },
  },
};

export async function run(): Promise<void> {
  const figures: Array<[string, number]> = [];
  const buildDir = mkdtempSync(join(tmpdir(), 'incydr-bench-nodes-'));
  try {
    await timed('build node package (esbuild + checks)', figures, () => buildNodePackage(buildDir));
    const n8n = await timed('startN8n total (boot + owner + API key)', figures, () => startN8n({ packages: [buildDir] }));
    figures.push(['  of which spawn to ready (fresh database, all migrations)', n8n.bootMs]);
    try {
      const webhook = await n8n.importWorkflow(webhookWorkflow);
      await n8n.activate(webhook.id);
      await timed('first webhook run through our node', figures, () =>
        n8n.runWebhook('bench-version-window', { appVersion: '2.3.9' }),
      );
      await timed('second webhook run', figures, () => n8n.runWebhook('bench-version-window', { appVersion: '2.2.0' }));
      const manual = await n8n.importWorkflow(manualWorkflow);
      await timed('CLI execute (boots a second n8n)', figures, () => n8n.execute(manual.id));
      console.log(`n8n main PID ${n8n.pid}, child PIDs after boot: ${n8n.childPids.join(', ') || 'none'}`);
    } finally {
      await timed('stop', figures, () => n8n.stop());
    }
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  for (const [label, ms] of figures) console.log(`${label.padEnd(56)} ${(ms / 1000).toFixed(2).padStart(7)} s`);
}
