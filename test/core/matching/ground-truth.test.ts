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
import type { MatchReport } from '../../../core/src/matching/types.js';
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
});

/** What became of each persona of a pitfall: `matched:<method>`, `ambiguous`, `hr-only`, `superseded`, `incydr-only`, `allowlisted`. */
function outcomes(source: HrSource, report: MatchReport, personaIds: string[]): string[] {
  const personaOf = personaIdsBySourceId(population, source);
  const of = (sourceId: string) => personaOf.get(sourceId);
  return personaIds.map((personaId) => {
    const match = report.matched.find((m) => of(m.person.sourceId) === personaId);
    if (match) return `matched:${match.method}`;
    if (report.ambiguous.some((a) => of(a.person.sourceId) === personaId)) return 'ambiguous';
    if (report.hrOnly.some((p) => of(p.sourceId) === personaId)) return 'hr-only';
    if (report.superseded?.some((x) => of(x.person.sourceId) === personaId)) return 'superseded';
    const userId = scenario.personas.find((p) => p.personaId === personaId)!.incydrUserId;
    const orphan = report.incydrOnly.find((u) => u.userId === userId);
    if (orphan) return orphan.allowlisted ? 'allowlisted' : 'incydr-only';
    return 'nowhere';
  });
}

/** Every identity pitfall of the reference (§8.3), and what each of its personas must come out as. */
const PITFALLS: Record<string, (source: HrSource) => string[]> = {
  'case-difference': () => ['matched:work-email'],
  'unicode-normalization': () => ['matched:work-email'],
  'personal-email-not-a-key': () => ['hr-only', 'incydr-only'],
  'email-cleared-at-exit': () => ['matched:employee-id'],
  'name-change': () => ['matched:alias', 'matched:actor-alternate-name'],
  'alias-other-domain': () => ['matched:alias'],
  contractor: (source) => [source === 'bamboohr' ? 'incydr-only' : 'matched:work-email'],
  rehire: () => ['superseded', 'matched:work-email'],
  'shared-inbox': () => ['ambiguous', 'ambiguous'],
  'two-users-share-an-alias': () => ['ambiguous'],
  'future-termination': () => ['matched:work-email'],
  'last-day-before-termination': () => ['matched:work-email'],
  'leave-of-absence': () => ['matched:work-email'],
  'missing-from-incydr': () => ['hr-only'],
  'missing-from-hr': () => ['incydr-only'],
  'service-and-admin-accounts': () => ['allowlisted', 'allowlisted', 'allowlisted'],
};

describe.each(['bamboohr', 'workday', 'scim'] as const)('named pitfalls through %s', (source) => {
  let report: MatchReport;
  beforeAll(async () => {
    const { people } = await connectorFor(source).listPeople();
    report = matchIdentities({
      people,
      users: scenario.users,
      actors: scenario.actors,
      employeeIdsByUserId: scenario.employeeIdsByUserId,
      allowlist: scenario.allowlist,
    });
  });

  it('covers every pitfall the scenario models', () => {
    expect(Object.keys(PITFALLS).sort()).toEqual(Object.keys(scenario.pitfalls).sort());
  });

  it.each(Object.keys(PITFALLS))('%s', (pitfall) => {
    expect(outcomes(source, report, scenario.pitfalls[pitfall]!)).toEqual(PITFALLS[pitfall]!(source));
    if (pitfall === 'rehire') {
      const current = report.matched.find((m) => m.explanation !== undefined);
      expect(current?.explanation).toMatch(/^rehire: .* is the current record of the same person/);
    }
  });
});
