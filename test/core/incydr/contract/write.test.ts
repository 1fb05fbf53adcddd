import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../../../core/src/incydr/paging.js';
import { LegalHoldRefusalError } from '../../../../core/src/incydr/errors.js';
import { sorted, startTenant, type Tenant } from './support.js';

let t: Tenant;
beforeAll(async () => {
  t = await startTenant();
});
afterAll(async () => {
  await t?.sandbox.close();
});

/** Users protected by an active membership in an active matter, per the generated tenant. */
function heldUserIds(): Set<string> {
  const activeMatters = new Set(t.world.tenant.matters.filter((m) => m.active).map((m) => m.matterId));
  return new Set(t.world.tenant.custodianships.filter((c) => c.membershipActive && activeMatters.has(c.matterId)).map((c) => c.userId));
}

describe('users: activation (contract)', () => {
  it('deactivates and reactivates a user; repeating either is harmless', async () => {
    const held = heldUserIds();
    const user = t.world.tenant.users.find((u) => u.active && !held.has(u.userId))!;
    await t.client.users.deactivate(user.userId);
    await t.client.users.deactivate(user.userId);
    expect((await t.client.users.get(user.userId)).active).toBe(false);
    await t.client.users.activate(user.userId);
    await t.client.users.activate(user.userId);
    expect((await t.client.users.get(user.userId)).active).toBe(true);
  });

  it('surfaces the legal-hold refusal as a LegalHoldRefusalError and changes nothing', async () => {
    const userId = [...heldUserIds()].find((id) => t.world.tenant.users.find((u) => u.userId === id)?.active)!;
    const error = await t.client.users.deactivate(userId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LegalHoldRefusalError);
    expect((error as LegalHoldRefusalError).status).toBe(400);
    expect((error as LegalHoldRefusalError).message).toMatch(/^users.deactivate \(POST \/v1\/users\/.+\/deactivate\) refused: the user is a custodian of an active legal hold/);
    expect((await t.client.users.get(userId)).active).toBe(true);
  });

  it('replaces and reads back roles', async () => {
    const user = t.world.tenant.users[10]!;
    await t.client.users.setRoles(user.userId, ['desktop-user', 'insider-risk-analyst']);
    expect(sorted((await t.client.users.roles(user.userId)).roles.map((r) => r.roleId))).toEqual(['desktop-user', 'insider-risk-analyst']);
    await expect(t.client.users.setRoles(user.userId, ['no-such-role'])).rejects.toThrow(/users.setRoles .*HTTP 400.*Unknown role id/);
  });
});

describe('agents: batches (contract)', () => {
  it('deactivates in batches, reporting unknown ids and legal-hold refusals per id', async () => {
    const held = heldUserIds();
    const free = t.world.tenant.agents.filter((a) => a.active && !held.has(a.userId)).slice(0, 60).map((a) => a.agentId);
    const protectedAgent = t.world.tenant.agents.find((a) => a.active && held.has(a.userId))!.agentId;
    const ids = [...free.slice(0, 30), 'ghost-1', protectedAgent, ...free.slice(30), 'ghost-2'];
    const outcomes = await t.client.agents.deactivate(ids);
    const byStatus = (status: string) => outcomes.filter((o) => o.status === status).map((o) => o.agentId);
    expect(sorted(byStatus('done'))).toEqual(sorted(free));
    expect(sorted(byStatus('not-found'))).toEqual(['ghost-1', 'ghost-2']);
    expect(byStatus('legal-hold')).toEqual([protectedAgent]);
    expect((await t.client.agents.get(protectedAgent)).active).toBe(true);
    const stillActive = new Set((await t.client.agents.list({ active: true })).map((a) => a.agentId));
    expect(free.some((id) => stillActive.has(id))).toBe(false);

    // Idempotent: running it again reports the same, and reactivation restores every agent.
    expect((await t.client.agents.deactivate(free)).every((o) => o.status === 'done')).toBe(true);
    expect((await t.client.agents.activate(free)).every((o) => o.status === 'done')).toBe(true);
    const nowActive = new Set((await t.client.agents.list({ active: true })).map((a) => a.agentId));
    expect(free.every((id) => nowActive.has(id))).toBe(true);
  });

  it('updates an agent name and external reference', async () => {
    const agent = t.world.tenant.agents[2]!;
    await t.client.agents.update(agent.agentId, { name: 'renamed-by-contract-test', externalReference: 'ticket-42' });
    const after = await t.client.agents.get(agent.agentId);
    expect(after.name).toBe('renamed-by-contract-test');
    expect(after.externalReference).toBe('ticket-42');
    await expect(t.client.agents.update('ghost-agent', { name: 'x' })).rejects.toThrow("agent 'ghost-agent' was not found");
  });
});

