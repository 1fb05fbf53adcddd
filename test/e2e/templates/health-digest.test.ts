/**
 * Template 6, `workflows/weekly-health-digest.json`, in real n8n 2.40.7 with the node package installed as users
 * install it, against an Incydr sandbox (a generated world of 150 users) and a portal this file starts. The template
 * is validated and imported by the template module, exactly as `npm run templates:import` does.
 *
 * How it runs: the template has only Schedule and Manual triggers and no Wait node, so `n8n execute --id` (the
 * harness's `execute`) runs it to the end. Its Settings are changed the way a user changes them (edit the node, save
 * the workflow): the current agent releases of this world, and `dryRun: false` for the second run.
 *
 * Every figure is checked against the world's tenant and truth, never against what the API served.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type WorkflowJson } from '../../harness/n8n.js';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../sandbox/incydr/server.js';
import { readTemplateFolder } from '../../../scripts/templates/load.js';
import { importTemplate } from '../../../scripts/templates/import.js';
import { createN8nApi } from '../../../scripts/templates/n8n-api.js';
import { findingTrends, findingsOfRun, listRuns } from '../../../portal/src/services/runs.js';
import { servePortal, type ServedPortal } from '../../nodes/IncydrHealthPortal/portal-harness.js';

const FILE = 'weekly-health-digest.json';
const WORKFLOW_NAME = 'Weekly environment-health digest';
// "Stale" is judged against today (the digest reads the clock), so the world is built around today too.
const world = generateWorld({ seed: 5, users: 150, now: new Date().toISOString() });
const { tenant, truth } = world;

const n8n = useSharedN8n();
let incydr: Awaited<ReturnType<typeof startIncydrSandbox>>;
let served: ServedPortal;
let portalToken: string;

beforeAll(async () => {
  incydr = await startIncydrSandbox({ world, port: 0 });
  served = await servePortal({ n8nUrl: n8n().baseUrl });
  portalToken = await served.portal.token();
  const credentials: Array<[string, string, Record<string, unknown>]> = [
    ['Incydr account', 'incydrApi', { region: 'custom', baseUrl: incydr.url, clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret }],
    ['Incydr Health portal', 'incydrHealthPortalApi', { url: served.url, apiToken: portalToken }],
  ];
  for (const [name, type, data] of credentials) await n8n().api('/credentials', { method: 'POST', body: { name, type, data } });
});
afterAll(async () => {
  await served?.close();
  await incydr?.close();
});

// ---------------------------------------------------------------- the world's truth

const active = tenant.agents.filter((a) => a.active);
const activeIds = new Set(active.map((a) => a.agentId));
const expected = {
  users: { total: tenant.users.length, active: tenant.users.filter((u) => u.active).length, inactive: tenant.users.filter((u) => !u.active).length },
  agents: {
    total: tenant.agents.length,
    active: active.length,
    inactive: tenant.agents.length - active.length,
    healthy: active.filter((a) => a.agentHealthIssueTypes.length === 0).length,
    unhealthy: active.filter((a) => a.agentHealthIssueTypes.length > 0).length,
    stale: truth.staleAgents.length,
  },
  healthIssues: Object.fromEntries(Object.entries(truth.agentsByHealthIssue).map(([issue, ids]) => [issue, ids.filter((id) => activeIds.has(id)).length])),
  versions: {
    current: truth.agentsByVersionClass.current.filter((id) => activeIds.has(id)).length,
    outdated: truth.agentsByVersionClass.previous.filter((id) => activeIds.has(id)).length,
    unsupported: truth.agentsByVersionClass.unsupported.filter((id) => activeIds.has(id)).length,
    ahead: 0,
  },
};
/** The Settings value for this world: the newest release of each agent type, as `TYPE=version` pairs. */
const currentVersions = tenant.agentReleases.map((r) => `${r.agentType}=${r.supported[0]}`).join(', ');

// ---------------------------------------------------------------- helpers

type Item = { json: Record<string, unknown>; binary?: Record<string, { mimeType: string; fileName?: string; data?: string; id?: string }> };
type RunData = Record<string, Array<{ data?: { main: Array<Item[] | null> } }>>;

/**
 * Runs the workflow with `n8n execute` and reads the execution n8n stored, not the CLI's printout: the CLI may exit
 * before a large printout is flushed to the pipe, and the stored execution is what n8n itself keeps.
 */
