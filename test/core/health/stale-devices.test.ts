import { describe, expect, it } from 'vitest';
import {
  triageStaleDevices,
  type OwnerHrRecord,
  type StaleDeviceInput,
} from '@incydr-health/core/health/stale-devices';
import type { Agent } from '@incydr-health/core/incydr/types';
import { NOW, agent, user } from './builders.js';

/** lastConnected `days` days (and `hours`) before NOW. */
function ago(days: number, hours = 0): string {
  return new Date(Date.parse(NOW) - days * 86_400_000 - hours * 3_600_000).toISOString();
}

function triage(agents: Agent[], extra: Partial<StaleDeviceInput> = {}) {
  const owners = [...new Set(agents.map((a) => a.userId))].map((id) => user(id));
  return triageStaleDevices({ agents, users: owners, now: NOW, options: { currentVersion: '2.0.0' }, ...extra });
}

function verdicts(out: ReturnType<typeof triage>): string[] {
  return [...out.actions, ...out.kept]
    .map((f) => `${f.subject.id} ${f.action ?? 'none'} ${f.reasons.map((r) => r.code).join('+')}`)
    .sort();
}

const hr = (status: OwnerHrRecord['status'], extra: Partial<OwnerHrRecord> = {}): OwnerHrRecord => ({
  status,
  startDate: '2020-01-01',
  terminationDate: null,
  lastWorkingDay: null,
  leaveStart: null,
  leaveEnd: null,
  ...extra,
});

