/**
 * Identity matching end to end against ground truth: personas → HR sandboxes (real HTTP) → each connector →
 * matcher, scored against what the personas say. Every pitfall of the reference is a named persona in the scenario.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBambooHrConnector } from '../../../core/src/hr/bamboohr.js';
import { createWorkdayConnector } from '../../../core/src/hr/workday.js';
import { createScimConnector } from '../../../core/src/hr/scim.js';
import type { HrConnector } from '../../../core/src/hr/connector.js';
import type { HrSource } from '../../../core/src/hr/person.js';
import { matchIdentities } from '../../../core/src/matching/match.js';
import { BAMBOO_OTHER_EMAILS_FIELD, type HrPopulation, type HrSandboxes } from '../../../sandbox/hr/index.js';
import { buildScenario, type Scenario } from '../../sandbox/hr/scenario.js';
import { expectedOutcome, personaIdsBySourceId, score } from '../../sandbox/hr/truth.js';
import { fakeClock, scenarioPopulation, startScenario } from '../hr/support.js';

let scenario: Scenario;
let population: HrPopulation;
let sandboxes: HrSandboxes;

beforeAll(async () => {
  scenario = buildScenario();
  ({ sandboxes, population } = await startScenario({}, scenarioPopulation(scenario)));
});
afterAll(async () => {
  await sandboxes?.close();
});

function connectorFor(source: HrSource): HrConnector {
  const clock = fakeClock();
  if (source === 'bamboohr') {
    return createBambooHrConnector({
      companyDomain: sandboxes.bamboohr.companyDomain,
      apiKey: sandboxes.bamboohr.apiKey,
      baseUrl: `${sandboxes.bamboohr.url}/api/v1`,
      otherEmailFields: [BAMBOO_OTHER_EMAILS_FIELD],
      clock,
    });
  }
  if (source === 'workday') {
    return createWorkdayConnector({
      reportUrl: sandboxes.workday.reportUrl,
      username: sandboxes.workday.user,
      password: sandboxes.workday.password,
      clock,
    });
  }
  return createScimConnector({ baseUrl: sandboxes.scim.url, token: sandboxes.scim.token, clock });
}

describe.each(['bamboohr', 'workday', 'scim'] as const)('matching %s people to Incydr against ground truth', (source) => {
  it('matches every unambiguous case, none wrongly, and reports every ambiguous case and finding', async () => {
    const { people, issues } = await connectorFor(source).listPeople();
    expect(issues).toEqual([]);
    const report = matchIdentities({
      people,
      users: scenario.users,
      actors: scenario.actors,
      employeeIdsByUserId: scenario.employeeIdsByUserId,
      allowlist: scenario.allowlist,
    });
    const personaOf = personaIdsBySourceId(population, source);
    const expected = expectedOutcome(scenario.personas, source, scenario.ambiguousPersonaIds);
    const card = score(report, expected, personaOf);
    console.info(
      `[matching ${source}] expected ${card.expected}, correct ${card.correct}, wrong ${card.wrong}, precision ${(card.precision * 100).toFixed(1)}%, recall ${(card.recall * 100).toFixed(1)}%, ambiguous reported ${card.ambiguousReported}/${card.ambiguousExpected}`,
    );
    expect(card.wrongPairs).toEqual([]);
    expect(card.missed).toEqual([]);
    expect(card.precision).toBe(1);
    expect(card.recall).toBe(1);
    expect(new Set(report.ambiguous.map((a) => personaOf.get(a.person.sourceId)))).toEqual(expected.ambiguous);
    expect(new Set(report.hrOnly.map((p) => personaOf.get(p.sourceId)))).toEqual(expected.hrOnly);
    expect(new Set((report.superseded ?? []).map((s) => personaOf.get(s.person.sourceId)))).toEqual(expected.superseded);
    expect(new Set(report.incydrOnly.filter((u) => !u.allowlisted).map((u) => u.userId))).toEqual(expected.incydrOnly);
    expect(new Set(report.incydrOnly.filter((u) => u.allowlisted).map((u) => u.userId))).toEqual(expected.allowlisted);
  });

  it('matches each named pitfall by the rung the reference expects', async () => {
    const { people } = await connectorFor(source).listPeople();
    const report = matchIdentities({
      people,
      users: scenario.users,
      actors: scenario.actors,
      employeeIdsByUserId: scenario.employeeIdsByUserId,
      allowlist: scenario.allowlist,
    });
    const personaOf = personaIdsBySourceId(population, source);
    const methodOf = (pitfall: string, index = 0) => {
      const personaId = scenario.pitfalls[pitfall]![index]!;
      return report.matched.find((m) => personaOf.get(m.person.sourceId) === personaId)?.method;
    };
    expect(methodOf('case-difference')).toBe('work-email');
    expect(methodOf('unicode-normalization')).toBe('work-email');
    expect(methodOf('email-cleared-at-exit')).toBe('employee-id');
    expect(methodOf('name-change', 0)).toBe('alias');
    expect(methodOf('name-change', 1)).toBe('actor-alternate-name');
    expect(methodOf('alias-other-domain')).toBe('alias');
    expect(methodOf('rehire', 1)).toBe('work-email');
    const rehire = report.matched.find((m) => personaOf.get(m.person.sourceId) === scenario.pitfalls.rehire![1]);
    expect(rehire?.explanation).toMatch(/^rehire: .* is the current record of the same person/);
    expect(methodOf('future-termination')).toBe('work-email');
    expect(methodOf('leave-of-absence')).toBe('work-email');
    expect(methodOf('contractor')).toBe(source === 'bamboohr' ? undefined : 'work-email');
    // The personal address never matched the outside account that carries it.
    const [priya, gmail] = scenario.pitfalls['personal-email-not-a-key']!;
    const gmailUser = scenario.personas.find((p) => p.personaId === gmail)!.incydrUserId;
    expect(report.matched.some((m) => m.identity.userId === gmailUser)).toBe(false);
    expect(report.hrOnly.some((p) => personaOf.get(p.sourceId) === priya)).toBe(true);
    // Service, admin and analyst accounts are only ever reported as allowlisted.
    const allowlistedNames = report.incydrOnly.filter((u) => u.allowlisted).map((u) => u.username).sort();
    expect(allowlistedNames).toEqual(['admin-jlee', 'soc-analyst-07@acme.example', 'svc-backup@acme.example']);
  });
});
