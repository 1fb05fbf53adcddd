import { describe, expect, it } from 'vitest';
import { NOW, expectNodeOperationError, hrPeopleOf, jsons, refusal, runHealthNode, useHealthSandbox, type IDataObject } from '../../health-harness.js';

const { world, credential } = useHealthSandbox(11, 120);
const { truth, tenant } = world;
const DESTRUCTIVE = new Set(['deactivate-user', 'deactivate-agent', 'remove-from-watchlist']);

async function crossCheckFindings(): Promise<IDataObject[]> {
  const { output } = await runHealthNode({
    parameters: {
      resource: 'offboarding',
      operation: 'crossCheck',
      hrPeople: hrPeopleOf(world),
      incydrUsers: tenant.users,
      incydrAgents: tenant.agents,
      crossCheckOptions: { asOf: NOW, incydrActors: tenant.actors },
    },
  });
  return jsons(output);
}

const guard = (proposedItems: IDataObject[], extra: Record<string, unknown> = {}) =>
  runHealthNode({
    parameters: { resource: 'plan', operation: 'preservationGuard', proposedItems, signalSource: 'live', ...extra },
    credential: credential(),
  });

/** The tenant's own signals, as earlier Incydr nodes would hand them over. */
function signalFields(): Record<string, unknown> {
  const matters = new Map(tenant.matters.map((m) => [m.matterId, m]));
  return {
    signalSource: 'input',
    cases: tenant.cases,
    legalHolds: tenant.custodianships.map((c) => ({
      matterId: c.matterId,
      matterName: matters.get(c.matterId)!.name,
      matterActive: matters.get(c.matterId)!.active,
      custodianUserId: c.userId,
      membershipActive: c.membershipActive,
    })),
    watchlistMembers: tenant.watchlists
      .filter((w) => w.listType === 'DEPARTING_EMPLOYEE')
      .flatMap((w) => w.includedActors.map((a) => ({ watchlistId: w.watchlistId, actorId: a.actorId }))),
    identities: tenant.users.map((u) => ({ userId: u.userId, username: u.username, actorId: tenant.userActors.find((l) => l.userId === u.userId)?.actorId ?? null })),
  };
}

const ownerOf = (entry: IDataObject) => {
  const subject = entry.subject as IDataObject;
  return (subject.ownerUserId as string | undefined) ?? (subject.id as string);
};

describe('Incydr Health: Preservation Guard', () => {
  it('reading live signals, preserves every destructive item of a protected user with the truth\'s reasons, and drops nothing', async () => {
    const findings = await crossCheckFindings();
    const proposed = findings.filter((f) => f.action !== null);
    const { output, requests } = await guard(findings);
    const results = jsons(output);
    expect(results).toHaveLength(proposed.length);
    expect(new Set(results.map((r) => r.itemId))).toEqual(new Set(proposed.map((f) => f.itemId)));

    const protectedUsers = new Map(truth.users.filter((u) => u.protected).map((u) => [u.userId, u]));
    const departingActors = new Set(truth.watchlistMembers.filter((w) => w.listType === 'DEPARTING_EMPLOYEE').flatMap((w) => w.actorIds));
    const actorOfUser = new Map(tenant.userActors.map((l) => [l.userId, l.actorId]));
    const preserved = results.filter((r) => r.guard === 'preserved');
    expect(preserved.length).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.guard === 'allowed' && DESTRUCTIVE.has(x.action as string))) {
      expect(protectedUsers.has(ownerOf(r))).toBe(false);
      expect(departingActors.has(actorOfUser.get(ownerOf(r)) ?? '')).toBe(false);
    }
    for (const p of preserved) {
      const reasons = p.reasons as Array<{ code: string; evidence: IDataObject }>;
      expect(p.reasonCodes).toEqual(reasons.map((r) => r.code));
      const expected = protectedUsers.get(ownerOf(p));
      if (!expected) {
        expect(p.reasonCodes).toEqual(['DEPARTING_WATCHLIST_MEMBER']);
        continue;
      }
      for (const r of expected.reasons) {
        expect(reasons.some((got) => got.code === r.code && Object.entries(r.evidence).every(([k, v]) => got.evidence[k] === v))).toBe(true);
      }
    }
    // Live means read now, from the tenant: cases, active matters' custodians and the departing watchlist.
    expect(requests.some((r) => r.startsWith('GET /v1/cases'))).toBe(true);
    expect(requests.some((r) => r.startsWith('GET /v1/legal-hold/matters?') && r.includes('active=true'))).toBe(true);
    expect(requests.some((r) => /^GET \/v2\/watchlists\/[^/]+\/members/.test(r))).toBe(true);
  });

  it('taking the signals from fields, splits the items exactly as the live read does', async () => {
    const findings = await crossCheckFindings();
    const live = jsons((await guard(findings)).output);
    const fields = signalFields();
    const { output } = await runHealthNode({ parameters: { resource: 'plan', operation: 'preservationGuard', proposedItems: findings, ...fields } });
    const fromFields = jsons(output);
    const split = (results: IDataObject[]) => results.map((r) => `${r.guard as string} ${r.itemId as string} ${(r.reasonCodes as string[]).join(',')}`).sort();
    expect(split(fromFields)).toEqual(split(live));
  });

  it("a manual hold on an agent preserves it with the hold's owner and reason", async () => {
    const findings = await crossCheckFindings();
    const before = jsons((await guard(findings)).output);
    const allowedAgent = before.find((r) => r.guard === 'allowed' && r.action === 'deactivate-agent')!;
    const agentItem = findings.find((f) => f.itemId === allowedAgent.itemId)!;
    const agentId = (agentItem.subject as IDataObject).id as string;
    const hold = { subjectType: 'agent', subjectId: agentId, reason: 'Laptop imaged for litigation', owner: 'legal@northwind.example' };
    const results = jsons((await guard([agentItem], { manualHolds: [hold] })).output);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ guard: 'preserved', itemId: agentItem.itemId, reasonCodes: ['MANUAL_HOLD'] });
    expect((results[0]!.reasons as Array<{ evidence: IDataObject }>)[0]!.evidence).toMatchObject({ holdOwner: hold.owner, holdReason: hold.reason });
  });

  it('refuses manual holds of the wrong shape and actor signals it cannot link to users', async () => {
    const findings = await crossCheckFindings();
    expectNodeOperationError(
      await refusal({ parameters: { resource: 'plan', operation: 'preservationGuard', proposedItems: findings, signalSource: 'input', manualHolds: [{ subjectType: 'device' }] } }),
      /Manual Holds\[0\] must have subjectType \(user, agent or actor\), subjectId, reason and owner/,
    );
    expectNodeOperationError(
      await refusal({
        parameters: {
          resource: 'plan',
          operation: 'preservationGuard',
          proposedItems: findings,
          signalSource: 'input',
          watchlistMembers: [{ watchlistId: 'w1', actorId: 'a1' }],
        },
      }),
      /Watchlist member a1 cannot be linked to an Incydr user/,
    );
    expectNodeOperationError(
      await refusal({ parameters: { resource: 'plan', operation: 'preservationGuard', proposedItems: [{ action: 'explode', subject: {}, reasons: [] }], signalSource: 'input' } }),
      /Proposed Items\[0\] is not a finding, a guard result or a plan item/,
    );
  });
});
