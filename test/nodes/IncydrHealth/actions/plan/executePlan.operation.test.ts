import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan, PlanItem } from '@incydr-health/core/health/plan-types';
import { NOW, expectNodeOperationError, hrPeopleOf, jsons, refusal, runHealthNode, useHealthSandbox, type IDataObject, type RunOptions } from '../../health-harness.js';

const SEED = 11;
const USERS = 250;

interface Staged {
  plan: ActionPlan;
  /** Destructive items the live guard allows at plan time, per action. */
  allowedUsers: PlanItem[];
  allowedAgents: PlanItem[];
  /** A destructive item the live guard preserves. */
  protectedItem: PlanItem;
  /** An item that changes nothing in the tenant (upgrade, troubleshoot, snooze). */
  peopleWork: PlanItem;
}

/** Cross-check and triage through the node, one unguarded combined plan, and the live guard's view of it. */
function useStagedPlan() {
  const env = useHealthSandbox(SEED, USERS);
  const staged = {} as Staged;
  beforeAll(async () => {
    const { tenant } = env.world;
    const run = async (parameters: Record<string, unknown>, extra: Partial<RunOptions> = {}) => jsons((await runHealthNode({ parameters, ...extra })).output);
    const offboarding = await run({
      resource: 'offboarding',
      operation: 'crossCheck',
      hrPeople: hrPeopleOf(env.world),
      incydrUsers: tenant.users,
      incydrAgents: tenant.agents,
      crossCheckOptions: { asOf: NOW, incydrActors: tenant.actors },
    });
    const triage = await run({ resource: 'agent', operation: 'triageStaleDevices', triageAgents: tenant.agents, triageUsers: tenant.users, triageOptions: { asOf: NOW } });
    const [built] = await run({ resource: 'plan', operation: 'buildPlan', findings: [...offboarding, ...triage], buildPlanOptions: { asOf: NOW } });
    staged.plan = built!.plan as unknown as ActionPlan;
    const guarded = await run(
      { resource: 'plan', operation: 'preservationGuard', proposedItems: staged.plan.items, signalSource: 'live' },
      { credential: env.credential() },
    );
    const allowed = new Set(guarded.filter((g) => g.guard === 'allowed').map((g) => g.itemId));
    const byId = new Map(staged.plan.items.map((i) => [i.id, i]));
    const pick = (action: string, wantAllowed: boolean) => staged.plan.items.filter((i) => i.action === action && allowed.has(i.id) === wantAllowed);
    staged.allowedUsers = pick('deactivate-user', true);
    const approvedOwners = new Set(staged.allowedUsers.slice(0, 2).map((i) => i.subject.id));
    // Agents of other owners, so a user deactivation (which takes the user's agents with it) does not touch them.
    staged.allowedAgents = pick('deactivate-agent', true).filter((i) => !approvedOwners.has(i.subject.ownerUserId ?? ''));
    staged.protectedItem = [...pick('deactivate-user', false), ...pick('deactivate-agent', false)][0]!;
    staged.peopleWork = staged.plan.items.find((i) => i.action === 'upgrade-agent' || i.action === 'troubleshoot-agent')!;
    expect(staged.allowedUsers.length).toBeGreaterThanOrEqual(2);
    expect(staged.allowedAgents.length).toBeGreaterThanOrEqual(1);
    expect(byId.get(staged.protectedItem.id)).toBeDefined();
    expect(staged.peopleWork).toBeDefined();
  });
  const execute = (approved: PlanItem[], extra: Partial<RunOptions> & { plan?: unknown; approvedHash?: string; options?: IDataObject; manualHolds?: unknown } = {}) =>
    runHealthNode({
      parameters: {
        resource: 'plan',
        operation: 'executePlan',
        plan: extra.plan ?? staged.plan,
        approvedItemIds: approved.map((i) => i.id),
        approvedHash: extra.approvedHash ?? staged.plan.hash,
        manualHolds: extra.manualHolds ?? '[]',
        executeOptions: extra.options ?? {},
      },
      credential: env.credential(),
      continueOnFail: extra.continueOnFail,
      beforeRequest: extra.beforeRequest,
      items: [{ approvedItems: approved.map((i) => i.id) }],
    });
  return { ...env, staged, execute };
}

