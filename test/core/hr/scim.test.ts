import { afterEach, describe, expect, it } from 'vitest';
import { createScimConnector, type ScimOptions } from '../../../core/src/hr/scim.js';
import { HrApiError } from '../../../core/src/hr/http.js';
import { HrInputError } from '../../../core/src/hr/connector.js';
import type { HrSandboxes, StartHrSandboxesOptions } from '../../../sandbox/hr/index.js';
import { buildScenario } from '../../sandbox/hr/scenario.js';
import { inSystem, personaIdsBySourceId } from '../../sandbox/hr/truth.js';
import { fakeClock, scenarioPopulation, startScenario } from './support.js';

let running: HrSandboxes | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function connect(
  extra: Partial<StartHrSandboxesOptions> = {},
  options: Partial<ScimOptions> = {},
  population = scenarioPopulation(),
) {
  const { sandboxes } = await startScenario(extra, population);
  running = sandboxes;
  const clock = fakeClock();
  const connector = createScimConnector({
    baseUrl: sandboxes.scim.url,
    token: sandboxes.scim.token,
    clock,
    random: () => 0,
    ...options,
  });
  return { connector, clock, sandboxes, population };
}

describe('SCIM connector against the SCIM sandbox', () => {
  it('pages to the end when the server serves fewer than asked, and maps the enterprise extension', async () => {
    const scenario = buildScenario();
    const { connector, sandboxes, population } = await connect({ scim: { maxResults: 7 } }, { pageSize: 10 }, scenarioPopulation(scenario));
    const { people, issues } = await connector.listPeople();
    const expected = scenario.personas.filter((p) => inSystem(p, 'scim'));
    expect(issues).toEqual([]);
    expect(people).toHaveLength(expected.length);
    expect(sandboxes.scim.log.total).toBe(Math.ceil(expected.length / 7));
    expect(sandboxes.scim.log.requests[0]!.path).toBe('/scim/v2/Users');
    const personaOf = personaIdsBySourceId(population, 'scim');
    for (const person of people) {
      const persona = scenario.personas.find((p) => p.personaId === personaOf.get(person.sourceId))!;
      // SCIM knows only active or not: leave and pending read as active, and no termination date exists.
      const status = persona.status === 'terminated' ? 'terminated' : 'active';
      expect(person.status, persona.lastName).toBe(status);
      expect(person.terminationDate).toBeNull();
      expect(person.employeeId).toBe(persona.employeeId ?? population.records.find((r) => r.key === persona.personaId)!.workdayId);
    }
    const santos = people.find((p) => p.lastName === 'Santos')!;
    expect(santos.otherEmails).toEqual(['mia.lopez@acme.example']);
    const wong = people.find((p) => p.lastName === 'Wong')!;
    expect(people.find((p) => p.lastName === 'Abbott')!.managerId).toBe(wong.sourceId);
    expect(people.find((p) => p.lastName === 'Grant')!.employmentType).toBe('contractor');
  });

  it('reports malformed attributes as issues', async () => {
    const population = scenarioPopulation();
    const target = population.records.find((r) => r.lastName === 'Ortiz')!;
    target.overrides = {
      scim: { active: 'no', emails: [{ value: 'dana-at-acme', type: 'work' }], meta: { lastModified: 'yesterday' } },
    };
    const { connector } = await connect({}, {}, population);
    const { people, issues } = await connector.listPeople();
    expect(people.find((p) => p.sourceId === target.scimId)!.status).toBe('unknown');
    expect(issues.map((i) => i.field).sort()).toEqual(['active', 'emails.value', 'meta.lastModified']);
  });

  it('turns a rejected token into a clear error that does not contain the token', async () => {
    const { sandboxes } = await connect();
    const token = 'expired-token-abcdef';
    const connector = createScimConnector({ baseUrl: sandboxes.scim.url, token, clock: fakeClock() });
    const error = (await connector.listPeople().catch((e: unknown) => e)) as HrApiError;
    expect(error).toBeInstanceOf(HrApiError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/rejected the bearer token/);
    expect(error.message).toContain('The server says: The bearer token is missing, wrong or expired');
    expect(`${error.message}${error.stack}`).not.toContain(token);
  });

  it('waits out 429s per Retry-After while paging', async () => {
    const { connector, clock, sandboxes } = await connect(
      { scim: { maxResults: 10 }, faults: { rateLimitEvery: 3, retryAfterSeconds: 2 } },
      { pageSize: 10 },
    );
    const { people } = await connector.listPeople();
    expect(people.length).toBeGreaterThan(40);
    expect(clock.sleeps.length).toBe(sandboxes.scim.log.rateLimited);
    expect(clock.sleeps.every((ms) => ms === 2000)).toBe(true);
    expect(sandboxes.scim.log.rateLimited).toBeGreaterThan(0);
  });

  it('finds by id (null for an unknown id) and by any e-mail', async () => {
    const { connector, population } = await connect();
    const mia = population.records.find((r) => r.lastName === 'Santos')!;
    expect((await connector.findPerson({ id: mia.scimId })).person?.workEmail).toBe('mia.santos@acme.example');
    expect((await connector.findPerson({ id: 'no-such-id' })).person).toBeNull();
    const wrongBase = createScimConnector({ baseUrl: running!.scim.url.replace('/scim/v2', '/scim'), token: running!.scim.token, clock: fakeClock() });
    await expect(wrongBase.findPerson({ id: mia.scimId })).rejects.toThrow(/SCIM base URL check failed: HTTP 404/);
    expect((await connector.findPerson({ email: 'Mia.Santos@ACME.example' })).person?.sourceId).toBe(mia.scimId);
    expect((await connector.findPerson({ email: 'mia.lopez@acme.example' })).person?.sourceId).toBe(mia.scimId);
    expect((await connector.findPerson({ email: 'nobody@acme.example' })).person).toBeNull();
    expect(() => createScimConnector({ baseUrl: 'http://x', token: 't', pageSize: 0 })).toThrow(HrInputError);
  });

  it('lists changes with a lastModified filter, and falls back to reading all on an eq-only server', async () => {
    const full = await connect();
    const expected = full.population.records.filter((r) => r.lastChanged >= '2026-11-01').map((r) => r.scimId).sort();
    const changes = await full.connector.listChangesSince('2026-11-01');
    expect(changes.people.map((p) => p.sourceId).sort()).toEqual(expected);
    expect(full.sandboxes.scim.log.requests.every((r) => r.status === 200)).toBe(true);
    await running!.close();

    const eqOnly = await connect({ scim: { eqOnly: true } });
    const fallback = await eqOnly.connector.listChangesSince('2026-11-01');
    expect(fallback.people.map((p) => p.sourceId).sort()).toEqual(expected);
    expect(eqOnly.sandboxes.scim.log.requests[0]!.status).toBe(400);
  });

  it('advances by the Resources that arrived even when itemsPerPage says otherwise', async () => {
    const asked: string[] = [];
    const user = (id: string) => ({ id, userName: `${id}@acme.example`, active: true });
    const pages: Record<string, unknown> = {
      '1': { totalResults: 3, startIndex: 1, itemsPerPage: 0, Resources: [user('a'), user('b')] },
      '3': { totalResults: 3, startIndex: 3, itemsPerPage: 0, Resources: [user('c')] },
    };
    const connector = createScimConnector({
      baseUrl: 'http://scim.invalid',
      token: 't0ken-value',
      clock: fakeClock(),
      transport: async (request) => {
        const start = new URL(request.url).searchParams.get('startIndex')!;
        asked.push(start);
        return { status: 200, headers: new Headers(), text: async () => JSON.stringify(pages[start] ?? { totalResults: 3, Resources: [] }) };
      },
    });
    const { people } = await connector.listPeople();
    expect(people.map((p) => p.sourceId)).toEqual(['a', 'b', 'c']);
    expect(asked).toEqual(['1', '3']);
  });
  it('pages with RFC 9865 cursors when asked, filters included', async () => {
    const scenario = buildScenario();
    const { connector, sandboxes } = await connect(
      { scim: { maxResults: 6, cursorPaging: true } },
      { pageSize: 10, paging: 'cursor' },
      scenarioPopulation(scenario),
    );
    const { people } = await connector.listPeople();
    const expected = scenario.personas.filter((p) => inSystem(p, 'scim')).length;
    expect(people).toHaveLength(expected);
    expect(sandboxes.scim.log.total).toBe(Math.ceil(expected / 6));
    const changes = await connector.listChangesSince('2026-11-01');
    expect(changes.people.length).toBeGreaterThan(0);
    expect(sandboxes.scim.log.requests.every((r) => r.status === 200)).toBe(true);
    expect(() => createScimConnector({ baseUrl: 'http://x', token: 't', paging: 'pages' as never })).toThrow(/"index" or "cursor"/);
  });

  it('can read active:false as unknown for servers that also switch off people on leave', async () => {
    const { sandboxes, population } = await connect();
    const connector = createScimConnector({ baseUrl: sandboxes.scim.url, token: sandboxes.scim.token, clock: fakeClock(), inactiveMeans: 'unknown' });
    const { people } = await connector.listPeople();
    const dana = people.find((p) => p.sourceId === population.records.find((r) => r.lastName === 'Ortiz')!.scimId)!;
    expect(dana).toMatchObject({ status: 'unknown', statusRaw: 'active=false' });
    expect(people.filter((p) => p.status === 'terminated')).toEqual([]);
  });
});
