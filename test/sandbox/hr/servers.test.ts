/** The HR sandboxes over raw HTTP: the quirks and errors the connectors rely on, asserted on the wire. */
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

describe('BambooHR sandbox', () => {
  const bamboo = (path: string, init: RequestInit = {}, form: 'classic' | 'current' = 'classic') => {
    const root = form === 'classic' ? `/api/gateway.php/${population.companyDomain}/v1` : '/api/v1';
    return fetch(`${hr.bamboohr.url}${root}${path}`, {
      ...init,
      headers: { authorization: basic(hr.bamboohr.apiKey, 'x'), accept: 'application/json', ...init.headers },
    });
  };
  const report = (fields: string[], query = 'format=JSON', contentType = 'application/json') =>
    bamboo(`/reports/custom?${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify({ title: 't', fields }),
    });

  it('serves the custom report with string values, 0000-00-00 for no date and unknown fields dropped', async () => {
    const response = await report(['firstName', 'terminationDate', 'status', 'noSuchField']);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { fields: { id: string }[]; employees: Record<string, string>[] };
    expect(body.fields.map((f) => f.id)).toEqual(['firstName', 'terminationDate', 'status']);
    const uma = body.employees.find((e) => e.firstName === 'Uma')!;
    expect(uma).toEqual({ id: expect.stringMatching(/^\d+$/), firstName: 'Uma', terminationDate: '0000-00-00', status: 'Active' });
    // Default onlyCurrent hides a future termination; onlyCurrent=false shows it.
    expect(body.employees.find((e) => e.firstName === 'Ivy')!.terminationDate).toBe('0000-00-00');
    const future = (await (await report(['firstName', 'terminationDate'], 'format=json&onlyCurrent=false')).json()) as typeof body;
    expect(future.employees.find((e) => e.firstName === 'Ivy')!.terminationDate).toBe('2026-12-18');
  });

  it('reproduces the Content-Type and format rules', async () => {
    const charset = await report(['firstName'], 'format=JSON', 'application/json; charset=utf-8');
    expect(charset.status).toBe(400);
    expect(charset.headers.get('x-bamboohr-error-message')).toBe('Malformed XML');
    expect((await report(['firstName'], 'format=XML')).status).toBe(404);
    const tooMany = await report(Array.from({ length: 401 }, (_, i) => `f${i}`));
    expect(tooMany.status).toBe(400);
    expect(tooMany.headers.get('x-bamboohr-error-message')).toMatch(/at most 400 fields/);
    expect((await bamboo('/employees/directory', { headers: { accept: 'application/xml' } })).status).toBe(406);
  });

  it('keeps Inactive people out of the directory, on both URL forms', async () => {
    for (const form of ['classic', 'current'] as const) {
      const body = (await (await bamboo('/employees/directory', {}, form)).json()) as { employees: Record<string, unknown>[] };
      const names = body.employees.map((e) => e.lastName);
      expect(names).toContain('Stone');
      expect(names).not.toContain('Ortiz');
      expect(body.employees[0]!.canUploadPhoto).toBe(1);
    }
  });

  it('answers 401 for a wrong key, 404 for an unknown company or employee, 400 for a bad since', async () => {
    const denied = await fetch(`${hr.bamboohr.url}/api/v1/employees/directory`, {
      headers: { authorization: basic('wrong', 'x'), accept: 'application/json' },
    });
    expect(denied.status).toBe(401);
    expect(await denied.text()).not.toContain('wrong');
    expect((await fetch(`${hr.bamboohr.url}/api/gateway.php/other/v1/employees/directory`)).status).toBe(404);
    expect((await bamboo('/employees/99999')).status).toBe(404);
    const plus = await bamboo('/employees/changed?since=2026-11-01T00:00:00+00:00');
    expect(plus.status).toBe(400);
    expect(plus.headers.get('x-bamboohr-error-message')).toMatch(/%2B/);
    expect((await bamboo('/employees/changed?since=2026-11-01T00:00:00%2B00:00')).status).toBe(200);
  });

  it('lists changes keyed by id with the latest timestamp', async () => {
    const body = (await (await bamboo('/employees/changed?since=2026-11-10T00:00:00Z')).json()) as {
      latest: string;
      employees: Record<string, { id: string; action: string; lastChanged: string }>;
    };
    const expected = population.records.filter((r) => r.inSystems.bamboohr && r.lastChanged >= '2026-11-10');
    expect(Object.keys(body.employees).sort()).toEqual(expected.map((r) => r.bambooId).sort());
    for (const record of expected) {
      const action = record.hireDate >= '2026-11-10' ? 'Inserted' : 'Updated';
      expect(body.employees[record.bambooId]).toEqual({ id: record.bambooId, action, lastChanged: record.lastChanged.replace('Z', '+00:00') });
    }
    expect(body.latest).toBe(expected.map((r) => r.lastChanged).sort().at(-1)!.replace('Z', '+00:00'));
  });
});

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

describe('SCIM sandbox', () => {
  const scim = (path: string, init: RequestInit = {}) =>
    fetch(`${hr.scim.url}${path}`, { ...init, headers: { authorization: `Bearer ${hr.scim.token}`, ...init.headers } });
  type List = { totalResults: number; startIndex: number; itemsPerPage: number; Resources: Record<string, unknown>[]; schemas: string[] };

  it('caps the page, clamps startIndex and count, and answers count=0 with the total only', async () => {
    const first = (await (await scim('/Users?count=100')).json()) as List;
    expect(first.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(first.itemsPerPage).toBe(5);
    expect(first.totalResults).toBe(population.records.filter((r) => r.inSystems.scim).length);
    const clamped = (await (await scim('/Users?startIndex=-3&count=-1')).json()) as List;
    expect(clamped).toMatchObject({ startIndex: 1, itemsPerPage: 0, Resources: [] });
    const bad = await scim('/Users?count=ten');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('filters with case-insensitive names and values, enterprise attributes, and/or/not, pr, gt', async () => {
    const total = async (filter: string) => ((await (await scim(`/Users?filter=${encodeURIComponent(filter)}`)).json()) as List).totalResults;
    expect(await total('USERNAME eq "DANA.ORTIZ@acme.example"')).toBe(1);
    expect(await total('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "E100001"')).toBe(1);
    expect(await total('emails.value eq "mia.lopez@acme.example"')).toBe(1);
    const inactive = population.records.filter((r) => r.status === 'terminated').length;
    expect(await total('active eq false')).toBe(inactive);
    expect(await total('not (active eq false) and userType eq "Contractor"')).toBe(1);
    expect(await total('name.familyName sw "park" or name.familyName ew "tiz"')).toBe(3);
    expect(await total('title pr')).toBe(population.records.filter((r) => r.title).length);
    const recent = population.records.filter((r) => Date.parse(r.lastChanged) > Date.parse('2026-11-20T00:00:00+01:00'));
    expect(recent.length).toBeGreaterThan(0);
    expect(await total('meta.lastModified gt "2026-11-20T00:00:00+01:00"')).toBe(recent.length);
  });

  it('answers invalidFilter with a SCIM error body, and serves .search, ServiceProviderConfig and 404s', async () => {
    const bad = await scim(`/Users?filter=${encodeURIComponent('userName eq')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/scim+json');
    expect(await bad.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter' });
    const search = await scim('/Users/.search', {
      method: 'POST',
      headers: { 'content-type': 'application/scim+json' },
      body: JSON.stringify({ filter: 'userName eq "uma.reed@acme.example"', count: 1 }),
    });
    expect(((await search.json()) as List).Resources[0]).toMatchObject({ name: { givenName: 'Uma' } });
    expect(await (await scim('/ServiceProviderConfig')).json()).toMatchObject({ filter: { supported: true, maxResults: 5 } });
    const missing = await scim('/Users/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: '404', detail: 'No User with id nope' });
    const denied = await fetch(`${hr.scim.url}/Users`, { headers: { authorization: 'Bearer wrong' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ status: '401' });
  });
});

describe('fault injection', () => {
  it('answers every Nth request 429 with Retry-After, and a 5xx burst, counted in the log', async () => {
    const faulty = await startHrSandboxes({
      population,
      faults: { scim: { rateLimitEvery: 3, retryAfterSeconds: 9 }, workday: { errorBurst: { startAt: 2, length: 2, status: 504 } } },
    });
    try {
      const get = () => fetch(`${faulty.scim.url}/Users?count=1`, { headers: { authorization: `Bearer ${faulty.scim.token}` } });
      const statuses = [];
      for (let i = 0; i < 6; i += 1) {
        const response = await get();
        statuses.push(response.status);
        if (response.status === 429) expect(response.headers.get('retry-after')).toBe('9');
      }
      expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
      expect(faulty.scim.log).toMatchObject({ total: 6, rateLimited: 2 });
      const run = () => fetch(`${faulty.workday.reportUrl}?format=json`, { headers: { authorization: basic(faulty.workday.user, faulty.workday.password) } });
      const burst = [];
      for (let i = 0; i < 4; i += 1) burst.push((await run()).status);
      expect(burst).toEqual([200, 504, 504, 200]);
      expect(faulty.bamboohr.log.total).toBe(0);
    } finally {
      await faulty.close();
    }
  });

  it('repeats a burst every N requests, adds announced latency, and refuses a bad configuration', async () => {
    const faulty = await startHrSandboxes({
      population,
      faults: { scim: { errorBurst: { every: 3, length: 1, status: 502 }, latencyMs: 5 } },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 7; i += 1) {
        const response = await fetch(`${faulty.scim.url}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${faulty.scim.token}` } });
        statuses.push(response.status);
        if (response.status === 200) expect(response.headers.get('x-sandbox-latency-ms')).toBe('5');
      }
      expect(statuses).toEqual([200, 200, 502, 200, 200, 502, 200]);
    } finally {
      await faulty.close();
    }
    await expect(
      startHrSandboxes({ population, faults: { workday: { rateLimitEvery: 0, errorBurst: { length: 2 } } } }),
    ).rejects.toThrow(/invalid fault configuration: workday\.rateLimitEvery: .*; workday\.errorBurst: give startAt, every, or both/);
  });
});
