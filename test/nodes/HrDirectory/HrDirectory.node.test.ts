/**
 * The HR Directory node's execute path against the real HR sandboxes over HTTP: each provider's three operations,
 * Return All vs Limit, filters, CSV from a binary property and from text, bad rows, error mapping, continueOnFail
 * and pairedItem. Expected people come from the sandbox population (the ground truth), never from the node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../core/src/hr/person.js';
import type { HrPopulation, HrRecord, HrSandboxes } from '../../../sandbox/hr/index.js';
import { scenarioPopulation, startScenario } from '../../core/hr/support.js';
import { binaryFile, runNode, type CredentialData, type FakeContextOptions } from './fake-n8n.js';

let sandboxes: HrSandboxes;
let population: HrPopulation;
let credentials: { incydrHealthBambooHrApi: CredentialData; incydrHealthWorkdayApi: CredentialData; incydrHealthScimApi: CredentialData };

beforeAll(async () => {
  ({ sandboxes, population } = await startScenario({}, scenarioPopulation()));
  credentials = {
    incydrHealthBambooHrApi: {
      companyDomain: sandboxes.bamboohr.companyDomain,
      apiKey: sandboxes.bamboohr.apiKey,
      baseUrl: `${sandboxes.bamboohr.url}/api/gateway.php/${sandboxes.bamboohr.companyDomain}/v1`,
    },
    incydrHealthWorkdayApi: {
      // The production host of the report URL is replaced by the sandbox through the base URL override.
      reportUrl: sandboxes.workday.reportUrl.replace(sandboxes.workday.url, 'https://wd5-services1.myworkday.com'),
      username: sandboxes.workday.user,
      password: sandboxes.workday.password,
      baseUrl: sandboxes.workday.url,
    },
    incydrHealthScimApi: { baseUrl: sandboxes.scim.url, token: sandboxes.scim.token },
  };
});
afterAll(async () => {
  await sandboxes?.close();
});

const PROVIDERS = [
  { provider: 'bambooHr', system: 'bamboohr', source: 'bamboohr', idOf: (r: HrRecord) => r.bambooId },
  { provider: 'workday', system: 'workday', source: 'workday', idOf: (r: HrRecord) => r.workdayId },
  { provider: 'scim', system: 'scim', source: 'scim', idOf: (r: HrRecord) => r.scimId },
] as const;
type ProviderCase = (typeof PROVIDERS)[number];

const PERSON_KEYS: Array<keyof Person> = [
  'source', 'sourceId', 'employeeId', 'workEmail', 'otherEmails', 'personalEmail', 'firstName', 'lastName', 'displayName',
  'status', 'statusRaw', 'employmentType', 'startDate', 'terminationDate', 'lastWorkingDay', 'leaveStart', 'leaveEnd',
  'department', 'title', 'managerId', 'managerEmail', 'lastChanged',
];

function recordsIn(system: ProviderCase['system']): HrRecord[] {
  return population.records.filter((r) => r.inSystems[system] && r.deletedAt === undefined);
}

function run(provider: string, parameters: FakeContextOptions['parameters'], extra: Partial<FakeContextOptions> = {}) {
  return runNode({ credentials, ...extra, parameters: { provider, ...parameters } });
}

/** n8n-workflow resolves from nodes/, not from test/, so error classes are recognized by name. */
type NodeError = Error & { httpCode?: string | null; description?: string | null };
function nodeError(error: unknown, kind: 'NodeApiError' | 'NodeOperationError'): NodeError {
  expect((error as Error | undefined)?.constructor?.name).toBe(kind);
  return error as NodeError;
}

const people = (output: Array<{ json: unknown }>) => output.map((item) => item.json as Person);

