/**
 * The reference's last rung: the same first and last name (accent-folded) on an HR person nobody matched and an
 * Incydr user nobody claimed. Only ever a suggestion for a person to confirm in the portal: two people can share a
 * name, so these never enter a plan and never count as matches.
 */
import type { Actor, User } from '../incydr/types.js';
import type { Person } from '../hr/person.js';
import type { IncydrIdentity, MatchReport } from './types.js';
import { foldedName } from './normalize.js';

export interface NameSuggestion {
  person: Person;
  /** The folded "first last" both sides carry. */
  name: string;
  candidates: IncydrIdentity[];
}

/** Suggestions for `report.hrOnly` among the non-allowlisted `report.incydrOnly`, using user or actor names. */
export function suggestByName(report: MatchReport, incydr: { users: readonly User[]; actors?: readonly Actor[] }): NameSuggestion[] {
  const userById = new Map(incydr.users.map((u) => [u.userId, u]));
  const actorById = new Map((incydr.actors ?? []).map((a) => [a.actorId, a]));
  const byName = new Map<string, IncydrIdentity[]>();
  for (const orphan of report.incydrOnly) {
    if (orphan.allowlisted) continue;
    const user = userById.get(orphan.userId);
    const actor = orphan.actorId === null ? undefined : actorById.get(orphan.actorId);
    const names = new Set(
      [foldedName(user?.firstName ?? null, user?.lastName ?? null), foldedName(actor?.firstName ?? null, actor?.lastName ?? null)].filter(
        (n): n is string => n !== null,
      ),
    );
    const identity: IncydrIdentity = { userId: orphan.userId, username: orphan.username, actorId: orphan.actorId };
    for (const name of names) {
      const list = byName.get(name);
      if (list) list.push(identity);
      else byName.set(name, [identity]);
    }
  }
  const suggestions: NameSuggestion[] = [];
  for (const person of report.hrOnly) {
    const name = foldedName(person.firstName, person.lastName);
    const candidates = name === null ? undefined : byName.get(name);
    if (name !== null && candidates) suggestions.push({ person, name, candidates });
  }
  return suggestions;
}
