import { describe, expect, it } from 'vitest';
import {
  buildPlan,
  computePlanHash,
  itemsFromFindings,
  proposePlan,
  selectApprovedItems,
  verifyPlanHash,
} from '@incydr-health/core/health/plan';
import type { Finding } from '@incydr-health/core/health/findings';
import type { PlanItem } from '@incydr-health/core/health/plan-types';
import { PlanIntegrityError } from '@incydr-health/core/health/errors';
import { canonicalJson, isInCanonicalOrder, sha256Hex } from '@incydr-health/core/health/canonical-json';
import type { PreservationSignals } from '@incydr-health/core/health/preservation';
import { NOW, shuffled } from './builders.js';

const f = (
  action: Finding['action'],
  type: 'user' | 'agent' | 'actor',
  id: string,
  code: string,
  evidence: Finding['reasons'][number]['evidence'] = {},
  ownerUserId?: string,
): Finding => ({
  subject: ownerUserId === undefined ? { type, id, name: `${id}-name` } : { type, id, name: `${id}-name`, ownerUserId },
  action,
  reasons: [{ code, message: `${code} for ${id}`, evidence }],
});

const findings: Finding[] = [
  f('deactivate-agent', 'agent', 'a2', 'TERMINATED_ACTIVE_AGENT', { agentId: 'a2' }, 'u1'),
  f('deactivate-user', 'user', 'u1', 'TERMINATED_STILL_ACTIVE', { hrSourceId: 'p1' }),
  f('deactivate-agent', 'agent', 'a1', 'TERMINATED_ACTIVE_AGENT', { agentId: 'a1' }, 'u1'),
  f('add-to-watchlist', 'actor', 'actor-u3', 'DEPARTURE_SCHEDULED', { departureDate: '2026-12-31' }),
  f('upgrade-agent', 'agent', 'a5', 'OUTDATED_AGENT', {}, 'u4'),
  f(null, 'user', 'u9', 'ON_LEAVE'),
];

const noSignals: PreservationSignals = { cases: [], legalHolds: [], watchlistMembers: [], manualHolds: [] };

describe('itemsFromFindings', () => {
  it('sorts by action then subject, leaves out kept findings, and derives roles', () => {
    const items = itemsFromFindings(findings);
    expect(items.map((i) => `${i.id} ${i.requiredRoles.join('+')}`)).toEqual([
      'deactivate-user:user:u1 hr',
      'deactivate-agent:agent:a1 hr',
      'deactivate-agent:agent:a2 hr',
      'upgrade-agent:agent:a5 ',
      'add-to-watchlist:actor:actor-u3 legal',
    ]);
  });

  it('merges findings on the same item and sorts their reasons', () => {
    const items = itemsFromFindings([
      f('deactivate-agent', 'agent', 'a1', 'REPLACED_BY_NEWER_DEVICE', {}, 'u1'),
      f('deactivate-agent', 'agent', 'a1', 'NOT_CONNECTED', {}, 'u1'),
      f('deactivate-agent', 'agent', 'a1', 'NOT_CONNECTED', {}, 'u1'),
    ]);
    expect(items).toHaveLength(1);
    expect(items[0]?.reasons.map((r) => r.code)).toEqual(['NOT_CONNECTED', 'REPLACED_BY_NEWER_DEVICE']);
  });

  it('writes evidence keys in code-unit order and leaves out undefined members, whatever order the finding used', () => {
    // Undefined members are outside the type but reach the engine from JavaScript callers, as JSON would drop them.
    const loose = (evidence: Record<string, unknown>) => evidence as Finding['reasons'][number]['evidence'];
    const [item] = itemsFromFindings([
      f('upgrade-agent', 'agent', 'a1', 'OUTDATED_AGENT', loose({ version: '1.0', agentId: 'a1', gone: undefined, Zed: 1 }), 'u1'),
    ]);
    expect(Object.keys(item?.reasons[0]?.evidence ?? {})).toEqual(['Zed', 'agentId', 'version']);
    const [ordered] = itemsFromFindings([f('upgrade-agent', 'agent', 'a2', 'OUTDATED_AGENT', loose({ a: 1, b: undefined }), 'u1')]);
    expect(Object.keys(ordered?.reasons[0]?.evidence ?? {})).toEqual(['a']);
  });

  it('refuses a reason code that is not documented', () => {
    expect(() => itemsFromFindings([f('deactivate-user', 'user', 'u1', 'MADE_UP')])).toThrow(/MADE_UP.*not documented/);
  });
});

