import { describe, expect, it } from 'vitest';
import { crossCheckOffboarding, type OffboardingInput } from '@incydr-health/core/health/offboarding';
import type { Finding } from '@incydr-health/core/health/findings';
import type { Person } from '@incydr-health/core/hr/person';
import { NOW, agent, identity, match, person, report, user } from './builders.js';

function codesOf(findings: Finding[]): string[] {
  return findings
    .flatMap((f) => f.reasons.map((r) => `${f.action ?? 'keep'} ${f.subject.type}:${f.subject.id} ${r.code}`))
    .sort();
}

function run(
  p: Partial<Person>,
  opts: { userActive?: boolean; agents?: number; graceDays?: number; now?: string } = {},
) {
  const u = user('u1', { active: opts.userActive ?? true });
  const agents = Array.from({ length: opts.agents ?? 1 }, (_, i) => agent(`a${i + 1}`, 'u1'));
  return crossCheckOffboarding({
    matchReport: report({ matched: [match(person('p1', p), u)] }),
    users: [u],
    agents,
    now: opts.now ?? NOW,
    options: { graceDays: opts.graceDays ?? 0 },
  });
}

describe('crossCheckOffboarding: one row per reason code', () => {
  it.each<[string, Partial<Person>, Parameters<typeof run>[1], string[]]>([
    [
      'terminated, still active user and agents',
      { status: 'terminated', lastWorkingDay: '2026-11-20' },
      { agents: 2 },
      [
        'deactivate-agent agent:a1 TERMINATED_ACTIVE_AGENT',
        'deactivate-agent agent:a2 TERMINATED_ACTIVE_AGENT',
        'deactivate-user user:u1 TERMINATED_STILL_ACTIVE',
      ],
    ],
    [
      'terminated, user already deactivated but an agent still active',
      { status: 'terminated', lastWorkingDay: '2026-11-20' },
      { userActive: false },
      ['deactivate-agent agent:a1 TERMINATED_ACTIVE_AGENT'],
    ],
    [
      'terminated, everything already deactivated',
      { status: 'terminated', lastWorkingDay: '2026-11-20' },
      { userActive: false, agents: 0 },
      [],
    ],
    [
      'terminated within the grace period',
      { status: 'terminated', lastWorkingDay: '2026-11-23' },
      { graceDays: 5 },
      ['keep user:u1 TERMINATION_IN_GRACE'],
    ],
    ['on leave', { status: 'leave', leaveStart: '2026-10-01', leaveEnd: '2027-01-15' }, {}, ['keep user:u1 ON_LEAVE']],
    [
      'on leave with a departure already scheduled',
      { status: 'leave', lastWorkingDay: '2027-01-31' },
      {},
      ['add-to-watchlist actor:actor-u1 DEPARTURE_SCHEDULED', 'keep user:u1 ON_LEAVE'],
    ],
    [
      'on leave and deactivated in Incydr',
      { status: 'leave' },
      { userActive: false },
      ['keep user:u1 ACTIVE_IN_HR_DEACTIVATED_IN_INCYDR', 'keep user:u1 ON_LEAVE'],
    ],
    [
      'active in HR, deactivated in Incydr',
      { status: 'active' },
      { userActive: false },
      ['keep user:u1 ACTIVE_IN_HR_DEACTIVATED_IN_INCYDR'],
    ],
    ['active with no devices', { status: 'active' }, { agents: 0 }, ['keep user:u1 USER_WITHOUT_DEVICES']],
    ['active with a device: nothing to report', { status: 'active' }, {}, []],
    [
      'departure in the future',
      { status: 'active', terminationDate: '2026-12-31' },
      {},
      ['add-to-watchlist actor:actor-u1 DEPARTURE_SCHEDULED'],
    ],
    [
      'terminated status but the date is still ahead',
      { status: 'terminated', lastWorkingDay: '2026-11-30' },
      {},
      ['add-to-watchlist actor:actor-u1 DEPARTURE_SCHEDULED'],
    ],
    [
      'active but the departure date has passed',
      { status: 'active', terminationDate: '2026-10-31' },
      {},
      ['keep user:u1 HR_STATUS_CONFLICT'],
    ],
    [
      'status HR could not map',
      { status: 'unknown', statusRaw: 'Sabbatical?' },
      {},
      ['keep user:u1 HR_STATUS_UNKNOWN'],
    ],
    ['pending hire: nothing to do', { status: 'pending', startDate: '2026-12-01' }, { agents: 0 }, []],
  ])('%s', (_label, p, opts, expected) => {
    const out = run(p, opts);
    expect(codesOf([...out.actions, ...out.kept])).toEqual(expected);
  });
});

