/**
 * The Incydr Health node inside real n8n, installed as users install it, against a sandbox this file starts.
 * HR people arrive in the Webhook body (the HR Directory node is built in parallel); users and agents come from the
 * Incydr node. First a dry-run: Cross-Check → Build Plan answers with the plan and changes nothing. Then the same
 * chain with Execute Plan and a fixed list of approved ids deactivates exactly the approved, unprotected items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowJson } from '../harness/n8n.js';
import { useSharedN8n } from '../harness/shared-n8n.js';
import { DEMO_API_CLIENT, generateWorld } from '../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../sandbox/incydr/server.js';
import { personaAsHrPerson } from '../../sandbox/world.js';
import { verifyPlanHash } from '@incydr-health/core/health/plan';
import type { ActionPlan, PlanItem } from '@incydr-health/core/health/plan-types';

const NOW = '2026-11-25T12:00:00.000Z';
const PACKAGE = 'n8n-nodes-incydr-health';
const world = generateWorld({ seed: 11, users: 120, now: NOW });
const people = world.personas.filter((p) => p.inHr).map(personaAsHrPerson);

const n8n = useSharedN8n();
let sandbox: Awaited<ReturnType<typeof startIncydrSandbox>>;
let credential: { id: string; name: string };

beforeAll(async () => {
  sandbox = await startIncydrSandbox({ world, port: 0, clock: { now: () => Date.parse(NOW) } });
  credential = await n8n().api<{ id: string; name: string }>('/credentials', {
    method: 'POST',
    body: {
      name: 'Incydr sandbox (health)',
      type: 'incydrApi',
      data: { region: 'custom', baseUrl: sandbox.url, clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret },
    },
  });
});
afterAll(async () => {
  await sandbox?.close();
});

let uuid = 0;
const node = (name: string, type: string, x: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: `5b7c1d2e-0000-4000-8000-${String(++uuid).padStart(12, '0')}`,
  name,
  type,
  typeVersion: type === 'n8n-nodes-base.webhook' ? 2 : 1,
  position: [x, 0],
  parameters,
  ...extra,
});

function planWorkflow(path: string, execute?: { approvedIds: string[] }, guard = false): WorkflowJson {
  const incydr = { credentials: { incydrApi: { id: credential.id, name: credential.name } } };
  const nodes = [
    node('Webhook', 'n8n-nodes-base.webhook', 0, { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' }, { webhookId: path }),
    node('Incydr Users', `${PACKAGE}.incydr`, 220, { resource: 'user', operation: 'getMany', returnAll: true }, incydr),
    node('Incydr Agents', `${PACKAGE}.incydr`, 440, { resource: 'agent', operation: 'getMany', returnAll: true }, { ...incydr, executeOnce: true }),
    node('Cross-Check', `${PACKAGE}.incydrHealth`, 660, {
      resource: 'offboarding',
      operation: 'crossCheck',
      hrPeople: "={{ $('Webhook').first().json.body.people }}",
      incydrUsers: "={{ $('Incydr Users').all().map(item => item.json) }}",
      incydrAgents: "={{ $('Incydr Agents').all().map(item => item.json) }}",
      crossCheckOptions: { asOf: NOW },
    }),
    node('Build Plan', `${PACKAGE}.incydrHealth`, 880, { resource: 'plan', operation: 'buildPlan', buildPlanOptions: { asOf: NOW } }),
  ];
  const chain = ['Webhook', 'Incydr Users', 'Incydr Agents', 'Cross-Check', 'Build Plan'];
  if (guard) {
    nodes.push(node('Guard', `${PACKAGE}.incydrHealth`, 770, { resource: 'plan', operation: 'preservationGuard', signalSource: 'live' }, incydr));
    chain.splice(4, 0, 'Guard');
  }
  if (execute) {
    nodes.push(
      node(
        'Execute Plan',
        `${PACKAGE}.incydrHealth`,
        1100,
        {
          resource: 'plan',
          operation: 'executePlan',
          plan: "={{ $('Build Plan').first().json.plan }}",
          // A fixed list, written the way an expression hands it over (Get Decision's approvedItems is a list too).
          approvedItemIds: `={{ ${JSON.stringify(execute.approvedIds)} }}`,
          approvedHash: "={{ $('Build Plan').first().json.plan.hash }}",
          executeOptions: { retries: 1 },
        },
        incydr,
      ),
    );
    chain.push('Execute Plan');
  }
  const connections: Record<string, unknown> = {};
  for (let i = 0; i < chain.length - 1; i++) connections[chain[i]!] = { main: [[{ node: chain[i + 1], type: 'main', index: 0 }]] };
  return { name: `incydr health ${path}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

const activeSnapshot = () => ({
  users: sandbox.state.users.filter((u) => u.active).map((u) => u.userId).sort(),
  agents: sandbox.state.agents.filter((a) => a.active).map((a) => a.agentId).sort(),
});

describe('Incydr Health node in real n8n 2.40.7', () => {
  let dryRunPlan: ActionPlan;

  it('the Preservation Guard reads live signals with the Incydr credential and keeps protected items out of the plan', async () => {
    const before = activeSnapshot();
    const workflow = await n8n().importWorkflow(planWorkflow('incydr-health-guarded', undefined, true));
    await n8n().activate(workflow.id);
    const response = await n8n().runWebhook('incydr-health-guarded', { people });
    expect(response.status).toBe(200);
    const [answer] = response.body as Array<{ plan: ActionPlan; summary: { preserved: number; preservedItemIds: string[] } }>;
    expect(answer!.summary.preserved).toBeGreaterThan(0);
    const planned = new Set(answer!.plan.items.map((i) => i.id));
    expect(answer!.summary.preservedItemIds.some((id) => planned.has(id))).toBe(false);
    const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
    for (const item of answer!.plan.items.filter((i) => i.action.startsWith('deactivate'))) {
      expect(protectedUsers.has(item.subject.ownerUserId ?? item.subject.id)).toBe(false);
    }
    expect(activeSnapshot()).toEqual(before);
  });

  it('a dry-run (Cross-Check → Build Plan) answers with the plan and changes nothing in the tenant', async () => {
    const before = activeSnapshot();
    const workflow = await n8n().importWorkflow(planWorkflow('incydr-health-dry-run'));
    await n8n().activate(workflow.id);
    const response = await n8n().runWebhook('incydr-health-dry-run', { people });
    expect(response.status).toBe(200);
    const [answer] = response.body as Array<{ plan: ActionPlan; summary: { items: number } }>;
    dryRunPlan = answer!.plan;
    expect(await verifyPlanHash(dryRunPlan)).toBe(true);
    expect(dryRunPlan.kind).toBe('offboarding');
    expect(answer!.summary.items).toBe(dryRunPlan.items.length);
    const expectedUsers = world.truth.departedActiveUsers.filter((d) => world.tenant.users.find((u) => u.userId === d.userId)?.active).map((d) => d.userId);
    expect(dryRunPlan.items.filter((i) => i.action === 'deactivate-user').map((i) => i.subject.id).sort()).toEqual(expectedUsers.sort());
    expect(activeSnapshot()).toEqual(before);
    const writes = Object.keys(sandbox.faults.snapshot().requests).filter((key) => !key.startsWith('GET ') && key !== 'POST /v1/oauth');
    expect(writes).toEqual([]);
    const execution = await n8n().waitForExecution({ workflowId: workflow.id }, 'success');
    expect(JSON.stringify(execution)).not.toContain(DEMO_API_CLIENT.clientSecret);
  });

  it('Execute Plan with a fixed approved-ids list deactivates exactly the approved, unprotected items', async () => {
    const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
    const departing = new Set(world.truth.watchlistMembers.filter((w) => w.listType === 'DEPARTING_EMPLOYEE').flatMap((w) => w.actorIds));
    const actorOf = new Map(world.tenant.userActors.map((l) => [l.userId, l.actorId]));
    const owner = (i: PlanItem) => i.subject.ownerUserId ?? i.subject.id;
    const isProtected = (i: PlanItem) => protectedUsers.has(owner(i)) || departing.has(actorOf.get(owner(i)) ?? '');
    const users = dryRunPlan.items.filter((i) => i.action === 'deactivate-user');
    const free = users.filter((i) => !isProtected(i));
    const held = dryRunPlan.items.filter((i) => (i.action === 'deactivate-user' || i.action === 'deactivate-agent') && isProtected(i));
    expect(free.length).toBeGreaterThan(0);
    expect(held.length).toBeGreaterThan(0);
    const approved = [free[0]!, held[0]!];
    const before = activeSnapshot();

    const workflow = await n8n().importWorkflow(planWorkflow('incydr-health-execute', { approvedIds: approved.map((i) => i.id) }));
    await n8n().activate(workflow.id);
    const response = await n8n().runWebhook('incydr-health-execute', { people });
    expect(response.status).toBe(200);
    const outcomes = response.body as Array<{ itemId: string; status: string; message: string; preservedBy?: Array<{ code: string }> }>;
    expect(outcomes.map((o) => o.itemId)).toEqual(dryRunPlan.items.map((i) => i.id));
    const byId = new Map(outcomes.map((o) => [o.itemId, o]));
    expect(byId.get(free[0]!.id)).toMatchObject({ status: 'succeeded', message: `Deactivated user ${free[0]!.subject.name}.` });
    expect(byId.get(held[0]!.id)!.status).toBe('skipped');
    expect(byId.get(held[0]!.id)!.preservedBy!.length).toBeGreaterThan(0);
    for (const o of outcomes.filter((x) => x.itemId !== free[0]!.id && x.itemId !== held[0]!.id)) expect(o).toMatchObject({ status: 'skipped', message: 'Not approved.' });

    const after = activeSnapshot();
    // The approved user is gone, and with them their agents (Incydr deactivates a user's devices with the user).
    expect(before.users.filter((id) => !after.users.includes(id))).toEqual([free[0]!.subject.id]);
    const ownAgents = new Set(world.tenant.agents.filter((a) => a.userId === free[0]!.subject.id).map((a) => a.agentId));
    expect(before.agents.filter((id) => !after.agents.includes(id)).every((id) => ownAgents.has(id))).toBe(true);
    const heldSubject = held[0]!.subject;
    expect(heldSubject.type === 'user' ? sandbox.state.user(heldSubject.id).active : sandbox.state.agent(heldSubject.id).active).toBe(true);
    const execution = await n8n().waitForExecution({ workflowId: workflow.id }, 'success');
    expect(execution.data!.resultData.runData['Execute Plan']![0]!.data!.main[0]!).toHaveLength(dryRunPlan.items.length);
    expect(JSON.stringify(execution)).not.toContain(DEMO_API_CLIENT.clientSecret);
  });
});
