import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  isResolved,
  itemState,
  itemsAwaiting,
  layoutProblems,
  openStages,
  refuseDecision,
  stageStates,
  type StageDecision,
  type StageRequest,
} from '../../../portal/src/domain/stages.js';

const both = (order: 'sequential' | 'parallel'): StageRequest => ({
  stages: ['hr', 'legal'],
  order,
  items: [
    { id: 1, requiredRoles: ['hr', 'legal'] },
    { id: 2, requiredRoles: ['hr', 'legal'] },
    { id: 3, requiredRoles: ['legal'] },
  ],
});

describe('sequential stages', () => {
  it('keeps Legal waiting until HR has decided every HR item', () => {
    const request = both('sequential');
    expect(stageStates(request, [])).toEqual({ hr: 'open', legal: 'waiting' });
    expect(refuseDecision(request, [], 'legal', 3)).toBe('stage-waiting');
    const oneDone: StageDecision[] = [{ itemId: 1, stage: 'hr', verdict: 'approve' }];
    expect(stageStates(request, oneDone)).toEqual({ hr: 'open', legal: 'waiting' });
    const hrDone: StageDecision[] = [...oneDone, { itemId: 2, stage: 'hr', verdict: 'reject' }];
    expect(stageStates(request, hrDone)).toEqual({ hr: 'complete', legal: 'open' });
    expect(openStages(request, hrDone)).toEqual(['legal']);
  });

  it('does not ask Legal about items HR rejected', () => {
    const request = both('sequential');
    const decisions: StageDecision[] = [
      { itemId: 1, stage: 'hr', verdict: 'approve' },
      { itemId: 2, stage: 'hr', verdict: 'reject' },
    ];
    expect(itemsAwaiting(request, decisions, 'legal').map((i) => i.id)).toEqual([1, 3]);
    expect(refuseDecision(request, decisions, 'legal', 2)).toBe('item-already-rejected');
  });

  it('resolves once the last stage has decided everything still alive', () => {
    const request = both('sequential');
    const decisions: StageDecision[] = [
      { itemId: 1, stage: 'hr', verdict: 'approve' },
      { itemId: 2, stage: 'hr', verdict: 'reject' },
      { itemId: 1, stage: 'legal', verdict: 'approve' },
    ];
    expect(isResolved(request, decisions)).toBe(false);
    const all = [...decisions, { itemId: 3, stage: 'legal' as const, verdict: 'approve' as const }];
    expect(isResolved(request, all)).toBe(true);
    expect(request.items.map((i) => itemState(i, all))).toEqual(['approved', 'rejected', 'approved']);
  });
});

describe('parallel stages', () => {
  it('opens every stage at once', () => {
    const request = both('parallel');
    expect(stageStates(request, [])).toEqual({ hr: 'open', legal: 'open' });
    expect(refuseDecision(request, [], 'legal', 3)).toBeNull();
  });

  it('an item needs both approvals; one rejection ends it', () => {
    const request = both('parallel');
    expect(itemState(request.items[0]!, [{ itemId: 1, stage: 'legal', verdict: 'approve' }])).toBe('pending');
    expect(itemState(request.items[0]!, [{ itemId: 1, stage: 'legal', verdict: 'reject' }])).toBe('rejected');
  });
});

describe('refusals', () => {
  it('names each reason a stage may not decide an item', () => {
    const request: StageRequest = { stages: ['hr'], order: 'sequential', items: [{ id: 1, requiredRoles: ['hr'] }] };
    expect(refuseDecision(request, [], 'legal', 1)).toBe('stage-not-in-request');
    expect(refuseDecision(request, [], 'hr', 99)).toBe('item-not-in-request');
    expect(refuseDecision(request, [{ itemId: 1, stage: 'hr', verdict: 'approve' }], 'hr', 1)).toBe('already-decided');
    expect(refuseDecision(both('parallel'), [], 'hr', 3)).toBe('stage-not-required-for-item');
  });
});

