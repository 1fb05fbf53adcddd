/** The pure mapping from Incydr Health outputs to the portal's finding schema, checked against the portal's own zod schema. */
import { describe, expect, it } from 'vitest';
import { FINDING_CATEGORIES } from '../../../db/schema.js';
import { findingSchema } from '../../../portal/src/api-schemas.js';
import { categoryOf, chunks, PORTAL_FINDING_CATEGORIES, toPortalFinding } from '../../../nodes/nodes/IncydrHealthPortal/findings.js';

const reason = (code: string, evidence: Record<string, unknown> = {}) => ({ code, message: `${code} happened.`, evidence });
const agent = { type: 'agent', id: 'a-1', name: 'LT-0001', ownerUserId: 'u-1' };
const user = { type: 'user', id: 'u-1', name: 'dana@corp.example' };

function mapped(json: unknown, forced: Parameters<typeof toPortalFinding>[1] = null) {
  const result = toPortalFinding(json, forced);
  if (!result.ok) throw new Error(result.problem);
  expect(findingSchema.safeParse(result.finding).success, JSON.stringify(result.finding)).toBe(true);
  return result.finding;
}

describe('toPortalFinding', () => {
  it('knows exactly the portal categories', () => {
    expect([...PORTAL_FINDING_CATEGORIES]).toEqual([...FINDING_CATEGORIES]);
  });

  it.each([
    ['deactivate-user', [reason('TERMINATED_STILL_ACTIVE')], user, 'terminated-active-user', null],
    ['deactivate-agent', [reason('NOT_CONNECTED', { lastConnected: '2026-01-01' })], agent, 'stale-agent', null],
    ['upgrade-agent', [reason('OUTDATED_AGENT')], agent, 'outdated-agent', null],
    ['upgrade-agent', [reason('OUTDATED_AGENT'), reason('UNSUPPORTED_AGENT')], agent, 'unsupported-agent', null],
    ['troubleshoot-agent', [reason('HEALTH_NOT_CONNECTING', { healthIssue: 'NOT_CONNECTING' })], agent, 'unhealthy-agent', 'NOT_CONNECTING'],
    ['troubleshoot-agent', [reason('CONNECTED_BUT_SILENT')], agent, 'unhealthy-agent', 'CONNECTED_BUT_SILENT'],
    [null, [reason('LEGAL_HOLD_CUSTODIAN', { matterId: 'M-1' })], user, 'preserved-subject', null],
  ] as const)('a %s finding with %j becomes %s', (action, reasons, subject, category, issue) => {
    const finding = mapped({ subject, action, reasons });
    expect(finding).toMatchObject({ category, issue, subjectType: subject.type, subjectId: subject.id, subjectName: subject.name });
    expect(finding.details!.reasonCodes).toEqual(reasons.map((r) => r.code));
  });

  it('turns a preserved item of the guard into a preserved subject with every blocking reason', () => {
    const item = { id: 'deactivate-user:user:u-1', action: 'deactivate-user', subject: user, reasons: [reason('TERMINATED_STILL_ACTIVE')], requiredRoles: ['hr'] };
    const finding = mapped({ item, reasons: [reason('LEGAL_HOLD_CUSTODIAN', { matterId: 'M-1' }), reason('OPEN_CASE_SUBJECT', { caseNumber: 7 })], advisories: [] });
    expect(finding).toMatchObject({ category: 'preserved-subject', subjectId: 'u-1', reason: 'LEGAL_HOLD_CUSTODIAN happened. OPEN_CASE_SUBJECT happened.' });
    expect(finding.details).toMatchObject({ matterId: 'M-1', caseNumber: 7, proposedAction: 'deactivate-user', reasonCodes: ['LEGAL_HOLD_CUSTODIAN', 'OPEN_CASE_SUBJECT'] });
  });

  it('maps Classify Version Window output: outdated and unsupported agents only', () => {
    const classified = (standing: string) => ({ agentId: 'a-9', name: 'MB-9', versionWindow: { version: '1.8.4', release: '1.8', standing, releasesBehind: 2, currentRelease: '1.10' } });
    expect(mapped(classified('outdated'))).toMatchObject({ category: 'outdated-agent', subjectType: 'agent', subjectId: 'a-9', subjectName: 'MB-9' });
    expect(mapped(classified('unsupported')).category).toBe('unsupported-agent');
    expect(toPortalFinding(classified('current'))).toEqual({ ok: false, problem: 'its agent version is current, which is not a finding' });
  });

  it('passes portal-shaped findings through, and a forced category overrides what the shape implies', () => {
    const portal = { category: 'stale-agent', subjectType: 'agent', subjectId: 'a-2', subjectName: 'PC-2', issue: null, reason: 'old', details: { days: 40, nested: { x: 1 } } };
    expect(mapped(portal)).toEqual({ category: 'stale-agent', subjectType: 'agent', subjectId: 'a-2', subjectName: 'PC-2', issue: null, reason: 'old', details: { days: 40 } });
    expect(mapped({ subject: user, action: 'snooze', reasons: [reason('ON_LEAVE')] }, 'terminated-active-user').category).toBe('terminated-active-user');
  });

  it('cuts text to the portal limits instead of failing the batch', () => {
    const long = 'x'.repeat(5000);
    const finding = mapped({ subject: { type: 'user', id: 'u-1', name: long }, action: 'deactivate-user', reasons: [{ code: 'TERMINATED_STILL_ACTIVE', message: long, evidence: { note: long, list: Array.from({ length: 300 }, () => 'y') } }] });
    expect(finding.subjectName).toHaveLength(300);
    expect(finding.reason).toHaveLength(2000);
    expect((finding.details!.list as string[]).length).toBe(100);
  });

  it.each([
    [42, 'it is not an object'],
    [{ foo: 1 }, /^it is neither a portal finding/],
    [{ subject: { type: 'device', id: 'x' }, action: 'deactivate-user', reasons: [reason('X')] }, 'its subject type is not user, agent or actor'],
    [{ subject: user, action: 'deactivate-user', reasons: [] }, 'it has no reasons'],
    [{ subject: user, action: 'snooze', reasons: [reason('ON_LEAVE')] }, /no finding category for the action "snooze"/],
    [{ subject: user, action: null, reasons: [reason('ON_LEAVE')] }, /proposes no action and carries no protection \(ON_LEAVE\)/],
    [{ category: 'weird', subjectType: 'user', subjectId: 'u', subjectName: 'n' }, /^category "weird" is not one of/],
  ])('refuses %j with a reason', (json, problem) => {
    const result = toPortalFinding(json);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toMatch(problem);
  });

  it('categoryOf and chunks', () => {
    expect(categoryOf('add-to-watchlist', [])).toMatch(/add-to-watchlist/);
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });
});
