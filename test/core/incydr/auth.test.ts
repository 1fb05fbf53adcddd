import { describe, expect, it } from 'vitest';
import { createIncydrClient } from '../../../core/src/incydr/client.js';
import { IncydrApiError } from '../../../core/src/incydr/errors.js';
import type { TransportRequest } from '../../../core/src/http/transport.js';
import { FakeClock } from '../http/support/fake-clock.js';
import { fakeTransport, response } from '../http/support/fake-transport.js';

const SECRET = 'super-secret-value-7f3a';
const CLIENT_ID = 'key-1234';

/** A fake tenant: issues numbered tokens and answers /v1/users/u1 only for the token it considers valid. */
function tenant(options: { lifetimeSeconds?: number; rejectTokens?: Set<string>; tokenStatus?: number } = {}) {
  let issued = 0;
  const clock = new FakeClock();
  const fake = fakeTransport((request: TransportRequest) => {
    const url = new URL(request.url);
    if (url.pathname === '/v1/oauth') {
      if (options.tokenStatus) return response(options.tokenStatus, { error: 'invalid_client' });
      issued += 1;
      return response(200, { access_token: `tok-${issued}`, token_type: 'bearer', expires_in: options.lifetimeSeconds ?? 900 });
    }
    const token = request.headers.Authorization?.replace('Bearer ', '') ?? '';
    if (options.rejectTokens?.has(token)) return response(401, { error: 'token expired' });
    return response(200, { userId: 'u1', username: 'ann@example.com' });
  }, () => clock.now());
  const client = createIncydrClient({ baseUrl: 'https://api.test', clientId: CLIENT_ID, clientSecret: SECRET, clock, transport: fake.transport });
  return { client, clock, requests: fake.requests, issuedCount: () => issued };
}

