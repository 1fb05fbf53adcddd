/** The SCIM sandbox over raw HTTP: the quirks and errors the connectors rely on, asserted on the wire. */
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
  it('serves cursor paging when enabled, refusing foreign cursors and mixed paging', async () => {
    const cursorHr = await startHrSandboxes({ population, scim: { maxResults: 4, cursorPaging: true } });
    try {
      const get = async (query: string) =>
        fetch(`${cursorHr.scim.url}/Users?${query}`, { headers: { authorization: `Bearer ${cursorHr.scim.token}` } });
      const first = (await (await get('cursor=&count=4')).json()) as List & { nextCursor?: string; previousCursor?: string };
      expect(first.itemsPerPage).toBe(4);
      expect(first.previousCursor).toBeUndefined();
      const second = (await (await get(`cursor=${first.nextCursor}&count=4`)).json()) as List & { previousCursor?: string };
      expect(second.Resources[0]!.id).not.toBe(first.Resources[0]!.id);
      expect(second.previousCursor).toBeDefined();
      const forged = await get('cursor=bm90LWEtY3Vyc29y&count=4');
      expect(forged.status).toBe(400);
      expect(await forged.json()).toMatchObject({ scimType: 'invalidCursor', status: '400' });
      expect((await get(`cursor=&startIndex=2`)).status).toBe(400);
      const spc = (await (await fetch(`${cursorHr.scim.url}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${cursorHr.scim.token}` } })).json()) as { pagination: { cursor: boolean } };
      expect(spc.pagination.cursor).toBe(true);
    } finally {
      await cursorHr.close();
    }
    // The default server pages by index only.
    const refused = await scim('/Users?cursor=');
    expect(refused.status).toBe(400);
  });
});
