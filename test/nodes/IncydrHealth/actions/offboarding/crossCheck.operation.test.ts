import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../../../sandbox/incydr/generator.js';
import { NOW, expectNodeOperationError, hrPeopleOf, jsons, refusal, runHealthNode, subjectsWith, type IDataObject } from '../../health-harness.js';

const world = generateWorld({ seed: 11, users: 120, now: NOW });
const { truth, tenant } = world;
const usersById = new Map(tenant.users.map((u) => [u.userId, u]));
const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

const parameters = (overrides: Record<string, unknown> = {}) => ({
  resource: 'offboarding',
  operation: 'crossCheck',
  hrPeople: hrPeopleOf(world),
  incydrUsers: tenant.users,
  incydrAgents: tenant.agents,
  crossCheckOptions: { asOf: NOW },
  ...overrides,
});

async function findings(overrides: Record<string, unknown> = {}, items?: IDataObject[]) {
  const { output } = await runHealthNode({ parameters: parameters(overrides), items });
  return { output, findings: jsons(output) };
}

describe('Incydr Health: Offboarding Cross-Check', () => {
  it("finds exactly the generator's departed-but-active users and their active agents", async () => {
    const { findings: all } = await findings();
    expect(truth.departedActiveUsers.length).toBeGreaterThan(0);
    expect(subjectsWith(all, 'TERMINATED_STILL_ACTIVE')).toEqual(
      sorted(truth.departedActiveUsers.filter((d) => usersById.get(d.userId)?.active).map((d) => d.userId)),
    );
    expect(subjectsWith(all, 'TERMINATED_ACTIVE_AGENT')).toEqual(sorted(truth.departedActiveUsers.flatMap((d) => d.activeAgentIds)));
    const deactivations = all.filter((f) => f.action === 'deactivate-user');
    expect(deactivations.every((f) => f.itemId === `deactivate-user:user:${(f.subject as IDataObject).id as string}`)).toBe(true);
  });

  it('keeps people on leave, proposes future leavers (as actors, when actors are given) for the watchlist, never deactivates either', async () => {
    const { findings: all } = await findings({ crossCheckOptions: { asOf: NOW, incydrActors: tenant.actors } });
    expect(subjectsWith(all, 'ON_LEAVE')).toEqual(sorted(truth.onLeaveUsers.map((u) => u.userId)));
    const actorOf = new Map(tenant.userActors.map((l) => [l.userId, l.actorId]));
    const watch = all.filter((f) => f.action === 'add-to-watchlist');
    expect(sorted(watch.map((f) => (f.subject as IDataObject).id as string))).toEqual(
      sorted(truth.futureDepartures.map((u) => actorOf.get(u.userId) ?? u.userId)),
    );
    const { findings: withoutActors } = await findings();
    const users = withoutActors.filter((f) => f.action === 'add-to-watchlist').map((f) => f.subject as IDataObject);
    expect(sorted(users.map((s) => s.id as string))).toEqual(sorted(truth.futureDepartures.map((u) => u.userId)));
    expect(users.every((s) => s.type === 'user')).toBe(true);
    const spared = new Set([...truth.onLeaveUsers, ...truth.futureDepartures].map((u) => u.userId));
    for (const f of all.filter((x) => x.action === 'deactivate-user' || x.action === 'deactivate-agent')) {
      const subject = f.subject as IDataObject;
      expect(spared.has((subject.ownerUserId as string | undefined) ?? (subject.id as string))).toBe(false);
    }
  });

  it('does not propose again someone already on the departing-employee watchlist', async () => {
    const actorOf = new Map(tenant.userActors.map((l) => [l.userId, l.actorId]));
    const leaver = actorOf.get(truth.futureDepartures[0]!.userId)!;
    const options = { asOf: NOW, incydrActors: tenant.actors };
    for (const departingWatchlist of [[{ actorId: leaver, actorname: 'x' }], leaver, JSON.stringify([leaver])]) {
      const { findings: all } = await findings({ crossCheckOptions: { ...options, departingWatchlist } });
      const mine = all.filter((f) => (f.subject as IDataObject).id === leaver);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ action: null, itemId: null, reasonCodes: ['DEPARTURE_SCHEDULED'] });
    }
    expectNodeOperationError(
      await refusal({ parameters: parameters({ crossCheckOptions: { ...options, departingWatchlist: [{ name: 'x' }] } }) }),
      /Departing Watchlist Members\[0\] must be an actor ID or an item with actorId, got an object/,
    );
  });

  it('with Propose Watchlist Removals, takes listed leavers whose grace period is over off the departing watchlist, and no one else', async () => {
    const actorOf = new Map(tenant.userActors.map((l) => [l.userId, l.actorId]));
    const departing = truth.watchlistMembers.find((w) => w.listType === 'DEPARTING_EMPLOYEE')!.actorIds;
    const departedListed = sorted(truth.departedActiveUsers.map((d) => actorOf.get(d.userId)!).filter((actorId) => departing.includes(actorId)));
    expect(departedListed.length).toBeGreaterThan(0);
    const options = { asOf: NOW, incydrActors: tenant.actors, departingWatchlist: departing, proposeWatchlistRemovals: true };
    const { findings: all } = await findings({ crossCheckOptions: options });
    const removals = all.filter((f) => f.action === 'remove-from-watchlist');
    expect(sorted(removals.map((f) => (f.subject as IDataObject).id as string))).toEqual(departedListed);
    expect(removals.every((f) => (f.reasonCodes as string[]).join() === 'DEPARTURE_GRACE_ENDED')).toBe(true);
    // A grace period longer than anyone has been gone proposes no removal at all.
    const { findings: patient } = await findings({ crossCheckOptions: { ...options, graceDays: 500 } });
    expect(patient.filter((f) => f.action === 'remove-from-watchlist')).toEqual([]);
    const { findings: off } = await findings({ crossCheckOptions: { ...options, proposeWatchlistRemovals: false } });
    expect(off.filter((f) => f.action === 'remove-from-watchlist')).toEqual([]);
    expectNodeOperationError(
      await refusal({ parameters: parameters({ crossCheckOptions: { asOf: NOW, proposeWatchlistRemovals: true } }) }),
      /Propose Watchlist Removals needs Departing Watchlist Members/,
    );
  });

  it('emits one item per finding with its reason codes, evidence and analysis name, paired with every input item', async () => {
    const { output } = await findings({}, [{ a: 1 }, { b: 2 }]);
    expect(output.length).toBeGreaterThan(0);
    for (const item of output) {
      expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
      expect(item.json.analysis).toBe('offboarding');
      const reasons = item.json.reasons as Array<{ code: string; message: string; evidence: IDataObject }>;
      expect(item.json.reasonCodes).toEqual(reasons.map((r) => r.code));
      for (const r of reasons) {
        expect(r.message.length).toBeGreaterThan(10);
        expect(Object.keys(r.evidence).length).toBeGreaterThan(0);
      }
    }
    const terminated = output.find((item) => (item.json.reasonCodes as string[]).includes('TERMINATED_STILL_ACTIVE'))!;
    expect((terminated.json.reasons as Array<{ evidence: IDataObject }>)[0]!.evidence).toMatchObject({ hrStatus: 'terminated', asOf: NOW.slice(0, 10) });
  });

  it('leaves kept findings out when asked, and an allowlisted account is never reported as missing from HR', async () => {
    const { findings: actionsOnly } = await findings({ crossCheckOptions: { asOf: NOW, includeKept: false } });
    expect(actionsOnly.length).toBeGreaterThan(0);
    expect(actionsOnly.every((f) => f.action !== null)).toBe(true);

    const noHr = world.personas.find((p) => !p.inHr && p.kind === 'human' && p.incydrUserId && usersById.get(p.incydrUserId)?.active)!;
    const { findings: before } = await findings();
    expect(subjectsWith(before, 'NO_HR_RECORD')).toContain(noHr.incydrUserId);
    const { findings: after } = await findings({ crossCheckOptions: { asOf: NOW, allowlist: `${noHr.incydrUsername!.toUpperCase()}, svc-*` } });
    expect(subjectsWith(after, 'NO_HR_RECORD')).not.toContain(noHr.incydrUserId);
    expect(subjectsWith(after, 'ALLOWLISTED_ACCOUNT')).toContain(noHr.incydrUserId);
  });

  it('grace days hold back a deactivation that is not yet due', async () => {
    const departed = truth.departedActiveUsers.find((d) => usersById.get(d.userId)?.active)!;
    const persona = world.personas.find((p) => p.personaId === departed.personaId)!;
    const lastDay = Date.parse(`${persona.lastWorkingDay ?? persona.terminationDate}T00:00:00Z`);
    const daysSince = Math.floor((Date.parse(NOW) - lastDay) / 86_400_000);
    const { findings: graced } = await findings({ crossCheckOptions: { asOf: NOW, graceDays: daysSince } });
    expect(subjectsWith(graced, 'TERMINATED_STILL_ACTIVE')).not.toContain(departed.userId);
    expect(subjectsWith(graced, 'TERMINATION_IN_GRACE')).toContain(departed.userId);
  });

  it('accepts the lists as JSON text', async () => {
    const { findings: fromText } = await findings({
      hrPeople: JSON.stringify(hrPeopleOf(world)),
      incydrUsers: JSON.stringify(tenant.users),
      incydrAgents: JSON.stringify(tenant.agents),
    });
    const { findings: fromLists } = await findings();
    expect(fromText).toEqual(fromLists);
  });

  it('refuses a list that is not one, or entries of the wrong shape, with a sentence naming the field', async () => {
    expectNodeOperationError(await refusal({ parameters: parameters({ incydrUsers: { users: [] } }) }), /Incydr Users must be a list, got an object/);
    expectNodeOperationError(await refusal({ parameters: parameters({ hrPeople: '' }) }), /HR People is empty/);
    expectNodeOperationError(await refusal({ parameters: parameters({ incydrAgents: '[{"agentId": 1' }) }), /Incydr Agents is not a list: the text is not valid JSON/);
    const error = await refusal({ parameters: parameters({ hrPeople: tenant.users }) });
    expectNodeOperationError(error, /HR People\[0\]\.source must be a string, got nothing/);
    expect(error).toHaveProperty('description', expect.stringContaining('pointing at the right node'));
    expectNodeOperationError(await refusal({ parameters: parameters({ crossCheckOptions: { graceDays: -1 } }) }), /Grace Days must be a whole number of at least 0, got the number -1/);
    expectNodeOperationError(await refusal({ parameters: parameters({ crossCheckOptions: { asOf: 'yesterday' } }) }), /As Of must be an ISO-8601 timestamp/);
    const badAllowlist = await refusal({ parameters: parameters({ crossCheckOptions: { allowlist: 'svc-*, /[unclosed/' } }) });
    expectNodeOperationError(badAllowlist, /allowlist entry 2 \("\/\[unclosed\/"\) is not a valid regular expression/);
    expect(badAllowlist).toHaveProperty('description', 'Check the Allowlist option.');
  });

  it('with "continue on fail", answers a bad input with one error item instead of stopping', async () => {
    const { output } = await runHealthNode({ parameters: parameters({ incydrUsers: 'nope' }), continueOnFail: true, items: [{}, {}] });
    expect(output).toEqual([{ json: { error: 'Incydr Users is not a list: the text is not valid JSON' }, pairedItem: [{ item: 0 }, { item: 1 }] }]);
  });
});
