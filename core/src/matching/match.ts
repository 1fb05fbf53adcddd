/**
 * Identity matching: ties HR people to Incydr users with the match ladder (employee id, work e-mail, alias, actor
 * alternate names), stopping at the first rung that yields a candidate. Ambiguity is reported, never resolved by a
 * guess, with one exception that is explained: several HR records of the same human (a rehire) claiming one user,
 * where the current record wins. Everything runs on hash maps, linear in the size of both sides.
 */
import type { Actor, User } from '../incydr/types.js';
import type { Person } from '../hr/person.js';
import type {
  AmbiguousMatch,
  IdentityMatch,
  IncydrIdentity,
  MatchMethod,
  MatchReport,
  SupersededRecord,
} from './types.js';
import { compileAllowlist } from './allowlist.js';
import { foldedName, normalizeEmployeeId, normalizeIdentityKey } from './normalize.js';

export interface MatchInput {
  people: readonly Person[];
  users: readonly User[];
  actors?: readonly Actor[];
  /**
   * Employee ids the Incydr side carries, by Incydr userId: the SCIM-provisioned external id, or a customer
   * mapping table. The strongest rung; immune to name and address changes.
   */
  employeeIdsByUserId?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /**
   * Addresses an HR record had on earlier runs, by `${source}:${sourceId}` (our own last-seen cache), used like
   * aliases: HR often blanks a leaver's work e-mail exactly when the match matters.
   */
  previousEmails?: ReadonlyMap<string, readonly string[]>;
  /** Usernames, globs or /regexes/ of accounts with no HR record by design; see allowlist.ts. */
  allowlist?: readonly string[];
}

export const METHOD_CONFIDENCE: Record<MatchMethod, number> = {
  'employee-id': 1,
  'work-email': 1,
  alias: 0.9,
  'actor-alternate-name': 0.8,
};

interface Claim {
  person: Person;
  identity: IncydrIdentity;
  method: MatchMethod;
  key: string;
}

/** One identity per key in the common case; a list only when keys collide (kept small for 100k-user tenants). */
type Index = Map<string, IncydrIdentity | IncydrIdentity[]>;

function addTo(index: Index, key: string | null, identity: IncydrIdentity): void {
  if (key === null) return;
  const existing = index.get(key);
  if (existing === undefined) index.set(key, identity);
  else if (Array.isArray(existing)) {
    if (!existing.includes(identity)) existing.push(identity);
  } else if (existing !== identity) index.set(key, [existing, identity]);
}

function lookup(index: Index, key: string): readonly IncydrIdentity[] {
  const found = index.get(key);
  return found === undefined ? NONE : Array.isArray(found) ? found : [found];
}

const NONE: readonly IncydrIdentity[] = [];

function toMap(value: MatchInput['employeeIdsByUserId']): ReadonlyMap<string, string> {
  if (!value) return new Map();
  return value instanceof Map ? value : new Map(Object.entries(value as Record<string, string>));
}

function describe(person: Person): string {
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ') || 'unnamed';
  return `${person.source} record ${person.sourceId} (${name}, ${person.status})`;
}

/** Same human: same employee id, or the same name on records whose employments do not overlap. */
function sameHuman(a: Person, b: Person): boolean {
  const idA = normalizeEmployeeId(a.employeeId);
  if (idA !== null && idA === normalizeEmployeeId(b.employeeId)) return true;
  const nameA = foldedName(a.firstName, a.lastName);
  if (nameA === null || nameA !== foldedName(b.firstName, b.lastName)) return false;
  // Without both start dates (SCIM has none) the terminated record is taken as the earlier employment.
  const byDates = a.startDate !== null && b.startDate !== null;
  const aFirst = byDates ? a.startDate! <= b.startDate! : a.status === 'terminated';
  const [earlier, later] = aFirst ? [a, b] : [b, a];
  return earlier.status === 'terminated' && (earlier.terminationDate === null || later.startDate === null || earlier.terminationDate <= later.startDate);
}

