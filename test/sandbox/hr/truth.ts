/**
 * Ground truth for identity matching, read from the personas (what the world is), never from what an API served
 * or what the matcher did. Precision/recall helpers for the report.
 */
import type { Persona } from '../../../sandbox/world.js';
import type { HrPopulation } from '../../../sandbox/hr/population.js';
import type { HrSource } from '../../../core/src/hr/person.js';
import type { MatchReport } from '../../../core/src/matching/types.js';

export interface ExpectedOutcome {
  /** personaId → the Incydr userId its HR record must match. */
  matches: Map<string, string>;
  ambiguous: Set<string>;
  hrOnly: Set<string>;
  superseded: Set<string>;
  /** userIds with no HR record that are not allowlisted. */
  incydrOnly: Set<string>;
  allowlisted: Set<string>;
}

export function inSystem(persona: Persona, system: HrSource): boolean {
  if (!persona.inHr || persona.kind !== 'human') return false;
  return system !== 'bamboohr' || persona.employmentType !== 'contractor';
}

export function expectedOutcome(
  personas: readonly Persona[],
  system: HrSource,
  designedAmbiguous: ReadonlySet<string>,
): ExpectedOutcome {
  const hr = personas.filter((p) => inSystem(p, system));
  const superseded = new Set(
    hr
      .filter((p) => p.rehireOf !== null)
      .map((p) => personas.find((q) => q.personaId === p.rehireOf))
      .filter((q): q is Persona => q !== undefined && inSystem(q, system))
      // The earlier record loses to the current one when they share the user, or the earlier has none of its own.
      .filter((q) =>
        hr.some((p) => p.rehireOf === q.personaId && p.incydrUserId !== null && (q.incydrUserId === null || p.incydrUserId === q.incydrUserId)),
      )
      .map((q) => q.personaId),
  );
  const ambiguous = new Set(hr.filter((p) => designedAmbiguous.has(p.personaId)).map((p) => p.personaId));
  const matches = new Map<string, string>();
  const hrOnly = new Set<string>();
  for (const p of hr) {
    if (ambiguous.has(p.personaId) || superseded.has(p.personaId)) continue;
    if (p.incydrUserId) matches.set(p.personaId, p.incydrUserId);
    else hrOnly.add(p.personaId);
  }
  const owned = new Set(hr.map((p) => p.incydrUserId).filter((id): id is string => id !== null));
  const allowlisted = new Set<string>();
  const incydrOnly = new Set<string>();
  for (const p of personas) {
    if (!p.incydrUserId || owned.has(p.incydrUserId)) continue;
    if (p.kind !== 'human') allowlisted.add(p.incydrUserId);
    else incydrOnly.add(p.incydrUserId);
  }
  return { matches, ambiguous, hrOnly, superseded, incydrOnly, allowlisted };
}

/** Which persona a served record belongs to, by the id each system assigned. */
export function personaIdsBySourceId(population: HrPopulation, system: HrSource): Map<string, string> {
  const idOf = (r: HrPopulation['records'][number]) =>
    system === 'bamboohr' ? r.bambooId : system === 'workday' ? r.workdayId : system === 'scim' ? r.scimId : r.key;
  return new Map(population.records.map((r) => [idOf(r), r.key]));
}

export interface Scorecard {
  expected: number;
  correct: number;
  wrong: number;
  missed: string[];
  wrongPairs: string[];
  precision: number;
  recall: number;
  ambiguousReported: number;
  ambiguousExpected: number;
}

export function score(report: MatchReport, expected: ExpectedOutcome, personaOf: Map<string, string>): Scorecard {
  let correct = 0;
  const wrongPairs: string[] = [];
  const found = new Set<string>();
  for (const m of report.matched) {
    const personaId = personaOf.get(m.person.sourceId) ?? `?${m.person.sourceId}`;
    if (expected.matches.get(personaId) === m.identity.userId) {
      correct += 1;
      found.add(personaId);
    } else wrongPairs.push(`${personaId}→${m.identity.userId}`);
  }
  const missed = [...expected.matches.keys()].filter((id) => !found.has(id));
  const reportedAmbiguous = new Set(report.ambiguous.map((a) => personaOf.get(a.person.sourceId)));
  const ambiguousReported = [...expected.ambiguous].filter((id) => reportedAmbiguous.has(id)).length;
  return {
    expected: expected.matches.size,
    correct,
    wrong: wrongPairs.length,
    missed,
    wrongPairs,
    precision: report.matched.length === 0 ? 1 : correct / report.matched.length,
    recall: expected.matches.size === 0 ? 1 : correct / expected.matches.size,
    ambiguousReported,
    ambiguousExpected: expected.ambiguous.size,
  };
}
