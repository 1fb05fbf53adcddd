/**
 * Template 5, `workflows/departing-watchlist-sync.json`, in real n8n 2.40.7 with the node package installed as users
 * install it, against an Incydr sandbox, a BambooHR sandbox and a portal this file starts (a generated world of 150
 * users). The template is validated and imported by the template module, exactly as `npm run templates:import` does,
 * and its credentials are linked by name.
 *
 * How it runs: the template only has Schedule and Manual triggers and, in real mode, a Wait node. `n8n execute --id`
 * (the harness's `execute`) starts it from the Manual trigger; a dry run finishes there, a real run stops at the Wait
 * node with status "waiting" and is resumed by the portal's own resume call to the running n8n server, which
 * finishes it (verified in shared/reference/n8n-runtime.md: CLI-started Wait, resumed through the server).
 *
 * Expectations come from the world's personas, never from what the APIs served: future leavers BambooHR knows who
 * are not on the departing list yet are added; listed leavers whose last working day plus the grace days has passed
 * are removed, except those under legal hold or with an open case.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type WorkflowJson } from '../../harness/n8n.js';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../sandbox/incydr/server.js';
import { personasToHrPopulation, startHrSandboxes, type HrSandboxes } from '../../../sandbox/hr/index.js';
import { readTemplateFolder } from '../../../scripts/templates/load.js';
import { importTemplate } from '../../../scripts/templates/import.js';
import { createN8nApi } from '../../../scripts/templates/n8n-api.js';
import type { Template } from '../../../scripts/templates/template.js';
import { decide, loadRequest } from '../../../portal/src/services/approvals.js';
import { getRun } from '../../../portal/src/services/runs.js';
import { deliverDue } from '../../../portal/src/services/outbox.js';
import { defaultTransports } from '../../../portal/src/worker.js';
import { servePortal, type ServedPortal } from '../../nodes/IncydrHealthPortal/portal-harness.js';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';

const FILE = 'departing-watchlist-sync.json';
const RESUME_HEADER = 'X-Incydr-Portal-Secret';
const RESUME_SECRET = 'e2e-watchlist-sync-resume-secret-41d7';
const DAY_MS = 86_400_000;
// The template judges dates as of today (its Settings leave asOf empty), so the world is built around today too.
// Seed 11 at 150 users has a future leaver missing from the list, listed leavers past their grace period (some under
// legal hold or with an open case) and one still inside it: every case the template must tell apart.
const world = generateWorld({ seed: 11, users: 150, now: new Date().toISOString() });
const population = personasToHrPopulation(world.personas, { now: world.now, companyDomain: 'acme' });

const n8n = useSharedN8n();
let incydr: Awaited<ReturnType<typeof startIncydrSandbox>>;
let hr: HrSandboxes;
let served: ServedPortal;
let portalToken: string;
let template: Template;

beforeAll(async () => {
  incydr = await startIncydrSandbox({ world, port: 0 });
  hr = await startHrSandboxes({ population, ports: { bamboohr: 0, workday: 0, scim: 0 } });
  served = await servePortal({ n8nUrl: n8n().baseUrl, resumeSecret: RESUME_SECRET });
  portalToken = await served.portal.token();
  // The credentials the template names, created the way an admin would before importing it.
  const credentials: Array<[string, string, Record<string, unknown>]> = [
    ['Incydr account', 'incydrApi', { region: 'custom', baseUrl: incydr.url, clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret }],
    ['BambooHR', 'incydrHealthBambooHrApi', { companyDomain: hr.bamboohr.companyDomain, apiKey: hr.bamboohr.apiKey, baseUrl: `${hr.bamboohr.url}/api/gateway.php/${hr.bamboohr.companyDomain}/v1` }],
    ['Incydr Health portal', 'incydrHealthPortalApi', { url: served.url, apiToken: portalToken }],
    ['Portal resume secret', 'httpHeaderAuth', { name: RESUME_HEADER, value: RESUME_SECRET }],
  ];
  for (const [name, type, data] of credentials) await n8n().api('/credentials', { method: 'POST', body: { name, type, data } });
});
afterAll(async () => {
  await served?.close();
  await hr?.close();
  await incydr?.close();
});

// ---------------------------------------------------------------- the world's truth

const GRACE_DAYS = 30; // the template's default in its Settings node
const today = Date.parse(`${world.now.slice(0, 10)}T00:00:00.000Z`);
const actorOf = new Map(world.tenant.userActors.map((l) => [l.userId, l.actorId]));
const departingList = world.tenant.watchlists.find((w) => w.listType === 'DEPARTING_EMPLOYEE')!;
const listedAtStart = new Set(departingList.includedActors.map((a) => a.actorId));
const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
// BambooHR holds employees only: contractors have no record there, so the template cannot judge them.
const inBamboo = world.personas.filter((p) => p.inHr && p.kind === 'human' && p.employmentType !== 'contractor' && p.incydrUserId !== null);

const expectedAdds = inBamboo
  .filter((p) => p.status === 'active' && p.terminationDate !== null && Date.parse(p.lastWorkingDay ?? p.terminationDate) >= today)
  .map((p) => actorOf.get(p.incydrUserId!)!)
  .filter((actorId) => !listedAtStart.has(actorId))
  .sort();
const expectedRemovals = inBamboo
  .filter((p) => p.status === 'terminated' && listedAtStart.has(actorOf.get(p.incydrUserId!)!))
  .filter((p) => Date.parse(p.lastWorkingDay ?? p.terminationDate!) + (GRACE_DAYS + 1) * DAY_MS <= today)
  .filter((p) => !protectedUsers.has(p.incydrUserId!))
  .map((p) => actorOf.get(p.incydrUserId!)!)
  .sort();
// Listed leavers still inside their grace period, and protected ones, must stay.
const listedLeaversKept = inBamboo
  .filter((p) => p.status === 'terminated' && listedAtStart.has(actorOf.get(p.incydrUserId!)!))
  .map((p) => actorOf.get(p.incydrUserId!)!)
  .filter((actorId) => !expectedRemovals.includes(actorId));

// ---------------------------------------------------------------- helpers

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, { mimeType: string; fileName?: string }> }> | null> } }>>;

/**
 * Runs the workflow with `n8n execute` and reads the execution n8n stored (once it reached `status`), not the CLI's
 * printout: the CLI may exit before a large printout is flushed to the pipe, and the stored execution is what n8n
 * itself keeps. Returns its id too, for a waiting execution that the portal resumes later.
 */