describe.each(PROVIDERS)('HR Directory with $provider against its sandbox', (c) => {
  it('Get Many People with Return All emits every person as a normalized Person paired to the input item', async () => {
    const { output, log, credentialReads } = await run(c.provider, { operation: 'getMany', returnAll: true });
    const expected = recordsIn(c.system);
    expect(new Set(people(output).map((p) => p.sourceId))).toEqual(new Set(expected.map(c.idOf)));
    expect(output).toHaveLength(expected.length);
    for (const item of output) {
      expect(Object.keys(item.json).sort()).toEqual([...PERSON_KEYS].sort());
      expect(item.json.source).toBe(c.source);
      expect(item.pairedItem).toEqual({ item: 0 });
    }
    const byId = new Map(expected.map((r) => [c.idOf(r), r]));
    for (const person of people(output)) expect(person.workEmail).toBe(byId.get(person.sourceId)!.workEmail);
    // Only the credential of the chosen provider is read, and only the credential's own secret went on the wire.
    expect(credentialReads).toEqual([`incydrHealth${c.provider === 'bambooHr' ? 'BambooHr' : c.provider === 'workday' ? 'Workday' : 'Scim'}Api`]);
    expect(log.requests.length).toBeGreaterThan(0);
    expect(log.requests.every((r) => r.authorization !== undefined && !r.authorization.includes('delegated'))).toBe(true);
  });

  it('Get Many People with a Limit emits the first N people of the full list', async () => {
    const all = await run(c.provider, { operation: 'getMany', returnAll: true });
    const { output } = await run(c.provider, { operation: 'getMany', returnAll: false, limit: 3 });
    expect(people(output).map((p) => p.sourceId)).toEqual(people(all.output).slice(0, 3).map((p) => p.sourceId));
  });

  it('Get Changes Since emits exactly the people changed at or after the moment', async () => {
    const since = '2026-11-01T00:00:00Z';
    const { output } = await run(c.provider, { operation: 'getChanges', since, returnAll: true });
    const expected = recordsIn(c.system).filter((r) => r.lastChanged >= since);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(recordsIn(c.system).length);
    expect(new Set(people(output).map((p) => p.sourceId))).toEqual(new Set(expected.map(c.idOf)));
  });

  it('Find Person by e-mail (any capitals) and by ID finds the record; an unknown one yields no item', async () => {
    const target = recordsIn(c.system).find((r) => r.workEmail !== null && r.status === 'terminated')!;
    const byEmail = await run(c.provider, { operation: 'findPerson', findBy: 'email', email: target.workEmail!.toUpperCase() });
    expect(people(byEmail.output).map((p) => p.sourceId)).toEqual([c.idOf(target)]);
    const byId = await run(c.provider, { operation: 'findPerson', findBy: 'id', personId: c.idOf(target) });
    expect(people(byId.output)).toEqual(people(byEmail.output));
    const missing = await run(c.provider, { operation: 'findPerson', findBy: 'email', email: 'nobody.here@acme.example' });
    expect(missing.output).toEqual([]);
  });
});

