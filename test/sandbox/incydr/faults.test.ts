import { afterEach, describe, expect, it } from 'vitest';
import { startIncydrSandbox, type RunningIncydrSandbox } from '../../../sandbox/incydr/server.js';
import { fetchToken, manualClock, world } from './helpers.js';

describe('fault injection and request accounting', () => {
  let sandbox: RunningIncydrSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  async function start(faults: Parameters<typeof startIncydrSandbox>[0] extends infer O ? O extends { faults?: infer F } ? F : never : never, adminRoutes = true) {
    sandbox = await startIncydrSandbox({ world: world(1, 20), clock: manualClock(), faults, adminRoutes });
    return sandbox;
  }

  it('answers every Nth request with 429 and Retry-After', async () => {
    const s = await start({ rateLimitEvery: 3, retryAfterSeconds: 7 });
    const token = await fetchToken(s.url); // request 1
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${s.url}/v1/users?pageSize=1`, { headers: { Authorization: `Bearer ${token}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('Retry-After')).toBe('7');
        expect(await res.json()).toMatchObject({ status: 429 });
      }
    }
    // Requests 2..9: the 3rd, 6th and 9th are limited.
    expect(statuses).toEqual([200, 429, 200, 200, 429, 200, 200, 429]);
  });

  it('fails N consecutive requests with 502/503/504 in a configured burst', async () => {
    const s = await start({ errorBurst: { every: 5, length: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await fetch(`${s.url}/v1/users`)).status);
    // Unauthenticated requests still pass the fault gate first: 401 twice, then the burst.
    expect(statuses).toEqual([401, 401, 502, 503, 504, 401, 401, 502, 503, 504]);
  });

  it('queues a one-off burst through the admin route', async () => {
    const s = await start({});
    const token = await fetchToken(s.url);
    expect((await fetch(`${s.url}/__sandbox/faults/burst`, { method: 'POST', body: JSON.stringify({ count: 2, status: 503 }) })).status).toBe(204);
    const call = () => fetch(`${s.url}/v1/users?pageSize=1`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect([await call(), await call(), await call()]).toEqual([503, 503, 200]);
  });

  it('applies latency and says so in a header', async () => {
    const s = await start({ latencyMs: 25 });
    const res = await fetch(`${s.url}/v1/oauth`, { method: 'POST' });
    expect(res.headers.get('X-Sandbox-Latency-Ms')).toBe('25');
    const none = await start({});
    expect((await fetch(`${none.url}/v1/oauth`, { method: 'POST' })).headers.get('X-Sandbox-Latency-Ms')).toBeNull();
  });

  it('reconfigures faults at runtime and validates the new settings', async () => {
    const s = await start({});
    const bad = await fetch(`${s.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify({ rateLimitEvery: 0 }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: [{ path: 'rateLimitEvery' }] });
    const ok = await fetch(`${s.url}/__sandbox/faults`, { method: 'PUT', body: JSON.stringify({ rateLimitEvery: 1 }) });
    expect(ok.status).toBe(200);
    expect((await fetch(`${s.url}/v1/oauth`, { method: 'POST' })).status).toBe(429);
  });

  it('counts requests per method and path, separating arrivals from successes', async () => {
    const s = await start({});
    const token = await fetchToken(s.url);
    const userId = world(1, 20).tenant.users[5]!.userId;
    for (let i = 0; i < 2; i++) {
      await fetch(`${s.url}/v1/users/${userId}/activate`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    }
    await fetch(`${s.url}/v1/users/unknown/activate`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const counts = (await (await fetch(`${s.url}/__sandbox/requests`)).json()) as { total: number; requests: Record<string, { arrived: number; succeeded: number }> };
    expect(counts.requests[`POST /v1/users/${userId}/activate`]).toEqual({ arrived: 2, succeeded: 2 });
    expect(counts.requests['POST /v1/users/unknown/activate']).toEqual({ arrived: 1, succeeded: 0 });
    expect(counts.total).toBe(4);
    await fetch(`${s.url}/__sandbox/requests`, { method: 'DELETE' });
    expect(((await (await fetch(`${s.url}/__sandbox/requests`)).json()) as { total: number }).total).toBe(0);
  });

  it('keeps admin routes off unless asked for', async () => {
    const s = await start({}, false);
    expect((await fetch(`${s.url}/__sandbox/requests`)).status).toBe(401);
    const token = await fetchToken(s.url);
    expect((await fetch(`${s.url}/__sandbox/requests`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('serves the truth and can age tokens through the admin clock', async () => {
    const s = await start({ tokenLifetimeSeconds: 60 });
    expect(await (await fetch(`${s.url}/__sandbox/truth`)).json()).toEqual(world(1, 20).truth);
    const token = await fetchToken(s.url);
    await fetch(`${s.url}/__sandbox/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 61 }) });
    expect((await fetch(`${s.url}/v1/users`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
