import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../../core/src/incydr/paging.js';
import { IncydrApiError } from '../../../../core/src/incydr/errors.js';
import { AGENT_HEALTH_ISSUE_TYPES } from '../../../../core/src/incydr/types.js';
import { admin, sorted, startTenant, type Tenant } from './support.js';

let t: Tenant;
beforeAll(async () => {
  t = await startTenant();
});
afterAll(async () => {
  await t?.sandbox.close();
});

async function requestCounts(): Promise<Record<string, { arrived: number }>> {
  return ((await admin(t.sandbox, 'GET', '/requests')) as { requests: Record<string, { arrived: number }> }).requests;
}

describe('users (contract)', () => {
  it('pages to the last page and stops without an empty extra request', async () => {
    await admin(t.sandbox, 'DELETE', '/requests');
    const users = await collect(t.client.users.iterate({}, { pageSize: 7 }));
    expect(sorted(users.map((u) => u.userId))).toEqual(sorted(t.world.tenant.users.map((u) => u.userId)));
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    expect((await requestCounts())['GET /v1/users']?.arrived).toBe(Math.ceil(t.world.tenant.users.length / 7));
  });

  it('filters on active, blocked and username', async () => {
    const inactive = await t.client.users.list({ active: false });
    expect(sorted(inactive.map((u) => u.userId))).toEqual(sorted(t.world.tenant.users.filter((u) => !u.active).map((u) => u.userId)));
    const blocked = await t.client.users.list({ blocked: true });
    expect(sorted(blocked.map((u) => u.userId))).toEqual(sorted(t.world.tenant.users.filter((u) => u.blocked).map((u) => u.userId)));
    const someone = t.world.tenant.users[5]!;
    expect((await t.client.users.list({ username: someone.username })).map((u) => u.userId)).toEqual([someone.userId]);
  });

  it('gets one user, their devices, their roles, and the role catalogue', async () => {
    const owner = t.world.tenant.agents[0]!.userId;
    expect((await t.client.users.get(owner)).userId).toBe(owner);
    const devices = await collect(t.client.users.iterateDevices(owner));
    expect(sorted(devices.map((d) => d.deviceId))).toEqual(sorted(t.world.tenant.agents.filter((a) => a.userId === owner).map((a) => a.agentId)));
    const agents = await collect(t.client.users.iterateAgents(owner));
    expect(sorted(agents.map((a) => a.agentId))).toEqual(sorted(devices.map((d) => d.deviceId)));
    const roles = await t.client.users.roles(owner);
    const expected = t.world.tenant.userRoles.find((r) => r.userId === owner)?.roleIds ?? [];
    expect(sorted(roles.roles.map((r) => r.roleId))).toEqual(sorted(expected));
    expect((await t.client.users.allRoles()).map((r) => r.roleId)).toEqual(t.world.tenant.roles.map((r) => r.roleId));
  });

  it('a 404 names the missing user', async () => {
    const error = (await t.client.users.get('no-such-user').catch((e: unknown) => e)) as IncydrApiError;
    expect(error).toBeInstanceOf(IncydrApiError);
    expect(error.status).toBe(404);
    expect(error.message).toContain("user 'no-such-user' was not found");
    expect(error.message).toContain('users.get (GET /v1/users/no-such-user)');
  });
});

