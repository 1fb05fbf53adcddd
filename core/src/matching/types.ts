import type { Person } from '../hr/person.js';

/** How an HR person was tied to an Incydr user; ordered from strongest to weakest. */
export const MATCH_METHODS = ['employee-id', 'work-email', 'alias', 'actor-alternate-name'] as const;
export type MatchMethod = (typeof MATCH_METHODS)[number];

export interface IncydrIdentity {
  userId: string;
  username: string;
  /** The actor's id when an actor was found for this user. */
  actorId: string | null;
}

export interface IdentityMatch {
  person: Person;
  identity: IncydrIdentity;
  method: MatchMethod;
  /** 0..1; 1 for employee id and exact work e-mail. */
  confidence: number;
  /** The normalized key both sides shared, for the evidence trail. */
  key: string;
  /** Why this record won when more than one HR record claimed the user (e.g. a rehire). */
  explanation?: string;
}

/** An older HR record of the same human (a rehire kept as a second record) that lost to the current one. */
export interface SupersededRecord {
  person: Person;
  /** The record that won the Incydr user. */
  currentSourceId: string;
  identity: IncydrIdentity;
  explanation: string;
}

/** Two or more Incydr candidates for one person (or one user claimed by several people): reported, never guessed. */
export interface AmbiguousMatch {
  person: Person;
  candidates: { identity: IncydrIdentity; method: MatchMethod; key: string }[];
  explanation: string;
}

export interface MatchReport {
  matched: IdentityMatch[];
  ambiguous: AmbiguousMatch[];
  /** HR people with no Incydr user. */
  hrOnly: Person[];
  /** Incydr users with no HR person; `allowlisted` ones are service/admin/analyst accounts, never actioned. */
  incydrOnly: (IncydrIdentity & { allowlisted: boolean })[];
  /** Older HR records of rehired people; neither matched nor missing. Absent from reports built before rehires. */
  superseded?: SupersededRecord[];
}
