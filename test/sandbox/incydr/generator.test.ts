import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AGENT_RELEASES, generateWorld } from '../../../sandbox/incydr/generator.js';
import { NOW } from './helpers.js';

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('generateWorld', () => {
  it('is byte-identical for the same seed and options, and differs for another seed', () => {
    const a = sha(generateWorld({ seed: 11, users: 150, now: NOW }));
    const b = sha(generateWorld({ seed: 11, users: 150, now: NOW }));
    const c = sha(generateWorld({ seed: 12, users: 150, now: NOW }));
    const d = sha(generateWorld({ seed: 'eleven', users: 150, now: NOW }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
  });

  it('derives every date from "now", not from the wall clock', () => {
    const early = generateWorld({ seed: 3, users: 40, now: '2020-01-01T00:00:00.000Z' });
    const latest = Math.max(...early.tenant.agents.map((a) => Date.parse(a.lastConnected ?? a.creationDate)));
    expect(latest).toBeLessThanOrEqual(Date.parse('2020-01-01T00:00:00.000Z'));
    expect(early.truth.now).toBe('2020-01-01T00:00:00.000Z');
  });

  it.each([1, 5, 20, 500])('creates exactly %i Incydr users, each with an actor and a persona', (users) => {
    const w = generateWorld({ seed: 5, users, now: NOW });
    expect(w.tenant.users).toHaveLength(users);
    expect(w.tenant.userActors).toHaveLength(users);
    const personaUserIds = w.personas.map((p) => p.incydrUserId).filter((id) => id !== null);
    expect(new Set(personaUserIds)).toEqual(new Set(w.tenant.users.map((u) => u.userId)));
  });

  it('refuses impossible sizes and dates with a clear message', () => {
    expect(() => generateWorld({ seed: 1, users: 0, now: NOW })).toThrow(/"users" must be a whole number/);
    expect(() => generateWorld({ seed: 1, users: 1.5, now: NOW })).toThrow(/"users"/);
    expect(() => generateWorld({ seed: 1, users: 10, now: 'yesterday' })).toThrow(/"now" is not a valid date/);
  });

  describe('a 2,000-user world', () => {
    const w = generateWorld({ seed: 21, users: 2000, now: NOW });
    const nowMs = Date.parse(NOW);
    const share = (n: number) => n / w.tenant.users.length;

    it('has about 1.5 agents per user', () => {
      expect(w.tenant.agents.length / w.tenant.users.length).toBeGreaterThan(1.3);
      expect(w.tenant.agents.length / w.tenant.users.length).toBeLessThan(1.7);
    });

    it('mixes agent versions: current, the two previous, and unsupported older ones', () => {
      const { current, previous, unsupported } = w.truth.agentsByVersionClass;
      const total = w.tenant.agents.length;
      expect(current.length / total).toBeGreaterThan(0.5);
      expect(previous.length / total).toBeGreaterThan(0.15);
      expect(unsupported.length / total).toBeGreaterThan(0.08);
      const byId = new Map(w.tenant.agents.map((a) => [a.agentId, a]));
      for (const agentId of unsupported.slice(0, 50)) {
        const agent = byId.get(agentId)!;
        const release = AGENT_RELEASES.find((r) => r.agentType === agent.agentType)!;
        expect(release.supported).not.toContain(agent.productVersion);
        expect(release.unsupported).toContain(agent.productVersion);
        expect(agent.appVersion.startsWith(`${agent.productVersion}.`)).toBe(true);
      }
    });

    it('spreads last-connected from minutes to years ago', () => {
      const ages = w.tenant.agents.filter((a) => a.lastConnected).map((a) => (nowMs - Date.parse(a.lastConnected!)) / 3_600_000);
      expect(ages.some((h) => h < 1)).toBe(true);
      expect(ages.some((h) => h > 24 * 30 && h < 24 * 365)).toBe(true);
      expect(ages.some((h) => h > 24 * 365)).toBe(true);
    });

    it('has every health issue, and macOS permission issues only on Macs', () => {
      for (const [issue, agentIds] of Object.entries(w.truth.agentsByHealthIssue)) {
        expect(agentIds.length, issue).toBeGreaterThan(0);
      }
      const byId = new Map(w.tenant.agents.map((a) => [a.agentId, a]));
      for (const issue of ['MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS', 'MISSING_MACOS_PERMISSION_ACCESSIBILITY'] as const) {
        for (const agentId of w.truth.agentsByHealthIssue[issue]) expect(byId.get(agentId)!.osName).toBe('Mac');
      }
    });

    it('has departed people still active in Incydr, with end dates on their actors and some live agents', () => {
      expect(share(w.truth.departedActiveUsers.length)).toBeGreaterThan(0.03);
      const users = new Map(w.tenant.users.map((u) => [u.userId, u]));
      const actorOf = new Map(w.tenant.userActors.map((l) => [l.userId, l.actorId]));
      const actors = new Map(w.tenant.actors.map((a) => [a.actorId, a]));
      for (const d of w.truth.departedActiveUsers) {
        expect(users.get(d.userId)!.active).toBe(true);
        expect(Date.parse(d.terminationDate)).toBeLessThan(nowMs);
        expect(actors.get(actorOf.get(d.userId)!)!.endDate).toBe(d.terminationDate);
      }
      expect(w.truth.departedActiveUsers.filter((d) => d.activeAgentIds.length > 0).length).toBeGreaterThan(10);
    });

    it('has people on leave and future departures', () => {
      expect(w.truth.onLeaveUsers.length).toBeGreaterThan(10);
      expect(w.truth.futureDepartures.length).toBeGreaterThan(5);
      for (const f of w.truth.futureDepartures) expect(Date.parse(f.terminationDate)).toBeGreaterThan(nowMs);
    });

    it('gives non-human accounts no devices and no HR record', () => {
      const nonHuman = w.personas.filter((p) => p.kind !== 'human');
      expect(new Set(nonHuman.map((p) => p.kind))).toEqual(new Set(['service', 'admin', 'analyst']));
      const deviceless = new Set(w.truth.usersWithoutDevices);
      for (const p of nonHuman) {
        expect(p.inHr).toBe(false);
        expect(p.employeeId).toBeNull();
        expect(deviceless.has(p.incydrUserId!)).toBe(true);
      }
    });

    it('gives some users several devices where an old one is stale', () => {
      const stale = new Set(w.truth.staleAgents.map((s) => s.agentId));
      const byUser = new Map<string, string[]>();
      for (const a of w.tenant.agents) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a.agentId]);
      const mixed = [...byUser.values()].filter((ids) => ids.length > 1 && ids.some((id) => stale.has(id)) && ids.some((id) => !stale.has(id)));
      expect(mixed.length).toBeGreaterThan(50);
    });

    it('has active and inactive matters, inactive memberships, and open, closed and archived cases', () => {
      expect(new Set(w.tenant.matters.map((m) => m.active))).toEqual(new Set([true, false]));
      expect(w.tenant.custodianships.some((c) => !c.membershipActive)).toBe(true);
      expect(new Set(w.tenant.cases.map((c) => c.status))).toEqual(new Set(['OPEN', 'CLOSED', 'ARCHIVED']));
      const departed = new Set(w.truth.departedActiveUsers.map((d) => d.userId));
      expect(w.tenant.cases.some((c) => c.subject !== null && departed.has(c.subject))).toBe(true);
    });

    it('keeps a departing-employee watchlist and another one', () => {
      expect(w.tenant.watchlists.map((l) => l.listType)).toEqual(['DEPARTING_EMPLOYEE', 'HIGH_IMPACT_EMPLOYEE']);
      expect(w.truth.watchlistMembers.every((m) => m.actorIds.length > 0)).toBe(true);
    });
  });

  describe('identity-matching pitfalls', () => {
    const w = generateWorld({ seed: 8, users: 30, now: NOW });
    const humans = w.personas.filter((p) => p.kind === 'human');

    it('has an Incydr username differing from the HR e-mail only in case', () => {
      const p = humans.find((h) => h.incydrUsername !== null && h.incydrUsername !== h.workEmail && h.incydrUsername.toLowerCase() === h.workEmail);
      expect(p).toBeDefined();
    });

    it('has a name change whose old address is an alias and still the Incydr username', () => {
      const p = humans.find((h) => h.previousLastName !== null)!;
      expect(p.aliases).toContain(p.incydrUsername);
      expect(p.workEmail).not.toBe(p.incydrUsername);
    });

    it('has a rehire pointing at an earlier, terminated employment without its own Incydr user', () => {
      const rehire = humans.find((h) => h.rehireOf !== null)!;
      const earlier = w.personas.find((p) => p.personaId === rehire.rehireOf)!;
      expect(earlier.status).toBe('terminated');
      expect(earlier.incydrUserId).toBeNull();
      expect(earlier.workEmail).toBe(rehire.workEmail);
      expect(rehire.incydrUserId).not.toBeNull();
    });

    it('has contractors, HR-only people and Incydr-only people', () => {
      expect(humans.some((h) => h.employmentType === 'contractor' && h.inHr)).toBe(true);
      expect(humans.some((h) => h.incydrUserId === null && h.inHr && h.rehireOf === null && h.status !== 'terminated')).toBe(true);
      expect(humans.some((h) => !h.inHr && h.incydrUserId !== null)).toBe(true);
    });

    it('has two people sharing one alias (deliberately ambiguous)', () => {
      const counts = new Map<string, number>();
      for (const h of humans) for (const a of h.aliases) counts.set(a, (counts.get(a) ?? 0) + 1);
      expect([...counts.values()].some((n) => n >= 2)).toBe(true);
    });

    it('fills manager links that point at real personas', () => {
      const ids = new Set(w.personas.map((p) => p.personaId));
      const managed = humans.filter((h) => h.managerPersonaId !== null);
      expect(managed.length).toBeGreaterThan(0);
      for (const h of managed) expect(ids.has(h.managerPersonaId!)).toBe(true);
    });
  });
});