describe('crossCheckOffboarding: boundaries and time zones', () => {
  it.each([
    ['2026-11-25T23:59:59Z', 'keep'], // last grace day, to the second
    ['2026-11-26T00:00:00Z', 'deactivate-user'], // due at midnight UTC
    ['2026-11-26T01:00:00+02:00', 'keep'], // 23:00Z on the 25th: still in grace
    ['2026-11-25T20:00:00-05:00', 'deactivate-user'], // 01:00Z on the 26th
  ])('last day 2026-11-22 with 3 grace days, at %s → %s', (now, expected) => {
    const out = run({ status: 'terminated', lastWorkingDay: '2026-11-22' }, { graceDays: 3, now, agents: 0 });
    const all = [...out.actions, ...out.kept];
    expect(all).toHaveLength(1);
    expect(all[0]?.action ?? 'keep').toBe(expected);
  });

  it('states the due date and grace in the evidence', () => {
    const out = run({ status: 'terminated', lastWorkingDay: '2026-11-23' }, { graceDays: 5 });
    expect(out.kept[0]?.reasons[0]?.evidence).toMatchObject({
      lastWorkingDay: '2026-11-23',
      graceDays: 5,
      deactivationDueOn: '2026-11-29',
      hrSourceId: 'p1',
    });
  });
});

