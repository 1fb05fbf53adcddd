import { afterEach, describe, expect, it } from 'vitest';
import { findCoverageGaps } from '../../../core/src/hr/coverage.js';
import { createBambooHrConnector } from '../../../core/src/hr/bamboohr.js';
import type { HrSandboxes } from '../../../sandbox/hr/index.js';
import { emptyPerson } from '../../../core/src/hr/record.js';
import { fakeClock, startScenario } from './support.js';

let running: HrSandboxes | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

async function bambooPeople(hiddenFields: string[]) {
  const { sandboxes } = await startScenario({ bamboohr: { hiddenFields } });
  running = sandboxes;
  const connector = createBambooHrConnector({
    companyDomain: sandboxes.bamboohr.companyDomain,
    apiKey: sandboxes.bamboohr.apiKey,
    baseUrl: `${sandboxes.bamboohr.url}/api/v1`,
    clock: fakeClock(),
  });
  return connector.listPeople();
}

describe('coverage gaps (silent permission filtering)', () => {
  it('finds none on a complete roster', async () => {
    const { people } = await bambooPeople([]);
    expect(findCoverageGaps(people)).toEqual([]);
  });

  it('names the columns BambooHR silently dropped for everyone', async () => {
    const { people, issues } = await bambooPeople(['workEmail', 'terminationDate', 'employeeNumber']);
    // BambooHR answered 200; record by record only the departing person looks odd (Terminated row, no date)...
    expect(issues.map((i) => [i.field, i.message])).toEqual([
      ['employmentHistoryStatus', 'marked Terminated while Active and without a termination date'],
    ]);
    expect(people.length).toBeGreaterThan(30);
    // ...but the roster as a whole cannot be used.
    expect(findCoverageGaps(people).map((g) => g.field)).toEqual(['workEmail', 'terminationDate', 'employeeId']);
    expect(findCoverageGaps(people)[1]!.message).toMatch(/terminated people and none has a termination date/);
  });

  it('flags an empty roster and unreadable statuses, and never asks SCIM for dates it cannot have', () => {
    expect(findCoverageGaps([])).toEqual([{ field: 'people', message: expect.stringContaining('returned nobody') }]);
    const unknown = { ...emptyPerson('csv', '1'), workEmail: 'a@x.example', employeeId: '1' };
    expect(findCoverageGaps([unknown]).map((g) => g.field)).toEqual(['status']);
    const scimLeaver = { ...emptyPerson('scim', 's1'), workEmail: 'a@x.example', status: 'terminated' as const };
    expect(findCoverageGaps([scimLeaver])).toEqual([]);
  });
});