const byItem = (output: Array<{ json: IDataObject }>) => new Map(output.map((o) => [o.json.itemId as string, o.json]));

describe('Incydr Health: Execute Plan', () => {
  const { sandbox, staged, execute } = useStagedPlan();

  it('deactivates exactly the approved, unprotected items; skips the rest with the reason; one outcome per plan item', async () => {
    const state = sandbox().state;
    const [u1, u2] = staged.allowedUsers;
    const a1 = staged.allowedAgents[0]!;
    const approved = [u1!, u2!, a1, staged.protectedItem, staged.peopleWork];
    const before = new Map(state.users.map((u) => [u.userId, u.active]));
    const agentsBefore = new Map(state.agents.map((a) => [a.agentId, a.active]));
    expect(state.user(u1!.subject.id).active).toBe(true);

    const { output } = await execute(approved);
    expect(output.map((o) => o.json.itemId)).toEqual(staged.plan.items.map((i) => i.id));
    const outcomes = byItem(output);
    for (const item of [u1!, u2!, a1]) expect(outcomes.get(item.id)).toMatchObject({ status: 'succeeded', action: item.action, subject: item.subject });
    expect(outcomes.get(u1!.id)!.message).toBe(`Deactivated user ${u1!.subject.name}.`);
    expect(state.user(u1!.subject.id).active).toBe(false);
    expect(state.user(u2!.subject.id).active).toBe(false);
    expect(state.agent(a1.subject.id).active).toBe(false);

    const kept = outcomes.get(staged.protectedItem.id)!;
    expect(kept.status).toBe('skipped');
    expect(kept.message).toMatch(/^Preserved at execution time: /);
    expect((kept.preservedBy as unknown[]).length).toBeGreaterThan(0);
    expect(outcomes.get(staged.peopleWork.id)).toMatchObject({ status: 'skipped', message: 'No tenant change for this action: it is work for a person.' });

    const approvedIds = new Set(approved.map((i) => i.id));
    const touchedOwners = new Set([u1!.subject.id, u2!.subject.id]);
    for (const item of staged.plan.items.filter((i) => !approvedIds.has(i.id))) {
      expect(outcomes.get(item.id)).toMatchObject({ status: 'skipped', message: 'Not approved.' });
      if (item.subject.type === 'user') expect(state.user(item.subject.id).active).toBe(before.get(item.subject.id));
      if (item.subject.type === 'agent' && !touchedOwners.has(item.subject.ownerUserId ?? '')) {
        expect(state.agent(item.subject.id).active).toBe(agentsBefore.get(item.subject.id));
      }
    }
    const protectedSubject = staged.protectedItem.subject;
    if (protectedSubject.type === 'user') expect(state.user(protectedSubject.id).active).toBe(true);
    else expect(state.agent(protectedSubject.id).active).toBe(true);
    for (const o of output) expect(['succeeded', 'failed', 'skipped']).toContain(o.json.status);
    expect(output.every((o) => JSON.stringify(o.pairedItem) === JSON.stringify([{ item: 0 }]))).toBe(true);
  });

  it('is idempotent: a second run changes nothing and says the items were already done', async () => {
    const [u1, u2] = staged.allowedUsers;
    const a1 = staged.allowedAgents[0]!;
    const approved = [u1!, u2!, a1, staged.protectedItem, staged.peopleWork];
    const posts: string[] = [];
    const { output } = await execute(approved, { beforeRequest: (r) => r.method === 'POST' && posts.push(r.path) });
    const outcomes = byItem(output);
    expect(outcomes.get(u1!.id)).toMatchObject({ status: 'succeeded', message: `User ${u1!.subject.name} was already deactivated; nothing changed.` });
    expect(outcomes.get(a1.id)).toMatchObject({ status: 'succeeded', message: `Agent ${a1.subject.name} was already inactive; nothing changed.` });
    expect(outcomes.get(staged.protectedItem.id)!.status).toBe('skipped');
    expect(posts.filter((p) => p.includes('deactivate'))).toEqual([]);
  });

  it('refuses a tampered plan and a mismatching approved hash before sending anything', async () => {
    const requests: string[] = [];
    const beforeRequest = (r: { method: string; path: string }) => requests.push(`${r.method} ${r.path}`);
    const tampered = structuredClone(staged.plan);
    tampered.items[0]!.subject.name = 'someone-else';
    const base = { resource: 'plan', operation: 'executePlan', approvedItemIds: [staged.plan.items[0]!.id], manualHolds: '[]' };
    expectNodeOperationError(
      await refusal({ parameters: { ...base, plan: tampered, approvedHash: staged.plan.hash }, beforeRequest }),
      /The plan's items were changed after it was made .*nothing may be executed/,
    );
    const otherHash = `sha256:${'0'.repeat(64)}`;
    const mismatch = await refusal({ parameters: { ...base, plan: staged.plan, approvedHash: otherHash }, beforeRequest });
    expectNodeOperationError(mismatch, new RegExp(`The approval is for plan ${otherHash}, not for this plan`));
    expect(mismatch).toHaveProperty('description', expect.stringContaining('Nothing was executed'));
    expectNodeOperationError(
      await refusal({ parameters: { ...base, plan: staged.plan, approvedHash: staged.plan.hash, approvedItemIds: 'deactivate-user:user:nobody' }, beforeRequest }),
      /The approval names items that are not in plan/,
    );
    expectNodeOperationError(await refusal({ parameters: { ...base, plan: '', approvedHash: 'x' }, beforeRequest }), /Plan is empty/);
    expectNodeOperationError(await refusal({ parameters: { ...base, plan: { version: 2 }, approvedHash: 'x' }, beforeRequest }), /The plan is malformed: version must be the number 1/);
    expectNodeOperationError(await refusal({ parameters: { ...base, plan: staged.plan, approvedHash: ' ' }, beforeRequest }), /Approved Plan Hash is empty/);
    expect(requests).toEqual([]);

    const { output } = await execute([staged.allowedUsers[0]!], { approvedHash: otherHash, continueOnFail: true });
    expect(output).toHaveLength(1);
    expect(output[0]!.json.error).toMatch(/The approval is for plan sha256:0+, not for this plan/);
  });
});

