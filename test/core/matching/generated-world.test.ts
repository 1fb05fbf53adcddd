/**
 * Identity matching against the ground truth of a generated world (the Incydr sandbox's `generateWorld`): its
 * personas feed the HR sandboxes, its tenant supplies the users and actors, and the personas say who is who.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../../sandbox/incydr/generator.js';
import type { World } from '../../../sandbox/incydr/world-types.js';
import { createBambooHrConnector } from '../../../core/src/hr/bamboohr.js';
import { createWorkdayConnector } from '../../../core/src/hr/workday.js';
import { createScimConnector } from '../../../core/src/hr/scim.js';
import type { HrConnector } from '../../../core/src/hr/connector.js';
import type { HrSource } from '../../../core/src/hr/person.js';
import { matchIdentities } from '../../../core/src/matching/match.js';
import {
  BAMBOO_OTHER_EMAILS_FIELD,
  personasToHrPopulation,
  startHrSandboxes,
  type HrPopulation,
  type HrSandboxes,
} from '../../../sandbox/hr/index.js';
import { expectedOutcome, personaIdsBySourceId, score } from '../../sandbox/hr/truth.js';
import { fakeClock } from '../hr/support.js';

const NOW = '2026-11-25T12:00:00Z';
const ALLOWLIST = ['svc-*@northwind.example', 'admin.*@northwind.example', '/^analyst\\.[a-z0-9]+@northwind\\.example$/'];

let world: World;
let population: HrPopulation;
let sandboxes: HrSandboxes;

beforeAll(async () => {
  world = generateWorld({ seed: 'hr-matching', users: 400, now: NOW });
  population = personasToHrPopulation(world.personas, { now: world.now, companyDomain: 'northwind' });
  sandboxes = await startHrSandboxes({ population });
});
afterAll(async () => {
  await sandboxes?.close();
});

function connectorFor(source: HrSource): HrConnector {
  const clock = fakeClock(NOW);
  if (source === 'bamboohr') {
    return createBambooHrConnector({
      companyDomain: sandboxes.bamboohr.companyDomain,
      apiKey: sandboxes.bamboohr.apiKey,
      baseUrl: `${sandboxes.bamboohr.url}/api/gateway.php/northwind/v1`,
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

describe.each(['bamboohr', 'workday', 'scim'] as const)('generated world through %s', (source) => {
  it('matches every person the truth ties to a user, wrongly none, and reports rehires and both missing sides', async () => {
    const { people, issues } = await connectorFor(source).listPeople();
    expect(issues).toEqual([]);
    const report = matchIdentities({ people, users: world.tenant.users, actors: world.tenant.actors, allowlist: ALLOWLIST });
    const personaOf = personaIdsBySourceId(population, source);
    // The generator's shared aliases sit next to a unique work e-mail, so no person is ambiguous by design.
    const expected = expectedOutcome(world.personas, source, new Set());
    const card = score(report, expected, personaOf);
    console.info(
      `[generated world, ${source}] people ${people.length}, users ${world.tenant.users.length}: expected ${card.expected}, correct ${card.correct}, wrong ${card.wrong}, precision ${(card.precision * 100).toFixed(1)}%, recall ${(card.recall * 100).toFixed(1)}%, superseded ${report.superseded?.length ?? 0}, hr-only ${report.hrOnly.length}, incydr-only ${report.incydrOnly.length}`,
    );
    expect(card.wrongPairs).toEqual([]);
    expect(card.missed).toEqual([]);
    expect(card.recall).toBe(1);
    expect(report.ambiguous).toEqual([]);
    expect(expected.superseded.size).toBeGreaterThan(0);
    expect(new Set((report.superseded ?? []).map((s) => personaOf.get(s.person.sourceId)))).toEqual(expected.superseded);
    expect(new Set(report.hrOnly.map((p) => personaOf.get(p.sourceId)))).toEqual(expected.hrOnly);
    expect(new Set(report.incydrOnly.filter((u) => !u.allowlisted).map((u) => u.userId))).toEqual(expected.incydrOnly);
    expect(new Set(report.incydrOnly.filter((u) => u.allowlisted).map((u) => u.userId))).toEqual(expected.allowlisted);
    expect(expected.allowlisted.size).toBeGreaterThanOrEqual(3);
  });
});