describe('triageStaleDevices: one row per reason code', () => {
  it.each<[string, Agent[], Partial<StaleDeviceInput>, string[]]>([
    ['healthy and current: nothing', [agent('a1', 'u1')], {}, []],
    [
      'stale older device replaced by a newer one',
      [agent('old', 'u1', { lastConnected: ago(45) }), agent('new', 'u1', { lastConnected: ago(1) })],
      {},
      ['old deactivate-agent NOT_CONNECTED+REPLACED_BY_NEWER_DEVICE'],
    ],
    [
      'user with only stale devices keeps the newest, which is routed to troubleshooting',
      [agent('older', 'u1', { lastConnected: ago(90) }), agent('newer', 'u1', { lastConnected: ago(40) })],
      {},
      [
        'newer troubleshoot-agent KEPT_AS_NEWEST_DEVICE+NOT_CONNECTED',
        'older deactivate-agent NOT_CONNECTED+REPLACED_BY_NEWER_DEVICE',
      ],
    ],
    [
      'without keep-newest every stale device is a deactivation',
      [agent('older', 'u1', { lastConnected: ago(90) }), agent('newer', 'u1', { lastConnected: ago(40) })],
      { options: { currentVersion: '2.0.0', keepNewestPerUser: false } },
      ['newer deactivate-agent NOT_CONNECTED', 'older deactivate-agent NOT_CONNECTED'],
    ],
    [
      'owner departed: deactivate even a fresh device',
      [agent('a1', 'u1')],
      { hrByUserId: { u1: hr('terminated', { lastWorkingDay: '2026-11-01' }) } },
      ['a1 deactivate-agent OWNER_DEPARTED'],
    ],
    [
      'owner departed but within the grace period: nothing yet',
      [agent('a1', 'u1')],
      {
        hrByUserId: { u1: hr('terminated', { lastWorkingDay: '2026-11-20' }) },
        options: { currentVersion: '2.0.0', departedGraceDays: 10 },
      },
      [],
    ],
    [
      'owner on leave: a stale device is snoozed, not deactivated',
      [agent('old', 'u1', { lastConnected: ago(60) }), agent('new', 'u1', { lastConnected: ago(50) })],
      { hrByUserId: new Map([['u1', hr('leave', { leaveEnd: '2027-02-01' })]]) },
      [
        'new snooze KEPT_AS_NEWEST_DEVICE+NOT_CONNECTED+OWNER_ON_LEAVE',
        'old snooze NOT_CONNECTED+OWNER_ON_LEAVE+REPLACED_BY_NEWER_DEVICE',
      ],
    ],
    ['owner on leave with a healthy device: left alone', [agent('a1', 'u1')], { hrByUserId: { u1: hr('leave') } }, []],
    [
      'outdated agent inside the window',
      [agent('a1', 'u1', { productVersion: '1.9.0' })],
      { options: { currentVersion: '2.0.0', releases: ['2.0.0', '1.9.0', '1.8.0'] } },
      ['a1 upgrade-agent OUTDATED_AGENT'],
    ],
    [
      'unsupported agent outside the window',
      [agent('a1', 'u1', { productVersion: '1.7.9' })],
      { options: { currentVersion: '2.0.0', releases: ['2.0.0', '1.9.0', '1.8.0'] } },
      ['a1 upgrade-agent UNSUPPORTED_AGENT'],
    ],
    [
      'unreadable version',
      [agent('a1', 'u1', { productVersion: 'dev-build' })],
      {},
      ['a1 troubleshoot-agent VERSION_UNREADABLE'],
    ],
    [
      'health: not connecting',
      [agent('a1', 'u1', { agentHealthIssueTypes: ['NOT_CONNECTING'] })],
      {},
      ['a1 troubleshoot-agent HEALTH_NOT_CONNECTING'],
    ],
    [
      'health: not sending security events',
      [agent('a1', 'u1', { agentHealthIssueTypes: ['NOT_SENDING_SECURITY_EVENTS'] })],
      {},
      ['a1 troubleshoot-agent HEALTH_NOT_SENDING_SECURITY_EVENTS'],
    ],
    [
      'health: ingest rejected',
      [agent('a1', 'u1', { agentHealthIssueTypes: ['SECURITY_INGEST_REJECTED'] })],
      {},
      ['a1 troubleshoot-agent HEALTH_SECURITY_INGEST_REJECTED'],
    ],
    [
      'health: macOS full disk access',
      [agent('a1', 'u1', { agentHealthIssueTypes: ['MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS'] })],
      {},
      ['a1 troubleshoot-agent HEALTH_MISSING_MACOS_FULL_DISK_ACCESS'],
    ],
    [
      'health: macOS accessibility',
      [agent('a1', 'u1', { agentHealthIssueTypes: ['MISSING_MACOS_PERMISSION_ACCESSIBILITY'] })],
      {},
      ['a1 troubleshoot-agent HEALTH_MISSING_MACOS_ACCESSIBILITY'],
    ],
    [
      'health: a type this kit does not know yet',
      [agent('a1', 'u1', { agentHealthIssueTypes: ['FUTURE_ISSUE' as never] })],
      {},
      ['a1 troubleshoot-agent HEALTH_ISSUE_UNRECOGNIZED'],
    ],
    [
      'connected but silent',
      [agent('a1', 'u1')],
      { lastFileActivityByAgentId: { a1: ago(8) } },
      ['a1 troubleshoot-agent CONNECTED_BUT_SILENT'],
    ],
    ['connected and sending: fine', [agent('a1', 'u1')], { lastFileActivityByAgentId: { a1: ago(1) } }, []],
    [
      'never sent a file event',
      [agent('a1', 'u1')],
      { lastFileActivityByAgentId: { a1: null } },
      ['a1 troubleshoot-agent CONNECTED_BUT_SILENT'],
    ],
    ['inactive agents are not triaged', [agent('a1', 'u1', { active: false, lastConnected: ago(400) })], {}, []],
  ])('%s', (_label, agents, extra, expected) => {
    expect(verdicts(triage(agents, extra))).toEqual(expected);
  });

  it('owner deactivated in Incydr: its still-active agent is deactivated', () => {
    const out = triageStaleDevices({
      agents: [agent('a1', 'u1')],
      users: [user('u1', { active: false })],
      now: NOW,
      options: { currentVersion: '2.0.0' },
    });
    expect(verdicts(out)).toEqual(['a1 deactivate-agent OWNER_DEACTIVATED']);
  });

  it('owner deactivated in Incydr but employed per HR: troubleshoot with the Incydr admin, never deactivate', () => {
    const out = triageStaleDevices({
      agents: [agent('a1', 'u1')],
      users: [user('u1', { active: false })],
      hrByUserId: { u1: hr('active') },
      now: NOW,
      options: { currentVersion: '2.0.0' },
    });
    expect(verdicts(out)).toEqual(['a1 troubleshoot-agent OWNER_DEACTIVATED']);
    expect(out.actions[0]?.params).toEqual({ route: 'incydr-admin', routes: 'incydr-admin' });
    expect(out.actions[0]?.reasons[0]?.evidence).toMatchObject({ hrStatus: 'active' });
  });
});

