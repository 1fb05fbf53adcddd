import type { Person } from '@incydr-health/core/hr/person';

/**
 * The ground-truth population behind a sandbox world. The Incydr tenant generator creates these personas and
 * derives Incydr users/actors/agents from them; the HR sandboxes derive BambooHR, Workday and SCIM records from
 * the same personas. Tests assert against personas, never against what an API happened to serve.
 *
 * How the Incydr generator (sandbox/incydr/generator.ts) fills them: non-human accounts (`service`, `admin`,
 * `analyst`) have `employeeId: null`, `inHr: false`, no department and no devices. A rehire is two personas: the
 * earlier, terminated employment (same work e-mail, no Incydr user) and the current one with `rehireOf` pointing
 * back. HR-only people have `incydrUserId: null`; Incydr-only contractors have `inHr: false`.
 */

export type PersonaKind = 'human' | 'service' | 'admin' | 'analyst';
export type PersonaStatus = 'active' | 'leave' | 'terminated' | 'pending';

export interface Persona {
  /** Stable id, e.g. `p-000123`. */
  personaId: string;
  /** Company employee number, e.g. `E100123`; null for non-human accounts and for people in no HR system. */
  employeeId: string | null;
  firstName: string;
  lastName: string;
  /** Last name before a name change, if any (the HR record shows the new one; Incydr may still have the old). */
  previousLastName: string | null;
  /** Current work address, lower case ASCII (accents folded). Shared by both personas of a rehire. */
  workEmail: string;
  /**
   * Other addresses/usernames the person is known by: pre-name-change address, pre-rehire address, aliases.
   * Two personas may share one alias on purpose (an ambiguous match the matcher must report, not guess).
   */
  aliases: string[];
  personalEmail: string | null;
  department: string | null;
  title: string | null;
  /** The department's first steady employee manages the others in it; null for managers and non-humans. */
  managerPersonaId: string | null;
  employmentType: 'employee' | 'contractor' | 'intern';
  kind: PersonaKind;
  status: PersonaStatus;
  /** Calendar dates (`YYYY-MM-DD`), all derived from the world's `now`; `pending` people start in the future. */
  startDate: string;
  /** Past for `terminated`; in the future for a known departure whose status is still `active`. */
  terminationDate: string | null;
  lastWorkingDay: string | null;
  leaveStart: string | null;
  leaveEnd: string | null;
  /** Set on a rehire: the persona id of the earlier employment of the same human. */
  rehireOf: string | null;
  /** The Incydr user that belongs to this persona, or null when the person has no Incydr user. */
  incydrUserId: string | null;
  /** The exact Incydr username (may differ from workEmail in case, or be an alias). */
  incydrUsername: string | null;
  /** False when the person is deliberately missing from the HR systems. */
  inHr: boolean;
}

/**
 * A persona as a perfectly faithful HR system would report it: the ground truth with no connector quirks. For
 * tests and benchmarks of the health rules, which must not depend on a connector to get their HR input.
 */
export function personaAsHrPerson(p: Persona): Person {
  return {
    source: 'csv',
    sourceId: p.personaId,
    employeeId: p.employeeId,
    workEmail: p.workEmail,
    otherEmails: p.aliases,
    personalEmail: p.personalEmail,
    firstName: p.firstName,
    lastName: p.lastName,
    displayName: null,
    status: p.status,
    statusRaw: p.status,
    employmentType: p.employmentType,
    startDate: p.startDate,
    terminationDate: p.terminationDate,
    lastWorkingDay: p.lastWorkingDay,
    leaveStart: p.leaveStart,
    leaveEnd: p.leaveEnd,
    department: p.department,
    title: p.title,
    managerId: p.managerPersonaId,
    managerEmail: null,
    lastChanged: null,
  };
}
