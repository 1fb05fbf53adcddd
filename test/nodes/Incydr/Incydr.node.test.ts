import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Incydr } from '../../../nodes/nodes/Incydr/Incydr.node.js';
import { DEMO_API_CLIENT, READ_ONLY_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../sandbox/incydr/server.js';
import { runNode, testNode, type CredentialData, type IDataObject } from './fake-n8n.js';

const NOW = '2026-11-25T12:00:00.000Z';
// One world for every test; tests that change it restore what they changed.
const world = generateWorld({ seed: 11, users: 40, now: NOW });
let sandbox: Awaited<ReturnType<typeof startIncydrSandbox>>;
let credential: CredentialData;

beforeAll(async () => {
  sandbox = await startIncydrSandbox({ world, port: 0, clock: { now: () => Date.parse(NOW) } });
});
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(() => {
  credential = { region: 'custom', baseUrl: `${sandbox.url}/`, clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret };
});

const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
  runNode({ parameters, credential, ...extra });

const agents = world.tenant.agents;
const users = world.tenant.users;
const idsOf = (output: Array<{ json: IDataObject }>, key = 'agentId') => output.map((item) => item.json[key]);

/** An active agent whose owner is on an active legal hold, and an active agent whose owner is not protected. */
function pickAgents() {
  const custodians = new Set(
    world.truth.users.filter((u) => u.reasons.some((r) => r.code === 'LEGAL_HOLD_CUSTODIAN')).map((u) => u.userId),
  );
  const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
  const held = agents.find((a) => a.active && custodians.has(a.userId));
  const free = agents.find((a) => a.active && !protectedUsers.has(a.userId));
  if (!held || !free) throw new Error('seed 11 should give a legal-hold agent and an unprotected agent');
  return { held, free, custodianId: held.userId };
}

function expectNodeError(error: unknown, name: 'NodeApiError' | 'NodeOperationError', message: RegExp) {
  expect(error).toHaveProperty('name', name);
  expect(error).toHaveProperty('node', testNode);
  expect((error as Error).message).toMatch(message);
  expect(JSON.stringify(error)).not.toContain(DEMO_API_CLIENT.clientSecret);
}

describe('Incydr node: description', () => {
  const { description } = new Incydr();

  it('is the incydr type, usable as an AI tool, needing the Incydr API credential', () => {
    expect(description.name).toBe('incydr');
    expect(description.usableAsTool).toBe(true);
    expect(description.credentials).toEqual([{ name: 'incydrApi', required: true }]);
    expect(description.subtitle).toContain('$parameter["operation"]');
  });

  it('gives every operation an action sentence and every field a description and default', () => {
    const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options ?? []);
    expect(operations.map((o) => (o as { value: string }).value).sort()).toEqual(
      [
        ...['activate', 'deactivate', 'get', 'getMany'],
        ...['get', 'getMany'],
        ...['addCustodian', 'getCustodians', 'getManyMatters', 'getMemberships', 'removeCustodian'],
        ...['activate', 'deactivate', 'get', 'getDevices', 'getMany'],
        ...['addIncludedActors', 'getMany', 'getMembers', 'removeIncludedActors'],
        ...['getById', 'getByName', 'getFamily', 'search'],
        ...['getMany'],
        ...['count', 'search'],
        ...['getLatest'],
        ...['get', 'getMany'],
      ].sort(),
    );
    for (const option of operations) expect(option).toHaveProperty('action', expect.stringMatching(/^[A-Z]\w* \w+/));
    const fields = description.properties.filter((p) => p.name !== 'resource' && p.name !== 'operation');
    const nested = fields.flatMap((p) => (p.type === 'collection' ? ((p.options ?? []) as typeof fields) : []));
    for (const field of [...fields, ...nested]) {
      expect(field, field.name).toHaveProperty('default');
      if (field.type !== 'collection') expect(field.description, field.name).toMatch(/\w+ \w+/);
    }
  });
});