describe('triageStaleDevices: boundaries', () => {
  it.each([
    [29, 23, false],
    [30, 0, true], // exactly N days
    [30, 1, true],
  ])('last connected %i days %i hours ago with N = 30 → stale %s', (days, hours, stale) => {
    const out = triage([agent('old', 'u1', { lastConnected: ago(days, hours) }), agent('new', 'u1')]);
    expect(out.actions.some((f) => f.subject.id === 'old')).toBe(stale);
  });

  it('reads lastConnected with an offset as the same instant', () => {
    // 30 days before NOW, written in UTC+05:30.
    const exact = new Date(Date.parse(NOW) - 30 * 86_400_000);
    const shifted = new Date(exact.getTime() + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
    const out = triage([agent('old', 'u1', { lastConnected: shifted }), agent('new', 'u1')]);
    expect(out.actions[0]?.reasons[0]?.evidence.daysSinceLastConnected).toBe(30);
  });

  it('silence at exactly N days counts; a day less does not', () => {
    expect(verdicts(triage([agent('a1', 'u1')], { lastFileActivityByAgentId: { a1: ago(7) } }))).toEqual([
      'a1 troubleshoot-agent CONNECTED_BUT_SILENT',
    ]);
    expect(verdicts(triage([agent('a1', 'u1')], { lastFileActivityByAgentId: { a1: ago(6, 23) } }))).toEqual([]);
  });

  it('a never-connected agent is aged from its registration', () => {
    const fresh = agent('fresh', 'u1', { lastConnected: null, creationDate: ago(2) });
    const old = agent('old', 'u1', { lastConnected: null, creationDate: ago(31) });
    const out = triage([fresh, old]);
    expect(verdicts(out)).toEqual(['old deactivate-agent NOT_CONNECTED+REPLACED_BY_NEWER_DEVICE']);
  });
});

describe('triageStaleDevices: keep newest is applied before the age filter', () => {
  it('the newest device is chosen among all devices, so a stale device is never kept because a fresher one was filtered out', () => {
    // code42cli #268: filtering by age first would leave only the two stale devices and "keep" the newer of them.
    const agents = [
      agent('fresh', 'u1', { lastConnected: ago(1) }),
      agent('stale-1', 'u1', { lastConnected: ago(100) }),
      agent('stale-2', 'u1', { lastConnected: ago(40) }),
    ];
    expect(verdicts(triage(agents))).toEqual([
      'stale-1 deactivate-agent NOT_CONNECTED+REPLACED_BY_NEWER_DEVICE',
      'stale-2 deactivate-agent NOT_CONNECTED+REPLACED_BY_NEWER_DEVICE',
    ]);
  });

  it('ties on last connection go to the later registration, whatever the input order', () => {
    const a = agent('a', 'u1', { lastConnected: ago(40), creationDate: '2025-01-01T00:00:00Z' });
    const b = agent('b', 'u1', { lastConnected: ago(40), creationDate: '2025-06-01T00:00:00Z' });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      expect(triage(order).actions.find((f) => f.action === 'deactivate-agent')?.subject.id).toBe('a');
    }
  });
});