describe('cases (contract)', () => {
  it('creates, reads and updates a case, which then shows in the list', async () => {
    const subject = t.world.tenant.users[20]!;
    const created = await t.client.cases.create({ name: 'Departure review', subject: subject.userId, description: 'Opened by a contract test' });
    expect(created.number).toBeGreaterThan(0);
    const read = await t.client.cases.get(created.number);
    expect(read.name).toBe('Departure review');
    expect(read.subject).toBe(subject.userId);
    const updated = await t.client.cases.update(created.number, { name: 'Departure review', status: 'CLOSED', findings: 'nothing found' });
    expect(updated.status).toBe('CLOSED');
    const closed = await t.client.cases.list({ status: 'CLOSED' });
    expect(closed.map((c) => c.number)).toContain(created.number);
  });
});

describe('legal hold custodians (contract)', () => {
  it('adds and removes a custodian; once removed, the user can be deactivated', async () => {
    const matter = t.world.tenant.matters.find((m) => m.active)!;
    const held = heldUserIds();
    const user = t.world.tenant.users.find((u) => u.active && !held.has(u.userId) && u.userId !== t.world.tenant.users[20]!.userId)!;
    const added = await t.client.legalHold.addCustodian(matter.matterId, user.userId);
    expect(added.membershipActive).toBe(true);
    expect(added.matter.matterId).toBe(matter.matterId);
    expect((await t.client.legalHold.listCustodians(matter.matterId)).map((c) => c.userId)).toContain(user.userId);
    await expect(t.client.users.deactivate(user.userId)).rejects.toBeInstanceOf(LegalHoldRefusalError);

    await t.client.legalHold.removeCustodian(matter.matterId, user.userId);
    const memberships = await t.client.legalHold.listMemberships(user.userId);
    expect(memberships.find((m) => m.matterId === matter.matterId)?.membershipActive).toBe(false);
    await t.client.users.deactivate(user.userId);
    expect((await t.client.users.get(user.userId)).active).toBe(false);
    await t.client.users.activate(user.userId);
  });
});

describe('watchlists: included actors (contract)', () => {
  it('adds more than 100 actors in chunks and removes them again', async () => {
    const list = t.world.tenant.watchlists[0]!;
    const already = new Set(list.includedActors.map((a) => a.actorId));
    const newcomers = t.world.tenant.actors.map((a) => a.actorId).filter((id) => !already.has(id)).slice(0, 105);
    expect(newcomers.length).toBe(105);
    await t.client.watchlists.addIncludedActors(list.watchlistId, newcomers);
    const included = await collect(t.client.watchlists.iterateIncludedActors(list.watchlistId));
    expect(included.length).toBe(already.size + newcomers.length);
    await t.client.watchlists.removeIncludedActors(list.watchlistId, newcomers);
    expect(sorted((await t.client.watchlists.listMembers(list.watchlistId)).map((m) => m.actorId))).toEqual(sorted(already));
  });
});

describe('audit log (contract)', () => {
  it('records the mutations above: search pages from 0 and agrees with count', async () => {
    const all = await collect(t.client.auditLog.iterate({}, { pageSize: 5 }));
    expect(all.length).toBeGreaterThan(5);
    expect(await t.client.auditLog.count()).toBe(all.length);
    const deactivations = await t.client.auditLog.search({ eventTypes: ['user_deactivated'] });
    expect(deactivations.length).toBeGreaterThanOrEqual(2);
    expect(await t.client.auditLog.count({ eventTypes: ['user_deactivated'] })).toBe(deactivations.length);
    const future = await t.client.auditLog.search({ startTime: new Date(Date.now() + 86_400_000) });
    expect(future).toEqual([]);
  });
});