async function runWorkflow(workflowId: string, status: 'success' | 'waiting'): Promise<{ executionId: string; runData: RunData }> {
  const before = await n8n().api<{ data: Array<{ id: string }> }>(`/executions?workflowId=${workflowId}&includeData=false`);
  await n8n()
    .execute(workflowId)
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message.includes('printed no run data'))) throw error;
    });
  const after = await n8n().api<{ data: Array<{ id: string }> }>(`/executions?workflowId=${workflowId}&status=${status}`);
  const fresh = after.data.filter((e) => !before.data.some((b) => b.id === e.id));
  expect(fresh).toHaveLength(1);
  const execution = await n8n().waitForExecution(fresh[0]!.id, status);
  return { executionId: execution.id, runData: execution.data!.resultData.runData as unknown as RunData };
}

function itemsOf(runData: RunData, node: string) {
  return runData[node]?.[0]?.data?.main[0] ?? [];
}

const departingMembers = () => incydr.state.watchlist(departingList.watchlistId).includedActors.map((a) => a.actorId).sort();
const watchlistAuditEvents = () => incydr.state.auditEvents.filter((e) => /watchlist_actor_(included|removed)/.test(e.type$)).length;

/** The template as the template module judges it: refused files fail here with their problems. */
async function loadTemplate(): Promise<Template> {
  const check = (await readTemplateFolder(join(REPO_ROOT, 'workflows'))).checks.find((c) => (c.ok ? c.template.file : c.file) === FILE);
  if (!check) throw new Error(`workflows/${FILE} is missing`);
  if (!check.ok) throw new Error(`workflows/${FILE} is refused:\n${check.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return check.template;
}

async function importedWorkflowId(): Promise<string> {
  template ??= await loadTemplate();
  const outcome = await importTemplate(createN8nApi({ url: n8n().baseUrl, apiKey: n8n().apiKey }), template);
  expect(outcome.action === 'created' || outcome.action === 'updated').toBe(true);
  expect(outcome.unresolvedCredentials).toEqual([]);
  return outcome.workflowId!;
}

/** What a user does to leave dry-run mode: edit the Settings node and save the workflow. */
async function setDryRun(workflowId: string, dryRun: boolean): Promise<void> {
  const current = await n8n().api<WorkflowJson>(`/workflows/${workflowId}`);
  const nodes = (current.nodes as Array<{ name: string; parameters: { assignments?: { assignments: Array<{ name: string; value: unknown }> } } }>).map((node) => {
    if (node.name !== 'Settings') return node;
    const assignments = node.parameters.assignments!.assignments.map((a) => (a.name === 'dryRun' ? { ...a, value: dryRun } : a));
    return { ...node, parameters: { ...node.parameters, assignments: { assignments } } };
  });
  await n8n().api(`/workflows/${workflowId}`, { method: 'PUT', body: { name: current.name, nodes, connections: current.connections, settings: current.settings } });
}

const subjectsOf = (plan: ActionPlan, action: string) => plan.items.filter((i) => i.action === action).map((i) => i.subject.id).sort();

describe('template: departing-employee watchlist sync', () => {
  it('the world holds every case the template must tell apart', () => {
    expect(expectedAdds.length).toBeGreaterThan(0);
    expect(expectedRemovals.length).toBeGreaterThan(0);
    expect(listedLeaversKept.length).toBeGreaterThan(0);
  });

  it('passes the template rules: both triggers, sticky notes, a dry-run switch on by default, credentials by name only', async () => {
    template = await loadTemplate();
    expect(template.templateId).toBe('watchlist-sync');
    const nodes = template.workflow.nodes as Array<{ name: string; type: string; parameters: Record<string, unknown> }>;
    const types = nodes.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.manualTrigger']));
    expect(types.filter((t) => t === 'n8n-nodes-base.stickyNote').length).toBeGreaterThanOrEqual(3);
    expect(types).not.toContain('n8n-nodes-base.code');
    const settings = nodes.find((n) => n.name === 'Settings')!.parameters.assignments as { assignments: Array<{ name: string; value: unknown }> };
    expect(settings.assignments).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'dryRun', value: true }), expect.objectContaining({ name: 'graceDays', value: GRACE_DAYS })]));
    expect(template.credentials.map((c) => `${c.type}:${c.name}`).sort()).toEqual([
      'httpHeaderAuth:Portal resume secret',
      'incydrApi:Incydr account',
      'incydrHealthBambooHrApi:BambooHR',
      'incydrHealthPortalApi:Incydr Health portal',
    ]);
  });

  let workflowId: string;

  it('dry run: the plan adds and removes exactly the expected actors, and nothing in Incydr changes', async () => {
    workflowId = await importedWorkflowId();
    const membersBefore = departingMembers();
    const auditBefore = watchlistAuditEvents();

    const { runData } = await runWorkflow(workflowId, 'success');
    const [built] = itemsOf(runData, 'Build Plan');
    const plan = built!.json.plan as ActionPlan;
    expect(plan.kind).toBe('departing-watchlist');
    expect(subjectsOf(plan, 'add-to-watchlist')).toEqual(expectedAdds);
    expect(subjectsOf(plan, 'remove-from-watchlist')).toEqual(expectedRemovals);
    expect(plan.items.every((i) => i.action === 'add-to-watchlist' || i.action === 'remove-from-watchlist')).toBe(true);
    expect(built!.binary?.plan?.mimeType).toBe('text/csv');

    const [report] = itemsOf(runData, 'What Would Change');
    expect((report!.json.wouldAdd as Array<{ actorId: string }>).map((a) => a.actorId).sort()).toEqual(expectedAdds);
    expect((report!.json.wouldRemove as Array<{ actorId: string }>).map((a) => a.actorId).sort()).toEqual(expectedRemovals);
    // Protected leavers were proposed and then kept on the list by the guard, with their reasons.
    const preserved = itemsOf(runData, 'Preservation Guard').filter((i) => i.json.guard === 'preserved');
    for (const item of preserved) expect(item.json.action).toBe('remove-from-watchlist');
    expect(itemsOf(runData, 'Start Run')).toEqual([]);

    expect(departingMembers()).toEqual(membersBefore);
    expect(watchlistAuditEvents()).toBe(auditBefore);
    expect(JSON.stringify(runData)).not.toContain(DEMO_API_CLIENT.clientSecret);
  });

  it('real mode: after HR and Legal approve in the portal, exactly those actors are added and removed; a second run changes nothing', async () => {
    await setDryRun(workflowId, false);
    const auditBefore = watchlistAuditEvents();

    const { executionId, runData: waiting } = await runWorkflow(workflowId, 'waiting');
    const [requested] = itemsOf(waiting, 'Request Approval');
    const requestId = requested!.json.requestId as number;
    expect(requested!.json).toMatchObject({ status: 'pending', created: true });
    expect(departingMembers()).toEqual([...listedAtStart].sort());

    const request = (await loadRequest(served.portal.ctx, requestId))!;
    expect(request.items.filter((i) => i.action === 'remove-from-watchlist').every((i) => i.requiredRoles.join() === 'hr,legal')).toBe(true);
    expect(request.items.filter((i) => i.action === 'add-to-watchlist').every((i) => i.requiredRoles.join() === 'legal')).toBe(true);
    const hrReviewer = await served.portal.addUser('hr', 'hanna');
    const legalReviewer = await served.portal.addUser('legal', 'lars');
    const needing = (role: 'hr' | 'legal') => request.items.filter((i) => i.requiredRoles.includes(role)).map((i) => i.id);
    await decide(served.portal.ctx, hrReviewer, requestId, { itemIds: needing('hr'), verdict: 'approve', comment: '' });
    const last = await decide(served.portal.ctx, legalReviewer, requestId, { itemIds: needing('legal'), verdict: 'approve', comment: '' });
    expect(last.resolved).toBe(true);
    expect((await deliverDue(served.portal.ctx, defaultTransports(served.portal.ctx))).failed).toBe(0);

    const done = await n8n().waitForExecution(executionId, 'success', { timeoutMs: 90_000 });
    const runData = done.data!.resultData.runData as unknown as RunData;
    const outcomes = itemsOf(runData, 'Execute Plan').map((i) => i.json);
    expect(outcomes).toHaveLength(expectedAdds.length + expectedRemovals.length);
    expect(outcomes.filter((o) => o.status !== 'succeeded')).toEqual([]);
    expect(departingMembers()).toEqual([...[...listedAtStart].filter((id) => !expectedRemovals.includes(id)), ...expectedAdds].sort());
    for (const kept of listedLeaversKept) expect(departingMembers()).toContain(kept);
    expect(watchlistAuditEvents() - auditBefore).toBe(expectedAdds.length + expectedRemovals.length);

    const [finished] = itemsOf(runData, 'Finish Run');
    expect(finished!.json.counts).toMatchObject({ added: expectedAdds.length, removed: expectedRemovals.length, proposed: expectedAdds.length + expectedRemovals.length });
    const run = await getRun(served.portal.ctx, finished!.json.runId as number);
    expect(run).toMatchObject({ workflow: 'Departing-employee watchlist sync', status: 'succeeded', counts: { added: expectedAdds.length, removed: expectedRemovals.length } });
    // The CLI starts the workflow at a trigger of its choosing; either way the portal names a trigger it knows.
    expect(['manual', 'schedule']).toContain(run!.trigger);
    expect(JSON.stringify(done)).not.toContain(portalToken);

    // The second run finds nothing to change: an empty plan, no approval asked, no request to Incydr that changes anything.
    const membersAfter = departingMembers();
    const auditAfter = watchlistAuditEvents();
    const { runData: again } = await runWorkflow(workflowId, 'success');
    const [secondPlan] = itemsOf(again, 'Build Plan');
    expect((secondPlan!.json.plan as ActionPlan).items).toEqual([]);
    expect(itemsOf(again, 'Request Approval')).toEqual([]);
    expect(departingMembers()).toEqual(membersAfter);
    expect(watchlistAuditEvents()).toBe(auditAfter);
  });
});