describe('triageStaleDevices: versions and routing', () => {
  it('derives the current version from the fleet and compares numerically', () => {
    const agents = ['1.10.0', '1.9.0', '1.8.2', '1.7.0'].map((v, i) => agent(`a${i}`, `u${i}`, { productVersion: v }));
    const out = triageStaleDevices({ agents, users: agents.map((a) => user(a.userId)), now: NOW });
    expect(out.windows.COMBINED).toMatchObject({ current: '1.10', oldestSupported: '1.8.2', currentSource: 'fleet' });
    expect(verdicts(out)).toEqual([
      'a1 upgrade-agent OUTDATED_AGENT',
      'a2 upgrade-agent OUTDATED_AGENT',
      'a3 upgrade-agent UNSUPPORTED_AGENT',
    ]);
  });

  it('works out a window per agent type, since each type has its own release line', () => {
    const agents = [
      agent('c1', 'u1', { agentType: 'COMBINED', productVersion: '2.4.0' }),
      agent('c2', 'u2', { agentType: 'COMBINED', productVersion: '2.2.0' }),
      agent('l1', 'u3', { agentType: 'CODE42', productVersion: '12.5.0' }),
      agent('l2', 'u4', { agentType: 'CODE42', productVersion: '12.4.0' }),
      agent('l3', 'u5', { agentType: 'CODE42', productVersion: '10.4.1' }),
    ];
    const releases = {
      COMBINED: ['2.4.0', '2.3.1', '2.2.0', '2.1.2'],
      CODE42: ['12.5.0', '12.4.0', '12.3.1', '12.2.0', '10.4.1'],
    };
    const out = triageStaleDevices({
      agents,
      users: agents.map((a) => user(a.userId)),
      now: NOW,
      options: { releases },
    });
    expect(out.windows).toEqual({
      CODE42: {
        current: '12.5',
        oldestSupported: '12.3.1',
        supported: ['12.5', '12.4', '12.3.1'],
        known: ['12.5', '12.4', '12.3.1', '12.2', '10.4.1'],
        previousVersionsSupported: 2,
        releaseDepth: null,
        currentSource: 'releases',
      },
      COMBINED: {
        current: '2.4',
        oldestSupported: '2.2',
        supported: ['2.4', '2.3.1', '2.2'],
        known: ['2.4', '2.3.1', '2.2', '2.1.2'],
        previousVersionsSupported: 2,
        releaseDepth: null,
        currentSource: 'releases',
      },
    });
    // Against one fleet-wide window every 2.x agent would have looked ten major versions behind.
    expect(verdicts(out)).toEqual([
      'c2 upgrade-agent OUTDATED_AGENT',
      'l2 upgrade-agent OUTDATED_AGENT',
      'l3 upgrade-agent UNSUPPORTED_AGENT',
    ]);
    const perTypeCurrent = triageStaleDevices({
      agents,
      users: agents.map((a) => user(a.userId)),
      now: NOW,
      options: { releases, currentVersion: { CODE42: '12.4.0' } },
    });
    expect(perTypeCurrent.windows.CODE42?.current).toBe('12.4');
    expect(perTypeCurrent.windows.COMBINED?.currentSource).toBe('releases');
  });

  it('can compare appVersion instead of productVersion', () => {
    const a1 = agent('a1', 'u1', { appVersion: '1.0.0', productVersion: '2.0.0' });
    const byApp = triage([a1], {
      options: { currentVersion: '2.0.0', versionField: 'appVersion', releases: ['2.0.0', '1.5.0', '1.2.0'] },
    });
    expect(verdicts(byApp)).toEqual(['a1 upgrade-agent UNSUPPORTED_AGENT']);
    expect(
      verdicts(triage([a1], { options: { currentVersion: '2.0.0', releases: ['2.0.0', '1.5.0', '1.2.0'] } })),
    ).toEqual([]);
  });

  describe('releaseDepth: the window counts releases, not builds', () => {
    // appVersion carries a build number after the release, as Code42 agents report it.
    const fleet = [
      agent('cur-a', 'u1', { appVersion: '2.4.0.311' }),
      agent('cur-b', 'u2', { appVersion: '2.4.0.87' }),
      agent('prev', 'u3', { appVersion: '2.3.1.902' }),
      agent('prev2', 'u4', { appVersion: '2.2.0.15' }),
      agent('old', 'u5', { appVersion: '2.1.2.400' }),
    ];
    const byApp = (releaseDepth: number | null, extra: Partial<StaleDeviceInput['options']> = {}) =>
      triage(fleet, { options: { versionField: 'appVersion', releaseDepth, ...extra } });

    it('without a depth every build is its own release: a build of the current release looks behind, and the window ends too soon', () => {
      expect(verdicts(byApp(null))).toEqual([
        'cur-b upgrade-agent OUTDATED_AGENT',
        'old upgrade-agent UNSUPPORTED_AGENT',
        'prev upgrade-agent OUTDATED_AGENT',
        'prev2 upgrade-agent UNSUPPORTED_AGENT',
      ]);
    });

    it.each([
      [3, '2.4.0', ['2.4.0', '2.3.1', '2.2.0']],
      [2, '2.4', ['2.4', '2.3', '2.2']],
    ])('at depth %i the builds of a release stand together and the window is current plus two releases', (depth, current, supported) => {
      const out = byApp(depth);
      expect(out.windows.COMBINED).toMatchObject({ current, supported, releaseDepth: depth, currentSource: 'fleet' });
      expect(verdicts(out)).toEqual([
        'old upgrade-agent UNSUPPORTED_AGENT',
        'prev upgrade-agent OUTDATED_AGENT',
        'prev2 upgrade-agent OUTDATED_AGENT',
      ]);
    });

    it('applies the depth to the currentVersion and releases options as well', () => {
      const out = byApp(2, { currentVersion: '2.3.1.5', releases: ['2.4.0', '2.3.1', '2.3.0', '2.2.0', '2.1.2'] });
      expect(out.windows.COMBINED).toMatchObject({ current: '2.3', supported: ['2.3', '2.2', '2.1'] });
      // 2.4 is ahead of the chosen current: a pilot, not a finding; 2.1 is now the oldest supported release.
      expect(verdicts(out)).toEqual(['old upgrade-agent OUTDATED_AGENT', 'prev2 upgrade-agent OUTDATED_AGENT']);
    });

    it("names the agent's release and the depth in the evidence", () => {
      const prev = byApp(2).actions.find((f) => f.subject.id === 'prev');
      expect(prev?.reasons[0]?.evidence).toMatchObject({
        version: '2.3.1.902',
        versionField: 'appVersion',
        release: '2.3',
        releaseDepth: 2,
        currentVersion: '2.4',
      });
      const withoutDepth = byApp(null).actions.find((f) => f.subject.id === 'prev');
      expect(withoutDepth?.reasons[0]?.evidence).not.toHaveProperty('releaseDepth');
    });

    it('refuses a depth that is not a whole number of parts, even for an empty fleet', () => {
      for (const releaseDepth of [0, -2, 1.5]) {
        expect(() => triage([], { options: { releaseDepth } })).toThrow(
          /releaseDepth must be a whole number of version parts \(1 or more, e\.g\. 2 for major\.minor\) or null, got/,
        );
      }
    });
  });

  it('routes by issue: the Incydr admin first, then device management, then desktop support', () => {
    const out = triage([
      agent('mac', 'u1', {
        agentHealthIssueTypes: ['MISSING_MACOS_PERMISSION_ACCESSIBILITY', 'MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS'],
      }),
      agent('mixed', 'u2', {
        agentHealthIssueTypes: ['NOT_CONNECTING', 'SECURITY_INGEST_REJECTED', 'MISSING_MACOS_PERMISSION_ACCESSIBILITY'],
      }),
      agent('nc', 'u3', { agentHealthIssueTypes: ['NOT_CONNECTING'] }),
    ]);
    const params = Object.fromEntries(out.actions.map((f) => [f.subject.id, f.params]));
    expect(params).toEqual({
      mac: { route: 'device-management', routes: 'device-management' },
      mixed: { route: 'incydr-admin', routes: 'incydr-admin,device-management,desktop-support' },
      nc: { route: 'desktop-support', routes: 'desktop-support' },
    });
  });

  it('an unsupported agent is upgraded before anything else is troubleshot; an outdated one after', () => {
    const opts = { options: { currentVersion: '2.0.0', releases: ['2.0.0', '1.9.0', '1.8.0'] } };
    const out = triage(
      [
        agent('unsupported', 'u1', { productVersion: '1.0.0', agentHealthIssueTypes: ['NOT_CONNECTING'] }),
        agent('outdated', 'u2', { productVersion: '1.9.0', agentHealthIssueTypes: ['NOT_CONNECTING'] }),
      ],
      opts,
    );
    expect(verdicts(out)).toEqual([
      'outdated troubleshoot-agent HEALTH_NOT_CONNECTING+OUTDATED_AGENT',
      'unsupported upgrade-agent HEALTH_NOT_CONNECTING+UNSUPPORTED_AGENT',
    ]);
  });

  it('summarises counts and skipped inactive agents', () => {
    const out = triage([
      agent('ok', 'u1'),
      agent('off', 'u1', { active: false }),
      agent('sick', 'u2', { agentHealthIssueTypes: ['NOT_CONNECTING'] }),
    ]);
    expect(out.summary).toMatchObject({
      activeAgents: 2,
      inactiveAgentsSkipped: 1,
      healthyAgents: 1,
      countsByAction: { 'troubleshoot-agent': 1 },
    });
  });

  it('rejects bad options and bad timestamps with messages a person can act on', () => {
    expect(() => triage([], { options: { staleAfterDays: 0 } })).toThrow(
      /staleAfterDays must be a whole number of days \(1 or more\)/,
    );
    expect(() => triage([agent('a1', 'u1', { lastConnected: 'last week' })])).toThrow(
      /agent a1 lastConnected must be an ISO-8601 timestamp/,
    );
  });
});

