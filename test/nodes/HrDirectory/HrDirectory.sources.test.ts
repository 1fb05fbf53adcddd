/**
 * What the HR Directory node does with what a source serves beyond the happy path: values it cannot read in an API
 * answer, and Workday report prompts. Each test starts its own sandbox with the quirk it needs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HrSandboxes, StartHrSandboxesOptions } from '../../../sandbox/hr/index.js';
import { scenarioPopulation, startScenario } from '../../core/hr/support.js';
import { runNode, type FakeContextOptions } from './fake-n8n.js';

let running: HrSandboxes | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function start(extra: Partial<StartHrSandboxesOptions> = {}, population = scenarioPopulation()) {
  const { sandboxes } = await startScenario(extra, population);
  running = sandboxes;
  return {
    population,
    credentials: {
      incydrHealthBambooHrApi: { companyDomain: sandboxes.bamboohr.companyDomain, apiKey: sandboxes.bamboohr.apiKey, baseUrl: `${sandboxes.bamboohr.url}/api/v1` },
      incydrHealthWorkdayApi: { reportUrl: sandboxes.workday.reportUrl, username: sandboxes.workday.user, password: sandboxes.workday.password },
    },
  };
}

describe('HR Directory: values a source serves that the node cannot read', () => {
  it('stop the node with the record and field named, and every problem listed', async () => {
    const population = scenarioPopulation();
    const odd = population.records.find((r) => r.inSystems.bamboohr && r.status === 'active')!;
    odd.overrides = { bamboohr: { status: 'Suspended', hireDate: '31.12.2020' } };
    const { credentials } = await start({}, population);
    const error = await runNode({ credentials, parameters: { provider: 'bambooHr', operation: 'getMany', returnAll: true } }).catch((e: unknown) => e);
    expect((error as Error).constructor.name).toBe('NodeOperationError');
    expect((error as Error).message).toMatch(new RegExp(`^BambooHR record ${odd.bambooId}, field "(status|hireDate)": .* \\(and 1 more problem\\)$`));
    const description = String((error as { description?: string }).description);
    expect(description).toContain(`BambooHR record ${odd.bambooId}, field "status": status "Suspended" is neither Active nor Inactive`);
    expect(description).toContain(`field "hireDate"`);
  });

  it('under continueOnFail: everyone comes out, the odd record with status unknown, then one error item per problem', async () => {
    const population = scenarioPopulation();
    const odd = population.records.find((r) => r.inSystems.bamboohr && r.status === 'active')!;
    odd.overrides = { bamboohr: { status: 'Suspended' } };
    const { credentials } = await start({}, population);
    const parameters: FakeContextOptions['parameters'] = { provider: 'bambooHr', operation: 'getMany', returnAll: true };
    const { output } = await runNode({ credentials, parameters, continueOnFail: true });
    const errors = output.filter((item) => 'error' in item.json);
    const people = output.filter((item) => !('error' in item.json));
    expect(people).toHaveLength(population.records.filter((r) => r.inSystems.bamboohr).length);
    expect(people.find((item) => item.json.sourceId === odd.bambooId)!.json).toMatchObject({ status: 'unknown', statusRaw: expect.stringContaining('Suspended') });
    expect(errors.map((item) => item.json)).toEqual([
      { error: expect.stringContaining('status "Suspended" is neither Active nor Inactive'), sourceId: odd.bambooId, field: 'status' },
    ]);
  });

  it('a problem with a person the filters leave out does not stop the node', async () => {
    const population = scenarioPopulation();
    const odd = population.records.find((r) => r.inSystems.bamboohr && r.status === 'active')!;
    odd.overrides = { bamboohr: { status: 'Suspended' } };
    const { credentials } = await start({}, population);
    const { output } = await runNode({
      credentials,
      parameters: { provider: 'bambooHr', operation: 'getMany', returnAll: true, filters: { status: ['terminated'] } },
    });
    expect(output.length).toBeGreaterThan(0);
    expect(output.every((item) => item.json.status === 'terminated')).toBe(true);
  });
});

describe('HR Directory: Workday report prompts', () => {
  it('a required prompt left out is a NodeApiError with Workday\'s own words; given, the report runs', async () => {
    const { credentials, population } = await start({ workday: { requiredPrompts: ['From_Date'] } });
    const parameters = { provider: 'workday', operation: 'getMany', returnAll: true };
    const error = await runNode({ credentials, parameters }).catch((e: unknown) => e);
    expect((error as Error).constructor.name).toBe('NodeApiError');
    expect((error as { httpCode?: string }).httpCode).toBe('400');
    expect((error as Error).message).toMatch(/^Workday: .*HTTP 400: .*Report parameter From Date is required/);
    const { output } = await runNode({
      credentials,
      parameters: { ...parameters, options: { prompts: { prompt: [{ name: 'From_Date', value: '2026-11-01' }] } } },
    });
    expect(output).toHaveLength(population.records.filter((r) => r.inSystems.workday).length);
  });

  it('a prompt without a name is refused before any request', async () => {
    const { credentials } = await start();
    const error = await runNode({
      credentials,
      parameters: { provider: 'workday', operation: 'getMany', returnAll: true, options: { prompts: { prompt: [{ name: ' ', value: 'x' }] } } },
    }).catch((e: unknown) => e);
    expect((error as Error).constructor.name).toBe('NodeOperationError');
    expect((error as Error).message).toBe('Report Prompts: prompt 1 has no name');
  });
});

describe('HR Directory: company time zone', () => {
  it('a termination dated today counts only once that day has begun in the company time zone', async () => {
    // The node reckons "today" from the real clock, so the date is chosen relative to it: the current date in the
    // first time zone on Earth (UTC+14), which the last one (UTC-12) always has not reached yet.
    const firstDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    const population = scenarioPopulation();
    const leaver = population.records.find((r) => r.inSystems.workday && r.status === 'active' && r.terminationDate === null)!;
    leaver.terminationDate = firstDay;
    leaver.lastDayOfWork = firstDay;
    const { credentials } = await start({}, population);
    const statusIn = async (timeZone: string) => {
      const { output } = await runNode({
        credentials,
        parameters: { provider: 'workday', operation: 'findPerson', findBy: 'id', personId: leaver.workdayId, options: { timeZone } },
      });
      return [output[0]!.json.terminationDate, output[0]!.json.status];
    };
    expect(await statusIn('Pacific/Kiritimati')).toEqual([firstDay, 'terminated']);
    expect(await statusIn('Etc/GMT+12')).toEqual([firstDay, 'active']);
  });
});
