import { afterEach, describe, expect, it } from 'vitest';
import { createBambooHrConnector, type BambooHrOptions } from '../../../core/src/hr/bamboohr.js';
import { HrApiError } from '../../../core/src/hr/http.js';
import { HrInputError } from '../../../core/src/hr/connector.js';
import { BAMBOO_OTHER_EMAILS_FIELD, type HrSandboxes, type StartHrSandboxesOptions } from '../../../sandbox/hr/index.js';
import { buildScenario } from '../../sandbox/hr/scenario.js';
import { inSystem } from '../../sandbox/hr/truth.js';
import { fakeClock, scenarioPopulation, startScenario, type FakeClock } from './support.js';

let running: HrSandboxes | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function connect(
  extra: Partial<StartHrSandboxesOptions> = {},
  options: Partial<BambooHrOptions> = {},
  population = scenarioPopulation(),
) {
  const { sandboxes } = await startScenario(extra, population);
  running = sandboxes;
  const clock: FakeClock = fakeClock();
  const connector = createBambooHrConnector({
    companyDomain: sandboxes.bamboohr.companyDomain,
    apiKey: sandboxes.bamboohr.apiKey,
    baseUrl: `${sandboxes.bamboohr.url}/api/gateway.php/${sandboxes.bamboohr.companyDomain}/v1`,
    clock,
    random: () => 0.5,
    ...options,
  });
  return { connector, clock, sandboxes, population };
}