describe('agents (contract)', () => {
  const all = () => t.world.tenant.agents;

  it('pages every agent, sequentially and with pages fetched ahead, in the same order', async () => {
    const sequential = await collect(t.client.agents.iterate({}, { pageSize: 25 }));
    const ahead = await collect(t.client.agents.iterate({}, { pageSize: 25, prefetch: 4 }));
    expect(sequential.length).toBe(all().length);
    expect(ahead.map((a) => a.agentId)).toEqual(sequential.map((a) => a.agentId));
  });

  it('filters on each health issue type, agentHealthy, and matches the ground truth', async () => {
    for (const issue of AGENT_HEALTH_ISSUE_TYPES) {
      const found = await t.client.agents.list({ anyOfAgentHealthIssueTypes: [issue] });
      expect(sorted(found.map((a) => a.agentId)), issue).toEqual(sorted(t.world.truth.agentsByHealthIssue[issue]));
    }
    const unhealthy = await t.client.agents.list({ agentHealthy: false });
    expect(sorted(unhealthy.map((a) => a.agentId))).toEqual(sorted(all().filter((a) => a.agentHealthIssueTypes.length > 0).map((a) => a.agentId)));
    const either = await t.client.agents.list({ anyOfAgentHealthIssueTypes: ['NOT_CONNECTING', 'SECURITY_INGEST_REJECTED'] });
    const union = new Set([...t.world.truth.agentsByHealthIssue.NOT_CONNECTING, ...t.world.truth.agentsByHealthIssue.SECURITY_INGEST_REJECTED]);
    expect(sorted(either.map((a) => a.agentId))).toEqual(sorted(union));
  });

  it('finds the stale agents: active and not connected in the last 30 days', async () => {
    const stale = await t.client.agents.list({ active: true, notConnectedInLastDays: 30 });
    expect(sorted(stale.map((a) => a.agentId))).toEqual(sorted(t.world.truth.staleAgents.map((a) => a.agentId)));
  });

  it('connected-in and not-connected-in the last N days split the fleet', async () => {
    const recent = await t.client.agents.list({ connectedInLastDays: 7 });
    const silent = await t.client.agents.list({ notConnectedInLastDays: 7 });
    const ids = new Set([...recent, ...silent].map((a) => a.agentId));
    expect(recent.length + silent.length).toBe(all().length);
    expect(ids.size).toBe(all().length);
    expect(recent.length).toBeGreaterThan(0);
    expect(silent.length).toBeGreaterThan(0);
  });

  it('filters on active, userId, agentType, OS type and serial number', async () => {
    const sample = all()[3]!;
    const cases: [Parameters<typeof t.client.agents.list>[0], (a: (typeof all extends () => infer R ? R : never)[number]) => boolean][] = [
      [{ active: false }, (a) => !a.active],
      [{ userId: sample.userId }, (a) => a.userId === sample.userId],
      [{ agentType: sample.agentType }, (a) => a.agentType === sample.agentType],
      [{ anyOfAgentOsTypes: ['MAC'] }, (a) => a.osName === 'Mac'],
      [{ serialNumber: sample.serialNumber ?? 'none' }, (a) => a.serialNumber === sample.serialNumber],
    ];
    for (const [filters, keep] of cases) {
      const found = await t.client.agents.list(filters);
      expect(sorted(found.map((a) => a.agentId)), JSON.stringify(filters)).toEqual(sorted(all().filter(keep).map((a) => a.agentId)));
    }
  });

  it('sorts by the requested key and direction', async () => {
    // Collation is the server's business; the contract is that DESC is exactly ASC reversed, across pages.
    const asc = await t.client.agents.list({ srtKey: 'OS_HOSTNAME', srtDir: 'ASC' }, { pageSize: 40 });
    const desc = await t.client.agents.list({ srtKey: 'OS_HOSTNAME', srtDir: 'DESC' }, { pageSize: 40 });
    expect(desc.map((a) => a.agentId)).toEqual(asc.map((a) => a.agentId).reverse());
    expect(asc[0]!.osHostname.localeCompare(asc.at(-1)!.osHostname, 'en', { sensitivity: 'base' })).toBeLessThan(0);
  });

  it('gets one agent; a 404 names the missing agent', async () => {
    const sample = all()[0]!;
    expect(await t.client.agents.get(sample.agentId)).toEqual(sample);
    await expect(t.client.agents.get('ghost-agent')).rejects.toThrow("agent 'ghost-agent' was not found (HTTP 404)");
  });
});

