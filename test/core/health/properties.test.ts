/**
 * Property-based checks over randomized tenants: the guard's safety promises and the plan's determinism.
 * Sizes stay small (tens of users); the bench covers scale.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crossCheckOffboarding } from '@incydr-health/core/health/offboarding';
import { triageStaleDevices, type OwnerHrRecord } from '@incydr-health/core/health/stale-devices';
import { guardItems, isDestructive, type PreservationSignals } from '@incydr-health/core/health/preservation';
import { itemsFromFindings, proposePlan } from '@incydr-health/core/health/plan';
import type { Agent, User } from '@incydr-health/core/incydr/types';
import type { MatchReport } from '@incydr-health/core/matching/types';
import type { PlanItem } from '@incydr-health/core/health/plan-types';
import type { Person } from '@incydr-health/core/hr/person';
import { AGENT_HEALTH_ISSUE_TYPES } from '@incydr-health/core/incydr/types';
import { NOW, agent, match, person, shuffled, user } from './builders.js';

const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;
const dayOffset = (days: number) => new Date(NOW_MS + days * DAY).toISOString().slice(0, 10);

interface World {
  users: User[];
  agents: Agent[];
  people: Map<string, Person>;
  report: MatchReport;
  signals: PreservationSignals;
}

const worldArb = fc
  .record({
    userCount: fc.integer({ min: 1, max: 12 }),
    userFlags: fc.array(
      fc.record({
        active: fc.boolean(),
        hr: fc.constantFrom('none', 'active', 'leave', 'terminated', 'unknown', 'pending'),
        departure: fc.option(fc.integer({ min: -60, max: 60 })),
        ambiguous: fc.boolean(),
      }),
      { minLength: 12, maxLength: 12 },
    ),
    agents: fc.array(
      fc.record({
        owner: fc.nat(11),
        active: fc.boolean(),
        lastSeen: fc.option(fc.integer({ min: 0, max: 120 * 24 })),
        version: fc.constantFrom('2.0.0', '1.10.1', '1.9.0', '1.8.0', '1.2.0', 'beta'),
        issues: fc.subarray([...AGENT_HEALTH_ISSUE_TYPES]),
      }),
      { maxLength: 24 },
    ),
    cases: fc.array(fc.record({ subject: fc.nat(11), status: fc.constantFrom('OPEN', 'CLOSED', 'ARCHIVED') }), {
      maxLength: 6,
    }),
    holds: fc.array(fc.record({ custodian: fc.nat(11), matterActive: fc.boolean(), membershipActive: fc.boolean() }), {
      maxLength: 6,
    }),
    watch: fc.array(fc.nat(11), { maxLength: 4 }),
    manual: fc.array(fc.record({ kind: fc.constantFrom('user', 'agent', 'actor'), index: fc.nat(23) }), {
      maxLength: 4,
    }),
  })
  .map((r): World => {
    const users = Array.from({ length: r.userCount }, (_, i) =>
      user(`u${i}`, { active: r.userFlags[i]?.active ?? true }),
    );
    const agents = r.agents
      .filter((a) => a.owner < r.userCount)
      .map((a, i) =>
        agent(`a${i}`, `u${a.owner}`, {
          active: a.active,
          lastConnected: a.lastSeen === null ? null : new Date(NOW_MS - a.lastSeen * 3_600_000).toISOString(),
          productVersion: a.version,
          agentHealthIssueTypes: a.issues,
        }),
      );
    const people = new Map<string, Person>();
    const report: MatchReport = { matched: [], ambiguous: [], hrOnly: [], incydrOnly: [] };
    users.forEach((u, i) => {
      const flags = r.userFlags[i];
      if (!flags || flags.hr === 'none') {
        report.incydrOnly.push({
          userId: u.userId,
          username: u.username,
          actorId: `actor-${u.userId}`,
          allowlisted: i === 0,
        });
        return;
      }
      const departure = flags.departure === null ? null : dayOffset(flags.departure);
      const p = person(`p${i}`, {
        status: flags.hr as Person['status'],
        lastWorkingDay: departure,
        terminationDate: departure,
      });
      people.set(u.userId, p);
      if (flags.ambiguous) {
        report.ambiguous.push({
          person: p,
          candidates: [
            {
              identity: { userId: u.userId, username: u.username, actorId: `actor-${u.userId}` },
              method: 'alias',
              key: 'k',
            },
          ],
          explanation: 'two candidates',
        });
      } else {
        report.matched.push(match(p, u));
      }
    });
    const signals: PreservationSignals = {
      cases: r.cases
        .filter((c) => c.subject < r.userCount)
        .map((c, i) => ({
          number: i + 1,
          name: `case ${i}`,
          status: c.status,
          subject: `u${c.subject}`,
          subjectUsername: null,
        })),
      legalHolds: r.holds
        .filter((h) => h.custodian < r.userCount)
        .map((h, i) => ({
          matterId: `m${i}`,
          matterName: `Matter ${i}`,
          matterActive: h.matterActive,
          membershipActive: h.membershipActive,
          custodianUserId: `u${h.custodian}`,
        })),
      watchlistMembers: r.watch
        .filter((w) => w < r.userCount)
        .map((w) => ({ watchlistId: 'w-departing', actorId: `actor-u${w}` })),
      manualHolds: r.manual
        .map((m) => {
          if (m.kind === 'agent')
            return agents[m.index]
              ? {
                  subjectType: 'agent' as const,
                  subjectId: agents[m.index]?.agentId ?? '',
                  reason: 'hold',
                  owner: 'legal',
                }
              : null;
          const u = users[m.index % r.userCount];
          if (!u) return null;
          return m.kind === 'user'
            ? { subjectType: 'user' as const, subjectId: u.userId, reason: 'hold', owner: 'legal' }
            : { subjectType: 'actor' as const, subjectId: `actor-${u.userId}`, reason: 'hold', owner: 'legal' };
        })
        .filter((m) => m !== null),
      identities: users.map((u) => ({ userId: u.userId, username: u.username, actorId: `actor-${u.userId}` })),
    };
    return { users, agents, people, report, signals };
  });

function proposedItems(w: World): PlanItem[] {
  const offboarding = crossCheckOffboarding({
    matchReport: w.report,
    users: w.users,
    agents: w.agents,
    now: NOW,
    options: { graceDays: 3, allowlist: [] },
  });
  const hrByUserId = new Map<string, OwnerHrRecord>([...w.people].map(([id, p]) => [id, p]));
  const triage = triageStaleDevices({ agents: w.agents, users: w.users, hrByUserId, now: NOW });
  return [...itemsFromFindings(offboarding.actions), ...itemsFromFindings(triage.actions)];
}

/** The oracle: protection computed straight from the signals, independently of the guard's indexing. */
function protectedSets(s: PreservationSignals) {
  const users = new Set<string>();
  for (const h of s.legalHolds) if (h.matterActive && h.membershipActive) users.add(h.custodianUserId);
  for (const c of s.cases) if (c.status === 'OPEN' && c.subject) users.add(c.subject);
  for (const m of s.watchlistMembers) users.add(m.actorId.replace(/^actor-/, ''));
  for (const h of s.manualHolds) if (h.subjectType !== 'agent') users.add(h.subjectId.replace(/^actor-/, ''));
  const agents = new Set(s.manualHolds.filter((h) => h.subjectType === 'agent').map((h) => h.subjectId));
  return { users, agents };
}

