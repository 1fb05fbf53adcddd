import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportHrPopulation,
  HrPopulationError,
  loadHrPopulationFile,
  parseHrPopulation,
  personasToHrPopulation,
  saveHrPopulationFile,
  stableUuid,
} from '../../../sandbox/hr/population.js';
import { buildScenario, NOW } from './scenario.js';

const dir = await mkdtemp(join(tmpdir(), 'hr-population-'));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('personas to HR population', () => {
  const scenario = buildScenario();
  const population = personasToHrPopulation(scenario.personas, { now: NOW });

  it('gives every human in HR one record, and no record to anyone else', () => {
    const inHr = scenario.personas.filter((p) => p.inHr && p.kind === 'human');
    expect(population.records.map((r) => r.key)).toEqual(inHr.map((p) => p.personaId));
    const contractor = population.records.find((r) => r.employmentType === 'contractor')!;
    expect(contractor.inSystems).toEqual({ bamboohr: false, workday: true, scim: true });
    expect(contractor.workdayId).toMatch(/^C-\d{5}$/);
    expect(population.records.find((r) => r.lastName === 'Santos')!.otherWorkEmails).toEqual(['mia.lopez@acme.example']);
    expect(population.records.every((r) => r.lastChanged <= NOW)).toBe(true);
  });

  it('is deterministic, with stable UUID-shaped SCIM ids', () => {
    expect(exportHrPopulation(personasToHrPopulation(buildScenario().personas, { now: NOW }))).toBe(exportHrPopulation(population));
    expect(stableUuid('p-000001')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('p-000001')).not.toBe(stableUuid('p-000002'));
  });

  it('exports to a file and loads it back unchanged', async () => {
    const file = join(dir, 'population.json');
    await saveHrPopulationFile(file, population);
    expect(await loadHrPopulationFile(file)).toEqual(population);
  });

  it('refuses a malformed file listing every problem with its JSON path, and loads nothing', async () => {
    const broken = JSON.parse(exportHrPopulation(population)) as { version: number; records: Record<string, unknown>[] };
    broken.version = 2;
    broken.records[0]!.hireDate = '01/02/2020';
    broken.records[1]!.workEmail = 'nobody';
    broken.records[2]!.bambooId = broken.records[3]!.bambooId;
    delete broken.records[4]!.status;
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const error = (await loadHrPopulationFile(file).catch((e: unknown) => e)) as HrPopulationError;
    expect(error).toBeInstanceOf(HrPopulationError);
    expect(error.problems).toEqual([
      '$.version: Invalid input: expected 1',
      '$.records[0].hireDate: must be a date in YYYY-MM-DD form',
      '$.records[1].workEmail: must be an e-mail address',
      expect.stringMatching(/^\$\.records\[4\]\.status: /),
      expect.stringMatching(/^\$\.records\[3\]\.bambooId: duplicate bambooId "\d+" \(also records\[2\]\)$/),
    ]);
    expect(error.message).toMatch(/the HR population is invalid \(5 problems\)/);
    expect(() => parseHrPopulation([])).toThrow(/\$: Invalid input: expected object, received array/);

    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ nope');
    await expect(loadHrPopulationFile(notJson)).rejects.toThrow(/is not JSON/);
  });
});
