/**
 * The shipped "Case-aware preservation" template in real n8n against the sandboxes. Before it runs, a plan waits
 * for approval in this n8n (Request Approval → Wait, as the kit's templates do) proposing to deactivate one
 * protected and one unprotected person. In dry-run mode the template's register holds exactly the world's open-case
 * subjects and active legal-hold custodians, it reports exactly the protected people's devices that stopped
 * connecting, flags only the protected person's pending item, posts nothing and changes nothing. With the dry run
 * off, the same findings land in the portal as a run; Incydr is still untouched.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlan, planItemId, requiredRolesFor } from '@incydr-health/core/health/plan';
import type { PlanItem, Reason } from '@incydr-health/core/health/plan-types';
import { findingsOfRun, listRuns } from '../../../portal/src/services/runs.js';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { shippedTemplate, useSandboxWorld, type TemplateRun } from './sandbox-world.js';

const FILE = 'case-aware-preservation.json';
const SILENT_AFTER_DAYS = 14;
const DAY_MS = 86_400_000;
const n8n = useSharedN8n();
const env = useSandboxWorld(n8n, { seed: 303, users: 150 });

function setDryRun(value: boolean) {
  return (template: { workflow: { nodes: Record<string, unknown>[] } }) => {
    const settings = template.workflow.nodes.find((n) => n.name === 'Settings')!;
    const assignments = (settings.parameters as { assignments: { assignments: { name: string; value: unknown }[] } }).assignments.assignments;
    assignments.find((a) => a.name === 'dryRun')!.value = value;
  };
}

/** `subjectId issue` of every register entry the world implies: one per open case with a subject, one per active custodianship. */
function expectedRegister(): string[] {
  const { tenant } = env().world;
  const activeMatters = new Set(tenant.matters.filter((m) => m.active).map((m) => m.matterId));
  return [
    ...tenant.cases.filter((c) => c.status === 'OPEN' && c.subject).map((c) => `${c.subject} open-case-${c.number}`),
    ...tenant.custodianships.filter((c) => c.membershipActive && activeMatters.has(c.matterId)).map((c) => `${c.userId} legal-hold-${c.matterId}`),
  ].sort();
}

function expectedSilentDevices(): string[] {
  const { world } = env();
  const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
  // Incydr's "not connected in the last N days" counts whole days back from the start of today (UTC).
  const cutoff = Math.floor(Date.parse(world.now) / DAY_MS) * DAY_MS - SILENT_AFTER_DAYS * DAY_MS;
  return world.tenant.agents
    .filter((a) => a.active && protectedUsers.has(a.userId) && (a.lastConnected === null || Date.parse(a.lastConnected) < cutoff))
    .map((a) => a.agentId)
    .sort();
}