describe('BambooHR connector against the BambooHR sandbox', () => {
  it('reads every employee, Inactive ones included, with statuses and dates normalized', async () => {
    const scenario = buildScenario();
    const { connector, population } = await connect({}, {}, scenarioPopulation(scenario));
    const batch = await connector.listPeople();
    const expected = scenario.personas.filter((p) => inSystem(p, 'bamboohr'));
    expect(batch.people).toHaveLength(expected.length);
    expect(batch.issues).toEqual([]);
    const byEmail = (email: string) => batch.people.find((p) => p.workEmail === email)!;
    const keyOf = new Map(population.records.map((r) => [r.bambooId, r.key]));
    for (const person of batch.people) {
      const persona = scenario.personas.find((p) => p.personaId === keyOf.get(person.sourceId))!;
      expect(person.status).toBe(persona.status);
      expect(person.terminationDate).toBe(persona.terminationDate);
      expect(person.employeeId).toBe(persona.employeeId);
    }
    // "0000-00-00" is never a date.
    expect(byEmail('uma.reed@acme.example').terminationDate).toBeNull();
    // A future termination stays Active in BambooHR until the day, but the date is known (onlyCurrent=false).
    const departing = byEmail('ivy.stone@acme.example');
    expect(departing).toMatchObject({ status: 'active', terminationDate: '2026-12-18', statusRaw: 'Active / Terminated' });
    expect(byEmail('beth.lane@acme.example')).toMatchObject({ status: 'leave', statusRaw: 'Active / Leave of Absence' });
    expect(batch.people.some((p) => p.employmentType === 'contractor')).toBe(false);
    // The manager is referenced by BambooHR id.
    const lee = byEmail('lee.wong@acme.example');
    expect(byEmail('ada.abbott@acme.example').managerId).toBe(lee.sourceId);
  });

  it('reckons a termination dated today in the company time zone', async () => {
    const population = scenarioPopulation();
    const target = population.records.find((r) => r.lastName === 'Stone')!;
    target.terminationDate = '2026-11-25';
    target.lastDayOfWork = '2026-11-25';
    // BambooHR flips people on its own (company-local) day; here that day is still the 24th.
    population.now = '2026-11-24T20:00:00Z';
    const { sandboxes } = await connect({}, {}, population);
    // 03:00 UTC on the 25th is still the 24th in Los Angeles.
    const early = fakeClock('2026-11-25T03:00:00Z');
    const read = async (timeZone: string) => {
      const connector = createBambooHrConnector({
        companyDomain: sandboxes.bamboohr.companyDomain,
        apiKey: sandboxes.bamboohr.apiKey,
        baseUrl: `${sandboxes.bamboohr.url}/api/v1`,
        clock: early,
        timeZone,
      });
      return (await connector.findPerson({ id: target.bambooId })).person!;
    };
    expect((await read('UTC')).status).toBe('terminated');
    expect(await read('America/Los_Angeles')).toMatchObject({ status: 'active', terminationDate: '2026-11-25' });
  });

  it('serves the same people on the classic and the current URL form', async () => {
    const { sandboxes } = await connect();
    const current = createBambooHrConnector({
      companyDomain: sandboxes.bamboohr.companyDomain,
      apiKey: sandboxes.bamboohr.apiKey,
      baseUrl: `${sandboxes.bamboohr.url}/api/v1`,
      clock: fakeClock(),
    });
    const { people } = await current.listPeople();
    expect(people.length).toBeGreaterThan(30);
  });

  it('reads further work addresses from a named custom field', async () => {
    const { connector } = await connect({}, { otherEmailFields: [BAMBOO_OTHER_EMAILS_FIELD] });
    const { people } = await connector.listPeople();
    expect(people.find((p) => p.lastName === 'Santos')!.otherEmails).toEqual(['mia.lopez@acme.example']);
  });

  it('reports values it cannot read as issues and keeps the person', async () => {
    const population = scenarioPopulation();
    const target = population.records.find((r) => r.firstName === 'Dana')!;
    target.overrides = {
      bamboohr: { hireDate: '2026-02-30', terminationDate: '31/10/2026', status: 'Archived', workEmail: 'dana at acme' },
    };
    const { connector } = await connect({}, {}, population);
    const { people, issues } = await connector.listPeople();
    const dana = people.find((p) => p.sourceId === target.bambooId)!;
    expect(dana.status).toBe('unknown');
    expect(dana.workEmail).toBeNull();
    expect(issues.map((i) => [i.sourceId, i.field, i.value])).toEqual([
      [target.bambooId, 'workEmail', 'dana at acme'],
      [target.bambooId, 'hireDate', '2026-02-30'],
      [target.bambooId, 'terminationDate', '31/10/2026'],
      [target.bambooId, 'status', 'Archived'],
    ]);
    expect(issues[2]!.message).toContain('YYYY-MM-DD');
  });

  it('fails clearly on a wrong API key, without the key in the message', async () => {
    const { sandboxes } = await connect();
    const wrongKey = 'not-the-right-key-12345';
    const connector = createBambooHrConnector({
      companyDomain: sandboxes.bamboohr.companyDomain,
      apiKey: wrongKey,
      baseUrl: `${sandboxes.bamboohr.url}/api/v1`,
      clock: fakeClock(),
    });
    const error = await connector.listPeople().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HrApiError);
    expect((error as HrApiError).status).toBe(401);
    expect((error as HrApiError).message).toMatch(/rejected the API key/);
    expect(JSON.stringify(error) + String(error) + (error as Error).stack).not.toContain(wrongKey);
    expect(sandboxes.bamboohr.log.total).toBe(1);
    // The key lives in a closure: nothing printable about the connector carries it.
    expect(`${JSON.stringify(connector)}${String(connector)}${Object.values(connector).join('')}`).not.toContain(wrongKey);
  });

  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    const { connector, clock, sandboxes } = await connect({ faults: { rateLimitEvery: 2, retryAfterSeconds: 7 } });
    await connector.listPeople();
    const second = await connector.listPeople();
    expect(second.people.length).toBeGreaterThan(30);
    expect(clock.sleeps).toEqual([7000]);
    expect(sandboxes.bamboohr.log.rateLimited).toBe(1);
    expect(sandboxes.bamboohr.log.total).toBe(3);
  });

  it('retries a burst of 5xx with backoff and gives up with a clear error when it lasts', async () => {
    const { connector, clock } = await connect({ faults: { errorBurst: { startAt: 1, length: 2, status: 500 } } });
    await connector.listPeople();
    expect(clock.sleeps).toEqual([250, 500]);

    await running!.close();
    const stuck = await connect(
      { faults: { errorBurst: { startAt: 1, length: 10, status: 502 } } },
      { retry: { maxRetries: 2 } },
    );
    const error = (await stuck.connector.listPeople().catch((e: unknown) => e)) as HrApiError;
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/gave up after 3 attempts/);
    expect(stuck.sandboxes.bamboohr.log.total).toBe(3);
  });

  it('finds one person by id or e-mail, and answers null for an unknown id', async () => {
    const { connector, population } = await connect();
    const dana = population.records.find((r) => r.firstName === 'Dana')!;
    const byId = await connector.findPerson({ id: dana.bambooId });
    expect(byId.person).toMatchObject({ sourceId: dana.bambooId, status: 'terminated', terminationDate: '2026-10-31' });
    const byEmail = await connector.findPerson({ email: '  DANA.ORTIZ@acme.example ' });
    expect(byEmail.person?.sourceId).toBe(dana.bambooId);
    expect((await connector.findPerson({ id: '99999' })).person).toBeNull();
    const wrongDomain = createBambooHrConnector({
      companyDomain: 'acmee',
      apiKey: running!.bamboohr.apiKey,
      baseUrl: `${running!.bamboohr.url}/api/gateway.php/acmee/v1`,
      clock: fakeClock(),
    });
    await expect(wrongDomain.findPerson({ id: dana.bambooId })).rejects.toThrow(/BambooHR company check failed: HTTP 404: .*check the company domain/);
    await expect(connector.findPerson({ id: 'abc' })).rejects.toThrow(HrInputError);
    await expect(connector.findPerson({})).rejects.toThrow(/email or an id/);
  });

  it('lists changes since a date with the cursor for next time', async () => {
    const { connector, population } = await connect();
    const changes = await connector.listChangesSince('2026-11-01');
    const expected = population.records.filter((r) => r.inSystems.bamboohr && r.lastChanged >= '2026-11-01');
    expect(changes.people.map((p) => p.sourceId).sort()).toEqual(expected.map((r) => r.bambooId).sort());
    expect(changes.people.length).toBeGreaterThan(0);
    expect(changes.cursor).toBe(expected.map((r) => r.lastChanged).sort().at(-1)!.replace('Z', '+00:00'));
    const none = await connector.listChangesSince('2026-11-25T11:00:00+01:00');
    expect(none.people).toEqual([]);
    await expect(connector.listChangesSince('last tuesday')).rejects.toThrow(/since/);
  });

  it('reports records HR deleted as removed ids, not as leavers', async () => {
    const population = scenarioPopulation();
    const gone = population.records.find((r) => r.lastName === 'Reed')!;
    gone.deletedAt = '2026-11-21T08:00:00Z';
    const { connector } = await connect({}, {}, population);
    const changes = await connector.listChangesSince('2026-11-20T00:00:00Z');
    expect(changes.removedIds).toEqual([gone.bambooId]);
    expect(changes.people.some((p) => p.sourceId === gone.bambooId)).toBe(false);
    const newest = Math.max(
      Date.parse(gone.deletedAt),
      ...population.records.filter((r) => r !== gone && r.inSystems.bamboohr).map((r) => Date.parse(r.lastChanged)),
    );
    expect(Date.parse(changes.cursor!)).toBe(newest);
    expect((await connector.listPeople()).people.some((p) => p.sourceId === gone.bambooId)).toBe(false);
    expect((await connector.findPerson({ id: gone.bambooId })).person).toBeNull();
  });
  it('keeps someone on leave whom the tenant switched to Inactive as leave, not as a leaver', async () => {
    const population = scenarioPopulation();
    const beth = population.records.find((r) => r.lastName === 'Lane')!;
    beth.overrides = { bamboohr: { status: 'Inactive', employmentHistoryStatus: 'Leave of Absence - Unpaid' } };
    const { connector } = await connect({}, {}, population);
    expect((await connector.findPerson({ id: beth.bambooId })).person).toMatchObject({
      status: 'leave',
      statusRaw: 'Inactive / Leave of Absence - Unpaid',
      terminationDate: null,
    });
  });
  it('reads the full roster when the filtered report misses someone the change feed listed', async () => {
    const calls: string[] = [];
    const row = (id: string) => ({ id, firstName: 'A', lastName: 'B', status: 'Inactive', terminationDate: '2026-11-02', hireDate: '2020-01-01' });
    const connector = createBambooHrConnector({
      companyDomain: 'acme',
      apiKey: 'k-123456',
      clock: fakeClock(),
      transport: async (request) => {
        const body = request.body ? (JSON.parse(request.body) as { filters?: unknown }) : null;
        const kind = request.url.includes('/employees/changed') ? 'changed' : body?.filters ? 'filtered' : 'full';
        calls.push(kind);
        const answer =
          kind === 'changed'
            ? { latest: '2026-11-02T10:00:00+00:00', employees: { '7': { id: '7', action: 'Updated', lastChanged: '2026-11-02T10:00:00+00:00' } } }
            : { employees: kind === 'full' ? [row('7'), row('8')] : [] };
        return { status: 200, headers: new Headers(), text: async () => JSON.stringify(answer) };
      },
    });
    const changes = await connector.listChangesSince('2026-11-01');
    expect(calls).toEqual(['changed', 'filtered', 'full']);
    expect(changes.people.map((p) => [p.sourceId, p.status])).toEqual([['7', 'terminated']]);
  });
});
