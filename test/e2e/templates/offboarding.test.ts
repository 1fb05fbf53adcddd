/**
 * The shipped Offboarding cross-check template (workflows/offboarding-cross-check.json) in real n8n 2.40.7, against
 * Incydr and BambooHR sandboxes and a real portal (SQLite file, outbox worker) this file starts.
 *
 * It is imported with the template module and `--sandbox` credential wiring, exactly as `npm start` does, then run
 * from its Manual trigger with the n8n CLI (`n8n execute --id`): the run stops at the Wait node, the execution is
 * stored as waiting, and the running n8n server resumes it when the portal calls the signed resume URL (verified
 * recipe in shared/reference/n8n-runtime.md). HR and Legal decide over the portal's own HTTP forms (sign-in, CSRF).
 *
 * - dry run (the template's default): plan matches the world's truth, approval goes through both stages, the run
 *   finishes in the portal, and the tenant does not change at all;
 * - dryRun switched off: exactly the approved, still-unprotected subjects are deactivated; a legal hold placed while
 *   the approval waited stops its item, and every outcome reaches the portal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan, PlanItem } from '@incydr-health/core/health/plan-types';
import { verifyPlanHash } from '@incydr-health/core/health/plan';
import { REPO_ROOT, type Execution } from '../../harness/n8n.js';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { startDemoSandboxes, sandboxImportEnv, type DemoSandboxes } from '../../../scripts/demo/sandboxes.js';
import { ensureCredentials, sandboxCredentialSpecs } from '../../../scripts/templates/credentials.js';
import { importTemplate } from '../../../scripts/templates/import.js';
import { readTemplateFolder } from '../../../scripts/templates/load.js';
import { createN8nApi } from '../../../scripts/templates/n8n-api.js';
import type { Template } from '../../../scripts/templates/template.js';
import { readConfig } from '../../../portal/src/config.js';
import { createPortal, type Portal } from '../../../portal/src/portal.js';
import { API_SCOPES } from '../../../portal/src/domain/policy.js';
import { createApiToken } from '../../../portal/src/services/api-tokens.js';
import { loadRequest } from '../../../portal/src/services/approvals.js';
import { createUser } from '../../../portal/src/services/users.js';
import { startWorker } from '../../../portal/src/worker.js';

const RESUME_SECRET = 'offboarding-e2e-resume-secret-5d1c';
const PASSWORD = 'offboarding e2e passphrase 42';

// Boot takes ~10 s on an idle machine; on a shared, busy one it has taken over two minutes.
const n8n = useSharedN8n({ bootTimeoutMs: 300_000 });
const scratch = mkdtempSync(join(tmpdir(), 'offboarding-e2e-'));
let sandboxes: DemoSandboxes;
let portal: Portal;
let portalUrl: string;
let server: ServerType;
let worker: { stop(): Promise<void> };
let apiToken: string;
let template: Template;
let workflowId: string;

beforeAll(async () => {
  // Seed 7 with 200 users has 15 departed-but-active users, 7 of them unprotected: enough to approve and reject.
  sandboxes = await startDemoSandboxes({ seed: 7, users: 200 });
  const config = readConfig({
    PORTAL_DATA_DIR: join(scratch, 'portal'),
    PORTAL_N8N_URL: n8n().baseUrl,
    PORTAL_N8N_RESUME_SECRET: RESUME_SECRET,
    PORTAL_TEMPLATES_DIR: join(REPO_ROOT, 'workflows'),
  });
  portal = await createPortal(config, { scryptCost: { N: 2 ** 10, r: 8, p: 1 } });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The public URL is what the CSRF origin check compares with; it is only known once the port is.
  portal.ctx.settings.publicUrl = portalUrl;
  worker = startWorker(portal.ctx, 250);
  for (const role of ['hr', 'legal'] as const) {
    await createUser(portal.ctx, 'e2e', { username: role, displayName: `E2E ${role}`, email: `${role}@example.test`, role, password: PASSWORD });
  }
  ({ token: apiToken } = await createApiToken(portal.ctx, { id: null, name: 'e2e' }, { name: 'n8n', scopes: [...API_SCOPES], expiresAt: null }));
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  portal?.close();
  await sandboxes?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const outputOf = (execution: Execution, node: string) => (execution.data!.resultData.runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);
const ran = (execution: Execution, node: string) => node in execution.data!.resultData.runData;

function tenantSnapshot() {
  return {
    users: sandboxes.incydr.state.users.filter((u) => u.active).map((u) => u.userId).sort(),
    agents: sandboxes.incydr.state.agents.filter((a) => a.active).map((a) => a.agentId).sort(),
    custodianships: sandboxes.incydr.state.custodianships.filter((c) => c.membershipActive).length,
  };
}

/** Requests that could change the tenant, counted by the sandbox itself. */
function tenantWrites(): string[] {
  return Object.keys(sandboxes.incydr.faults.snapshot().requests).filter((key) => !key.startsWith('GET ') && key !== 'POST /v1/oauth');
}

