/** End-to-end scenarios through the pure engine: analysis → guard → plan → approval → guard again. */
import { describe, expect, it } from 'vitest';
import { crossCheckOffboarding } from '@incydr-health/core/health/offboarding';
import { triageStaleDevices } from '@incydr-health/core/health/stale-devices';
import { guardItems, type PreservationSignals } from '@incydr-health/core/health/preservation';
import { proposePlan, selectApprovedItems } from '@incydr-health/core/health/plan';
import { planFromJson, planToJson } from '@incydr-health/core/health/plan-export';
import { NOW, agent, match, person, report, user } from './builders.js';

const departed = user('u-dep', { username: 'dana@example.com' });
const laptop = agent('a-dep', 'u-dep', { lastConnected: '2026-11-20T10:00:00+02:00' });
const colleague = user('u-col', { username: 'chris@example.com' });
const colleagueLaptop = agent('a-col', 'u-col');
const hr = [
  match(
    person('p-dep', { status: 'terminated', lastWorkingDay: '2026-10-31', terminationDate: '2026-10-31' }),
    departed,
  ),
  match(person('p-col', { status: 'terminated', lastWorkingDay: '2026-11-02' }), colleague),
];
const offboarding = crossCheckOffboarding({
  matchReport: report({ matched: hr }),
  users: [departed, colleague],
  agents: [laptop, colleagueLaptop],
  now: NOW,
  options: { graceDays: 14 },
});

const quiet: PreservationSignals = {
  cases: [],
  legalHolds: [],
  watchlistMembers: [],
  manualHolds: [],
  identities: [{ userId: 'u-dep', username: 'dana@example.com', actorId: 'actor-dep' }],
};
const holdOnDana: PreservationSignals = {
  ...quiet,
  legalHolds: [
    {
      matterId: 'm-1',
      matterName: 'Contoso v. Northwind',
      matterActive: true,
      membershipActive: true,
      custodianUserId: 'u-dep',
    },
  ],
};

describe('legal hold on a departed user', () => {
  it('the user and the device are preserved with the matter named; the colleague is planned', async () => {
    const proposal = await proposePlan({
      kind: 'offboarding',
      findings: offboarding.actions,
      signals: holdOnDana,
      now: NOW,
    });
    expect(
      proposal.preserved.map((p) => [
        p.item.id,
        p.reasons.map((r) => `${r.code} ${r.evidence.matterId} ${r.evidence.matterName}`),
      ]),
    ).toEqual([
      ['deactivate-user:user:u-dep', ['LEGAL_HOLD_CUSTODIAN m-1 Contoso v. Northwind']],
      ['deactivate-agent:agent:a-dep', ['LEGAL_HOLD_CUSTODIAN m-1 Contoso v. Northwind']],
    ]);
    expect(proposal.plan.items.map((i) => `${i.id} ${i.requiredRoles.join('+')}`)).toEqual([
      'deactivate-user:user:u-col hr',
      'deactivate-agent:agent:a-col hr',
    ]);
  });

  it("the same person in the stale-device triage: the departed owner's device is preserved too", async () => {
    const triage = triageStaleDevices({
      agents: [laptop],
      users: [departed],
      hrByUserId: { 'u-dep': hr[0]?.person ?? person('x') },
      now: NOW,
      options: { currentVersion: '2.0.0' },
    });
    expect(triage.actions.map((f) => `${f.action} ${f.reasons.map((r) => r.code).join('+')}`)).toEqual([
      'deactivate-agent OWNER_DEPARTED',
    ]);
    const proposal = await proposePlan({
      kind: 'stale-devices',
      findings: triage.actions,
      signals: holdOnDana,
      now: NOW,
    });
    expect(proposal.plan.items).toEqual([]);
    expect(proposal.preserved.map((p) => p.item.id)).toEqual(['deactivate-agent:agent:a-dep']);
  });
});

describe('from dry-run to execution', () => {
  it('a hold placed after approval stops the deactivation at the second guard call', async () => {
    // Plan time: nothing protects anyone. The dry-run is this very plan.
    const { plan } = await proposePlan({
      kind: 'offboarding',
      findings: offboarding.actions,
      signals: quiet,
      now: NOW,
    });
    const stored = planToJson(plan);
    const approvedIds = plan.items.map((i) => i.id);

    // Execution time: the stored plan, the approval's hash, and freshly read signals.
    const approved = await selectApprovedItems(planFromJson(stored), approvedIds, plan.hash);
    expect(approved).toHaveLength(4);
    const atExecution = guardItems(approved, holdOnDana);
    expect(atExecution.allowed.map((a) => a.item.id)).toEqual([
      'deactivate-user:user:u-col',
      'deactivate-agent:agent:a-col',
    ]);
    expect(atExecution.preserved.map((p) => p.item.id)).toEqual([
      'deactivate-user:user:u-dep',
      'deactivate-agent:agent:a-dep',
    ]);
  });

  it("an approval for yesterday's plan does not unlock today's", async () => {
    const yesterday = await proposePlan({
      kind: 'offboarding',
      findings: offboarding.actions.slice(0, 1),
      signals: quiet,
      now: NOW,
    });
    const today = await proposePlan({ kind: 'offboarding', findings: offboarding.actions, signals: quiet, now: NOW });
    await expect(selectApprovedItems(today.plan, [today.plan.items[0]?.id ?? ''], yesterday.plan.hash)).rejects.toThrow(
      /approval is for plan/,
    );
  });
});