describe('devices (contract)', () => {
  it('lists every device across pages, filters on active, and gets one', async () => {
    const devices = await collect(t.client.devices.iterate({}, { pageSize: 40 }));
    expect(devices.length).toBe(t.world.tenant.agents.length);
    const active = await t.client.devices.list({ active: true });
    expect(active.length).toBe(t.world.tenant.agents.filter((a) => a.active).length);
    const one = devices[7]!;
    expect((await t.client.devices.get(one.deviceId)).deviceId).toBe(one.deviceId);
    await expect(t.client.devices.get('ghost-device')).rejects.toThrow("device 'ghost-device' was not found");
  });
});

describe('cases (contract)', () => {
  it('lists by status with pgNum/pgSize paging, gets one with its file events', async () => {
    const cases = t.world.tenant.cases;
    for (const status of ['OPEN', 'CLOSED', 'ARCHIVED'] as const) {
      const found = await collect(t.client.cases.iterate({ status }, { pageSize: 1 }));
      expect(found.map((c) => c.number).sort(), status).toEqual(cases.filter((c) => c.status === status).map((c) => c.number).sort());
    }
    const withEvents = t.world.tenant.caseFileEvents[0]!.caseNumber;
    const detail = await t.client.cases.get(withEvents);
    expect(detail.number).toBe(withEvents);
    expect(detail).toHaveProperty('description');
    const events = await collect(t.client.cases.iterateFileEvents(withEvents, { pageSize: 1 }));
    expect(sorted(events.map((e) => e.eventId))).toEqual(sorted(t.world.tenant.caseFileEvents.filter((l) => l.caseNumber === withEvents).map((l) => l.eventId)));
    await expect(t.client.cases.get(99_999)).rejects.toThrow("case '99999' was not found");
  });
});

describe('legal hold (contract)', () => {
  it('lists matters without a total count by paging until a short page, and filters on active', async () => {
    await admin(t.sandbox, 'DELETE', '/requests');
    const matters = await collect(t.client.legalHold.iterateMatters({}, { pageSize: 1 }));
    expect(sorted(matters.map((m) => m.matterId))).toEqual(sorted(t.world.tenant.matters.map((m) => m.matterId)));
    // Three matters at one per page: the fourth page comes back empty, which is how the end is found.
    expect((await requestCounts())['GET /v1/legal-hold/matters']?.arrived).toBe(t.world.tenant.matters.length + 1);
    const active = await t.client.legalHold.listMatters({ active: true });
    expect(active.every((m) => m.active)).toBe(true);
    expect(active.length).toBe(t.world.tenant.matters.filter((m) => m.active).length);
    const first = t.world.tenant.matters[0]!;
    expect((await t.client.legalHold.getMatter(first.matterId)).name).toBe(first.name);
  });

  it("lists a matter's custodians and a user's memberships", async () => {
    const matter = t.world.tenant.matters[0]!;
    const custodians = await collect(t.client.legalHold.iterateCustodians(matter.matterId, { pageSize: 2 }));
    expect(sorted(custodians.map((c) => c.userId))).toEqual(sorted(t.world.tenant.custodianships.filter((c) => c.matterId === matter.matterId).map((c) => c.userId)));
    const member = t.world.tenant.custodianships[0]!;
    const memberships = await t.client.legalHold.listMemberships(member.userId);
    expect(memberships.map((m) => m.matterId)).toContain(member.matterId);
    await expect(t.client.legalHold.getMatter('ghost-matter')).rejects.toThrow("legal hold matter 'ghost-matter' was not found");
  });
});

