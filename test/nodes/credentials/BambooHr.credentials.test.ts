import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncydrHealthBambooHrApi } from '../../../nodes/credentials/IncydrHealthBambooHrApi.credentials.js';
import { bambooHrApiRoot } from '../../../nodes/nodes/HrDirectory/transport/connectors.js';
import type { HrSandboxes } from '../../../sandbox/hr/index.js';
import { startScenario } from '../../core/hr/support.js';
import { resolveTemplate, runCredentialTest } from '../HrDirectory/fake-n8n.js';

const type = new IncydrHealthBambooHrApi();
let sandboxes: HrSandboxes;
beforeAll(async () => {
  ({ sandboxes } = await startScenario());
});
afterAll(async () => {
  await sandboxes?.close();
});

const credential = (apiKey = sandboxes.bamboohr.apiKey) => ({
  companyDomain: sandboxes.bamboohr.companyDomain,
  apiKey,
  baseUrl: `${sandboxes.bamboohr.url}/api/gateway.php/${sandboxes.bamboohr.companyDomain}/v1/`,
});

describe('BambooHR credential', () => {
  it('is incydrHealthBambooHrApi with a password-typed API key and basic auth with the key as user name', () => {
    expect(type.name).toBe('incydrHealthBambooHrApi');
    const byName = Object.fromEntries(type.properties.map((p) => [p.name, p]));
    expect(byName.apiKey).toMatchObject({ type: 'string', typeOptions: { password: true }, required: true });
    expect(byName.companyDomain!.typeOptions?.password).toBeUndefined();
    expect(type.authenticate.properties.auth).toEqual({ username: '={{$credentials.apiKey}}', password: 'x' });
  });

  it("the test request's API root is the node's, with and without an override", () => {
    const cases = [
      { companyDomain: ' acme ', baseUrl: '' },
      { companyDomain: 'acme', baseUrl: ' http://127.0.0.1:4011/api/v1// ' },
    ];
    for (const data of cases) expect(resolveTemplate(type.test.request.baseURL, data)).toBe(bambooHrApiRoot(data));
    expect(bambooHrApiRoot(cases[0]!)).toBe('https://api.bamboohr.com/api/gateway.php/acme/v1');
    expect(() => bambooHrApiRoot({ companyDomain: 'acme.bamboohr.com' })).toThrow(/only the part before \.bamboohr\.com/);
  });

  it('the test request succeeds against the sandbox and reads nobody', async () => {
    const result = await runCredentialTest('incydrHealthBambooHrApi', credential());
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).employees).toEqual([]);
  });

  it('a wrong key fails with 401 and the sandbox says why, without the key', async () => {
    const wrong = 'wrong-key-for-bamboo-42';
    const result = await runCredentialTest('incydrHealthBambooHrApi', credential(wrong));
    expect(result.status).toBe(401);
    expect(result.body).toMatch(/Invalid or missing API key/);
    expect(result.body + result.url).not.toContain(wrong);
  });
});