describe('token handling', () => {
  it('asks for a token with HTTP basic auth and an empty body, then sends it as a bearer token', async () => {
    const { client, requests } = tenant();
    await client.users.get('u1');
    const [tokenCall, call] = requests;
    expect(tokenCall?.method).toBe('POST');
    expect(tokenCall?.path).toBe('/v1/oauth');
    expect(tokenCall?.body).toBeUndefined();
    expect(tokenCall?.headers.Authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`);
    expect(call?.headers.Authorization).toBe('Bearer tok-1');
  });

  it('reuses the token until shortly before it expires', async () => {
    const { client, clock, issuedCount } = tenant({ lifetimeSeconds: 900 });
    await client.users.get('u1');
    clock.advance(800_000);
    await client.users.get('u1');
    expect(issuedCount()).toBe(1);
    // 900 s lifetime renews a minute early: at 850 s a new token is fetched.
    clock.advance(50_000);
    await client.users.get('u1');
    expect(issuedCount()).toBe(2);
  });

  it('shares one token request among concurrent first callers', async () => {
    const { client, issuedCount, requests } = tenant();
    await Promise.all(Array.from({ length: 8 }, () => client.users.get('u1')));
    expect(issuedCount()).toBe(1);
    expect(requests.filter((r) => r.path === '/v1/oauth')).toHaveLength(1);
  });

  it('on a 401 refreshes the token once and retries the call once', async () => {
    const { client, requests } = tenant({ rejectTokens: new Set(['tok-1']) });
    const user = await client.users.get('u1');
    expect(user.userId).toBe('u1');
    expect(requests.map((r) => `${r.path} ${r.headers.Authorization?.startsWith('Bearer') ? r.headers.Authorization : ''}`)).toEqual([
      '/v1/oauth ',
      '/v1/users/u1 Bearer tok-1',
      '/v1/oauth ',
      '/v1/users/u1 Bearer tok-2',
    ]);
  });

  it('fails after the one retry when the fresh token is refused too', async () => {
    const { client, requests } = tenant({ rejectTokens: new Set(['tok-1', 'tok-2', 'tok-3']) });
    const error = (await client.users.get('u1').catch((e: unknown) => e)) as IncydrApiError;
    expect(error).toBeInstanceOf(IncydrApiError);
    expect(error.status).toBe(401);
    expect(error.kind).toBe('unauthorized');
    expect(requests.filter((r) => r.path === '/v1/oauth')).toHaveLength(2);
  });

  it('coalesces refreshes when many calls hit the same expired token', async () => {
    const { client, issuedCount, requests } = tenant({ rejectTokens: new Set(['tok-1']) });
    const users = await Promise.all(Array.from({ length: 6 }, () => client.users.get('u1')));
    expect(users.every((u) => u.userId === 'u1')).toBe(true);
    // One token to start with, one replacement shared by all six refreshes.
    expect(issuedCount()).toBe(2);
    expect(requests.filter((r) => r.headers.Authorization === 'Bearer tok-2')).toHaveLength(6);
  });
});

describe('secrets stay secret', () => {
  it('a rejected client secret gives a clear error that does not contain the secret', async () => {
    const { client } = tenant({ tokenStatus: 401 });
    const error = (await client.users.get('u1').catch((e: unknown) => e)) as IncydrApiError;
    expect(error.operation).toBe('auth.token');
    expect(error.message).toMatch(/rejected the credentials/);
    for (const text of [error.message, String(error), JSON.stringify(error), error.stack ?? '']) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64'));
    }
  });

  it('an API that echoes the token or secret back in an error body has it redacted', async () => {
    const clock = new FakeClock();
    const fake = fakeTransport((request) => {
      if (request.url.endsWith('/v1/oauth')) return response(200, { access_token: 'tok-leaky', token_type: 'bearer', expires_in: 900 });
      return response(400, { detail: `bad request from tok-leaky using ${SECRET}` });
    });
    const client = createIncydrClient({ baseUrl: 'https://api.test', clientId: CLIENT_ID, clientSecret: SECRET, clock, transport: fake.transport });
    const error = (await client.users.get('u1').catch((e: unknown) => e)) as IncydrApiError;
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('tok-leaky');
    expect(error.message).not.toContain(SECRET);
  });

  it('the client object does not reveal the secret when printed or serialised', async () => {
    const { client } = tenant();
    await client.users.get('u1');
    expect(String(client)).toBe('IncydrClient(https://api.test)');
    expect(JSON.stringify(client)).not.toContain(SECRET);
    expect(JSON.stringify(client)).not.toContain('tok-1');
    const { inspect } = await import('node:util');
    expect(inspect(client, { depth: 10 })).not.toContain(SECRET);
  });
});

describe('construction', () => {
  it('resolves regions to their gateways', () => {
    const base = { clientId: 'a', clientSecret: 'b' };
    expect(createIncydrClient({ ...base, region: 'us' }).baseUrl).toBe('https://api.us.code42.com');
    expect(createIncydrClient({ ...base, region: 'us2' }).baseUrl).toBe('https://api.us2.code42.com');
    expect(createIncydrClient({ ...base, region: 'ie' }).baseUrl).toBe('https://api.ie.code42.com');
    expect(createIncydrClient({ ...base, region: 'gov' }).baseUrl).toBe('https://api.gov.code42.com');
    expect(createIncydrClient({ ...base, baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
  });

  it('refuses unclear configuration with a sentence that says what to fix', () => {
    const base = { clientId: 'a', clientSecret: 'b' };
    expect(() => createIncydrClient({ ...base, region: 'mars' as 'us' })).toThrow(/Unknown Incydr region 'mars'/);
    expect(() => createIncydrClient({ ...base, region: 'us', baseUrl: 'https://x' })).toThrow(/not both/);
    expect(() => createIncydrClient(base)).toThrow(/baseUrl .* or a region/);
    expect(() => createIncydrClient({ ...base, baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => createIncydrClient({ ...base, baseUrl: 'https://u:p@api.test' })).toThrow(/must not contain credentials/);
    expect(() => createIncydrClient({ baseUrl: 'https://api.test', clientId: '', clientSecret: 'b' })).toThrow(/clientId/);
    expect(() => createIncydrClient({ baseUrl: 'https://api.test', clientId: 'a', clientSecret: '' })).toThrow(/clientSecret/);
    expect(() => createIncydrClient({ ...base, region: 'us', limits: { pageSizes: { agents: 5000 } } })).toThrow(/agents must be .* 1 to 500/);
  });
});
