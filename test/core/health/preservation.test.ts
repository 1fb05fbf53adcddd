import { describe, expect, it } from 'vitest';
import { guardItems, type PreservationSignals } from '@incydr-health/core/health/preservation';
import type { ActionKind, PlanItem, PlanSubject } from '@incydr-health/core/health/plan-types';

function item(action: ActionKind, subject: PlanSubject): PlanItem {
  return { id: `${action}:${subject.type}:${subject.id}`, action, subject, reasons: [], requiredRoles: [] };
}

const deactivateUser = item('deactivate-user', { type: 'user', id: 'u1', name: 'pat@example.com' });
const deactivateAgent = item('deactivate-agent', { type: 'agent', id: 'a1', name: 'pat-laptop', ownerUserId: 'u1' });
const upgradeAgent = item('upgrade-agent', { type: 'agent', id: 'a1', name: 'pat-laptop', ownerUserId: 'u1' });
const watchlistAdd = item('add-to-watchlist', { type: 'actor', id: 'actor-u1', name: 'pat@example.com' });
const watchlistRemove = item('remove-from-watchlist', { type: 'actor', id: 'actor-u1', name: 'pat@example.com' });

const none: PreservationSignals = {
  cases: [],
  legalHolds: [],
  watchlistMembers: [],
  manualHolds: [],
  identities: [{ userId: 'u1', username: 'pat@example.com', actorId: 'actor-u1' }],
};

function signals(extra: Partial<PreservationSignals>): PreservationSignals {
  return { ...none, ...extra };
}

const hold = (matterActive: boolean, membershipActive: boolean) => ({
  matterId: 'm-7',
  matterName: 'Acme v. Example',
  matterActive,
  membershipActive,
  custodianUserId: 'u1',
  custodianUsername: 'pat@example.com',
});

const caseOf = (
  status: 'OPEN' | 'CLOSED' | 'ARCHIVED',
  subject: string | null = 'u1',
  subjectUsername: string | null = null,
) => ({
  number: 42,
  name: 'Source code upload',
  status,
  subject,
  subjectUsername,
});

function verdict(items: PlanItem[], s: PreservationSignals) {
  const out = guardItems(items, s);
  return {
    allowed: out.allowed.map((a) => `${a.item.id} [${a.advisories.map((r) => r.code).join(',')}]`),
    preserved: out.preserved.map((p) => `${p.item.id} [${p.reasons.map((r) => r.code).join(',')}]`),
  };
}

