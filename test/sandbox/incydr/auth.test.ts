import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIncydrSandbox, type RunningIncydrSandbox } from '../../../sandbox/incydr/server.js';
import { basicAuth, manualClock, world } from './helpers.js';

describe('POST /v1/oauth and bearer checks', () => {
  const clock = manualClock();
  let sandbox: RunningIncydrSandbox;
  beforeAll(async () => {
    sandbox = await startIncydrSandbox({ world: world(1, 20), clock, faults: { tokenLifetimeSeconds: 600 } });
  });
  afterAll(() => sandbox.close());

  const issue = (authorization?: string) =>
    fetch(`${sandbox.url}/v1/oauth`, { method: 'POST', headers: authorization ? { Authorization: authorization } : {} });

  it('issues a JWT-shaped bearer token carrying tenantUid, with expires_in', async () => {
    const res = await issue(basicAuth());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(600);
    const parts = body.access_token.split('.');
    expect(parts).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString()) as { tenantUid: string; exp: number; iat: number };
    expect(payload.tenantUid).toBe(world(1, 20).tenant.tenantUid);
    expect(payload.exp - payload.iat).toBe(600);
  });

  it('refuses a wrong secret, an unknown client and missing credentials with 401, never echoing the secret', async () => {
    for (const auth of [basicAuth(undefined, 'wrong-secret-value'), basicAuth('nobody', 'x'), undefined, 'Bearer abc']) {
      const res = await issue(auth);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).not.toContain('wrong-secret-value');
      expect(JSON.parse(text)).toMatchObject({ status: 401, error: 'UNAUTHORIZED' });
    }
  });

  it('answers 401 without a token, with an unknown token, and once the token has expired', async () => {
    expect((await fetch(`${sandbox.url}/v1/users`)).status).toBe(401);
    expect((await fetch(`${sandbox.url}/v1/users`, { headers: { Authorization: 'Bearer not-a-token' } })).status).toBe(401);
    const { access_token } = (await (await issue(basicAuth())).json()) as { access_token: string };
    const withToken = () => fetch(`${sandbox.url}/v1/users?pageSize=1`, { headers: { Authorization: `Bearer ${access_token}` } });
    expect((await withToken()).status).toBe(200);
    clock.advance(599_000);
    expect((await withToken()).status).toBe(200);
    clock.advance(1_000);
    const expired = await withToken();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toMatch(/expired/);
    const fresh = (await (await issue(basicAuth())).json()) as { access_token: string };
    expect((await fetch(`${sandbox.url}/v1/users?pageSize=1`, { headers: { Authorization: `Bearer ${fresh.access_token}` } })).status).toBe(200);
  });

  it('runs many independent servers in one process on free ports', async () => {
    const more = await Promise.all([1, 2, 3].map(() => startIncydrSandbox({ world: world(1, 20) })));
    try {
      expect(new Set(more.map((s) => s.url)).size).toBe(3);
      // A token from one server means nothing to another.
      const { access_token } = (await (await fetch(`${more[0]!.url}/v1/oauth`, { method: 'POST', headers: { Authorization: basicAuth() } })).json()) as { access_token: string };
      expect((await fetch(`${more[1]!.url}/v1/users`, { headers: { Authorization: `Bearer ${access_token}` } })).status).toBe(401);
    } finally {
      await Promise.all(more.map((s) => s.close()));
    }
  });
});
