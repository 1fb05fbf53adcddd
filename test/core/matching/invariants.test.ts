/**
 * Properties of the matcher over random small worlds full of collisions (shared addresses, aliases, employee ids,
 * case and Unicode variants): whatever the input, every HR record lands in exactly one outcome, no user is matched
 * twice, every user is accounted for, and every match is backed by a key both sides really share.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchIdentities } from '../../../core/src/matching/match.js';
import { normalizeEmployeeId, normalizeIdentityKey } from '../../../core/src/matching/normalize.js';
import { actor, person, user } from './people.js';

const NAMES = ['ana', 'ben', 'cy', 'dee', 'svc-x'];
const address = fc
  .tuple(fc.constantFrom(...NAMES), fc.constantFrom('acme.example', 'ACME.example', 'old.example'))
  .map(([local, domain]) => `${local}@${domain}`);

const world = fc.record({
  people: fc.array(
    fc.record({
      workEmail: fc.option(address, { nil: null }),
      otherEmails: fc.array(address, { maxLength: 2 }),
      employeeId: fc.option(fc.constantFrom('E1', 'E2', 'e1'), { nil: null }),
      firstName: fc.constantFrom('Sam', 'Ana'),
      status: fc.constantFrom('active', 'terminated', 'leave') as fc.Arbitrary<'active' | 'terminated' | 'leave'>,
      startDate: fc.option(fc.constantFrom('2019-01-01', '2024-01-01'), { nil: null }),
    }),
    { maxLength: 6 },
  ),
  users: fc.uniqueArray(address, { maxLength: 6, selector: (a) => a.toLowerCase() }),
  alternates: fc.array(fc.array(address, { maxLength: 2 }), { maxLength: 6 }),
  employeeIds: fc.array(fc.option(fc.constantFrom('E1', 'E2'), { nil: null }), { maxLength: 6 }),
});

describe('matcher invariants (property)', () => {
  it('accounts for every record and every user exactly once, and only matches on shared keys', () => {
    fc.assert(
      fc.property(world, (w) => {
        const people = w.people.map((p, i) => person({ ...p, sourceId: `P${i}`, lastName: 'Park', terminationDate: p.status === 'terminated' ? '2023-01-01' : null }));
        const users = w.users.map((name, i) => user(name, `u${i}`));
        const actors = users.map((u, i) => actor(u.username, { actorId: `a${i}`, alternateNames: w.alternates[i] ?? [] }));
        const employeeIdsByUserId = new Map<string, string>();
        users.forEach((u, i) => {
          const id = w.employeeIds[i];
          if (id) employeeIdsByUserId.set(u.userId, id);
        });
        const report = matchIdentities({ people, users, actors, employeeIdsByUserId, allowlist: ['svc-*@*'] });

        const outcomeCount = new Map<string, number>();
        const bump = (id: string) => outcomeCount.set(id, (outcomeCount.get(id) ?? 0) + 1);
        report.matched.forEach((m) => bump(m.person.sourceId));
        new Set(report.ambiguous.map((a) => a.person.sourceId)).forEach(bump);
        report.hrOnly.forEach((p) => bump(p.sourceId));
        (report.superseded ?? []).forEach((s) => bump(s.person.sourceId));
        for (const p of people) expect(outcomeCount.get(p.sourceId), p.sourceId).toBe(1);

        const matchedUsers = report.matched.map((m) => m.identity.userId);
        expect(new Set(matchedUsers).size).toBe(matchedUsers.length);
        const candidates = new Set(report.ambiguous.flatMap((a) => a.candidates.map((c) => c.identity.userId)));
        const orphans = report.incydrOnly.map((u) => u.userId);
        for (const u of users) {
          const seen = (matchedUsers.includes(u.userId) ? 1 : 0) + (orphans.includes(u.userId) ? 1 : 0);
          expect(seen + (candidates.has(u.userId) && seen === 0 ? 1 : 0), u.username).toBe(1);
          expect(report.incydrOnly.find((o) => o.userId === u.userId)?.allowlisted ?? false).toBe(u.username.toLowerCase().startsWith('svc-'));
        }

        for (const m of report.matched) {
          const u = users.find((x) => x.userId === m.identity.userId)!;
          const a = actors.find((x) => x.name === u.username)!;
          const personKeys = [m.person.workEmail, ...m.person.otherEmails].map(normalizeIdentityKey);
          const userKeys =
            m.method === 'employee-id'
              ? [normalizeEmployeeId(employeeIdsByUserId.get(u.userId))]
              : m.method === 'actor-alternate-name'
                ? a.alternateNames.map(normalizeIdentityKey)
                : [normalizeIdentityKey(u.username)];
          const shared = m.method === 'employee-id' ? normalizeEmployeeId(m.person.employeeId) === userKeys[0] : personKeys.some((k) => k !== null && userKeys.includes(k));
          expect(shared, `${m.method} ${m.key}`).toBe(true);
          expect(userKeys).toContain(m.key);
        }
      }),
      { numRuns: 400 },
    );
  });
});