describe('Incydr Health: Execute Plan on watchlists and vanished subjects', () => {
  const { sandbox, staged, execute } = useStagedPlan();

  it('adds an approved departing person to the departing-employee watchlist once; a re-run says they are already on it', async () => {
    const departing = sandbox().state.watchlists.find((w) => w.listType === 'DEPARTING_EMPLOYEE')!;
    const listed = new Set(departing.includedActors.map((a) => a.actorId));
    const item = staged.plan.items.find((i) => i.action === 'add-to-watchlist' && !listed.has(i.subject.id))!;
    expect(item.subject.type).toBe('actor');
    expect(departing.includedActors.some((a) => a.actorId === item.subject.id)).toBe(false);
    const { output } = await execute([item]);
    expect(byItem(output).get(item.id)).toMatchObject({ status: 'succeeded', message: expect.stringMatching(/^Added .+ to the .+ watchlist\.$/) });
    expect(sandbox().state.watchlist(departing.watchlistId).includedActors.filter((a) => a.actorId === item.subject.id)).toHaveLength(1);
    const { output: again } = await execute([item]);
    expect(byItem(again).get(item.id)).toMatchObject({ status: 'succeeded', message: expect.stringMatching(/was already on the .+ watchlist; nothing changed\.$/) });
  });

  it('an approved agent Incydr no longer has fails on its own; the others still run', async () => {
    const [u1] = staged.allowedUsers;
    const ghost: typeof u1 = { ...staged.allowedAgents[0]!, id: 'deactivate-agent:agent:ghost', subject: { type: 'agent', id: 'ghost', name: 'ghost-host', ownerUserId: 'nobody' } };
    // A plan carrying the ghost, rebuilt the way Build Plan would, so its hash is its own.
    const { output: built } = await runHealthNode({
      parameters: { resource: 'plan', operation: 'buildPlan', findings: [...staged.plan.items, ghost], buildPlanOptions: { asOf: NOW, kind: staged.plan.kind } },
    });
    const plan = built[0]!.json.plan as unknown as ActionPlan;
    const { output } = await execute([u1!, ghost], { plan, approvedHash: plan.hash });
    const outcomes = byItem(output);
    expect(outcomes.get(ghost.id)).toMatchObject({ status: 'failed', message: expect.stringMatching(/404|not found|no agent/i) });
    expect(outcomes.get(u1!.id)!.status).toBe('succeeded');
  });
});

