import { describe, expect, it } from 'vitest';
import { manualHoldsValue, planValue, proposedFrom } from '../../../../../nodes/nodes/IncydrHealth/actions/plan/plan-inputs.js';
import { buildPlan, planItemId } from '@incydr-health/core/health/plan';
import type { PlanItem } from '@incydr-health/core/health/plan-types';

const subject = { type: 'user' as const, id: 'u-1', name: 'ada@northwind.example' };
const terminated = { code: 'TERMINATED_STILL_ACTIVE', message: 'Terminated in HR but active.', evidence: { userId: 'u-1' } };
const finding = { analysis: 'offboarding', action: 'deactivate-user', subject, reasons: [terminated] };

describe('plan inputs: what the plan operations accept from earlier steps', () => {
  it('turns findings into plan items with approval roles, and counts kept findings', () => {
    const proposed = proposedFrom([finding, { ...finding, action: null, subject: { ...subject, id: 'u-2' } }], 'Findings');
    expect(proposed.items).toEqual([
      expect.objectContaining({ id: planItemId('deactivate-user', subject), action: 'deactivate-user', requiredRoles: ['hr'] }),
    ]);
    expect(proposed.kept).toBe(1);
    expect([...proposed.analyses]).toEqual(['offboarding']);
  });

  it('skips the empty item "Always Output Data" sends when an analysis found nothing', () => {
    expect(proposedFrom([{}], 'Findings')).toEqual({ items: [], preserved: [], kept: 0, analyses: new Set() });
    expect(() => proposedFrom([{ note: 'hi' }], 'Findings')).toThrow(/Findings\[0\] is not a finding/);
  });

  it("an allowed guard result's advisories become reasons and bring Legal in; a preserved one is only counted", () => {
    const item: PlanItem = { id: 'deactivate-user:user:u-1', action: 'deactivate-user', subject, reasons: [terminated], requiredRoles: ['hr'] };
    const advisory = { code: 'CLOSED_CASE_SUBJECT', message: 'Subject of closed case #7.', evidence: { caseNumber: 7 } };
    const proposed = proposedFrom(
      [
        { guard: 'allowed', item, advisories: [advisory] },
        { guard: 'preserved', item: { ...item, id: 'deactivate-user:user:u-9' }, reasonCodes: ['LEGAL_HOLD_CUSTODIAN'] },
      ] as never,
      'Findings',
    );
    expect(proposed.items).toEqual([{ ...item, reasons: [advisory, terminated], requiredRoles: ['hr', 'legal'] }]);
    expect(proposed.preserved).toEqual([{ itemId: 'deactivate-user:user:u-9', reasonCodes: ['LEGAL_HOLD_CUSTODIAN'] }]);
  });

  it('reads a plan from an object or its JSON text, and refuses a malformed one', async () => {
    const plan = await buildPlan('offboarding', proposedFrom([finding], 'Findings').items, '2026-11-25T00:00:00Z');
    expect(planValue(plan)).toEqual(plan);
    expect(planValue(JSON.stringify(plan))).toEqual(plan);
    expect(() => planValue({ ...plan, hash: 'md5:1' })).toThrow(/hash must be "sha256:" followed by 64 hex digits/);
    expect(() => planValue('{')).toThrow(/The plan is not valid JSON/);
  });

  it('reads manual holds in the core shape, with createdAt optional', () => {
    expect(manualHoldsValue('[]')).toEqual([]);
    expect(manualHoldsValue([{ subjectType: 'actor', subjectId: 'a-1', reason: 'Investigation', owner: 'legal@x', extra: 1 }])).toEqual([
      { subjectType: 'actor', subjectId: 'a-1', reason: 'Investigation', owner: 'legal@x', createdAt: null },
    ]);
    expect(() => manualHoldsValue([{ subjectType: 'user', subjectId: 'u-1', reason: 'x' }])).toThrow(/Manual Holds\[0\] must have subjectType/);
    expect(() => manualHoldsValue({ subjectType: 'user' })).toThrow(/Manual Holds must be a list, got an object/);
  });
});