describe('template: case-aware preservation', () => {
  let requestId: number;
  let protectedItem: PlanItem;
  let freeItem: PlanItem;

  /** A plan proposing to deactivate a protected and an unprotected active user, left waiting for approval in n8n. */
  beforeAll(async () => {
    const { world } = env();
    // Importing first creates the portal credential (by name) that the waiting workflow below uses too.
    await env().importShipped(FILE);
    await n8n().api('/credentials', {
      method: 'POST',
      body: { name: 'n8n API', type: 'n8nApi', data: { apiKey: n8n().apiKey, baseUrl: `${n8n().baseUrl}/api/v1` } },
    });
    const departing = new Set(world.truth.watchlistMembers.filter((w) => w.listType === 'DEPARTING_EMPLOYEE').flatMap((w) => w.actorIds));
    const actorOf = new Map(world.tenant.userActors.map((l) => [l.userId, l.actorId]));
    const active = (userId: string) => world.tenant.users.find((u) => u.userId === userId)!.active;
    const held = world.truth.users.find((u) => u.protected && active(u.userId))!;
    const free = world.truth.users.find((u) => !u.protected && active(u.userId) && !departing.has(actorOf.get(u.userId) ?? ''))!;
    const item = (user: { userId: string; username: string }): PlanItem => {
      const reasons: Reason[] = [{ code: 'TERMINATED_STILL_ACTIVE', message: `HR shows ${user.username} terminated.`, evidence: {} }];
      const subject = { type: 'user' as const, id: user.userId, name: user.username };
      return { id: planItemId('deactivate-user', subject), action: 'deactivate-user', subject, reasons, requiredRoles: requiredRolesFor('deactivate-user', reasons) };
    };
    protectedItem = item(held);
    freeItem = item(free);
    const plan = await buildPlan('offboarding', [protectedItem, freeItem], new Date());

    const portalCredential = (await n8n().api<{ data: { id: string; name: string; type: string }[] }>('/credentials')).data.find((c) => c.type === 'incydrHealthPortalApi')!;
    const workflow = await n8n().importWorkflow({
      name: 'Waiting for approval (test)',
      nodes: [
        { id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'preservation-pending', parameters: { httpMethod: 'POST', path: 'preservation-pending', responseMode: 'onReceived' } },
        { id: randomUUID(), name: 'Build Plan', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0], parameters: { assignments: { assignments: [{ id: randomUUID(), name: 'plan', type: 'object', value: '={{ $json.body.plan }}' }] }, options: {} } },
        {
          id: randomUUID(),
          name: 'Request Approval',
          type: 'n8n-nodes-incydr-health.incydrHealthPortal',
          typeVersion: 1,
          position: [440, 0],
          credentials: { incydrHealthPortalApi: { id: portalCredential.id, name: portalCredential.name } },
          parameters: { resource: 'approval', operation: 'request', plan: '={{ $json.plan }}', title: 'Offboarding (test)', resumeUrl: '={{ $execution.resumeUrl }}', order: 'sequential', additionalFields: {} },
        },
        { id: randomUUID(), name: 'Wait for Decision', type: 'n8n-nodes-base.wait', typeVersion: 1.1, position: [660, 0], webhookId: randomUUID(), parameters: { resume: 'webhook', httpMethod: 'POST', limitWaitTime: true, limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'hours', options: {} } },
      ],
      connections: {
        Webhook: { main: [[{ node: 'Build Plan', type: 'main', index: 0 }]] },
        'Build Plan': { main: [[{ node: 'Request Approval', type: 'main', index: 0 }]] },
        'Request Approval': { main: [[{ node: 'Wait for Decision', type: 'main', index: 0 }]] },
      },
      settings: { executionOrder: 'v1' },
    });
    await n8n().activate(workflow.id);
    expect((await n8n().runWebhook('preservation-pending', { plan })).status).toBe(200);
    const waiting = await n8n().waitForExecution({ workflowId: workflow.id }, 'waiting');
    requestId = waiting.data!.resultData.runData['Request Approval']![0]!.data!.main[0]![0]!.json.requestId as number;
    expect(requestId).toBeGreaterThan(0);
  }, 300_000);

  it('is a valid template: both triggers, the dry-run switch on by default, credentials by name only', async () => {
    const template = await shippedTemplate(FILE);
    const types = template.workflow.nodes.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.stickyNote']));
    expect(types).not.toContain('n8n-nodes-base.code');
    expect(template.credentials.map((c) => `${c.type}:${c.name}`).sort()).toEqual(['incydrApi:Incydr account', 'incydrHealthPortalApi:Incydr Health portal', 'n8nApi:n8n API']);
    expect(JSON.stringify(template.workflow.nodes.find((n) => n.name === 'Settings'))).toMatch(/"name":"dryRun","value":true/);
  });

  describe('dry run', () => {
    let run: TemplateRun;
    let before: unknown;
    beforeAll(async () => {
      before = env().tenantState();
      run = await env().run(await env().importShipped(FILE));
    }, 300_000);

    it('registers exactly the open-case subjects and active legal-hold custodians, one entry per case or matter', () => {
      expect(run.error).toBeUndefined();
      const entries = run.output('Register Entries').map((i) => i.json);
      const expected = expectedRegister();
      expect(expected.length).toBeGreaterThan(2);
      expect(entries.map((e) => `${e.subjectId} ${e.issue}`).sort()).toEqual(expected);
      const protectedUsers = env().world.truth.users.filter((u) => u.protected).map((u) => u.userId).sort();
      expect([...new Set(entries.map((e) => e.subjectId as string))].sort()).toEqual(protectedUsers);
      for (const e of entries) expect(e).toMatchObject({ category: 'preserved-subject', subjectType: 'user', reason: expect.stringMatching(/open case #\d+|legal-hold matter/) });
    });

    it('reports exactly the protected people’s devices that stopped connecting', () => {
      const silent = run.output('Silent Protected Devices').map((i) => i.json);
      expect(silent.map((s) => s.subjectId).sort()).toEqual(expectedSilentDevices());
      for (const s of silent) expect(s).toMatchObject({ category: 'unhealthy-agent', subjectType: 'agent', issue: 'PROTECTED_OWNER_SILENT' });
    });

    it('flags the pending approval’s item for the protected person only', () => {
      const flagged = run.output('Flagged Approvals').map((i) => i.json);
      expect(flagged).toHaveLength(1);
      expect(flagged[0]).toMatchObject({
        category: 'preserved-subject',
        subjectId: protectedItem.subject.id,
        issue: `pending-approval-${requestId}`,
        details: { requestId, itemId: protectedItem.id, action: 'deactivate-user' },
      });
      expect(String(flagged[0]!.reason)).toContain('Reject this item.');
      expect(run.output('Preservation Guard').find((i) => i.json.itemId === freeItem.id)!.json.guard).toBe('allowed');
    });

    it('keeps everything in n8n: no portal run, no Incydr write, the tenant unchanged', async () => {
      expect(run.output('Report Only in n8n')[0]!.json.counts).toMatchObject({ 'preserved-subject': expectedRegister().length, silentDevices: expectedSilentDevices().length, flaggedApprovals: 1 });
      expect(run.ran('Start Run')).toBe(false);
      expect(await listRuns(env().portal.portal.ctx)).toEqual([]);
      expect(env().incydrWrites()).toEqual([]);
      expect(env().tenantState()).toEqual(before);
    });
  });

  it('with the dry run off, posts the register, the silent devices and the flag to the portal as one run', async () => {
    const before = env().tenantState();
    const live = await env().run(await env().importShipped(FILE, setDryRun(false)));
    expect(live.error).toBeUndefined();
    const [portalRun, ...others] = await listRuns(env().portal.portal.ctx);
    expect(others).toEqual([]);
    expect(portalRun).toMatchObject({ workflow: 'Case-aware preservation', status: 'succeeded' });
    const findings = await findingsOfRun(env().portal.portal.ctx, portalRun!.id);
    const expected = [
      ...expectedRegister().map((e) => `preserved-subject ${e}`),
      ...expectedSilentDevices().map((id) => `unhealthy-agent ${id} PROTECTED_OWNER_SILENT`),
      `preserved-subject ${protectedItem.subject.id} pending-approval-${requestId}`,
    ].sort();
    expect(findings.map((f) => `${f.category} ${f.subjectId} ${f.issue}`).sort()).toEqual(expected);
    expect(env().incydrWrites()).toEqual([]);
    expect(env().tenantState()).toEqual(before);
  });
});
