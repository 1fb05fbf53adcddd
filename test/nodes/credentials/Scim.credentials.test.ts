import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncydrHealthScimApi } from '../../../nodes/credentials/IncydrHealthScimApi.credentials.js';
import { scimBaseUrl } from '../../../nodes/nodes/HrDirectory/transport/connectors.js';
import type { HrSandboxes } from '../../../sandbox/hr/index.js';
import { startScenario } from '../../core/hr/support.js';
import { resolveTemplate, runCredentialTest } from '../HrDirectory/fake-n8n.js';

const type = new IncydrHealthScimApi();
let sandboxes: HrSandboxes;
beforeAll(async () => {
  ({ sandboxes } = await startScenario());
});
afterAll(async () => {
  await sandboxes?.close();
});

describe('SCIM credential', () => {
  it('is incydrHealthScimApi with a password-typed bearer token sent as Authorization: Bearer', () => {
    expect(type.name).toBe('incydrHealthScimApi');
    const byName = Object.fromEntries(type.properties.map((p) => [p.name, p]));
    expect(byName.token).toMatchObject({ type: 'string', typeOptions: { password: true }, required: true });
    expect(type.authenticate.properties.headers?.Authorization).toBe('=Bearer {{$credentials.token}}');
  });

  it("the test request's base URL is the node's", () => {
    const data = { baseUrl: ' https://graph.microsoft.com/rp/scim/ ' };
    expect(resolveTemplate(type.test.request.baseURL, data)).toBe(scimBaseUrl(data));
    expect(() => scimBaseUrl({ baseUrl: 'graph.microsoft.com/rp/scim' })).toThrow(/must start with http/);
  });

  it('the test request reads one user from the sandbox', async () => {
    const result = await runCredentialTest('incydrHealthScimApi', { baseUrl: sandboxes.scim.url, token: sandboxes.scim.token });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).Resources).toHaveLength(1);
  });

  it('a wrong token fails with 401 and a SCIM error, without the token', async () => {
    const wrong = 'wrong-scim-token-77';
    const result = await runCredentialTest('incydrHealthScimApi', { baseUrl: sandboxes.scim.url, token: wrong });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body)).toMatchObject({ status: '401' });
    expect(result.body + result.url).not.toContain(wrong);
  });
});