describe('watchlists, actors, departments (contract)', () => {
  it('lists watchlists, gets one, pages its members and included actors (page_size)', async () => {
    const lists = await t.client.watchlists.list();
    expect(sorted(lists.map((w) => w.watchlistId))).toEqual(sorted(t.world.tenant.watchlists.map((w) => w.watchlistId)));
    const biggest = [...t.world.tenant.watchlists].sort((a, b) => b.includedActors.length - a.includedActors.length)[0]!;
    expect((await t.client.watchlists.get(biggest.watchlistId)).listType).toBe(biggest.listType);
    const members = await collect(t.client.watchlists.iterateMembers(biggest.watchlistId, { pageSize: 2 }));
    expect(sorted(members.map((m) => m.actorId))).toEqual(sorted(biggest.includedActors.map((a) => a.actorId)));
    const included = await collect(t.client.watchlists.iterateIncludedActors(biggest.watchlistId, { pageSize: 2 }));
    expect(included.length).toBe(biggest.includedActors.length);
    const member = biggest.includedActors[0]!.actorId;
    expect((await t.client.watchlists.getMember(biggest.watchlistId, member)).actorId).toBe(member);
    const ofActor = await t.client.watchlists.list({ actorId: member });
    expect(ofActor.map((w) => w.watchlistId)).toContain(biggest.watchlistId);
  });

  it('searches actors (no total: stops on a short page), looks them up by id, name and family', async () => {
    const actors = await collect(t.client.actors.iterate({}, { pageSize: 30 }));
    expect(actors.length).toBeGreaterThan(0);
    expect(new Set(actors.map((a) => a.actorId)).size).toBe(actors.length);
    const one = t.world.tenant.actors.find((a) => a.parentActorId === null)!;
    expect((await t.client.actors.byId(one.actorId)).name).toBe(one.name);
    expect((await t.client.actors.byName(one.name)).actorId).toBe(one.actorId);
    const family = await t.client.actors.family({ actorId: one.actorId });
    expect(family.parent.actorId).toBe(one.actorId);
    const child = t.world.tenant.actors.find((a) => a.parentActorId !== null);
    expect(child, 'the generated tenant has child actors (aliases)').toBeDefined();
    const viaChild = await t.client.actors.family({ name: child!.name });
    expect(viaChild.parent.actorId).toBe(child!.parentActorId);
    expect(viaChild.children.map((c) => c.actorId)).toContain(child!.actorId);
    const parents = await t.client.actors.search({ nameStartsWith: child!.name.slice(0, 4), preferParent: true });
    expect(parents.map((a) => a.actorId)).not.toContain(child!.actorId);
    const prefix = one.name.slice(0, 3);
    const matching = await t.client.actors.search({ nameStartsWith: prefix });
    expect(matching.every((a) => a.name.toLowerCase().startsWith(prefix.toLowerCase()))).toBe(true);
    await expect(t.client.actors.byId('ghost-actor')).rejects.toThrow("actor 'ghost-actor' was not found");
  });

  it('lists departments with page_size paging', async () => {
    const departments = await collect(t.client.departments.iterate({}, { pageSize: 5 }));
    expect(sorted(departments)).toEqual(sorted(t.world.tenant.departments));
  });
});

describe('file events (contract)', () => {
  it('pages with pgToken to the end', async () => {
    const query = { groupClause: 'AND' as const, groups: [], srtDir: 'asc' as const, srtKey: 'event.id', pgSize: 17 };
    const events = await collect(t.client.fileEvents.iterate(query));
    expect(sorted(events.map((e) => e.event.id))).toEqual(sorted(t.world.tenant.fileEvents.map((e) => e.event.id)));
  });

  it('latestEventFor finds the newest event of a device, a user id and a username', async () => {
    const sample = t.world.tenant.fileEvents[0]!;
    const newestOf = (keep: (e: typeof sample) => boolean) =>
      t.world.tenant.fileEvents.filter(keep).reduce((best, e) => (e['@timestamp'] > best['@timestamp'] ? e : best));
    const byDevice = await t.client.fileEvents.latestEventFor({ deviceId: sample.user.deviceUid, within: 'P3650D' });
    expect(byDevice?.['@timestamp']).toBe(newestOf((e) => e.user.deviceUid === sample.user.deviceUid)['@timestamp']);
    const byUser = await t.client.fileEvents.latestEventFor({ userId: sample.user.id, within: 'P3650D' });
    expect(byUser?.['@timestamp']).toBe(newestOf((e) => e.user.id === sample.user.id)['@timestamp']);
    const byName = await t.client.fileEvents.latestEventFor({ username: sample.user.email, within: 'P3650D' });
    expect(byName?.user.email).toBe(sample.user.email);
    expect(await t.client.fileEvents.latestEventFor({ deviceId: 'no-such-device', within: 'P30D' })).toBeNull();
  });
});
