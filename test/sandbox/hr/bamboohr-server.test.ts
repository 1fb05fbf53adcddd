/** The BambooHR sandbox over raw HTTP: the quirks and errors the connectors rely on, asserted on the wire. */
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
  it('filters the custom report on lastChanged, and refuses a malformed filter', async () => {
    const since = '2026-11-10T00:00:00Z';
    const filtered = await bamboo('/reports/custom?format=JSON', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['firstName'], filters: { lastChanged: { includeNull: 'no', value: since } } }),
    });
    const body = (await filtered.json()) as { employees: { id: string }[] };
    const expected = population.records.filter((r) => r.inSystems.bamboohr && r.lastChanged >= since).map((r) => r.bambooId);
    expect(body.employees.map((e) => e.id).sort()).toEqual(expected.sort());
    expect(expected.length).toBeLessThan(population.records.length);
    const bad = await bamboo('/reports/custom?format=JSON', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['firstName'], filters: { lastChanged: { value: 'last week' } } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-bamboohr-error-message')).toBe('filters.lastChanged.value: must be an ISO-8601 timestamp');
  });
});