/** The current record among several of one human: not terminated first, then the latest start. */
function currentFirst(a: Claim, b: Claim): number {
  const gone = (c: Claim) => (c.person.status === 'terminated' ? 1 : 0);
  if (gone(a) !== gone(b)) return gone(a) - gone(b);
  return (b.person.startDate ?? '').localeCompare(a.person.startDate ?? '');
}

export function matchIdentities(input: MatchInput): MatchReport {
  const allowlist = compileAllowlist(input.allowlist ?? []);
  const employeeIds = toMap(input.employeeIdsByUserId);
  const byUsername: Index = new Map();
  const byEmployeeId: Index = new Map();
  const byAlternateName: Index = new Map();
  const candidates: IncydrIdentity[] = [];
  const allowlisted: IncydrIdentity[] = [];

  const actors = input.actors ?? [];
  const actorKeys: (string | null)[] = actors.map((actor) => normalizeIdentityKey(actor.name));

  const allowlistedByKey = new Map<string, IncydrIdentity>();
  for (const user of input.users) {
    const usernameKey = normalizeIdentityKey(user.username);
    const identity: IncydrIdentity = { userId: user.userId, username: user.username, actorId: null };
    if (usernameKey !== null && allowlist.matchesKey(usernameKey)) {
      allowlisted.push(identity);
      if (!allowlistedByKey.has(usernameKey)) allowlistedByKey.set(usernameKey, identity);
      continue;
    }
    candidates.push(identity);
    addTo(byUsername, usernameKey, identity);
    const employeeId = employeeIds.size === 0 ? null : normalizeEmployeeId(employeeIds.get(user.userId));
    addTo(byEmployeeId, employeeId, identity);
  }
  // A user's actor is the one named like its username; the first such actor wins.
  for (let i = 0; i < actors.length; i += 1) {
    const key = actorKeys[i];
    if (key == null) continue;
    for (const identity of lookup(byUsername, key)) identity.actorId ??= actors[i]!.actorId;
    const listed = allowlistedByKey.get(key);
    if (listed) listed.actorId ??= actors[i]!.actorId;
  }

  // Actor families: every name and alternate name in a family (parent plus children) leads to the user whose
  // username is one of the family's actor names. Only actors in a family or with alternate names need work, which
  // keeps the pass small on tenants where most actors are neither.
  const parents = new Set<string>();
  for (const actor of actors) if (actor.parentActorId) parents.add(actor.parentActorId);
  const inFamily = (actor: Actor) => actor.parentActorId !== null || parents.has(actor.actorId);
  const rootOf = (actor: Actor) => actor.parentActorId ?? actor.actorId;
  const ownerKeyOfFamily = new Map<string, string>();
  for (let i = 0; i < actors.length; i += 1) {
    const actor = actors[i]!;
    const key = actorKeys[i];
    if (!inFamily(actor) || key == null || !byUsername.has(key)) continue;
    const root = rootOf(actor);
    if (!ownerKeyOfFamily.has(root)) ownerKeyOfFamily.set(root, key);
  }
  for (let i = 0; i < actors.length; i += 1) {
    const actor = actors[i]!;
    const key = actorKeys[i] ?? null;
    const family = inFamily(actor);
    if (!family && (actor.alternateNames ?? []).length === 0) continue;
    const ownerKey = family ? ownerKeyOfFamily.get(rootOf(actor)) : key !== null && byUsername.has(key) ? key : undefined;
    if (ownerKey === undefined) continue;
    for (const owner of lookup(byUsername, ownerKey)) {
      if (key !== ownerKey) addTo(byAlternateName, key, owner);
      for (const name of actor.alternateNames ?? []) {
        const alternate = normalizeIdentityKey(name);
        if (alternate !== ownerKey) addTo(byAlternateName, alternate, owner);
      }
    }
  }

  const claimsByUser = new Map<string, Claim[]>();
  const ambiguous: AmbiguousMatch[] = [];
  const hrOnly: Person[] = [];
  const inAmbiguity = new Set<string>();

  for (const person of input.people) {
    const work = normalizeIdentityKey(person.workEmail);
    const personal = normalizeIdentityKey(person.personalEmail);
    const remembered = input.previousEmails?.get(`${person.source}:${person.sourceId}`) ?? [];
    // A personal address is never a key, even when a source lists it among the others.
    const aliases = [...person.otherEmails, ...remembered]
      .map(normalizeIdentityKey)
      .filter((k): k is string => k !== null && k !== work && k !== personal);
    const employeeKey = normalizeEmployeeId(person.employeeId);
    let found: Claim[] = [];
    const collect = (method: MatchMethod, index: Index, key: string | null) => {
      if (key === null) return;
      for (const identity of lookup(index, key)) {
        if (!found.some((claim) => claim.identity === identity)) found.push({ person, identity, method, key });
      }
    };
    collect('employee-id', byEmployeeId, employeeKey);
    if (found.length === 0) collect('work-email', byUsername, work);
    if (found.length === 0) for (const alias of aliases) collect('alias', byUsername, alias);
    if (found.length === 0) {
      collect('actor-alternate-name', byAlternateName, work);
      for (const alias of aliases) collect('actor-alternate-name', byAlternateName, alias);
    }
    if (found.length === 0) {
      hrOnly.push(person);
    } else if (found.length > 1) {
      found.forEach((c) => inAmbiguity.add(c.identity.userId));
      ambiguous.push({
        person,
        candidates: found.map(({ identity, method, key }) => ({ identity, method, key })),
        explanation: `${describe(person)} fits ${found.length} Incydr users by ${found[0]!.method} (${found
          .map((c) => `${c.identity.username} via "${c.key}"`)
          .join(', ')}); a person must decide which one is theirs`,
      });
      found = [];
    } else {
      const claim = found[0]!;
      const list = claimsByUser.get(claim.identity.userId);
      if (list) list.push(claim);
      else claimsByUser.set(claim.identity.userId, [claim]);
    }
  }

  const matched: IdentityMatch[] = [];
  const superseded: SupersededRecord[] = [];
  for (const claims of claimsByUser.values()) {
    const [first] = claims;
    if (claims.length === 1 && first) {
      matched.push({ ...first, confidence: METHOD_CONFIDENCE[first.method] });
      continue;
    }
    const ordered = [...claims].sort(currentFirst);
    const winner = ordered[0]!;
    const oneHuman = ordered.every((c) => c === winner || sameHuman(c.person, winner.person));
    const stillActive = ordered.filter((c) => c.person.status !== 'terminated').length;
    if (oneHuman && stillActive <= 1) {
      const losers = ordered.slice(1);
      const explanation = `rehire: ${describe(winner.person)} is the current record of the same person as ${losers
        .map((c) => describe(c.person))
        .join(' and ')}; the current record is matched`;
      matched.push({ ...winner, confidence: METHOD_CONFIDENCE[winner.method], explanation });
      for (const loser of losers) {
        superseded.push({
          person: loser.person,
          currentSourceId: winner.person.sourceId,
          identity: loser.identity,
          explanation: `superseded by ${describe(winner.person)} (${explanation})`,
        });
      }
      continue;
    }
    inAmbiguity.add(winner.identity.userId);
    for (const claim of claims) {
      const others = claims.filter((c) => c !== claim).map((c) => describe(c.person));
      ambiguous.push({
        person: claim.person,
        candidates: [{ identity: claim.identity, method: claim.method, key: claim.key }],
        explanation: `Incydr user ${claim.identity.username} is claimed by ${describe(claim.person)} (${claim.method} "${claim.key}") and also by ${others.join(', ')}; a person must decide who owns it`,
      });
    }
  }

  const claimed = new Set(matched.map((m) => m.identity.userId));
  const incydrOnly: MatchReport['incydrOnly'] = [];
  for (const identity of candidates) {
    if (claimed.has(identity.userId) || inAmbiguity.has(identity.userId)) continue;
    incydrOnly.push({ userId: identity.userId, username: identity.username, actorId: identity.actorId, allowlisted: false });
  }
  for (const identity of allowlisted) {
    incydrOnly.push({ userId: identity.userId, username: identity.username, actorId: identity.actorId, allowlisted: true });
  }
  return { matched, ambiguous, hrOnly, incydrOnly, superseded };
}
