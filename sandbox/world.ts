/**
 * The ground-truth population behind a sandbox world. The Incydr tenant generator creates these personas and
 * derives Incydr users/actors/agents from them; the HR sandboxes derive BambooHR, Workday and SCIM records from
 * the same personas. Tests assert against personas, never against what an API happened to serve.
 */

export type PersonaKind = 'human' | 'service' | 'admin' | 'analyst';
export type PersonaStatus = 'active' | 'leave' | 'terminated' | 'pending';

export interface Persona {
  /** Stable id, e.g. `p-000123`. */
  personaId: string;
  /** Company employee number, e.g. `E100123`; null for non-human accounts. */
  employeeId: string | null;
  firstName: string;
  lastName: string;
  /** Last name before a name change, if any (the HR record shows the new one; Incydr may still have the old). */
  previousLastName: string | null;
  /** Current work address, lower case. */
  workEmail: string;
  /** Other addresses/usernames the person is known by: pre-name-change address, pre-rehire address, aliases. */
  aliases: string[];
  personalEmail: string | null;
  department: string | null;
  title: string | null;
  managerPersonaId: string | null;
  employmentType: 'employee' | 'contractor' | 'intern';
  kind: PersonaKind;
  status: PersonaStatus;
  startDate: string;
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
