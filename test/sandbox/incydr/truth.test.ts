import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AgentsPage, CasesPage, User, WatchlistMembersPage } from '@incydr-health/core/incydr/types';
import { AGENT_HEALTH_ISSUE_TYPES } from '@incydr-health/core/incydr/types';
import { startApi, world, type Api } from './helpers.js';

/** The ground truth is recorded from the generator's decisions; here the served API must agree with it. */
describe('truth agrees with what the API serves', () => {
  const w = world(12, 600);
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ world: w });
  });
  afterAll(() => api.close());

  async function allAgents(query: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let page = 1; ; page++) {
      const body = await api.json<AgentsPage>(`/v1/agents?${query}&page=${page}&pageSize=500`);
      body.agents.forEach((a) => ids.add(a.agentId));
      if (body.agents.length < 500) return ids;
    }
  }

  it('every truth-stale agent, and only those, is active and not connected in the stale window', async () => {
    const served = await allAgents(`active=true&notConnectedInLastDays=${w.truth.staleAfterDays}`);
    expect(served).toEqual(new Set(w.truth.staleAgents.map((s) => s.agentId)));
    expect(served.size).toBeGreaterThan(20);
  });

  it('agents by health issue match the anyOfAgentHealthIssueTypes filter', async () => {
    for (const issue of AGENT_HEALTH_ISSUE_TYPES) {
      expect(await allAgents(`anyOfAgentHealthIssueTypes=${issue}`), issue).toEqual(new Set(w.truth.agentsByHealthIssue[issue]));
    }
  });

  it('every user protected by a legal hold is refused deactivation; every open-case reason is an open case served', async () => {
    const openCases = await api.json<CasesPage>('/v1/cases?status=OPEN&pgSize=500');
    for (const u of w.truth.users.filter((x) => x.protected)) {
      for (const reason of u.reasons) {
        if (reason.code === 'OPEN_CASE_SUBJECT') {
          expect(openCases.cases.some((c) => c.number === reason.evidence.caseNumber && c.subject === u.userId)).toBe(true);
        }
      }
      if (u.reasons.some((r) => r.code === 'LEGAL_HOLD_CUSTODIAN')) {
        const res = await api.post(`/v1/users/${u.userId}/deactivate`);
        expect(res.status, u.username).toBe(400);
        expect(await res.text()).toContain('ACTIVE_LEGAL_HOLD');
      }
    }
    const openSubjects = new Set(openCases.cases.map((c) => c.subject).filter((s) => s !== null));
    const truthCaseSubjects = new Set(w.truth.users.filter((u) => u.reasons.some((r) => r.code === 'OPEN_CASE_SUBJECT')).map((u) => u.userId));
    expect(truthCaseSubjects).toEqual(openSubjects);
  });

  it('departed-but-active users are active in Incydr with an end date on their actor, and own the listed active agents', async () => {
    expect(w.truth.departedActiveUsers.length).toBeGreaterThan(10);
    const actorOf = new Map(w.tenant.userActors.map((l) => [l.userId, l.actorId]));
    for (const d of w.truth.departedActiveUsers.slice(0, 15)) {
      expect((await api.json<User>(`/v1/users/${d.userId}`)).active).toBe(true);
      expect((await api.json<Actor>(`/v1/actors/actor/id/${actorOf.get(d.userId)}`)).endDate).toBe(d.terminationDate);
      expect(await allAgents(`userId=${d.userId}&active=true`)).toEqual(new Set(d.activeAgentIds));
    }
  });

  it('users without devices have no agents; watchlist members match the served members', async () => {
    for (const userId of w.truth.usersWithoutDevices.slice(0, 20)) {
      expect((await api.json<AgentsPage>(`/v1/agents?userId=${userId}`)).totalCount).toBe(0);
    }
    for (const m of w.truth.watchlistMembers) {
      const body = await api.json<WatchlistMembersPage>(`/v2/watchlists/${m.watchlistId}/members?page_size=500`);
      expect(body.watchlistMembers.map((x) => x.actorId)).toEqual(m.actorIds);
    }
  });

  it('truth users cover every Incydr user exactly once', () => {
    expect(w.truth.users.map((u) => u.userId)).toEqual(w.tenant.users.map((u) => u.userId));
    expect(w.truth.users.filter((u) => u.protected).every((u) => u.reasons.length > 0)).toBe(true);
  });
});