describe('Incydr node: agents', () => {
  it('Get Many with a Limit returns exactly that many and asks for no more than one short page', async () => {
    const { output, log } = await run({ resource: 'agent', operation: 'getMany', returnAll: false, limit: 7 });
    expect(output).toHaveLength(7);
    expect(log.requests).toEqual(['GET /v1/agents?page=1&pageSize=7']);
    expect(output.every((item) => typeof item.json.agentId === 'string')).toBe(true);
  });

  it('Get Many with Return All returns every agent of the tenant, once each', async () => {
    const { output } = await run({ resource: 'agent', operation: 'getMany', returnAll: true });
    expect(new Set(idsOf(output))).toEqual(new Set(agents.map((a) => a.agentId)));
    expect(output).toHaveLength(agents.length);
    expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
  });

  it('the stale-agent filter (active, not connected in the last 30 days) returns exactly the stale agents', async () => {
    const { output, log } = await run({
      resource: 'agent',
      operation: 'getMany',
      returnAll: true,
      filters: { active: true, notConnectedInLastDays: 30 },
      sort: { srtKey: 'LAST_CONNECTED', srtDir: 'ASC' },
    });
    expect(world.truth.staleAgents.length).toBeGreaterThan(0);
    expect(new Set(idsOf(output))).toEqual(new Set(world.truth.staleAgents.map((a) => a.agentId)));
    expect(log.requests[0]).toContain('notConnectedInLastDays=30');
    const times = output.map((item) => Date.parse(String(item.json.lastConnected)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('filters by health issue type, OS and user, dropping empty filter values', async () => {
    const issue = agents.find((a) => a.agentHealthIssueTypes.length > 0)!.agentHealthIssueTypes[0]!;
    const byIssue = await run({
      resource: 'agent',
      operation: 'getMany',
      returnAll: true,
      filters: { anyOfAgentHealthIssueTypes: [issue], anyOfAgentOsTypes: [], userId: '  ' },
    });
    expect(new Set(idsOf(byIssue.output))).toEqual(new Set(agents.filter((a) => a.agentHealthIssueTypes.includes(issue)).map((a) => a.agentId)));
    expect(byIssue.log.requests[0]).not.toContain('userId');

    const owner = agents[0]!.userId;
    const byUser = await run({ resource: 'agent', operation: 'getMany', returnAll: true, filters: { userId: owner } });
    expect(new Set(idsOf(byUser.output))).toEqual(new Set(agents.filter((a) => a.userId === owner).map((a) => a.agentId)));
  });

  it('refuses contradictory day filters before any request, naming both numbers', async () => {
    const attempt = run({ resource: 'agent', operation: 'getMany', returnAll: true, filters: { connectedInLastDays: 10, notConnectedInLastDays: 5 } });
    const error = await attempt.catch((e: unknown) => e);
    expectNodeError(error, 'NodeOperationError', /last 10 days and not in the last 5/);
  });

  it('Get returns one agent; an unknown id is a NodeApiError with the operation and HTTP 404', async () => {
    const agent = agents[3]!;
    const { output } = await run({ resource: 'agent', operation: 'get', agentId: agent.agentId });
    expect(output).toEqual([{ json: expect.objectContaining({ agentId: agent.agentId, userId: agent.userId }), pairedItem: { item: 0 } }]);

    const error = await run({ resource: 'agent', operation: 'get', agentId: 'no-such-agent' }).catch((e: unknown) => e);
    expectNodeError(error, 'NodeApiError', /agents\.get \(GET \/v1\/agents\/no-such-agent\).*\(HTTP 404\)/);
    expect(error).toHaveProperty('httpCode', '404');
    expect((error as Error).message).toContain('no-such-agent');
  });

  it('Deactivate reports done / not-found / legal-hold per id, changes only the unprotected agent, and is idempotent', async () => {
    const { held, free } = pickAgents();
    const ids = `${free.agentId}, no-such-agent\n${held.agentId}, ${free.agentId}`;
    try {
      const { output } = await run({ resource: 'agent', operation: 'deactivate', agentIds: ids });
      expect(output.map((item) => [item.json.agentId, item.json.status])).toEqual([
        [free.agentId, 'done'],
        ['no-such-agent', 'not-found'],
        [held.agentId, 'legal-hold'],
      ]);
      expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
      expect(String(output[2]!.json.message)).toMatch(/legal hold/i);

      const after = await run({ resource: 'agent', operation: 'getMany', returnAll: true, filters: { active: false } });
      const inactive = new Set(idsOf(after.output));
      expect(inactive.has(free.agentId)).toBe(true);
      expect(inactive.has(held.agentId)).toBe(false);

      const again = await run({ resource: 'agent', operation: 'deactivate', agentIds: [free.agentId] });
      expect(again.output.map((item) => item.json)).toEqual([{ agentId: free.agentId, status: 'done', action: 'deactivate' }]);
    } finally {
      await run({ resource: 'agent', operation: 'activate', agentIds: free.agentId });
    }
    const restored = await run({ resource: 'agent', operation: 'get', agentId: free.agentId });
    expect(restored.output[0]!.json.active).toBe(true);
  });

  it('a missing permission stops the whole batch as a 403 NodeApiError (not a per-id outcome) and changes nothing', async () => {
    const { free } = pickAgents();
    credential = { ...credential, clientId: READ_ONLY_API_CLIENT.clientId, clientSecret: READ_ONLY_API_CLIENT.clientSecret };
    const error = await run({ resource: 'agent', operation: 'deactivate', agentIds: `${free.agentId}, no-such-agent` }).catch((e: unknown) => e);
    expectNodeError(error, 'NodeApiError', /agents\.deactivate .*lacks the permission.*\(HTTP 403\)/);
    expect(error).toHaveProperty('httpCode', '403');
    expect(JSON.stringify(error)).not.toContain(READ_ONLY_API_CLIENT.clientSecret);
    const still = await run({ resource: 'agent', operation: 'get', agentId: free.agentId });
    expect(still.output[0]!.json.active).toBe(true);
  });

  it('refuses an empty Agent IDs field as the user\'s mistake, not an API call', async () => {
    const error = await run({ resource: 'agent', operation: 'activate', agentIds: ' , ' }).catch((e: unknown) => e);
    expectNodeError(error, 'NodeOperationError', /Agent IDs is empty/);
  });
});

describe('Incydr node: users', () => {
  it('Get Many filters on active and on username', async () => {
    const inactive = await run({ resource: 'user', operation: 'getMany', returnAll: true, filters: { active: false } });
    expect(new Set(idsOf(inactive.output, 'userId'))).toEqual(new Set(users.filter((u) => !u.active).map((u) => u.userId)));

    const target = users[5]!;
    const byName = await run({ resource: 'user', operation: 'getMany', returnAll: false, limit: 10, filters: { username: ` ${target.username} ` } });
    expect(idsOf(byName.output, 'userId')).toEqual([target.userId]);
  });

  it('Get runs once per input item with that item\'s id, each output paired to its item', async () => {
    const picked = [users[1]!, users[2]!];
    const { output } = await run(
      { resource: 'user', operation: 'get', userId: (i: number) => picked[i]!.userId },
      { items: picked.map((u) => ({ id: u.userId })) },
    );
    expect(output.map((item) => [item.json.username, item.pairedItem])).toEqual([
      [picked[0]!.username, { item: 0 }],
      [picked[1]!.username, { item: 1 }],
    ]);
  });

  it('Get Devices lists the devices of the user', async () => {
    const owner = agents[0]!.userId;
    const { output } = await run({ resource: 'user', operation: 'getDevices', userId: owner });
    expect(output.length).toBeGreaterThan(0);
    expect(output.every((item) => item.json.userId === owner)).toBe(true);
  });

  it('Deactivate of a legal-hold custodian is a NodeApiError that says so, and the user stays active', async () => {
    const { custodianId } = pickAgents();
    const error = await run({ resource: 'user', operation: 'deactivate', userId: custodianId }).catch((e: unknown) => e);
    expectNodeError(error, 'NodeApiError', /users\.deactivate .*legal hold \(HTTP 400\)/i);
    const { output } = await run({ resource: 'user', operation: 'get', userId: custodianId });
    expect(output[0]!.json.active).toBe(true);
  });

  it('with Continue On Fail, a failing item becomes an error item paired to it and the others still run', async () => {
    const ids = [users[0]!.userId, 'no-such-user', users[1]!.userId];
    const { output } = await run(
      { resource: 'user', operation: 'get', userId: (i: number) => ids[i]! },
      { items: ids.map((id) => ({ id })), continueOnFail: true },
    );
    expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(output[0]!.json.userId).toBe(ids[0]);
    expect(output[1]!.json).toEqual({ error: expect.stringMatching(/users\.get \(GET \/v1\/users\/no-such-user\).*not found \(HTTP 404\)/), httpCode: '404' });
    expect(output[2]!.json.userId).toBe(ids[2]);
  });
});

describe('Incydr node: credential token', () => {
  it('fetches a session token once and reuses it across operations', async () => {
    const first = await run({ resource: 'user', operation: 'get', userId: users[0]!.userId });
    expect(first.log.tokenFetches).toBe(1);
    const second = await run({ resource: 'user', operation: 'get', userId: users[0]!.userId });
    expect(second.log.tokenFetches).toBe(0);
  });

  it('refreshes a refused session token once and carries on', async () => {
    credential.sessionToken = 'a-token-the-sandbox-never-issued';
    const { output, log } = await run({ resource: 'agent', operation: 'getMany', returnAll: false, limit: 2 });
    expect(output).toHaveLength(2);
    expect(log.tokenFetches).toBe(1);
    expect(credential.sessionToken).not.toBe('a-token-the-sandbox-never-issued');
  });

  it('never puts the client secret or the token in outputs or errors', async () => {
    const { output } = await run(
      { resource: 'agent', operation: 'get', agentId: (i: number) => (i === 0 ? agents[0]!.agentId : 'missing-agent') },
      { items: [{}, {}], continueOnFail: true },
    );
    const text = JSON.stringify(output);
    expect(text).not.toContain(DEMO_API_CLIENT.clientSecret);
    expect(text).not.toContain(credential.sessionToken!);
  });
});

describe('Incydr node: cases', () => {
  const cases = world.tenant.cases;

  it('Get Many by status returns exactly the cases with that status; Any returns all', async () => {
    const open = await run({ resource: 'case', operation: 'getMany', returnAll: true, status: 'OPEN' });
    expect(open.output.length).toBeGreaterThan(0);
    expect(open.output.length).toBeLessThan(cases.length);
    expect(new Set(idsOf(open.output, 'number'))).toEqual(new Set(cases.filter((c) => c.status === 'OPEN').map((c) => c.number)));
    const any = await run({ resource: 'case', operation: 'getMany', returnAll: true, status: '' });
    expect(any.output).toHaveLength(cases.length);
    expect(any.log.requests[0]).not.toContain('status=');
  });

  it('Get returns the case with its details; a case number below 1 is refused before any request', async () => {
    const target = cases[0]!;
    const { output } = await run({ resource: 'case', operation: 'get', caseNumber: target.number });
    expect(output[0]!.json).toMatchObject({ number: target.number, name: target.name, status: target.status });
    const error = await run({ resource: 'case', operation: 'get', caseNumber: 0 }).catch((e: unknown) => e);
    expectNodeError(error, 'NodeOperationError', /Case Number must be a whole number of at least 1, got 0/);
  });
});

describe('Incydr node: legal hold', () => {
  const { matters, custodianships } = world.tenant;

  it('Get Many Matters filters on active; Limit caps the list', async () => {
    const active = await run({ resource: 'legalHold', operation: 'getManyMatters', returnAll: true, matterFilters: { active: true } });
    expect(active.output.length).toBeGreaterThan(0);
    expect(new Set(idsOf(active.output, 'matterId'))).toEqual(new Set(matters.filter((m) => m.active).map((m) => m.matterId)));
    const one = await run({ resource: 'legalHold', operation: 'getManyMatters', returnAll: false, limit: 1 });
    expect(one.output).toHaveLength(1);
  });

  it('Get Custodians and Get User Memberships agree with the tenant, each row naming what was asked', async () => {
    const membership = custodianships[0]!;
    const custodians = await run({ resource: 'legalHold', operation: 'getCustodians', matterId: membership.matterId, returnAll: true });
    expect(new Set(idsOf(custodians.output, 'userId'))).toEqual(
      new Set(custodianships.filter((c) => c.matterId === membership.matterId).map((c) => c.userId)),
    );
    expect(custodians.output.length).toBeGreaterThan(0);
    expect(custodians.output.every((item) => item.json.matterId === membership.matterId)).toBe(true);

    const memberships = await run({ resource: 'legalHold', operation: 'getMemberships', userId: membership.userId, returnAll: true });
    expect(new Set(idsOf(memberships.output, 'matterId'))).toEqual(
      new Set(custodianships.filter((c) => c.userId === membership.userId).map((c) => c.matterId)),
    );
    expect(memberships.output.every((item) => item.json.userId === membership.userId)).toBe(true);
  });
});

describe('Incydr node: watchlists', () => {
  const truth = world.truth.watchlistMembers;

  it('Get Many lists every watchlist, or only those of one actor', async () => {
    const all = await run({ resource: 'watchlist', operation: 'getMany', returnAll: true, actorId: '' });
    expect(new Set(idsOf(all.output, 'watchlistId'))).toEqual(new Set(world.tenant.watchlists.map((w) => w.watchlistId)));

    const actorId = truth.find((w) => w.actorIds.length > 0)!.actorIds[0]!;
    const ofActor = await run({ resource: 'watchlist', operation: 'getMany', returnAll: true, actorId: ` ${actorId} ` });
    expect(new Set(idsOf(ofActor.output, 'watchlistId'))).toEqual(
      new Set(truth.filter((w) => w.actorIds.includes(actorId)).map((w) => w.watchlistId)),
    );
  });

  it('Get Members returns the actors on the watchlist, each row naming the watchlist', async () => {
    const list = truth.find((w) => w.actorIds.length > 1)!;
    const { output } = await run({ resource: 'watchlist', operation: 'getMembers', watchlistId: list.watchlistId, returnAll: true });
    expect(new Set(idsOf(output, 'actorId'))).toEqual(new Set(list.actorIds));
    expect(output.every((item) => item.json.watchlistId === list.watchlistId)).toBe(true);
    const limited = await run({ resource: 'watchlist', operation: 'getMembers', watchlistId: list.watchlistId, returnAll: false, limit: 1 });
    expect(limited.output).toHaveLength(1);
  });
});

describe('Incydr node: legal hold custodians', () => {
  it('Add and Remove Custodian change membership, and repeating either changes nothing more', async () => {
    const matter = world.tenant.matters.find((m) => m.active)!;
    const onMatter = new Set(world.tenant.custodianships.filter((c) => c.matterId === matter.matterId).map((c) => c.userId));
    const user = users.find((u) => u.active && !onMatter.has(u.userId))!;
    const custodiansNow = async () =>
      idsOf((await run({ resource: 'legalHold', operation: 'getCustodians', matterId: matter.matterId, returnAll: true })).output, 'userId');
    const params = { resource: 'legalHold', matterId: matter.matterId, userId: user.userId };

    const added = await run({ ...params, operation: 'addCustodian' });
    expect(added.output[0]!.json).toMatchObject({ matterId: matter.matterId, userId: user.userId, status: 'done', membershipActive: true });
    await run({ ...params, operation: 'addCustodian' });
    expect((await custodiansNow()).filter((id) => id === user.userId)).toHaveLength(1);

    const removed = await run({ ...params, operation: 'removeCustodian' });
    expect(removed.output.map((item) => item.json)).toEqual([{ matterId: matter.matterId, userId: user.userId, status: 'done', action: 'removeCustodian' }]);
    await run({ ...params, operation: 'removeCustodian' });
    const after = await run({ resource: 'legalHold', operation: 'getMemberships', userId: user.userId, returnAll: true });
    expect(after.output.filter((item) => item.json.matterId === matter.matterId && item.json.membershipActive === true)).toEqual([]);
  });
});