describe('HR Directory: parameters and filters', () => {
  it('the Status and Employment Type filters keep exactly the matching people', async () => {
    const { output } = await run('bambooHr', { operation: 'getMany', returnAll: true, filters: { status: ['terminated', 'leave'] } });
    const expected = recordsIn('bamboohr').filter((r) => r.status === 'terminated' || r.status === 'leave');
    expect(expected.length).toBeGreaterThan(1);
    expect(new Set(people(output).map((p) => p.sourceId))).toEqual(new Set(expected.map((r) => r.bambooId)));
    const contractors = await run('workday', { operation: 'getMany', returnAll: true, filters: { employmentType: ['contractor'] } });
    const expectedContractors = recordsIn('workday').filter((r) => r.employmentType === 'contractor');
    expect(expectedContractors.length).toBeGreaterThan(0);
    expect(people(contractors.output).map((p) => p.sourceId).sort()).toEqual(expectedContractors.map((r) => r.workdayId).sort());
  });

  it('a Changed Since without a zone is read in the workflow time zone', async () => {
    // 2026-11-25 00:30 in Tokyo is 15:30 UTC the day before: the records changed on the 25th at 09:00 UTC are in.
    const tokyo = await run('scim', { operation: 'getChanges', since: '2026-11-25T00:30:00', returnAll: true }, { timeZone: 'Asia/Tokyo' });
    const expected = recordsIn('scim').filter((r) => r.lastChanged >= '2026-11-24T15:30:00Z');
    expect(new Set(people(tokyo.output).map((p) => p.sourceId))).toEqual(new Set(expected.map((r) => r.scimId)));
    // 2026-11-25 10:00 in UTC is after those changes.
    const utc = await run('scim', { operation: 'getChanges', since: '2026-11-25T10:00:00', returnAll: true });
    expect(utc.output).toEqual([]);
  });

  it('bad parameters are NodeOperationErrors that name the field, before any request', async () => {
    const cases: Array<[FakeContextOptions['parameters'], RegExp]> = [
      [{ operation: 'getChanges', since: 'last tuesday' }, /Changed Since must be a date/],
      [{ operation: 'getChanges', since: '2026-02-30' }, /not a calendar date/],
      [{ operation: 'findPerson', findBy: 'email', email: '  ' }, /Email is empty/],
      [{ operation: 'getMany', returnAll: false, limit: 0 }, /Limit must be a whole number of at least 1/],
      [{ operation: 'getMany', returnAll: true, options: { timeZone: 'Mars/Olympus' } }, /Company Time Zone "Mars\/Olympus" is not a time zone/],
    ];
    for (const [parameters, message] of cases) {
      const error = await run('bambooHr', parameters).catch((e: unknown) => e);
      nodeError(error, 'NodeOperationError');
      expect((error as Error).message).toMatch(message);
    }
  });

  it('Find Person with Error If Not Found stops with a message naming the provider and the value', async () => {
    const error = await run('workday', { operation: 'findPerson', findBy: 'id', personId: 'E-404', errorIfNotFound: true }).catch((e: unknown) => e);
    nodeError(error, 'NodeOperationError');
    expect((error as Error).message).toBe('Workday has nobody with ID "E-404"');
  });

  it('one input item per lookup: each found person is paired to the item that asked for it', async () => {
    const targets = recordsIn('scim').filter((r) => r.workEmail !== null).slice(0, 3);
    const { output } = await runNode({
      credentials,
      items: targets.map((r) => ({ json: { email: r.workEmail } })),
      parameters: { provider: 'scim', operation: 'findPerson', findBy: 'email', email: (i: number) => targets[i]!.workEmail },
    });
    expect(output.map((item) => [(item.json as unknown as Person).sourceId, item.pairedItem])).toEqual(targets.map((r, i) => [r.scimId, { item: i }]));
  });
});

