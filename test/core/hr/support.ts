/** Test helpers for the connector contract tests: a fake clock and a scenario served by real HR sandboxes. */
import type { Clock } from '../../../core/src/http/clock.js';
import { personasToHrPopulation, startHrSandboxes, type HrPopulation, type HrSandboxes, type StartHrSandboxesOptions } from '../../../sandbox/hr/index.js';
import { buildScenario, NOW, type Scenario } from '../../sandbox/hr/scenario.js';

export interface FakeClock extends Clock {
  sleeps: number[];
}

/** Time stands still at NOW; sleeps return at once and are recorded, so retry waits are asserted, not waited. */
export function fakeClock(at = NOW): FakeClock {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => Date.parse(at),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

export function scenarioPopulation(scenario: Scenario = buildScenario()): HrPopulation {
  const population = personasToHrPopulation(scenario.personas, { now: NOW });
  for (const record of population.records) {
    if (scenario.clearedEmailPersonaIds.has(record.key)) record.workEmail = null;
  }
  return population;
}

export async function startScenario(
  extra: Partial<StartHrSandboxesOptions> = {},
  population: HrPopulation = scenarioPopulation(),
): Promise<{ sandboxes: HrSandboxes; population: HrPopulation }> {
  const sandboxes = await startHrSandboxes({ population, ...extra });
  return { sandboxes, population };
}