describe('Incydr Health: Execute Plan under injected faults', () => {
  const { sandbox, staged, execute } = useStagedPlan();

  it('reports the item whose request failed as failed, and still performs the others', async () => {
    const [u1, u2] = staged.allowedUsers;
    const a1 = staged.allowedAgents[0]!;
    const failing = `/v1/users/${u1!.subject.id}/deactivate`;
    const { output } = await execute([u1!, u2!, a1], {
      options: { retries: 0 },
      beforeRequest: (r) => {
        if (r.method === 'POST' && r.path === failing) sandbox().faults.burstNow(1, 503);
      },
    });
    const outcomes = byItem(output);
    expect(outcomes.get(u1!.id)).toMatchObject({ status: 'failed', message: expect.stringMatching(/503/) });
    expect(sandbox().state.user(u1!.subject.id).active).toBe(true);
    expect(outcomes.get(u2!.id)!.status).toBe('succeeded');
    expect(outcomes.get(a1.id)!.status).toBe('succeeded');
    expect(sandbox().state.user(u2!.subject.id).active).toBe(false);

    // The batch deactivation failing fails each agent in it, and the next run finishes the job.
    const { output: second } = await execute([u1!, a1, ...staged.allowedAgents.slice(1, 3)], {
      options: { retries: 0 },
      beforeRequest: (r) => {
        if (r.method === 'POST' && r.path === '/v1/agents/deactivate') sandbox().faults.burstNow(1, 502);
      },
    });
    const again = byItem(second);
    expect(again.get(u1!.id)!.status).toBe('succeeded');
    expect(again.get(a1.id)).toMatchObject({ status: 'succeeded', message: expect.stringMatching(/already inactive/) });
    const batch = staged.allowedAgents.slice(1, 3);
    expect(batch.length).toBeGreaterThan(0);
    for (const agent of batch) {
      expect(again.get(agent.id)).toMatchObject({ status: 'failed', message: expect.stringMatching(/502/) });
      expect(sandbox().state.agent(agent.subject.id).active).toBe(true);
    }
  });
});

describe('Incydr Health: Execute Plan after a legal hold appeared', () => {
  const { staged, execute, admin, sandbox, world } = useStagedPlan();

  it('a custodian added after the plan was built stops that user and their agents; the rest proceeds', async () => {
    const [held, free] = staged.allowedUsers;
    const matter = world.tenant.matters.find((m) => m.active)!;
    await admin().legalHold.addCustodian(matter.matterId, held!.subject.id);
    const heldAgents = staged.plan.items.filter((i) => i.action === 'deactivate-agent' && i.subject.ownerUserId === held!.subject.id);
    const { output } = await execute([held!, free!, ...heldAgents], { manualHolds: [] });
    const outcomes = byItem(output);
    const stopped = outcomes.get(held!.id)!;
    expect(stopped.status).toBe('skipped');
    expect(stopped.preservedBy).toEqual([
      expect.objectContaining({ code: 'LEGAL_HOLD_CUSTODIAN', evidence: expect.objectContaining({ matterId: matter.matterId, matterName: matter.name }) }),
    ]);
    for (const agent of heldAgents) expect(outcomes.get(agent.id)).toMatchObject({ status: 'skipped', preservedBy: [expect.objectContaining({ code: 'LEGAL_HOLD_CUSTODIAN' })] });
    expect(sandbox().state.user(held!.subject.id).active).toBe(true);
    expect(outcomes.get(free!.id)!.status).toBe('succeeded');
  });

  it('a manual hold from the portal stops the item it names', async () => {
    const target = staged.allowedAgents.find((a) => sandbox().state.agent(a.subject.id).active)!;
    const hold = { subjectType: 'agent', subjectId: target.subject.id, reason: 'Imaged for litigation', owner: 'legal@northwind.example' };
    const { output } = await execute([target], { manualHolds: [hold] });
    expect(byItem(output).get(target.id)).toMatchObject({
      status: 'skipped',
      preservedBy: [expect.objectContaining({ code: 'MANUAL_HOLD', evidence: expect.objectContaining({ holdOwner: hold.owner }) })],
    });
    expect(sandbox().state.agent(target.subject.id).active).toBe(true);
  });
});