describe('crossCheckOffboarding: identities', () => {
  it('leave then termination: the termination decides', () => {
    const out = run({
      status: 'terminated',
      leaveStart: '2026-08-01',
      leaveEnd: '2026-10-31',
      lastWorkingDay: '2026-10-31',
    });
    expect(codesOf(out.actions)).toContain('deactivate-user user:u1 TERMINATED_STILL_ACTIVE');
    expect(codesOf(out.kept)).toEqual([]);
  });

  it('rehire: the old terminated record does not deactivate the rehired user, and is named as superseded', () => {
    const u = user('u1');
    const old = person('p-old', { status: 'terminated', startDate: '2018-01-01', lastWorkingDay: '2024-06-30' });
    const rehired = person('p-new', { status: 'active', startDate: '2025-03-01' });
    for (const matched of [
      [match(old, u), match(rehired, u)],
      [match(rehired, u), match(old, u)],
    ]) {
      const out = crossCheckOffboarding({ matchReport: report({ matched }), users: [u], agents: [], now: NOW });
      expect(out.actions).toEqual([]);
      expect(codesOf(out.kept)).toEqual(['keep user:u1 USER_WITHOUT_DEVICES']);
    }
    const terminatedAgain = person('p-new', {
      status: 'terminated',
      startDate: '2025-03-01',
      lastWorkingDay: '2026-11-01',
    });
    const out = crossCheckOffboarding({
      matchReport: report({ matched: [match(old, u), match(terminatedAgain, u)] }),
      users: [u],
      agents: [],
      now: NOW,
    });
    expect(out.actions[0]?.reasons[0]?.evidence).toMatchObject({
      hrSourceId: 'p-new',
      supersededHrRecords: ['csv:p-old'],
    });
  });

  it('ambiguous identity: no action on any candidate, even when one candidate also appears as matched', () => {
    const a = user('ua');
    const b = user('ub');
    const terminated = person('p1', { status: 'terminated', lastWorkingDay: '2026-01-01' });
    const out = crossCheckOffboarding({
      matchReport: report({
        matched: [match(terminated, a)],
        ambiguous: [
          {
            person: terminated,
            candidates: [
              { identity: identity(b), method: 'alias', key: 'pat' },
              { identity: identity(a), method: 'alias', key: 'pat' },
            ],
            explanation: 'Two users share the alias "pat".',
          },
        ],
      }),
      users: [a, b],
      agents: [agent('a1', 'ua')],
      now: NOW,
    });
    expect(out.actions).toEqual([]);
    expect(codesOf(out.kept)).toEqual(['keep user:ua AMBIGUOUS_IDENTITY', 'keep user:ub AMBIGUOUS_IDENTITY']);
    expect(out.kept[0]?.reasons[0]?.evidence).toMatchObject({
      candidateUsernames: ['ua@example.com', 'ub@example.com'],
      hrSourceId: 'p1',
    });
  });

  it('no HR record: reported for review, never deactivated; allowlisted accounts are kept with their reason', () => {
    const human = user('u-ghost');
    const svc = user('svc-backup', { username: 'SVC-Backup@example.com' });
    const flagged = user('analyst-1');
    const inactive = user('u-gone', { active: false });
    const out = crossCheckOffboarding({
      matchReport: report({
        incydrOnly: [
          { ...identity(human), allowlisted: false },
          { ...identity(svc), allowlisted: false },
          { ...identity(flagged), allowlisted: true },
          { ...identity(inactive), allowlisted: false },
        ],
      }),
      users: [human, svc, flagged, inactive],
      agents: [agent('a-svc', 'svc-backup')],
      now: NOW,
      options: { allowlist: ['svc-backup@EXAMPLE.com'] },
    });
    expect(out.actions).toEqual([]);
    expect(codesOf(out.kept)).toEqual([
      'keep user:analyst-1 ALLOWLISTED_ACCOUNT',
      'keep user:svc-backup ALLOWLISTED_ACCOUNT',
      'keep user:u-ghost NO_HR_RECORD',
      'keep user:u-ghost USER_WITHOUT_DEVICES',
    ]);
  });

  it('an allowlisted terminated account is still never actioned', () => {
    const u = user('admin-1');
    const out = crossCheckOffboarding({
      matchReport: report({
        matched: [match(person('p1', { status: 'terminated', lastWorkingDay: '2026-01-01' }), u)],
      }),
      users: [u],
      agents: [agent('a1', 'admin-1')],
      now: NOW,
      options: { allowlist: ['admin-1'] },
    });
    expect(out.actions).toEqual([]);
    expect(codesOf(out.kept)).toEqual(['keep user:admin-1 ALLOWLISTED_ACCOUNT']);
  });

  it('does not propose a watchlist add for someone already on it, and uses the user when no actor is known', () => {
    const u = user('u1');
    const p = person('p1', { status: 'active', terminationDate: '2026-12-31' });
    const already = crossCheckOffboarding({
      matchReport: report({ matched: [match(p, u)] }),
      users: [u],
      agents: [agent('a1', 'u1')],
      departingWatchlistActorIds: ['actor-u1'],
      now: NOW,
    });
    expect(already.actions).toEqual([]);
    expect(already.kept[0]?.reasons[0]?.evidence.alreadyOnWatchlist).toBe(true);
    const noActor = crossCheckOffboarding({
      matchReport: report({ matched: [match(p, u, null)] }),
      users: [u],
      agents: [agent('a1', 'u1')],
      now: NOW,
    });
    expect(noActor.actions[0]).toMatchObject({
      action: 'add-to-watchlist',
      subject: { type: 'user', id: 'u1' },
      params: { watchlistType: 'DEPARTING_EMPLOYEE', departureDate: '2026-12-31' },
    });
  });

  it('proposes taking a departed person off the departing watchlist only after the grace period, and only when asked', () => {
    const listed = (lastWorkingDay: string, options: Partial<OffboardingInput['options']> = {}, userActive = false) => {
      const u = user('u1', { active: userActive });
      return crossCheckOffboarding({
        matchReport: report({ matched: [match(person('p1', { status: 'terminated', lastWorkingDay }), u)] }),
        users: [u],
        agents: [],
        departingWatchlistActorIds: ['actor-u1'],
        now: NOW,
        options: { graceDays: 3, ...options },
      });
    };
    // NOW is 2026-11-25: left on the 21st with 3 grace days → due from the 25th; left on the 22nd → due from the 26th.
    const due = listed('2026-11-21', { proposeWatchlistRemovals: true });
    expect(codesOf(due.actions)).toEqual(['remove-from-watchlist actor:actor-u1 DEPARTURE_GRACE_ENDED']);
    expect(due.actions[0]).toMatchObject({
      subject: { type: 'actor', id: 'actor-u1', name: 'u1@example.com' },
      params: { watchlistType: 'DEPARTING_EMPLOYEE' },
    });
    expect(due.actions[0]?.reasons[0]?.evidence).toMatchObject({ lastWorkingDay: '2026-11-21', deactivationDueOn: '2026-11-25', actorId: 'actor-u1' });
    expect(due.actions[0]?.reasons[0]?.message).toContain('the grace period of 3 days is over');
    expect(codesOf(listed('2026-11-22', { proposeWatchlistRemovals: true }).actions)).toEqual([]);
    expect(codesOf(listed('2026-11-21').actions)).toEqual([]);
    // A still-active user is both deactivated and taken off the list; the guard keeps the first until the second is done.
    expect(codesOf(listed('2026-11-21', { proposeWatchlistRemovals: true }, true).actions)).toEqual([
      'deactivate-user user:u1 TERMINATED_STILL_ACTIVE',
      'remove-from-watchlist actor:actor-u1 DEPARTURE_GRACE_ENDED',
    ]);
  });

  it('never proposes a watchlist removal for someone who is not on the list or has no actor', () => {
    const u = user('u1', { active: false });
    const p = person('p1', { status: 'terminated', lastWorkingDay: '2026-10-01' });
    const base = { users: [u], agents: [], now: NOW, options: { proposeWatchlistRemovals: true } };
    expect(crossCheckOffboarding({ ...base, matchReport: report({ matched: [match(p, u)] }), departingWatchlistActorIds: ['actor-other'] }).actions).toEqual([]);
    expect(crossCheckOffboarding({ ...base, matchReport: report({ matched: [match(p, u, null)] }), departingWatchlistActorIds: ['actor-u1'] }).actions).toEqual([]);
  });

  it("carries Incydr's own end date as evidence when actors are supplied", () => {
    const u = user('u1');
    const out = crossCheckOffboarding({
      matchReport: report({
        matched: [match(person('p1', { status: 'terminated', lastWorkingDay: '2026-11-01' }), u)],
      }),
      users: [u],
      agents: [],
      actors: [
        {
          actorId: 'actor-u1',
          name: u.username,
          active: true,
          alternateNames: [],
          country: null,
          department: null,
          division: null,
          employeeType: null,
          endDate: '2026-11-02',
          startDate: null,
          firstName: null,
          lastName: null,
          locality: null,
          region: null,
          managerActorId: null,
          notes: null,
          parentActorId: null,
          title: null,
          inScope: true,
        },
      ],
      now: NOW,
    });
    expect(out.actions[0]?.reasons[0]?.evidence.incydrEndDate).toBe('2026-11-02');
  });

  it('reports, rather than drops, users missing from the match report and matches naming unknown users', () => {
    const known = user('u1');
    const out = crossCheckOffboarding({
      matchReport: report({ matched: [match(person('p1'), user('u-missing'))] }),
      users: [known],
      agents: [],
      now: NOW,
    });
    expect(out.summary.unknownMatchedUserIds).toEqual(['u-missing']);
    expect(out.summary.usersNotInMatchReport).toEqual(['u1']);
  });

  it.each<[string, { users: string[]; matched?: string[]; incydrOnly?: string[]; ambiguous?: string[] }, string[], string[]]>([
    ['everyone mentioned', { users: ['u1', 'u2'], matched: ['u1'], incydrOnly: ['u2'] }, [], []],
    ['a user listed twice, mentioned once', { users: ['u1', 'u1', 'u2'], matched: ['u1'], incydrOnly: ['u2'] }, [], []],
    ['a user listed twice, never mentioned', { users: ['u1', 'u2', 'u2'], matched: ['u1'] }, [], ['u2', 'u2']],
    ['an ambiguous candidate who is a user', { users: ['u1', 'u2'], matched: ['u1'], ambiguous: ['u2'] }, [], []],
    // Mentions of unknown users must not make up for a user nobody mentions.
    ['an unknown ambiguous candidate', { users: ['u1', 'u2'], matched: ['u1'], ambiguous: ['u-x'] }, [], ['u2']],
    ['an unknown matched user', { users: ['u1', 'u2'], matched: ['u1', 'u-x'] }, ['u-x'], ['u2']],
    ['an unknown Incydr-only user', { users: ['u2', 'u1'], incydrOnly: ['u-x', 'u-y'] }, ['u-x', 'u-y'], ['u1', 'u2']],
  ])('users missing from the match report: %s', (_, parts, unknown, missing) => {
    const out = crossCheckOffboarding({
      matchReport: report({
        matched: (parts.matched ?? []).map((id) => match(person(`p-${id}`), user(id))),
        incydrOnly: (parts.incydrOnly ?? []).map((id) => ({ ...identity(user(id)), allowlisted: false })),
        ambiguous: (parts.ambiguous ?? []).map((id) => ({
          person: person(`p-${id}`),
          candidates: [{ identity: identity(user(id)), method: 'alias' as const, key: id }],
          explanation: 'two people share an alias',
        })),
      }),
      users: parts.users.map((id) => user(id)),
      agents: [],
      now: NOW,
    });
    expect(out.summary.unknownMatchedUserIds).toEqual(unknown);
    expect(out.summary.usersNotInMatchReport).toEqual(missing);
  });

  it('rejects a negative or fractional grace period with a clear message', () => {
    const input: OffboardingInput = {
      matchReport: report(),
      users: [],
      agents: [],
      now: NOW,
      options: { graceDays: -1 },
    };
    expect(() => crossCheckOffboarding(input)).toThrow(/graceDays must be a whole number of days/);
    expect(() => crossCheckOffboarding({ ...input, options: { graceDays: 1.5 } })).toThrow(/graceDays/);
    expect(() => crossCheckOffboarding({ ...input, options: {}, now: 'soon' })).toThrow(
      /now must be an ISO-8601 timestamp/,
    );
  });
});
