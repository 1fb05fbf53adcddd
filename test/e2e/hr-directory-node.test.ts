/**
 * The HR Directory node and its three credentials inside real n8n, as users install them: credentials created
 * through n8n's public API pointing at HR sandboxes this file starts, n8n's own credential test answering OK for the
 * right secret and an error for a wrong one, and one Webhook → HR Directory workflow per provider whose output must
 * be exactly the sandbox population's people for that system.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowJson } from '../harness/n8n.js';
import { useSharedN8n } from '../harness/shared-n8n.js';
import type { HrPopulation, HrRecord, HrSandboxes } from '../../sandbox/hr/index.js';
import { scenarioPopulation, startScenario } from '../core/hr/support.js';

const NODE_TYPE = 'n8n-nodes-incydr-health.hrDirectory';
const n8n = useSharedN8n();
let sandboxes: HrSandboxes;
let population: HrPopulation;
const credentialIds: Record<string, { id: string; name: string }> = {};

const CREDENTIALS = {
  incydrHealthBambooHrApi: () => ({
    companyDomain: sandboxes.bamboohr.companyDomain,
    apiKey: sandboxes.bamboohr.apiKey,
    baseUrl: `${sandboxes.bamboohr.url}/api/gateway.php/${sandboxes.bamboohr.companyDomain}/v1`,
  }),
  incydrHealthWorkdayApi: () => ({
    reportUrl: sandboxes.workday.reportUrl.replace(sandboxes.workday.url, 'https://wd5-services1.myworkday.com'),
    username: sandboxes.workday.user,
    password: sandboxes.workday.password,
    baseUrl: sandboxes.workday.url,
  }),
  incydrHealthScimApi: () => ({ baseUrl: sandboxes.scim.url, token: sandboxes.scim.token }),
};
type CredentialType = keyof typeof CREDENTIALS;
const SECRET_FIELD: Record<CredentialType, string> = {
  incydrHealthBambooHrApi: 'apiKey',
  incydrHealthWorkdayApi: 'password',
  incydrHealthScimApi: 'token',
};

beforeAll(async () => {
  ({ sandboxes, population } = await startScenario({}, scenarioPopulation()));
  for (const [type, data] of Object.entries(CREDENTIALS) as Array<[CredentialType, () => Record<string, string>]>) {
    credentialIds[type] = await n8n().api<{ id: string; name: string }>('/credentials', {
      method: 'POST',
      body: { name: `${type} sandbox`, type, data: data() },
    });
  }
});
afterAll(async () => {
  await sandboxes?.close();
});

function hrWorkflow(path: string, provider: string, parameters: Record<string, unknown>, credentialType?: CredentialType): WorkflowJson {
  return {
    name: `hr directory ${path}`,
    nodes: [
      {
        id: '2b7c1e90-4f3a-4d6b-9a8c-1e2f3a4b5c60',
        name: 'Webhook',
        type: 'n8n-nodes-base.webhook',
        typeVersion: 2,
        position: [0, 0],
        webhookId: path,
        parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries' },
      },
      {
        id: '2b7c1e90-4f3a-4d6b-9a8c-1e2f3a4b5c61',
        name: 'HR Directory',
        type: NODE_TYPE,
        typeVersion: 1,
        position: [220, 0],
        ...(credentialType ? { credentials: { [credentialType]: credentialIds[credentialType] } } : {}),
        parameters: { provider, ...parameters },
      },
    ],
    connections: { Webhook: { main: [[{ node: 'HR Directory', type: 'main', index: 0 }]] } },
    settings: { executionOrder: 'v1' },
  };
}

async function runWorkflow(workflow: WorkflowJson, body: unknown): Promise<Array<Record<string, unknown>>> {
  const created = await n8n().importWorkflow(workflow);
  await n8n().activate(created.id);
  const path = (workflow.nodes[0] as { parameters: { path: string } }).parameters.path;
  const response = await n8n().runWebhook(path, body);
  expect(response.status).toBe(200);
  const execution = await n8n().waitForExecution({ workflowId: created.id }, 'success');
  const items = execution.data!.resultData.runData['HR Directory']![0]!.data!.main[0]!;
  expect(JSON.stringify(execution)).not.toMatch(/sandbox-bamboohr-key|sandbox-workday-password|sandbox-scim-token/);
  return items.map((item) => item.json);
}

const recordsIn = (system: 'bamboohr' | 'workday' | 'scim') =>
  population.records.filter((r) => r.inSystems[system] && r.deletedAt === undefined);

describe('HR Directory node in real n8n 2.40.7', () => {
  it('lists the node, its AI-tool variant and the three credential types', async () => {
    const names = (await n8n().nodeTypes()).map((type) => type.name);
    expect(names).toContain(NODE_TYPE);
    expect(names).toContain(`${NODE_TYPE}Tool`);
    for (const type of Object.keys(CREDENTIALS)) {
      const schema = await n8n().api<{ properties: Record<string, unknown> }>(`/credentials/schema/${type}`);
      expect(Object.keys(schema.properties)).toContain(SECRET_FIELD[type as CredentialType]);
    }
  });

  it.each(Object.keys(CREDENTIALS) as CredentialType[])("n8n's credential test of %s answers OK, and an error for a wrong secret", async (type) => {
    const good = await n8n().api<{ status: string; message: string }>(`/credentials/${credentialIds[type]!.id}/test`, { method: 'POST' });
    expect(good).toMatchObject({ status: 'OK' });
    const wrongSecret = `wrong-${type}-secret-e2e`;
    const wrong = await n8n().api<{ id: string }>('/credentials', {
      method: 'POST',
      body: { name: `${type} wrong`, type, data: { ...CREDENTIALS[type](), [SECRET_FIELD[type]]: wrongSecret } },
    });
    const result = await n8n().api<{ status: string; message: string }>(`/credentials/${wrong.id}/test`, { method: 'POST' });
    expect(result.status).toBe('Error');
    expect(result.message).not.toContain(wrongSecret);
  });

  const cases: Array<[string, CredentialType, 'bamboohr' | 'workday' | 'scim', (r: HrRecord) => string]> = [
    ['bambooHr', 'incydrHealthBambooHrApi', 'bamboohr', (r) => r.bambooId],
    ['workday', 'incydrHealthWorkdayApi', 'workday', (r) => r.workdayId],
    ['scim', 'incydrHealthScimApi', 'scim', (r) => r.scimId],
  ];
  it.each(cases)('Get Many People from %s returns exactly the sandbox population', async (provider, credentialType, system, idOf) => {
    const people = await runWorkflow(
      hrWorkflow(`hr-${provider}-all`, provider, { operation: 'getMany', returnAll: true }, credentialType),
      {},
    );
    const expected = recordsIn(system);
    expect(people).toHaveLength(expected.length);
    expect(new Set(people.map((p) => p.sourceId))).toEqual(new Set(expected.map(idOf)));
    const byId = new Map(expected.map((r) => [idOf(r), r]));
    for (const person of people) {
      expect(person.source).toBe(system);
      expect(person.workEmail).toBe(byId.get(String(person.sourceId))!.workEmail);
    }
  });

  it('Find Person by an e-mail from the webhook body, and Get Changes Since, against BambooHR', async () => {
    const target = recordsIn('bamboohr').find((r) => r.workEmail !== null && r.status === 'terminated')!;
    const found = await runWorkflow(
      hrWorkflow('hr-bamboo-find', 'bambooHr', { operation: 'findPerson', findBy: 'email', email: '={{ $json.body.email }}' }, 'incydrHealthBambooHrApi'),
      { email: target.workEmail },
    );
    expect(found.map((p) => [p.sourceId, p.status])).toEqual([[target.bambooId, 'terminated']]);

    const since = '2026-11-01T00:00:00Z';
    const changed = await runWorkflow(
      hrWorkflow('hr-bamboo-changes', 'bambooHr', { operation: 'getChanges', since: '={{ $json.body.since }}', returnAll: true }, 'incydrHealthBambooHrApi'),
      { since },
    );
    const expected = recordsIn('bamboohr').filter((r) => r.lastChanged >= since);
    expect(new Set(changed.map((p) => p.sourceId))).toEqual(new Set(expected.map((r) => r.bambooId)));
  });

  it('CSV from the webhook body: people out, and a bad row stops the run with its line and column', async () => {
    const csv = [
      'employee_id,work_email,first_name,last_name,status,termination_date',
      '0042,ana.ruiz@acme.example,Ana,Ruiz,active,',
      '0043,dana.ortiz@acme.example,Dana,Ortiz,terminated,2026-10-31',
    ].join('\n');
    const parameters = { operation: 'getMany', returnAll: true, csvSource: 'text', csvText: '={{ $json.body.csv }}' };
    const people = await runWorkflow(hrWorkflow('hr-csv-good', 'csv', parameters), { csv });
    expect(people.map((p) => [p.sourceId, p.status])).toEqual([['0042', 'active'], ['0043', 'terminated']]);

    const created = await n8n().importWorkflow(hrWorkflow('hr-csv-bad', 'csv', parameters));
    await n8n().activate(created.id);
    await n8n().runWebhook('hr-csv-bad', { csv: `${csv}\n0044,kim@acme.example,Kim,Lee,active,2026-13-45` });
    const failed = await n8n().waitForExecution({ workflowId: created.id }, 'error').catch((error: Error) => error);
    // waitForExecution fails fast on a final status other than the one asked for; asking for "error" gets the record.
    const message = failed instanceof Error ? failed.message : String(failed.data?.resultData.error?.message);
    expect(message).toMatch(/CSV line 4, column "termination_date"/);
  });
});