describe('layoutProblems', () => {
  it('accepts a consistent layout', () => {
    expect(layoutProblems(both('sequential'))).toEqual([]);
  });

  it('reports duplicate stages, items needing absent stages, and unused stages', () => {
    expect(layoutProblems({ stages: ['hr', 'hr'], order: 'sequential', items: [{ id: 1, requiredRoles: ['hr'] }] })).toContain('Each stage may appear only once.');
    expect(layoutProblems({ stages: ['hr'], order: 'sequential', items: [{ id: 1, requiredRoles: ['legal'] }] }).join(' ')).toMatch(/needs legal/);
    expect(layoutProblems({ stages: ['hr', 'legal'], order: 'parallel', items: [{ id: 1, requiredRoles: ['hr'] }] })).toContain('Stage legal is listed but no item needs it.');
    expect(layoutProblems({ stages: [], order: 'parallel', items: [{ id: 1, requiredRoles: ['hr'] }] })).toContain('At least one stage (hr or legal) is required.');
  });

  it('carries items nobody needs to sign, but refuses a request in which no item needs a decision', () => {
    const mixed: StageRequest = { stages: ['hr'], order: 'sequential', items: [{ id: 1, requiredRoles: ['hr'] }, { id: 2, requiredRoles: [] }] };
    expect(layoutProblems(mixed)).toEqual([]);
    const nothingToDecide = layoutProblems({ stages: [], order: 'sequential', items: [{ id: 1, requiredRoles: [] }] });
    expect(nothingToDecide).toEqual([expect.stringMatching(/^No item in this plan needs a decision/)]);
  });

  it('never reports an item nobody signed as approved, and never lets a stage decide it', () => {
    const mixed: StageRequest = { stages: ['hr'], order: 'sequential', items: [{ id: 1, requiredRoles: ['hr'] }, { id: 2, requiredRoles: [] }] };
    expect(itemState(mixed.items[1]!, [])).toBe('no-approval-needed');
    expect(refuseDecision(mixed, [], 'hr', 2)).toBe('stage-not-required-for-item');
    const decided = [{ itemId: 1, stage: 'hr' as const, verdict: 'approve' as const }];
    expect(isResolved(mixed, decided)).toBe(true);
    expect(itemState(mixed.items[1]!, decided)).toBe('no-approval-needed');
  });
});

describe('properties', () => {
  const requestArb = fc
    .record({
      order: fc.constantFrom('sequential' as const, 'parallel' as const),
      roles: fc.array(fc.constantFrom<('hr' | 'legal')[]>(['hr'], ['legal'], ['hr', 'legal']), { minLength: 1, maxLength: 6 }),
    })
    .map(({ order, roles }): StageRequest => ({
      order,
      stages: (['hr', 'legal'] as const).filter((s) => roles.some((r) => r.includes(s))),
      items: roles.map((requiredRoles, i) => ({ id: i + 1, requiredRoles })),
    }));

  it('applying only allowed decisions always ends resolved, with every item approved or rejected', () => {
    fc.assert(
      fc.property(requestArb, fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (request, coins) => {
        const decisions: StageDecision[] = [];
        let coin = 0;
        for (let guard = 0; guard < 50 && !isResolved(request, decisions); guard += 1) {
          const stage = openStages(request, decisions)[0]!;
          const item = itemsAwaiting(request, decisions, stage)[0]!;
          expect(refuseDecision(request, decisions, stage, item.id)).toBeNull();
          decisions.push({ itemId: item.id, stage, verdict: coins[coin++ % coins.length] ? 'approve' : 'reject' });
        }
        expect(isResolved(request, decisions)).toBe(true);
        for (const item of request.items) expect(itemState(item, decisions)).not.toBe('pending');
        const pairs = decisions.map((d) => `${d.itemId}:${d.stage}`);
        expect(new Set(pairs).size).toBe(pairs.length);
      }),
    );
  });
});