describe('buildPlan', () => {
  it('hashes sha256 over the canonical JSON of kind and items, not createdAt', async () => {
    const items = itemsFromFindings(findings);
    const plan = await buildPlan('offboarding', items, NOW);
    expect(plan.hash).toBe(`sha256:${await sha256Hex(canonicalJson({ kind: 'offboarding', items: plan.items }))}`);
    expect(plan.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const later = await buildPlan('offboarding', items, '2027-01-01T00:00:00+01:00');
    expect(later.hash).toBe(plan.hash);
    expect(later.createdAt).toBe('2026-12-31T23:00:00.000Z');
    expect((await buildPlan('stale-devices', items, NOW)).hash).not.toBe(plan.hash);
  });

  it('builds items in key order, so hashing takes the native-serializer path', async () => {
    const proposal = await proposePlan({
      kind: 'offboarding',
      findings,
      signals: {
        ...noSignals,
        cases: [{ number: 7, name: 'x', status: 'CLOSED', subject: 'u4', subjectUsername: null }],
      },
      now: NOW,
    });
    expect(isInCanonicalOrder({ items: proposal.plan.items, kind: 'offboarding' })).toBe(true);
  });

  it('gives the same plan for the same findings in any order', async () => {
    const hashes = new Set<string>();
    for (let seed = 1; seed <= 8; seed += 1)
      hashes.add((await buildPlan('offboarding', itemsFromFindings(shuffled(findings, seed)), NOW)).hash);
    expect(hashes.size).toBe(1);
  });

  it('refuses duplicate item ids and an empty kind', async () => {
    const [one] = itemsFromFindings(findings);
    if (!one) throw new Error('item expected');
    await expect(buildPlan('offboarding', [one, one], NOW)).rejects.toThrow(/appears twice/);
    await expect(buildPlan(' ', [one], NOW)).rejects.toThrow(/needs a kind/);
  });
});

describe('proposePlan (also the dry-run)', () => {
  const signals: PreservationSignals = {
    ...noSignals,
    legalHolds: [
      { matterId: 'm1', matterName: 'Matter One', matterActive: true, membershipActive: true, custodianUserId: 'u1' },
    ],
    cases: [{ number: 7, name: 'Old case', status: 'CLOSED', subject: 'u4', subjectUsername: null }],
  };

  it('plans the allowed items, lists the preserved ones and the kept ones apart', async () => {
    const proposal = await proposePlan({ kind: 'offboarding', findings, signals, now: NOW });
    expect(proposal.plan.items.map((i) => i.id)).toEqual(['upgrade-agent:agent:a5', 'add-to-watchlist:actor:actor-u3']);
    expect(proposal.preserved.map((p) => p.item.id)).toEqual([
      'deactivate-user:user:u1',
      'deactivate-agent:agent:a1',
      'deactivate-agent:agent:a2',
    ]);
    expect(proposal.kept.map((k) => k.subject.id)).toEqual(['u9']);
  });

  it('a signal near an allowed item travels with it and brings Legal in', async () => {
    const proposal = await proposePlan({ kind: 'offboarding', findings, signals, now: NOW });
    const upgrade = proposal.plan.items.find((i) => i.id === 'upgrade-agent:agent:a5');
    expect(upgrade?.reasons.map((r) => r.code)).toEqual(['CLOSED_CASE_SUBJECT', 'OUTDATED_AGENT']);
    expect(upgrade?.requiredRoles).toEqual(['legal']);
    expect(await verifyPlanHash(proposal.plan)).toBe(true);
  });

  it('the dry-run and the real run produce the identical plan', async () => {
    const dryRun = await proposePlan({ kind: 'offboarding', findings, signals, now: NOW });
    const real = await proposePlan({ kind: 'offboarding', findings: shuffled(findings, 3), signals, now: NOW });
    expect(real.plan).toEqual(dryRun.plan);
  });
});

describe('verifyPlanHash and selectApprovedItems', () => {
  async function plan() {
    return buildPlan('offboarding', itemsFromFindings(findings), NOW);
  }

  it('returns the approved items in plan order', async () => {
    const p = await plan();
    const chosen = await selectApprovedItems(
      p,
      ['deactivate-agent:agent:a2', 'deactivate-user:user:u1', 'deactivate-user:user:u1'],
      p.hash,
    );
    expect(chosen.map((i) => i.id)).toEqual(['deactivate-user:user:u1', 'deactivate-agent:agent:a2']);
  });

  it('hashes the canonical JSON of { items, kind }, written item by item, whatever the items hold', async () => {
    const odd: PlanItem[] = [
      // Keys out of order, non-ASCII text, an integer-like key (the exact, slow path) and an empty plan.
      {
        subject: { type: 'user', name: 'Zoë Ångström 東京', id: 'u-ö' },
        action: 'deactivate-user',
        id: 'deactivate-user:user:u-ö',
        requiredRoles: ['hr'],
        reasons: [{ message: 'Left 🙂', code: 'TERMINATED_STILL_ACTIVE', evidence: { z: 1, a: ['x'] } }],
        params: { '10': 'ten', '2': 'two', b: true },
      },
      { id: 'upgrade-agent:agent:a1', action: 'upgrade-agent', subject: { type: 'agent', id: 'a1', name: 'a' }, reasons: [], requiredRoles: [] },
    ];
    for (const items of [odd, odd.slice(1), []]) {
      for (const kind of ['offboarding', 'stale "devices" ✓']) {
        expect(await computePlanHash(kind, items)).toBe(`sha256:${await sha256Hex(canonicalJson({ kind, items }))}`);
      }
    }
  });

  it('refuses when the approval names another hash', async () => {
    const p = await plan();
    const other = await computePlanHash('offboarding', []);
    await expect(selectApprovedItems(p, ['deactivate-user:user:u1'], other)).rejects.toThrow(PlanIntegrityError);
    await expect(selectApprovedItems(p, ['deactivate-user:user:u1'], other)).rejects.toThrow(
      /approval is for plan sha256:/,
    );
  });

  it('refuses when an item was edited after the plan was hashed', async () => {
    const p = await plan();
    const tampered = {
      ...p,
      items: p.items.map((i) =>
        i.id === 'deactivate-agent:agent:a1' ? { ...i, subject: { ...i.subject, id: 'a-other' } } : i,
      ),
    };
    expect(await verifyPlanHash(tampered)).toBe(false);
    await expect(selectApprovedItems(tampered, ['deactivate-user:user:u1'], p.hash)).rejects.toThrow(
      /changed after it was made/,
    );
  });

  it('refuses an approval naming items that are not in the plan', async () => {
    const p = await plan();
    await expect(selectApprovedItems(p, ['deactivate-user:user:u-evil'], p.hash)).rejects.toThrow(
      /not in plan .*u-evil/,
    );
  });

  it('an empty approval selects nothing', async () => {
    const p = await plan();
    expect(await selectApprovedItems(p, [], p.hash)).toEqual([]);
  });
});
