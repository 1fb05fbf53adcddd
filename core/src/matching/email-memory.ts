/**
 * Our own last-seen cache of HR addresses. HR often blanks a leaver's work e-mail, or changes it at a name change,
 * exactly when the match matters; remembering what each record was called on earlier runs keeps it matchable
 * (`previousEmails` of matchIdentities) and lets a run say whose address changed.
 */
import type { Person } from '../hr/person.js';
import { normalizeIdentityKey } from './normalize.js';

/** `${source}:${sourceId}` → every normalized address the record has had, oldest first. */
export type EmailMemory = ReadonlyMap<string, readonly string[]>;

export interface EmailChange {
  person: Person;
  /** The work address remembered from the last run that is no longer the record's work address. */
  previous: string;
  current: string | null;
}

export function memoryKey(person: Pick<Person, 'source' | 'sourceId'>): string {
  return `${person.source}:${person.sourceId}`;
}

/** The memory after this run, and the records whose work address changed since the last one. */
export function rememberEmails(memory: EmailMemory, people: readonly Person[]): { memory: Map<string, string[]>; changed: EmailChange[] } {
  const next = new Map<string, string[]>();
  for (const [key, emails] of memory) next.set(key, [...emails]);
  const changed: EmailChange[] = [];
  for (const person of people) {
    const key = memoryKey(person);
    const known = next.get(key) ?? [];
    const work = normalizeIdentityKey(person.workEmail);
    const lastWork = known.at(-1);
    if (lastWork !== undefined && lastWork !== work) changed.push({ person, previous: lastWork, current: work });
    const current = [...person.otherEmails.map(normalizeIdentityKey), work].filter((k): k is string => k !== null);
    const personal = normalizeIdentityKey(person.personalEmail);
    // The work address goes last so that "the latest remembered work address" stays at the end.
    const merged = [...known.filter((k) => !current.includes(k)), ...current].filter((k) => k !== personal);
    if (merged.length > 0) next.set(key, merged);
  }
  return { memory: next, changed };
}