describe('triageStaleDevices: evidence is written in canonical key order', () => {
  // Plan items hold an analysis's evidence records as they are when their keys are in code-unit order, and copy
  // them sorted otherwise: an out-of-order builder is still correct, only slower, so this test is what keeps it fast.
  it('every reason code triage can give has its evidence keys in code-unit order', () => {
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'].map((id) => user(id, { active: id !== 'u5' && id !== 'u6' }));
    const agents = [
      agent('a1', 'u1', { lastConnected: ago(40) }),
      agent('a2', 'u1', { lastConnected: ago(90) }),
      agent('a3', 'u2', { productVersion: '1.9.0' }),
      agent('a4', 'u2', { productVersion: '1.0.0' }),
      agent('a5', 'u2', { productVersion: 'v-next' }),
      agent('a6', 'u3', { agentHealthIssueTypes: ['NOT_CONNECTING', 'SOMETHING_NEW' as never], agentHealthModificationDate: ago(2) }),
      agent('a7', 'u3'),
      agent('a8', 'u4'),
      agent('a9', 'u5'),
      agent('a10', 'u6'),
      agent('a11', 'u7', { lastConnected: ago(40) }),
    ];
    const hrByUserId: Record<string, OwnerHrRecord> = {
      u4: hr('terminated', { terminationDate: '2026-10-01', lastWorkingDay: '2026-10-01' }),
      u6: hr('active'),
      u7: hr('leave', { leaveStart: '2026-11-01', leaveEnd: '2027-01-31' }),
    };
    const options = { currentVersion: '2.0.0', releases: ['1.0.0', '1.8.0', '1.9.0', '2.0.0'] };
    const runs = [
      triageStaleDevices({ agents, users, hrByUserId, lastFileActivityByAgentId: { a7: ago(30) }, now: NOW, options }),
      triageStaleDevices({ agents, users, now: NOW, options: { ...options, releaseDepth: 2 } }),
    ];
    const reasons = runs.flatMap((run) => [...run.actions, ...run.kept]).flatMap((f) => f.reasons);
    expect(new Set(reasons.map((r) => r.code))).toEqual(
      new Set([
        'NOT_CONNECTED',
        'KEPT_AS_NEWEST_DEVICE',
        'REPLACED_BY_NEWER_DEVICE',
        'OUTDATED_AGENT',
        'UNSUPPORTED_AGENT',
        'VERSION_UNREADABLE',
        'HEALTH_NOT_CONNECTING',
        'HEALTH_ISSUE_UNRECOGNIZED',
        'CONNECTED_BUT_SILENT',
        'OWNER_DEPARTED',
        'OWNER_DEACTIVATED',
        'OWNER_ON_LEAVE',
      ]),
    );
    const outOfOrder = reasons
      .filter((r) => {
        const keys = Object.keys(r.evidence);
        return keys.some((key, i) => i > 0 && (keys[i - 1] as string) >= key);
      })
      .map((r) => `${r.code}: ${Object.keys(r.evidence).join(', ')}`);
    expect(outOfOrder).toEqual([]);
  });
});