describe('HR Directory: API errors', () => {
  it('a wrong API key is a NodeApiError naming BambooHR and HTTP 401, without the key', async () => {
    const wrongKey = 'wrong-bamboo-key-123456';
    const error = await runNode({
      credentials: { ...credentials, incydrHealthBambooHrApi: { ...credentials.incydrHealthBambooHrApi, apiKey: wrongKey } },
      parameters: { provider: 'bambooHr', operation: 'getMany', returnAll: true },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeApiError');
    expect((error as NodeError).httpCode).toBe('401');
    expect((error as Error).message).toMatch(/^BambooHR: BambooHR custom report failed: HTTP 401: BambooHR rejected the API key/);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(wrongKey);
  });

  it('a BambooHR company domain that does not exist is a 404 NodeApiError that says to check it', async () => {
    const root = `${sandboxes.bamboohr.url}/api/gateway.php/no-such-company/v1`;
    const error = await runNode({
      credentials: { ...credentials, incydrHealthBambooHrApi: { ...credentials.incydrHealthBambooHrApi, baseUrl: root } },
      parameters: { provider: 'bambooHr', operation: 'getMany', returnAll: true },
    }).catch((e: unknown) => e);
    expect(nodeError(error, 'NodeApiError').httpCode).toBe('404');
    expect((error as Error).message).toMatch(/HTTP 404: BambooHR found nothing at this address; check the company domain/);
  });

  it('a BambooHR ID that is not a number is a NodeOperationError, not a lookup', async () => {
    const error = await run('bambooHr', { operation: 'findPerson', findBy: 'id', personId: 'E-118' }).catch((e: unknown) => e);
    expect(nodeError(error, 'NodeOperationError').message).toBe('a BambooHR employee id is a number, got "E-118"');
  });

  it('with continueOnFail a failing item becomes {error, httpCode} paired to it and the next item still runs', async () => {
    const { output } = await runNode({
      credentials: { ...credentials, incydrHealthScimApi: { ...credentials.incydrHealthScimApi, token: 'expired-token-987' } },
      items: [{ json: {} }, { json: {} }],
      parameters: { provider: 'scim', operation: 'getMany', returnAll: true },
      continueOnFail: true,
    });
    expect(output).toHaveLength(2);
    expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
    expect(output[0]!.json).toMatchObject({ httpCode: '401' });
    expect(String(output[0]!.json.error)).toMatch(/^SCIM 2.0: .*HTTP 401: the SCIM server rejected the bearer token/);
    expect(JSON.stringify(output)).not.toContain('expired-token-987');
  });

  it('a Workday credential without a usable report URL is a NodeOperationError naming the field', async () => {
    const error = await runNode({
      credentials: { ...credentials, incydrHealthWorkdayApi: { ...credentials.incydrHealthWorkdayApi, reportUrl: 'wd5/ccx/report' } },
      parameters: { provider: 'workday', operation: 'getMany', returnAll: true },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeOperationError');
    expect((error as Error).message).toMatch(/Workday credential's Report URL must start with http/);
  });

  it('an unreachable SCIM server is retried, then a NodeApiError saying it could not be reached', async () => {
    const error = await runNode({
      credentials: { ...credentials, incydrHealthScimApi: { baseUrl: 'http://127.0.0.1:9/scim/v2', token: 'x-token-unused' } },
      parameters: { provider: 'scim', operation: 'getMany', returnAll: true, options: {} },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeApiError');
    expect((error as Error).message).toMatch(/^SCIM 2.0: .*could not be reached.*\(gave up after 5 attempts\)$/);
  }, 20_000);
});

const CSV_HEADER = 'employee_id,work_email,first_name,last_name,status,termination_date,department';
const GOOD_CSV = [
  CSV_HEADER,
  '0042,ana.ruiz@acme.example,Ana,Ruiz,active,,Platform',
  '0043,Dana.Ortiz@acme.example,Dana,Ortiz,terminated,2026-10-31,Sales',
  '0044,sam.park@acme.example,Sam,Park,leave,,Engineering',
].join('\n');

describe('HR Directory with CSV', () => {
  it('reads a CSV from the binary property of each item, keeping leading zeros', async () => {
    const { output } = await runNode({
      items: [{ json: {}, binary: { data: binaryFile(GOOD_CSV) } }],
      parameters: { provider: 'csv', operation: 'getMany', returnAll: true, csvSource: 'binary', binaryPropertyName: 'data' },
    });
    expect(people(output).map((p) => [p.sourceId, p.workEmail, p.status, p.terminationDate])).toEqual([
      ['0042', 'ana.ruiz@acme.example', 'active', null],
      ['0043', 'Dana.Ortiz@acme.example', 'terminated', '2026-10-31'],
      ['0044', 'sam.park@acme.example', 'leave', null],
    ]);
    expect(output.every((item) => item.json.source === 'csv' && (item.pairedItem as { item: number }).item === 0)).toBe(true);
  });

  it('reads a CSV from text, with semicolons and day-first dates when told so, and finds a person in it', async () => {
    const text = GOOD_CSV.replace(/,/g, ';').replace('2026-10-31', '31/10/2026');
    const parameters = { provider: 'csv', csvSource: 'text', csvText: text, options: { delimiter: ';', dateFormat: 'dmy' } };
    const { output } = await runNode({ parameters: { ...parameters, operation: 'findPerson', findBy: 'email', email: 'dana.ortiz@ACME.example' } });
    expect(people(output).map((p) => [p.sourceId, p.terminationDate])).toEqual([['0043', '2026-10-31']]);
  });

  it('each item reads its own file, and its people are paired to it', async () => {
    const second = [CSV_HEADER, '0100,lou.berg@acme.example,Lou,Berg,terminated,2026-09-30,Finance'].join('\n');
    const { output } = await runNode({
      items: [
        { json: {}, binary: { data: binaryFile(GOOD_CSV) } },
        { json: {}, binary: { data: binaryFile(`\uFEFF${second}`, 'second.csv') } },
      ],
      parameters: { provider: 'csv', operation: 'getMany', returnAll: false, limit: 2, csvSource: 'binary', binaryPropertyName: 'data' },
    });
    expect(output.map((item) => [item.json.sourceId, item.pairedItem])).toEqual([
      ['0042', { item: 0 }],
      ['0043', { item: 0 }],
      ['0100', { item: 1 }],
    ]);
  });

  it('Find Person by e-mail also finds a username from the username column', async () => {
    const csv = [`${CSV_HEADER},username`, '0042,,Ana,Ruiz,active,,Platform,aruiz'].join('\n');
    const parameters = { provider: 'csv', operation: 'findPerson', findBy: 'email', email: 'ARUIZ', csvSource: 'text', csvText: csv };
    const { output } = await runNode({ parameters });
    expect(output.map((item) => [item.json.sourceId, item.json.workEmail, item.json.otherEmails])).toEqual([['0042', null, ['aruiz']]]);
  });

  it('a missing binary property stops with a message naming it', async () => {
    const error = await runNode({
      parameters: { provider: 'csv', operation: 'getMany', returnAll: true, csvSource: 'binary', binaryPropertyName: 'upload' },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeOperationError');
    expect((error as Error).message).toMatch(/binary file 'upload'/);
  });

  it('bad rows stop the node with a NodeOperationError naming line and column, listing every problem', async () => {
    const bad = [GOOD_CSV, ',nobody@acme.example,No,Id,active,,Sales', '0046,kim.lee@acme.example,Kim,Lee,active,2026-13-45,Sales'].join('\n');
    const error = await runNode({
      parameters: { provider: 'csv', operation: 'getMany', returnAll: true, csvSource: 'text', csvText: bad },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeOperationError');
    expect((error as Error).message).toMatch(/^CSV line 5, column "employee_id": .* \(and 1 more problem\)$/);
    const description = String((error as NodeError).description);
    expect(description).toContain('CSV line 5, column "employee_id"');
    expect(description).toContain('CSV line 6, column "termination_date"');
  });

  it('under continueOnFail the readable people come out plus one error item per bad row, all paired', async () => {
    const bad = [GOOD_CSV, '0043,again@acme.example,Dup,Licate,active,,Sales'].join('\n');
    const { output } = await runNode({
      parameters: { provider: 'csv', operation: 'getMany', returnAll: true, csvSource: 'text', csvText: bad },
      continueOnFail: true,
    });
    expect(people(output.filter((item) => !('error' in item.json))).map((p) => p.sourceId)).toEqual(['0042', '0043', '0044']);
    const errors = output.filter((item) => 'error' in item.json);
    expect(errors.map((item) => item.json)).toEqual([
      {
        error: expect.stringMatching(/^CSV line 5, column "employee_id": duplicate employee id \(first on line 3\)/),
        sourceId: '0043',
        field: 'employee_id',
        line: 5,
      },
    ]);
    expect(output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
  });

  it('a structural CSV error (an unclosed quote) names the line and character', async () => {
    const broken = `${CSV_HEADER}\n0042,"ana.ruiz@acme.example,Ana,Ruiz,active,,Platform\n`;
    const error = await runNode({
      parameters: { provider: 'csv', operation: 'getMany', returnAll: true, csvSource: 'text', csvText: broken },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeOperationError');
    expect((error as Error).message).toBe('CSV line 2, character 6: a quoted field is never closed');
  });

  it('a CSV without a required column says which one', async () => {
    const error = await runNode({
      parameters: { provider: 'csv', operation: 'getMany', returnAll: true, csvSource: 'text', csvText: 'employee_id,work_email\n1,a@b.example' },
    }).catch((e: unknown) => e);
    nodeError(error, 'NodeOperationError');
    expect((error as Error).message).toMatch(/required column\(s\) missing: first_name, last_name, status/);
  });
});
