import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncydrApi } from '../../../nodes/credentials/IncydrApi.credentials.js';
import { incydrBaseUrl } from '../../../nodes/nodes/Incydr/transport/base-url.js';
import { INCYDR_REGIONS } from '../../../core/src/incydr/regions.js';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox } from '../../../sandbox/incydr/server.js';
import { plainHttpRequest, preAuthContext } from '../Incydr/fake-n8n.js';

const credentialType = new IncydrApi();
let sandbox: Awaited<ReturnType<typeof startIncydrSandbox>>;

beforeAll(async () => {
  sandbox = await startIncydrSandbox({ world: generateWorld({ seed: 3, users: 10, now: '2026-11-25T12:00:00Z' }), port: 0 });
});
afterAll(async () => {
  await sandbox?.close();
});

const sandboxCredential = (secret: string = DEMO_API_CLIENT.clientSecret) => ({
  region: 'custom',
  baseUrl: sandbox.url,
  clientId: DEMO_API_CLIENT.clientId,
  clientSecret: secret,
});

describe('Incydr API credential: description', () => {
  it('is incydrApi with a password-typed secret and a hidden, expirable session token', () => {
    expect(credentialType.name).toBe('incydrApi');
    const byName = Object.fromEntries(credentialType.properties.map((p) => [p.name, p]));
    expect(byName.clientSecret).toMatchObject({ type: 'string', typeOptions: { password: true } });
    expect(byName.sessionToken).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
    expect(byName.baseUrl!.displayOptions).toEqual({ show: { region: ['custom'] } });
  });

  it('offers every region the core client knows, plus a custom base URL', () => {
    const region = credentialType.properties.find((p) => p.name === 'region')!;
    const values = (region.options as Array<{ value: string }>).map((o) => o.value);
    expect(values).toEqual([...Object.keys(INCYDR_REGIONS), 'custom']);
  });

  it('resolves a region or a custom URL, and refuses a custom region without a usable URL', () => {
    expect(incydrBaseUrl({ region: 'us2' })).toBe(INCYDR_REGIONS.us2);
    expect(incydrBaseUrl({ region: 'custom', baseUrl: ' http://127.0.0.1:4010// ' })).toBe('http://127.0.0.1:4010');
    expect(() => incydrBaseUrl({ region: 'custom', baseUrl: 'api.us.code42.com' })).toThrow(/Base URL starting with http/);
    expect(() => incydrBaseUrl({ region: 'mars' })).toThrow(/unknown region "mars"/);
  });
});

describe('Incydr API credential: against the sandbox', () => {
  it('preAuthentication exchanges the client id and secret for a token the API accepts', async () => {
    const { sessionToken } = await credentialType.preAuthentication.call(preAuthContext, sandboxCredential());
    expect(sessionToken).toMatch(/\S{20,}/);
    const answer = (await plainHttpRequest({
      url: `${sandbox.url}/v1/users?pageSize=1`,
      headers: { Authorization: `Bearer ${sessionToken}` },
      json: true,
    })) as { users: unknown[] };
    expect(answer.users).toHaveLength(1);
  });

  it('a wrong secret fails with a message that says so and never repeats the secret', async () => {
    const wrong = 'definitely-not-the-secret';
    const error = await credentialType.preAuthentication.call(preAuthContext, sandboxCredential(wrong)).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/refused the client ID and secret .*401/);
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(wrong);
  });

  it('the connection test request goes to /v1/users with the bearer from authenticate', () => {
    expect(credentialType.test.request).toMatchObject({ url: '/v1/users', qs: { pageSize: 1 } });
    expect(credentialType.test.request.baseURL).toContain('$credentials.region === "custom"');
    expect(credentialType.authenticate).toEqual({
      type: 'generic',
      properties: { headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' } },
    });
  });
});