describe('guardItems', () => {
  it.each<[string, Partial<PreservationSignals>, { allowed: string[]; preserved: string[] }]>([
    [
      'no signals: everything allowed',
      {},
      { allowed: ['deactivate-user:user:u1 []', 'deactivate-agent:agent:a1 []'], preserved: [] },
    ],
    [
      "active legal hold protects the user and the user's device",
      { legalHolds: [hold(true, true)] },
      {
        allowed: [],
        preserved: [
          'deactivate-user:user:u1 [LEGAL_HOLD_CUSTODIAN]',
          'deactivate-agent:agent:a1 [LEGAL_HOLD_CUSTODIAN]',
        ],
      },
    ],
    [
      'inactive matter does not protect',
      { legalHolds: [hold(false, true)] },
      {
        allowed: ['deactivate-user:user:u1 [INACTIVE_LEGAL_HOLD]', 'deactivate-agent:agent:a1 [INACTIVE_LEGAL_HOLD]'],
        preserved: [],
      },
    ],
    [
      'inactive membership does not protect',
      { legalHolds: [hold(true, false)] },
      {
        allowed: ['deactivate-user:user:u1 [INACTIVE_LEGAL_HOLD]', 'deactivate-agent:agent:a1 [INACTIVE_LEGAL_HOLD]'],
        preserved: [],
      },
    ],
    [
      'open case protects',
      { cases: [caseOf('OPEN')] },
      {
        allowed: [],
        preserved: ['deactivate-user:user:u1 [OPEN_CASE_SUBJECT]', 'deactivate-agent:agent:a1 [OPEN_CASE_SUBJECT]'],
      },
    ],
    [
      'closed case does not protect',
      { cases: [caseOf('CLOSED')] },
      {
        allowed: ['deactivate-user:user:u1 [CLOSED_CASE_SUBJECT]', 'deactivate-agent:agent:a1 [CLOSED_CASE_SUBJECT]'],
        preserved: [],
      },
    ],
    [
      'archived case does not protect',
      { cases: [caseOf('ARCHIVED')] },
      {
        allowed: ['deactivate-user:user:u1 [CLOSED_CASE_SUBJECT]', 'deactivate-agent:agent:a1 [CLOSED_CASE_SUBJECT]'],
        preserved: [],
      },
    ],
    [
      'open case found by subject username when the id is missing',
      { cases: [caseOf('OPEN', null, 'PAT@example.com')] },
      {
        allowed: [],
        preserved: ['deactivate-user:user:u1 [OPEN_CASE_SUBJECT]', 'deactivate-agent:agent:a1 [OPEN_CASE_SUBJECT]'],
      },
    ],
    [
      'departing watchlist membership protects (linked through the actor)',
      { watchlistMembers: [{ watchlistId: 'w1', actorId: 'actor-u1', title: 'Departing' }] },
      {
        allowed: [],
        preserved: [
          'deactivate-user:user:u1 [DEPARTING_WATCHLIST_MEMBER]',
          'deactivate-agent:agent:a1 [DEPARTING_WATCHLIST_MEMBER]',
        ],
      },
    ],
    [
      'watchlist member linked only by actor name still protects',
      {
        identities: [{ userId: 'u1', username: 'pat@example.com', actorId: null }],
        watchlistMembers: [{ watchlistId: 'w1', actorId: 'x9', actorName: 'Pat@Example.com' }],
      },
      {
        allowed: [],
        preserved: [
          'deactivate-user:user:u1 [DEPARTING_WATCHLIST_MEMBER]',
          'deactivate-agent:agent:a1 [DEPARTING_WATCHLIST_MEMBER]',
        ],
      },
    ],
    [
      'manual hold on the user protects the user and devices',
      {
        manualHolds: [{ subjectType: 'user', subjectId: 'u1', reason: 'HR investigation', owner: 'legal@example.com' }],
      },
      { allowed: [], preserved: ['deactivate-user:user:u1 [MANUAL_HOLD]', 'deactivate-agent:agent:a1 [MANUAL_HOLD]'] },
    ],
    [
      'manual hold on one device protects only that device',
      {
        manualHolds: [
          { subjectType: 'agent', subjectId: 'a1', reason: 'Forensic image pending', owner: 'ir@example.com' },
        ],
      },
      { allowed: ['deactivate-user:user:u1 []'], preserved: ['deactivate-agent:agent:a1 [MANUAL_HOLD]'] },
    ],
  ])('%s', (_label, extra, expected) => {
    expect(verdict([deactivateUser, deactivateAgent], signals(extra))).toEqual(expected);
  });

  it('a preserved item lists every reason with its evidence', () => {
    const out = guardItems(
      [deactivateUser],
      signals({
        legalHolds: [hold(true, true)],
        cases: [caseOf('OPEN')],
        watchlistMembers: [{ watchlistId: 'w1', actorId: 'actor-u1' }],
        manualHolds: [
          { subjectType: 'actor', subjectId: 'actor-u1', reason: 'Exit interview', owner: 'hr@example.com' },
        ],
      }),
    );
    const reasons = out.preserved[0]?.reasons ?? [];
    expect(reasons.map((r) => r.code)).toEqual([
      'DEPARTING_WATCHLIST_MEMBER',
      'LEGAL_HOLD_CUSTODIAN',
      'MANUAL_HOLD',
      'OPEN_CASE_SUBJECT',
    ]);
    expect(reasons.find((r) => r.code === 'LEGAL_HOLD_CUSTODIAN')?.evidence).toMatchObject({
      matterId: 'm-7',
      matterName: 'Acme v. Example',
    });
    expect(reasons.find((r) => r.code === 'OPEN_CASE_SUBJECT')?.evidence).toMatchObject({
      caseNumber: 42,
      caseStatus: 'OPEN',
    });
    expect(reasons.find((r) => r.code === 'MANUAL_HOLD')?.evidence).toMatchObject({
      holdOwner: 'hr@example.com',
      holdReason: 'Exit interview',
    });
  });

  it('non-destructive actions pass, carrying the protections as advisories', () => {
    const out = verdict(
      [upgradeAgent, watchlistAdd],
      signals({ legalHolds: [hold(true, true)], cases: [caseOf('OPEN')] }),
    );
    expect(out).toEqual({
      allowed: [
        'upgrade-agent:agent:a1 [LEGAL_HOLD_CUSTODIAN,OPEN_CASE_SUBJECT]',
        'add-to-watchlist:actor:actor-u1 [LEGAL_HOLD_CUSTODIAN,OPEN_CASE_SUBJECT]',
      ],
      preserved: [],
    });
  });

  it('a removal from the watchlist is not blocked by that membership, but is blocked by a hold', () => {
    const member = { watchlistMembers: [{ watchlistId: 'w1', actorId: 'actor-u1' }] };
    expect(verdict([watchlistRemove], signals(member))).toEqual({
      allowed: ['remove-from-watchlist:actor:actor-u1 [DEPARTING_WATCHLIST_MEMBER]'],
      preserved: [],
    });
    expect(verdict([watchlistRemove], signals({ ...member, legalHolds: [hold(true, true)] }))).toEqual({
      allowed: [],
      preserved: ['remove-from-watchlist:actor:actor-u1 [LEGAL_HOLD_CUSTODIAN]'],
    });
  });

  it('refuses actor-based signals it cannot link to users, rather than letting them protect nobody', () => {
    const bare = {
      cases: [],
      legalHolds: [],
      manualHolds: [],
      watchlistMembers: [{ watchlistId: 'w1', actorId: 'actor-u1' }],
    };
    expect(() => guardItems([deactivateUser], bare)).toThrow(
      /Watchlist member actor-u1 cannot be linked.*pass identities/,
    );
    const actorHold = {
      ...bare,
      watchlistMembers: [],
      manualHolds: [{ subjectType: 'actor' as const, subjectId: 'actor-u1', reason: 'r', owner: 'o' }],
    };
    expect(() => guardItems([deactivateUser], actorHold)).toThrow(/Manual hold on actor actor-u1 cannot be linked/);
    expect(guardItems([deactivateUser], { ...bare, watchlistMembers: [] }).allowed).toHaveLength(1);
  });

  it('fails closed: a device deactivation with no known owner is preserved', () => {
    const orphan = item('deactivate-agent', { type: 'agent', id: 'a9', name: 'unknown', ownerUserId: null });
    expect(verdict([orphan], none)).toEqual({ allowed: [], preserved: ['deactivate-agent:agent:a9 [OWNER_UNKNOWN]'] });
  });

  it('second call with freshly read signals catches a hold placed after planning', () => {
    const atPlanning = guardItems([deactivateUser], none);
    expect(atPlanning.allowed).toHaveLength(1);
    const beforeExecution = guardItems(
      atPlanning.allowed.map((a) => a.item),
      signals({ legalHolds: [hold(true, true)] }),
    );
    expect(beforeExecution.allowed).toEqual([]);
    expect(beforeExecution.preserved.map((p) => p.item.id)).toEqual(['deactivate-user:user:u1']);
  });
});
