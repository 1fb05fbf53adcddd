import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IncydrApiError } from '../../../../core/src/incydr/errors.js';
import { DEMO_API_CLIENT } from '../../../../sandbox/incydr/generator.js';
import { admin, startTenant, type Tenant } from './support.js';

let t: Tenant;
beforeAll(async () => {
  t = await startTenant();
});
afterAll(async () => {
  await t?.sandbox.close();
});
beforeEach(async () => {
  t.sandbox.faults.configure({});
  t.sleeps.length = 0;
  await admin(t.sandbox, 'DELETE', '/requests');
});

type Counts = { total: number; requests: Record<string, { arrived: number; succeeded: number }> };
const counts = async () => (await admin(t.sandbox, 'GET', '/requests')) as Counts;

describe('authentication against the sandbox', () => {
  it('when the server expires the token early, refreshes once and retries once', async () => {
    const client = t.connect();
    const userId = t.world.tenant.users[0]!.userId;
    await client.users.get(userId);
    // The token lives 900 s by the client's reckoning; moving the server's clock 20 minutes on expires it there.
    await admin(t.sandbox, 'POST', '/clock/advance', { seconds: 1200 });
    expect((await client.users.get(userId)).userId).toBe(userId);
    const { requests } = await counts();
    expect(requests['POST /v1/oauth']).toEqual({ arrived: 2, succeeded: 2 });
    expect(requests[`GET /v1/users/${userId}`]).toEqual({ arrived: 3, succeeded: 2 });
  });

  it('renews a token shortly before it lapses, so the server never has to refuse one', async () => {
    t.sandbox.faults.configure({ tokenLifetimeSeconds: 60 });
    const client = t.connect();
    const userId = t.world.tenant.users[0]!.userId;
    await client.users.get(userId);
    await t.advanceBoth(50);
    await client.users.get(userId);
    // 60 s tokens are renewed 6 s early: at 56 s the client fetches a new one although the old one still works.
    await t.advanceBoth(6);
    await client.users.get(userId);
    const { requests } = await counts();
    expect(requests['POST /v1/oauth']?.arrived).toBe(2);
    expect(requests[`GET /v1/users/${userId}`]).toEqual({ arrived: 3, succeeded: 3 });
  });

  it('a wrong secret fails with a 401 that says so and never shows the secret', async () => {
    const secret = 'definitely-wrong-secret-123';
    const client = t.connect({ clientId: DEMO_API_CLIENT.clientId, clientSecret: secret });
    const error = (await client.users.listPage().catch((e: unknown) => e)) as IncydrApiError;
    expect(error).toBeInstanceOf(IncydrApiError);
    expect(error.status).toBe(401);
    expect(error.operation).toBe('auth.token');
    expect(error.message).toContain('Invalid API client id or secret');
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(secret);
  });
});

describe('retries against injected faults', () => {
  it('waits out a 429 for the Retry-After the server sent', async () => {
    const client = t.connect();
    await client.users.listPage();
    // Every second request after this is refused: the first call passes, the second meets a 429 once.
    t.sandbox.faults.configure({ rateLimitEvery: 2, retryAfterSeconds: 1 });
    await client.users.listPage({}, { pageSize: 3 });
    const page = await client.users.listPage({}, { pageSize: 3 });
    expect(page.users).toHaveLength(3);
    expect(t.sleeps).toEqual([1000]);
    expect((await counts()).requests['GET /v1/users']).toEqual({ arrived: 4, succeeded: 3 });
  });

  it('pages through a burst of 502/503/504 without losing or repeating an item', async () => {
    const client = t.connect();
    await client.users.listPage({}, { pageSize: 1 });
    t.sandbox.faults.burstNow(3);
    const users = await client.users.list({}, { pageSize: 50 });
    expect(users).toHaveLength(t.world.tenant.users.length);
    expect(new Set(users.map((u) => u.userId)).size).toBe(users.length);
    expect(t.sleeps).toHaveLength(3);
  });

  it('gives up after maxRetries with a rate-limited error carrying retryAfter', async () => {
    const client = t.connect({ limits: { requestsPerSecond: 1000, retry: { maxRetries: 2 } } });
    await client.users.listPage();
    t.sandbox.faults.configure({ rateLimitEvery: 1, retryAfterSeconds: 0 });
    const error = (await client.agents.listPage().catch((e: unknown) => e)) as IncydrApiError;
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(0);
    expect(error.attempts).toBe(3);
    expect(error.message).toContain('Rate limit exceeded');
  });

  it('does not retry a case creation that met a 503, so no duplicate case appears', async () => {
    const client = t.connect();
    const before = (await client.cases.list()).length;
    t.sandbox.faults.burstNow(1, 503);
    await expect(client.cases.create({ name: 'Must not be doubled' })).rejects.toThrow(/cases.create \(POST \/v1\/cases\) failed: server error \(HTTP 503\) after 1 attempt/);
    expect((await client.cases.list()).length).toBe(before);
    expect((await counts()).requests['POST /v1/cases']?.arrived).toBe(1);
  });

  it('retries an agent deactivation (idempotent) through a 504', async () => {
    const client = t.connect();
    const agent = t.world.tenant.agents.find((a) => !a.active)!;
    await client.users.listPage();
    t.sandbox.faults.burstNow(1, 504);
    expect(await client.agents.deactivate([agent.agentId])).toEqual([{ agentId: agent.agentId, status: 'done' }]);
  });

  it('times out a slow answer and reports it as a timeout', async () => {
    const client = t.connect({ limits: { requestsPerSecond: 1000, timeoutMs: 100, retry: { maxRetries: 1 } } });
    await client.users.listPage();
    t.sandbox.faults.configure({ latencyMs: 400 });
    const error = (await client.users.listPage().catch((e: unknown) => e)) as IncydrApiError;
    expect(error.kind).toBe('timeout');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain('users.listPage (GET /v1/users) failed after 2 attempt(s): no complete response within 100 ms');
  });

  it('survives a refused connection only as a clear network error', async () => {
    const closed = await startTenant();
    const client = closed.connect({ limits: { requestsPerSecond: 1000, retry: { maxRetries: 1 } } });
    await closed.sandbox.close();
    const error = (await client.users.listPage().catch((e: unknown) => e)) as IncydrApiError;
    expect(error.kind).toBe('network');
    expect(error.attempts).toBe(2);
    expect(error.message).toContain('ECONNREFUSED');
  });
});
