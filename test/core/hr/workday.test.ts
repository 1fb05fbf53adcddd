import { afterEach, describe, expect, it } from 'vitest';
import { createWorkdayConnector, type WorkdayOptions } from '../../../core/src/hr/workday.js';
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
  options: Partial<WorkdayOptions> = {},
  population = scenarioPopulation(),
) {
  const { sandboxes } = await startScenario(extra, population);
  running = sandboxes;
  const clock = fakeClock();
  const connector = createWorkdayConnector({
    reportUrl: sandboxes.workday.reportUrl,
    username: sandboxes.workday.user,
    password: sandboxes.workday.password,
    clock,
    random: () => 0,
    ...options,
  });
  return { connector, clock, sandboxes, population };
}

describe('Workday RaaS connector against the Workday sandbox', () => {
  it('reads the whole report: contingent workers, leave, last day before termination, omitted columns', async () => {
    const scenario = buildScenario();
    const { connector, population } = await connect({}, {}, scenarioPopulation(scenario));
    const { people, issues } = await connector.listPeople();
    expect(issues).toEqual([]);
    expect(people).toHaveLength(scenario.personas.filter((p) => inSystem(p, 'workday')).length);
    const personaOf = personaIdsBySourceId(population, 'workday');
    for (const person of people) {
      const persona = scenario.personas.find((p) => p.personaId === personaOf.get(person.sourceId));
      expect(persona, person.sourceId).toBeDefined();
      expect(person.status).toBe(persona!.status);
      expect(person.terminationDate).toBe(persona!.terminationDate);
    }
    const find = (last: string) => people.find((p) => p.lastName === last)!;
    expect(find('Grant')).toMatchObject({ employmentType: 'contractor', statusRaw: 'Active=1 Contingent Worker' });
    expect(find('Vega')).toMatchObject({ status: 'terminated', terminationDate: '2026-11-14', lastWorkingDay: '2026-11-07' });
    expect(find('Lane')).toMatchObject({ status: 'leave', leaveStart: '2026-10-01', leaveEnd: '2027-01-31' });
    expect(find('Stone')).toMatchObject({ status: 'active', terminationDate: '2026-12-18', lastWorkingDay: '2026-12-11' });
    expect(find('Santos').otherEmails).toEqual(['mia.lopez@acme.example']);
    // A descriptor "Lee Wong (E100001)" yields the manager's id.
    expect(find('Abbott').managerId).toBe(find('Wong').employeeId);
    // The cleared-at-exit record has no Work_Email key at all, and that is not an issue.
    expect(find('Haddad').workEmail).toBeNull();
  });

  it('maps a tenant whose report uses other column aliases', async () => {
    const population = scenarioPopulation();
    for (const record of population.records) {
      record.overrides = { workday: { Email_Primary_Work: record.workEmail ?? '' } };
    }
    const { connector } = await connect({}, { fields: { workEmail: 'Email_Primary_Work' } }, population);
    const { people } = await connector.listPeople();
    expect(people.find((p) => p.lastName === 'Ortiz')!.workEmail).toBe('dana.ortiz@acme.example');
  });

  it('reports unreadable values as issues naming the column', async () => {
    const population = scenarioPopulation();
    const target = population.records.find((r) => r.lastName === 'Ortiz')!;
    target.overrides = { workday: { Active: 'yes', Termination_Date: '2026-13-01', Last_Functionally_Updated: '2026-11-01 09:00' } };
    const { connector } = await connect({}, {}, population);
    const { people, issues } = await connector.listPeople();
    expect(people.find((p) => p.sourceId === target.workdayId)!.status).toBe('unknown');
    expect(issues.map((i) => i.field).sort()).toEqual(['Active', 'Active', 'Last_Functionally_Updated', 'Termination_Date']);
    expect(issues.every((i) => i.sourceId === target.workdayId && i.source === 'workday')).toBe(true);
  });

  it('accepts user and user@tenant, and rejects a wrong password without echoing it', async () => {
    const { sandboxes } = await connect();
    const asTenantUser = createWorkdayConnector({
      reportUrl: sandboxes.workday.reportUrl,
      username: `${sandboxes.workday.user}@acme`,
      password: sandboxes.workday.password,
      clock: fakeClock(),
    });
    expect((await asTenantUser.listPeople()).people.length).toBeGreaterThan(30);
    const wrong = 'Wr0ng-Passw0rd!';
    const denied = createWorkdayConnector({
      reportUrl: sandboxes.workday.reportUrl,
      username: sandboxes.workday.user,
      password: wrong,
      clock: fakeClock(),
    });
    const error = (await denied.listPeople().catch((e: unknown) => e)) as HrApiError;
    expect(error).toBeInstanceOf(HrApiError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/Workday rejected the credentials/);
    expect(`${error.message}${error.stack}`).not.toContain(wrong);
  });

  it('honours Retry-After on 429 and passes report prompts', async () => {
    const { connector, clock, sandboxes } = await connect(
      { faults: { rateLimitEvery: 1, retryAfterSeconds: 4 }, workday: { requiredPrompts: ['As_Of_Date'] } },
      { retry: { maxRetries: 1 }, prompts: { As_Of_Date: '2026-11-25' } },
    );
    const error = (await connector.listPeople().catch((e: unknown) => e)) as HrApiError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(4000);
    expect(clock.sleeps).toEqual([4000]);
    expect(sandboxes.workday.log.total).toBe(2);
  });

  it('surfaces a missing prompt as the 400 Workday sends', async () => {
    const { connector } = await connect({ workday: { requiredPrompts: ['As_Of_Date'] } });
    await expect(connector.listPeople()).rejects.toThrow(/Report parameter As Of Date is required/);
  });

  it('says when the report URL is wrong, and finds a person by id or e-mail (null when unknown)', async () => {
    const { sandboxes, connector } = await connect();
    const wrongReport = createWorkdayConnector({
      reportUrl: sandboxes.workday.reportUrl.replace('Incydr_Workers', 'Nope'),
      username: sandboxes.workday.user,
      password: sandboxes.workday.password,
      clock: fakeClock(),
    });
    await expect(wrongReport.listPeople()).rejects.toThrow(/no report at this URL/);
    expect((await connector.findPerson({ id: 'E100002' })).person?.firstName).toBe('Ada');
    expect((await connector.findPerson({ email: 'MIA.LOPEZ@acme.example' })).person?.lastName).toBe('Santos');
    expect((await connector.findPerson({ id: 'E999999' })).person).toBeNull();
    expect(() => createWorkdayConnector({ reportUrl: 'not a url', username: 'u', password: 'p' })).toThrow(HrInputError);
  });

  it('lists changes from the last-updated column', async () => {
    const { connector, population } = await connect();
    const changes = await connector.listChangesSince('2026-11-01T00:00:00Z');
    const expected = population.records.filter((r) => r.lastChanged >= '2026-11-01').map((r) => r.workdayId);
    expect(changes.people.map((p) => p.sourceId).sort()).toEqual(expected.sort());
    expect(changes.cursor).toBeNull();
  });

  it('authenticates with an OAuth refresh token, caches the bearer and refreshes it once after a 401', async () => {
    const { sandboxes } = await connect();
    const connector = createWorkdayConnector({ reportUrl: sandboxes.workday.reportUrl, oauth: sandboxes.workday.oauth, clock: fakeClock() });
    const [first, second] = await Promise.all([connector.listPeople(), connector.listPeople()]);
    expect(first.people.length).toBeGreaterThan(30);
    expect(second.people).toHaveLength(first.people.length);
    // Concurrent callers shared one token request.
    expect(sandboxes.workday.tokensIssued()).toBe(1);
    sandboxes.workday.expireTokens();
    expect((await connector.listPeople()).people).toHaveLength(first.people.length);
    expect(sandboxes.workday.tokensIssued()).toBe(2);
    const statuses = sandboxes.workday.log.requests.map((r) => `${r.path.includes('oauth2') ? 'token' : 'report'} ${r.status}`);
    expect(statuses.slice(-3)).toEqual(['report 401', 'token 200', 'report 200']);
  });

  it('says when the refresh token is refused, without it or the client secret in the message', async () => {
    const { sandboxes } = await connect();
    const refreshToken = 'stale-refresh-token-xyz';
    const connector = createWorkdayConnector({
      reportUrl: sandboxes.workday.reportUrl,
      oauth: { ...sandboxes.workday.oauth, refreshToken },
      clock: fakeClock(),
    });
    const error = (await connector.listPeople().catch((e: unknown) => e)) as HrApiError;
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Workday refused the refresh token/);
    expect(`${error.message}${error.stack}`).not.toContain(refreshToken);
    expect(`${error.message}${error.stack}`).not.toContain(sandboxes.workday.oauth.clientSecret);
    expect(() =>
      createWorkdayConnector({ reportUrl: sandboxes.workday.reportUrl, username: 'u', password: 'p', oauth: sandboxes.workday.oauth }),
    ).toThrow(/either an integration user and password or OAuth settings, not both/);
    expect(() => createWorkdayConnector({ reportUrl: sandboxes.workday.reportUrl })).toThrow('Workday integration user is required');
  });
});
