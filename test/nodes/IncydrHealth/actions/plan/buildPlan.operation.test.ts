import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../../../sandbox/incydr/generator.js';
import { verifyPlanHash } from '@incydr-health/core/health/plan';
import { PLAN_CSV_COLUMNS } from '@incydr-health/core/health/plan-export';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';
import { NOW, expectNodeOperationError, hrPeopleOf, jsons, refusal, runHealthNode, type IDataObject } from '../../health-harness.js';

const world = generateWorld({ seed: 7, users: 80, now: NOW });
const { tenant } = world;

async function analysis(operation: 'crossCheck' | 'triageStaleDevices'): Promise<IDataObject[]> {
  const parameters =
    operation === 'crossCheck'
      ? { resource: 'offboarding', operation, hrPeople: hrPeopleOf(world), incydrUsers: tenant.users, incydrAgents: tenant.agents, crossCheckOptions: { asOf: NOW } }
      : { resource: 'agent', operation, triageAgents: tenant.agents, triageUsers: tenant.users, triageOptions: { asOf: NOW } };
  return jsons((await runHealthNode({ parameters })).output);
}

async function build(findings: IDataObject[], options: IDataObject = {}) {
  const { output } = await runHealthNode({
    parameters: { resource: 'plan', operation: 'buildPlan', findings, buildPlanOptions: { asOf: NOW, ...options } },
    items: findings.length > 0 ? findings.slice(0, 2) : [{}],
  });
  expect(output).toHaveLength(1);
  return output[0]!;
}

describe('Incydr Health: Build Plan', () => {
  it('turns findings into ONE item: the frozen plan with a hash that verifies, and a summary', async () => {
    const findings = await analysis('crossCheck');
    const { json, pairedItem } = await build(findings);
    const plan = json.plan as unknown as ActionPlan;
    expect(pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
    expect(plan).toMatchObject({ version: 1, kind: 'offboarding', createdAt: NOW });
    expect(await verifyPlanHash(plan)).toBe(true);
    const withAction = findings.filter((f) => f.action !== null);
    expect(plan.items.map((i) => i.id).sort()).toEqual(withAction.map((f) => f.itemId as string).sort());
    expect(plan.items.every((i) => i.requiredRoles.length > 0 || !['deactivate-user', 'deactivate-agent'].includes(i.action))).toBe(true);
    expect(json.summary).toMatchObject({ items: withAction.length, kept: findings.length - withAction.length, preserved: 0 });
    const byAction = json.summary as { byAction: Record<string, number> };
    expect(Object.values(byAction.byAction).reduce((a, b) => a + b, 0)).toBe(withAction.length);
  });

  it('makes the same plan and hash from the same findings in any order; a different kind is a different hash', async () => {
    const findings = await analysis('crossCheck');
    const forward = (await build(findings)).json.plan as unknown as ActionPlan;
    const backward = (await build([...findings].reverse())).json.plan as unknown as ActionPlan;
    expect(backward).toEqual(forward);
    const renamed = (await build(findings, { kind: 'quarterly-offboarding' })).json.plan as unknown as ActionPlan;
    expect(renamed.kind).toBe('quarterly-offboarding');
    expect(renamed.hash).not.toBe(forward.hash);
  });

  it('from guard results, leaves preserved items out and names them in the summary; mixed analyses make a combined plan', async () => {
    const findings = await analysis('crossCheck');
    const target = findings.find((f) => f.action === 'deactivate-user')!;
    const guarded = jsons(
      (
        await runHealthNode({
          parameters: {
            resource: 'plan',
            operation: 'preservationGuard',
            proposedItems: findings,
            signalSource: 'input',
            manualHolds: [{ subjectType: 'user', subjectId: (target.subject as IDataObject).id, reason: 'HR dispute', owner: 'hr@northwind.example' }],
          },
        })
      ).output,
    );
    const { json } = await build(guarded);
    const plan = json.plan as unknown as ActionPlan;
    const userId = (target.subject as IDataObject).id;
    const held = findings.filter((f) => f.action !== null && ((f.subject as IDataObject).ownerUserId ?? (f.subject as IDataObject).id) === userId);
    expect(held.length).toBeGreaterThan(0);
    for (const f of held) expect(plan.items.map((i) => i.id)).not.toContain(f.itemId);
    expect(json.summary).toMatchObject({ preserved: held.length, preservedItemIds: held.map((f) => f.itemId).sort() });
    expect(plan.items).toHaveLength(findings.filter((f) => f.action !== null).length - held.length);
    expect(plan.kind).toBe('offboarding');

    const combined = (await build([...findings, ...(await analysis('triageStaleDevices'))])).json.plan as unknown as ActionPlan;
    expect(combined.kind).toBe('combined');
    expect(combined.items.some((i) => i.action === 'upgrade-agent' || i.action === 'troubleshoot-agent')).toBe(true);
  });

  it('attaches the plan as CSV when asked, one row per item', async () => {
    const findings = await analysis('crossCheck');
    const item = await build(findings, { attachCsv: true });
    const plan = item.json.plan as unknown as ActionPlan;
    const binary = (item as unknown as { binary: { plan: { data: string; mimeType: string; fileName: string } } }).binary.plan;
    expect(binary.mimeType).toBe('text/csv');
    expect(binary.fileName).toBe(`plan-${plan.hash.slice(7, 19)}.csv`);
    const rows = Buffer.from(binary.data, 'base64').toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe(PLAN_CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(plan.items.length + 1);
    expect((await build(findings)).binary).toBeUndefined();
  });

  it('an empty list of findings is an empty plan, not an error', async () => {
    const { json } = await build([]);
    expect((json.plan as unknown as ActionPlan).items).toEqual([]);
    expect(json.summary).toMatchObject({ items: 0 });
  });

  it('refuses entries that are not findings, with the index', async () => {
    const findings = await analysis('crossCheck');
    const error = await refusal({ parameters: { resource: 'plan', operation: 'buildPlan', findings: [...findings, { hello: 'world' }] } });
    expectNodeOperationError(error, new RegExp(`Findings\\[${findings.length}\\] is not a finding, a guard result or a plan item`));
  });
});
