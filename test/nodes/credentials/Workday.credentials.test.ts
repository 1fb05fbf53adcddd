import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncydrHealthWorkdayApi } from '../../../nodes/credentials/IncydrHealthWorkdayApi.credentials.js';
import { workdayReportUrl } from '../../../nodes/nodes/HrDirectory/transport/connectors.js';
import type { HrSandboxes } from '../../../sandbox/hr/index.js';
import { startScenario } from '../../core/hr/support.js';
import { resolveTemplate, runCredentialTest } from '../HrDirectory/fake-n8n.js';

const type = new IncydrHealthWorkdayApi();
let sandboxes: HrSandboxes;
beforeAll(async () => {
  ({ sandboxes } = await startScenario());
});
afterAll(async () => {
  await sandboxes?.close();
});

const credential = (password = sandboxes.workday.password) => ({
  reportUrl: sandboxes.workday.reportUrl.replace(sandboxes.workday.url, 'https://wd5-services1.myworkday.com'),
  username: sandboxes.workday.user,
  password,
  baseUrl: sandboxes.workday.url,
});

describe('Workday credential', () => {
  it('is incydrHealthWorkdayApi with a password-typed password and basic auth for the integration user', () => {
    expect(type.name).toBe('incydrHealthWorkdayApi');
    const byName = Object.fromEntries(type.properties.map((p) => [p.name, p]));
    expect(byName.password).toMatchObject({ type: 'string', typeOptions: { password: true }, required: true });
    expect(type.authenticate.properties.auth).toEqual({ username: '={{$credentials.username}}', password: '={{$credentials.password}}' });
  });

  it("the test request's URL is the node's report URL, with and without a base URL override", () => {
    const reportUrl = 'https://wd5-services1.myworkday.com/ccx/service/customreport2/acme/ISU/Workers?Worker_Type=x';
    for (const data of [{ reportUrl, baseUrl: '' }, { reportUrl: ` ${reportUrl} `, baseUrl: 'http://127.0.0.1:4012/' }]) {
      expect(resolveTemplate(type.test.request.url, data)).toBe(workdayReportUrl(data));
    }
    expect(workdayReportUrl({ reportUrl, baseUrl: 'http://127.0.0.1:4012/' })).toBe(
      'http://127.0.0.1:4012/ccx/service/customreport2/acme/ISU/Workers?Worker_Type=x',
    );
  });

  it('the test request runs the report in the sandbox', async () => {
    const result = await runCredentialTest('incydrHealthWorkdayApi', credential());
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).Report_Entry.length).toBeGreaterThan(0);
  });

  it('a wrong password fails with 401, without the password', async () => {
    const wrong = 'not-the-isu-password';
    const result = await runCredentialTest('incydrHealthWorkdayApi', credential(wrong));
    expect(result.status).toBe(401);
    expect(result.body).toMatch(/invalid username or password/);
    expect(result.body + result.url).not.toContain(wrong);
  });
});