describe('preservation guard properties', () => {
  it("no allowed destructive action targets a protected user or a protected user's device", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { allowed } = guardItems(proposedItems(w), w.signals);
        const prot = protectedSets(w.signals);
        for (const { item } of allowed) {
          if (!isDestructive(item.action)) continue;
          const s = item.subject;
          if (s.type === 'user') expect(prot.users.has(s.id)).toBe(false);
          if (s.type === 'agent') {
            expect(s.ownerUserId).toBeTruthy();
            expect(prot.users.has(s.ownerUserId ?? '')).toBe(false);
            expect(prot.agents.has(s.id)).toBe(false);
          }
          if (s.type === 'actor') expect(prot.users.has(s.id.replace(/^actor-/, ''))).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never drops an item: allowed + preserved = proposed, by id', () => {
    // Tallies prove the generator reaches both outcomes, so the property is not vacuously true.
    const seen = { preserved: 0, allowedDestructive: 0 };
    fc.assert(
      fc.property(worldArb, (w) => {
        const proposed = proposedItems(w);
        const { allowed, preserved } = guardItems(proposed, w.signals);
        seen.preserved += preserved.length;
        seen.allowedDestructive += allowed.filter((a) => isDestructive(a.item.action)).length;
        const out = [...allowed.map((a) => a.item.id), ...preserved.map((p) => p.item.id)].sort();
        expect(out).toEqual(proposed.map((i) => i.id).sort());
        for (const p of preserved) expect(p.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 20261125 },
    );
    expect(seen.preserved).toBeGreaterThan(0);
    expect(seen.allowedDestructive).toBeGreaterThan(0);
  });

  it('a preserved item is always destructive, and only destructive items are preserved', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        for (const p of guardItems(proposedItems(w), w.signals).preserved)
          expect(isDestructive(p.item.action)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('plan determinism properties', () => {
  it('identical inputs in any order give the identical plan (same hash)', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 1_000_000 }), async (w, seed) => {
        const plan = async (world: World) => {
          const offboarding = crossCheckOffboarding({
            matchReport: world.report,
            users: world.users,
            agents: world.agents,
            now: NOW,
            options: { graceDays: 3 },
          });
          const triage = triageStaleDevices({
            agents: world.agents,
            users: world.users,
            hrByUserId: new Map([...world.people]),
            now: NOW,
          });
          const a = await proposePlan({
            kind: 'offboarding',
            findings: offboarding.actions,
            signals: world.signals,
            now: NOW,
          });
          const b = await proposePlan({
            kind: 'stale-devices',
            findings: triage.actions,
            signals: world.signals,
            now: NOW,
          });
          return [
            a.plan.hash,
            b.plan.hash,
            a.preserved.map((p) => p.item.id).join(),
            b.preserved.map((p) => p.item.id).join(),
          ];
        };
        const reordered: World = {
          users: shuffled(w.users, seed),
          agents: shuffled(w.agents, seed + 1),
          people: new Map(shuffled([...w.people], seed + 2)),
          report: {
            matched: shuffled(w.report.matched, seed + 3),
            ambiguous: shuffled(w.report.ambiguous, seed + 4),
            hrOnly: shuffled(w.report.hrOnly, seed + 5),
            incydrOnly: shuffled(w.report.incydrOnly, seed + 6),
          },
          signals: {
            cases: shuffled(w.signals.cases, seed + 7),
            legalHolds: shuffled(w.signals.legalHolds, seed + 8),
            watchlistMembers: shuffled(w.signals.watchlistMembers, seed + 9),
            manualHolds: shuffled(w.signals.manualHolds, seed + 10),
            identities: shuffled(w.signals.identities ?? [], seed + 11),
          },
        };
        expect(await plan(reordered)).toEqual(await plan(w));
      }),
      { numRuns: 60 },
    );
  });
});
