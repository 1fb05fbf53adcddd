/** The Workday sandbox over raw HTTP: the quirks and errors the connectors rely on, asserted on the wire. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHrSandboxes, type HrSandboxes } from '../../../sandbox/hr/index.js';
import { scenarioPopulation } from '../../core/hr/support.js';

let hr: HrSandboxes;
const population = scenarioPopulation();

beforeAll(async () => {
  hr = await startHrSandboxes({ population, scim: { maxResults: 5 } });
});
afterAll(async () => {
  await hr?.close();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Workday sandbox', () => {
  const run = (auth: string, query = '?format=json') => fetch(`${hr.workday.reportUrl}${query}`, { headers: { authorization: auth } });

  it('omits empty columns and writes booleans as "1"/"0" and references as descriptors', async () => {
    const body = (await (await run(basic(hr.workday.user, hr.workday.password))).json()) as { Report_Entry: Record<string, string>[] };
    const uma = body.Report_Entry.find((e) => e.Legal_First_Name === 'Uma')!;
    expect(uma).not.toHaveProperty('Termination_Date');
    expect(uma).not.toHaveProperty('Other_Work_Emails');
    expect(uma).toMatchObject({ Active: '1', On_Leave: '0', Worker_Type: 'Employee' });
    const ada = body.Report_Entry.find((e) => e.Legal_First_Name === 'Ada')!;
    expect(ada.Manager_Employee_ID).toMatch(/^Lee Wong \(E\d+\)$/);
    expect(ada.Supervisory_Organization).toBe('Engineering (Lee Wong)');
    expect(ada.Last_Functionally_Updated).toMatch(/\.000\+00:00$/);
  });

  it('answers 401 for bad credentials and 406 without format=json', async () => {
    const denied = await run(basic(hr.workday.user, 'nope'));
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await run(basic(hr.workday.user, hr.workday.password), '')).status).toBe(406);
  });
});