async function runWorkflow(workflowId: string): Promise<RunData> {
  const before = await n8n().api<{ data: Array<{ id: string }> }>(`/executions?workflowId=${workflowId}`);
  await n8n()
    .execute(workflowId)
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message.includes('printed no run data'))) throw error;
    });
  const after = await n8n().api<{ data: Array<{ id: string; status: string }> }>(`/executions?workflowId=${workflowId}`);
  const fresh = after.data.filter((e) => !before.data.some((b) => b.id === e.id));
  expect(fresh).toHaveLength(1);
  const execution = await n8n().waitForExecution(fresh[0]!.id, 'success');
  return execution.data!.resultData.runData as unknown as RunData;
}
const itemsOf = (runData: RunData, node: string) => runData[node]?.[0]?.data?.main[0] ?? [];
const changesInIncydr = () => incydr.state.auditEvents.length - tenant.auditEvents.length;

async function loadTemplate() {
  const check = (await readTemplateFolder(join(REPO_ROOT, 'workflows'))).checks.find((c) => (c.ok ? c.template.file : c.file) === FILE);
  if (!check) throw new Error(`workflows/${FILE} is missing`);
  if (!check.ok) throw new Error(`workflows/${FILE} is refused:\n${check.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return check.template;
}

/** What a user does to configure the template: edit the Settings node and save the workflow. */
async function updateSettings(workflowId: string, values: Record<string, unknown>): Promise<void> {
  const current = await n8n().api<WorkflowJson>(`/workflows/${workflowId}`);
  const nodes = (current.nodes as Array<{ name: string; parameters: { assignments?: { assignments: Array<{ name: string; value: unknown }> } } }>).map((node) => {
    if (node.name !== 'Settings') return node;
    const assignments = node.parameters.assignments!.assignments.map((a) => (a.name in values ? { ...a, value: values[a.name] } : a));
    return { ...node, parameters: { ...node.parameters, assignments: { assignments } } };
  });
  await n8n().api(`/workflows/${workflowId}`, { method: 'PUT', body: { name: current.name, nodes, connections: current.connections, settings: current.settings } });
}

/** A file a node attached: n8n keeps its bytes aside (binary-data id) and serves them to the signed-in editor. */
async function fileText(item: Item | undefined, property: string): Promise<string> {
  const binary = item?.binary?.[property];
  if (!binary) throw new Error(`no binary "${property}" in ${JSON.stringify(Object.keys(item?.binary ?? {}))}`);
  if (!binary.id) return Buffer.from(binary.data ?? '', 'base64').toString('utf8');
  const response = await fetch(`${n8n().baseUrl}/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`, { headers: { cookie: n8n().cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

describe('template: weekly environment-health digest', () => {
  let workflowId: string;
  let digest: Record<string, Record<string, number>>;

  it('passes the template rules and imports with both credentials linked by name', async () => {
    const template = await loadTemplate();
    expect(template.templateId).toBe('health-digest');
    const nodes = template.workflow.nodes as Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
    const types = nodes.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.manualTrigger']));
    expect(types.filter((t) => t === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(3);
    expect(types).not.toContain('n8n-nodes-base.code');
    const settings = nodes.find((n) => n.name === 'Settings')!.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
    expect(settings.assignments).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'dryRun', value: true })]));
    expect(template.credentials.map((c) => `${c.type}:${c.name}`).sort()).toEqual(['incydrApi:Incydr account', 'incydrHealthPortalApi:Incydr Health portal']);

    const outcome = await importTemplate(createN8nApi({ url: n8n().baseUrl, apiKey: n8n().apiKey }), template);
    expect(outcome).toMatchObject({ action: 'created', unresolvedCredentials: [] });
    workflowId = outcome.workflowId!;
  });

  it('dry run: every figure matches the world, both SIEM files are attached, and nothing is posted or changed', async () => {
    await updateSettings(workflowId, { currentVersions });
    const runData = await runWorkflow(workflowId);
    const [item] = itemsOf(runData, 'Digest');
    digest = item!.json as typeof digest;
    expect(digest.users).toEqual(expected.users);
    expect(digest.agents).toEqual(expected.agents);
    expect(digest.healthIssues).toEqual(expected.healthIssues);
    expect(digest.versions).toEqual(expected.versions);
    const triage = itemsOf(runData, 'Stale-Device Triage').map((i) => i.json);
    expect(digest.findings!['stale-agent']).toBe(triage.filter((f) => f.action === 'deactivate-agent').length);
    expect(digest.findings!['unhealthy-agent']).toBe(triage.filter((f) => f.action === 'troubleshoot-agent').length);
    expect(digest.findings!['stale-agent']).toBeGreaterThan(0);
    expect(digest.findings!['outdated-agent']! + digest.findings!['unsupported-agent']!).toBeGreaterThan(0);

    const json = itemsOf(runData, 'Digest as JSON')[0];
    expect(json?.binary?.digest).toMatchObject({ mimeType: 'application/json', fileName: 'incydr-health-digest.json' });
    expect(JSON.parse(await fileText(json, 'digest'))).toMatchObject({ users: expected.users, agents: expected.agents, versions: expected.versions });
    const csv = itemsOf(runData, 'Metrics as CSV')[0];
    expect(csv?.binary?.metrics).toMatchObject({ mimeType: 'text/csv', fileName: 'incydr-health-metrics.csv' });
    const rows = (await fileText(csv, 'metrics')).trim().split('\n');
    expect(rows[0]).toBe('metric,value,generatedAt');
    expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^users\\.total,${expected.users.total},`)), expect.stringMatching(new RegExp(`^agents\\.stale,${expected.agents.stale},`))]));

    expect(itemsOf(runData, 'Start Run')).toEqual([]);
    expect(await listRuns(served.portal.ctx)).toEqual([]);
    expect(changesInIncydr()).toBe(0);
    expect(JSON.stringify(runData)).not.toContain(DEMO_API_CLIENT.clientSecret);
  });

  it('real mode: the portal shows the run with its counts and findings, the dashboard trend reads them, and it exports them', async () => {
    await updateSettings(workflowId, { dryRun: false });
    const runData = await runWorkflow(workflowId);
    const [finished] = itemsOf(runData, 'Finish Run');
    const runId = finished!.json.runId as number;

    const [run, ...others] = await listRuns(served.portal.ctx);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ id: runId, workflow: WORKFLOW_NAME, status: 'succeeded' });
    expect(run!.counts).toMatchObject({
      'users.total': expected.users.total,
      'users.active': expected.users.active,
      'agents.active': expected.agents.active,
      'agents.stale': expected.agents.stale,
      'agents.unhealthy': expected.agents.unhealthy,
      'versions.unsupported': expected.versions.unsupported,
      'healthIssues.NOT_CONNECTING': expected.healthIssues.NOT_CONNECTING,
      'findings.stale-agent': digest.findings!['stale-agent'],
    });

    const posted = await findingsOfRun(served.portal.ctx, runId);
    const byCategory = (category: string) => posted.filter((f) => f.category === category).length;
    for (const category of ['stale-agent', 'outdated-agent', 'unsupported-agent', 'unhealthy-agent']) expect(byCategory(category)).toBe(digest.findings![category]);
    const [trend] = await findingTrends(served.portal.ctx);
    expect(trend).toMatchObject({ runId, counts: { 'stale-agent': digest.findings!['stale-agent'], 'unhealthy-agent': digest.findings!['unhealthy-agent'] } });

    const admin = await served.portal.signIn('admin');
    const runsPage = await (await served.portal.get('/runs', admin)).text();
    expect(runsPage).toContain(WORKFLOW_NAME);
    expect(runsPage).toContain(`users.total: ${expected.users.total}`);
    const dashboard = await (await served.portal.get('/', admin)).text();
    expect(dashboard).toContain('Trends over recorded runs');
    expect(dashboard).toContain(`#${runId}`);
    const exported = await served.portal.get('/runs/export.csv', admin);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(await exported.text()).toContain(WORKFLOW_NAME);
    const findingsCsv = await (await served.portal.get(`/runs/${runId}/findings.csv`, admin)).text();
    expect(findingsCsv.trim().split('\n')).toHaveLength(posted.length + 1);

    expect(changesInIncydr()).toBe(0);
    expect(JSON.stringify(runData)).not.toContain(portalToken);
  });
});