/** A signed-in browser session on the portal: the sign-in form, its cookie, and the page's CSRF token. */
async function signIn(username: string): Promise<{ cookie: string }> {
  const loginPage = await fetch(`${portalUrl}/login`);
  const csrf = csrfIn(await loginPage.text());
  const response = await fetch(`${portalUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: portalUrl },
    body: new URLSearchParams({ username, password: PASSWORD, _csrf: csrf, next: '/approvals' }),
  });
  expect(response.status, `signing in as ${username}`).toBe(303);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => !c.endsWith('='));
  if (!cookie) throw new Error(`signing in as ${username} set no session cookie`);
  return { cookie };
}

function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page carries no CSRF token');
  return match[1]!;
}

/** Decides plan items the way the request page's form does. */
async function decide(session: { cookie: string }, requestId: number, planItemIds: string[], verdict: 'approve' | 'reject', comment: string) {
  if (planItemIds.length === 0) return;
  const loaded = (await loadRequest(portal.ctx, requestId))!;
  const portalIds = planItemIds.map((planId) => loaded.items.find((i) => i.planItemId === planId)!.id);
  const page = await fetch(`${portalUrl}/approvals/${requestId}`, { headers: { cookie: session.cookie } });
  expect(page.status).toBe(200);
  const body = new URLSearchParams({ verdict, comment, _csrf: csrfIn(await page.text()) });
  for (const id of portalIds) body.append('item', String(id));
  const response = await fetch(`${portalUrl}/approvals/${requestId}/decide`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: portalUrl, cookie: session.cookie },
    body,
  });
  expect(response.status, `${verdict} ${planItemIds.join(', ')}: ${(await response.text()).slice(0, 300)}`).toBe(200);
}

async function requiredRolesOf(requestId: number): Promise<Map<string, string[]>> {
  const loaded = (await loadRequest(portal.ctx, requestId))!;
  return new Map(loaded.items.map((i) => [i.planItemId, i.requiredRoles as string[]]));
}

/** Runs the template from its Manual trigger and returns the execution once it waits for the decision. */
async function runUntilWaiting() {
  await n8n().execute(workflowId);
  const waiting = await n8n().waitForExecution({ workflowId }, 'waiting', { timeoutMs: 60_000 });
  const [requested] = outputOf(waiting, 'Request Approval');
  const [built] = outputOf(waiting, 'Build Plan') as Array<{ plan: ActionPlan }>;
  expect(requested).toMatchObject({ status: 'pending', created: true, planHash: built!.plan.hash });
  return { waiting, requestId: requested!.requestId as number, plan: built!.plan, guarded: outputOf(waiting, 'Preservation Guard') };
}

/**
 * HR decides every item that needs HR, then Legal every item still open for Legal (watchlist changes need Legal
 * only; an item HR rejected is settled). Approved in the end: what both required stages approved.
 */
async function decideAll(requestId: number, approve: { hr: ReadonlySet<string>; legal: ReadonlySet<string> }) {
  const roles = await requiredRolesOf(requestId);
  const all = [...roles.keys()];
  const needs = (id: string, role: string) => roles.get(id)!.includes(role);
  const hrItems = all.filter((id) => needs(id, 'hr'));
  const hr = await signIn('hr');
  await decide(hr, requestId, hrItems.filter((id) => approve.hr.has(id)), 'approve', 'confirmed leavers');
  await decide(hr, requestId, hrItems.filter((id) => !approve.hr.has(id)), 'reject', 'not in this run');
  const legalItems = all.filter((id) => needs(id, 'legal') && (!needs(id, 'hr') || approve.hr.has(id)));
  const legal = await signIn('legal');
  await decide(legal, requestId, legalItems.filter((id) => approve.legal.has(id)), 'approve', '');
  await decide(legal, requestId, legalItems.filter((id) => !approve.legal.has(id)), 'reject', 'matter pending');
  return all.filter((id) => (!needs(id, 'hr') || approve.hr.has(id)) && (!needs(id, 'legal') || approve.legal.has(id)));
}

/** The portal's own view: the request decided and its resume call delivered to n8n (its record says why not). */
async function awaitResumed(requestId: number) {
  let record: { status?: string; resume?: { state?: string }; undecidedItems?: string[] } = {};
  for (let i = 0; i < 240; i++) {
    const response = await fetch(`${portalUrl}/api/v1/approval-requests/${requestId}`, { headers: { authorization: `Bearer ${apiToken}` } });
    record = (await response.json()) as typeof record;
    if (record.resume?.state === 'delivered') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`request ${requestId} was not resumed: ${JSON.stringify({ status: record.status, resume: record.resume, undecided: record.undecidedItems })}`);
}

/** The world's truth: departed people still active in Incydr, and who must never be touched. */
function truth() {
  const { world } = sandboxes;
  const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
  const departing = new Set(world.truth.watchlistMembers.filter((w) => w.listType === 'DEPARTING_EMPLOYEE').flatMap((w) => w.actorIds));
  const actorOf = new Map(world.tenant.userActors.map((l) => [l.userId, l.actorId]));
  const isProtected = (userId: string) => protectedUsers.has(userId) || departing.has(actorOf.get(userId) ?? '');
  const departedActive = world.truth.departedActiveUsers.filter((d) => world.tenant.users.find((u) => u.userId === d.userId)?.active).map((d) => d.userId);
  return { isProtected, departedActive };
}

const ownerOf = (item: PlanItem) => item.subject.ownerUserId ?? item.subject.id;

describe('Offboarding cross-check template in real n8n', () => {
  it('passes the template rules, imports with every credential it names linked, and has both triggers and the dry-run switch on', async () => {
    const folder = await readTemplateFolder(join(REPO_ROOT, 'workflows'));
    const check = folder.checks.find((c) => (c.ok ? c.template.file : c.file) === 'offboarding-cross-check.json');
    expect(check, 'workflows/offboarding-cross-check.json is listed').toBeDefined();
    if (!check!.ok) throw new Error(check!.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
    template = check!.template;
    expect(template.templateId).toBe('offboarding');
    const types = template.workflow.nodes.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.stickyNote']));
    expect(types).not.toContain('n8n-nodes-base.code');
    const settings = template.workflow.nodes.find((n) => n.name === 'Settings') as { parameters: { assignments: { assignments: { name: string; value: unknown }[] } } };
    expect(settings.parameters.assignments.assignments.find((a) => a.name === 'dryRun')!.value).toBe(true);

    // A generous timeout: the machine is shared, and a slow first answer is not what this test is about.
    const api = createN8nApi({ url: n8n().baseUrl, apiKey: n8n().apiKey, timeoutMs: 60_000 });
    const env = sandboxImportEnv(sandboxes, { url: portalUrl, apiToken, resumeSecret: RESUME_SECRET });
    const { specs, skipped } = sandboxCredentialSpecs(template.credentials, {
      incydrUrl: env.SANDBOX_INCYDR_URL,
      incydrClientId: env.INCYDR_CLIENT_ID,
      incydrClientSecret: env.INCYDR_CLIENT_SECRET,
      bambooHrUrl: env.SANDBOX_BAMBOOHR_URL,
      bambooHrCompanyDomain: env.BAMBOOHR_COMPANY_DOMAIN,
      bambooHrApiKey: env.BAMBOOHR_API_KEY,
      portalUrl: env.SANDBOX_PORTAL_URL,
      portalToken: env.PORTAL_API_TOKEN,
      portalResumeSecret: env.PORTAL_N8N_RESUME_SECRET,
    });
    expect(skipped).toEqual([]);
    const credentials = await ensureCredentials(api, specs);
    expect(credentials.map((c) => `${c.name}: ${c.action} (${c.message})`)).toEqual(template.credentials.map((c) => expect.stringMatching(new RegExp(`^${c.name}: created`))));

    const outcome = await importTemplate(api, template);
    expect(outcome).toMatchObject({ action: 'created', unresolvedCredentials: [] });
    workflowId = outcome.workflowId!;
    const again = await importTemplate(api, template);
    expect(again).toMatchObject({ action: 'updated', workflowId });
  });

  it('dry run: the plan matches the world, HR then Legal decide over the portal, the run finishes, and the tenant does not change', async () => {
    const before = tenantSnapshot();
    const { isProtected, departedActive } = truth();
    const { waiting, requestId, plan, guarded } = await runUntilWaiting();

    expect(await verifyPlanHash(plan)).toBe(true);
    expect(plan.kind).toBe('offboarding');
    // Every departed, still-active user is either in the plan or preserved by the guard; the plan holds no protected owner.
    const planned = plan.items.filter((i) => i.action === 'deactivate-user').map((i) => i.subject.id);
    const preserved = guarded.filter((g) => g.guard === 'preserved' && g.action === 'deactivate-user').map((g) => (g.subject as { id: string }).id);
    expect([...planned, ...preserved].sort()).toEqual([...departedActive].sort());
    expect(planned.length).toBeGreaterThan(1);
    // Adding a leaver to the departing watchlist is never blocked; a deactivation of a protected owner always is.
    expect(plan.items.filter((i) => i.action.startsWith('deactivate-') && isProtected(ownerOf(i)))).toEqual([]);
    expect(preserved.every(isProtected)).toBe(true);
    const [findings] = outputOf(waiting, 'Add Findings');
    expect(findings).toMatchObject({ added: expect.any(Number), skipped: 0 });

    const [first, second] = plan.items.map((i) => i.id);
    const approvedIds = await decideAll(requestId, { hr: new Set([first!, second!]), legal: new Set([first!]) });
    expect(approvedIds).toContain(first);

    await awaitResumed(requestId);
    const done = await n8n().waitForExecution(waiting.id, 'success', { timeoutMs: 60_000 });
    const [decision] = outputOf(done, 'Get Decision');
    expect(decision).toMatchObject({ requestId, status: 'decided', plan: { hash: plan.hash } });
    expect([...(decision!.approvedItems as string[])].sort()).toEqual([...approvedIds].sort());
    expect((decision!.approvedItems as string[]).length + (decision!.rejectedItems as string[]).length).toBe(plan.items.length);
    expect(ran(done, 'Finish Run (dry run)')).toBe(true);
    expect(ran(done, 'Execute Plan')).toBe(false);
    expect(outputOf(done, 'Finish Run (dry run)')[0]).toMatchObject({ run: { status: 'succeeded' } });

    expect(tenantSnapshot()).toEqual(before);
    expect(tenantWrites()).toEqual([]);
    expect(JSON.stringify(done)).not.toContain(sandboxes.incydr.clientSecret);
    expect(JSON.stringify(done)).not.toContain(apiToken);
  });

  it('dryRun off: exactly the approved, still-unprotected subjects are deactivated; a hold placed while waiting stops its item', async () => {
    const stored = await n8n().api<{ name: string; nodes: Array<{ name: string; parameters: Record<string, unknown> }>; connections: unknown; settings: unknown }>(`/workflows/${workflowId}`);
    const settings = stored.nodes.find((n) => n.name === 'Settings')!;
    const assignments = (settings.parameters.assignments as { assignments: { name: string; value: unknown }[] }).assignments;
    assignments.find((a) => a.name === 'dryRun')!.value = false;
    await n8n().api(`/workflows/${workflowId}`, { method: 'PUT', body: { name: stored.name, nodes: stored.nodes, connections: stored.connections, settings: stored.settings } });

    const before = tenantSnapshot();
    const { waiting, requestId, plan } = await runUntilWaiting();
    const users = plan.items.filter((i) => i.action === 'deactivate-user');
    expect(users.length).toBeGreaterThanOrEqual(3);
    const [approved, heldLater, legalRejects, ...others] = users;
    // A legal hold placed while the approval waits (before the last decision resumes n8n): Execute Plan reads the
    // tenant again and must leave this user alone.
    const matter = sandboxes.incydr.state.matters.find((m) => m.active)!;
    const client = sandboxes.incydr.state.apiClients.find((c) => c.readOnly !== true)!;
    sandboxes.incydr.state.addCustodian({ client, ipAddress: null, userAgent: null }, matter.matterId, heldLater!.subject.id);

    const approvedIds = await decideAll(requestId, {
      hr: new Set([approved!, heldLater!, legalRejects!].map((i) => i.id)),
      legal: new Set([approved!, heldLater!].map((i) => i.id)),
    });
    const legalRejected = !approvedIds.includes(legalRejects!.id);
    expect(approvedIds).toEqual(expect.arrayContaining([approved!.id, heldLater!.id]));

    await awaitResumed(requestId);
    const done = await n8n().waitForExecution(waiting.id, 'success', { timeoutMs: 90_000 });
    expect(ran(done, 'Finish Run (dry run)')).toBe(false);
    const outcomes = new Map(outputOf(done, 'Execute Plan').map((o) => [o.itemId as string, o]));
    expect(outcomes.size).toBe(plan.items.length);
    expect(outcomes.get(approved!.id)).toMatchObject({ status: 'succeeded' });
    expect(outcomes.get(heldLater!.id)).toMatchObject({ status: 'skipped', preservedBy: [expect.objectContaining({ code: 'LEGAL_HOLD_CUSTODIAN' })] });
    if (legalRejected) expect(outcomes.get(legalRejects!.id)).toMatchObject({ status: 'skipped', message: 'Not approved.' });
    for (const other of others) expect(outcomes.get(other.id)).toMatchObject({ status: 'skipped', message: 'Not approved.' });

    const after = tenantSnapshot();
    const expectedGone = [approved!.subject.id, ...(legalRejected ? [] : [legalRejects!.subject.id])].sort();
    expect(before.users.filter((id) => !after.users.includes(id)).sort()).toEqual(expectedGone);
    const ownAgents = new Set(sandboxes.world.tenant.agents.filter((a) => expectedGone.includes(a.userId)).map((a) => a.agentId));
    expect(before.agents.filter((id) => !after.agents.includes(id)).every((id) => ownAgents.has(id))).toBe(true);
    expect(sandboxes.incydr.state.user(heldLater!.subject.id).active).toBe(true);

    const [finished] = outputOf(done, 'Finish Run');
    expect(finished).toMatchObject({ run: { status: 'succeeded' } });
    const record = await fetch(`${portalUrl}/api/v1/approval-requests/${requestId}`, { headers: { authorization: `Bearer ${apiToken}` } });
    const items = ((await record.json()) as { items: Array<{ id: string; outcome: { status: string } | null }> }).items;
    expect(items.find((i) => i.id === approved!.id)!.outcome).toMatchObject({ status: 'succeeded' });
    expect(items.find((i) => i.id === heldLater!.id)!.outcome).toMatchObject({ status: 'skipped' });
    expect(items.every((i) => i.outcome !== null)).toBe(true);
  });
});
