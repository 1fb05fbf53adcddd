/**
 * The HR population every HR sandbox serves: one source-neutral record per person, with the ids each system
 * assigns. Derived from the world's personas (so BambooHR, Workday and SCIM tell one consistent story), or
 * loaded from a JSON file a scenario pins. `overrides` serve raw field values as-is, to model bad source data.
 *
 * File shape (version 1):
 *   { "format": "incydr-health/hr-population", "version": 1, "companyDomain": "acme", "workdayTenant": "acme",
 *     "now": "2026-11-25T00:00:00Z", "records": [ HrRecord, ... ] }
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Persona } from '../world.js';

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD form');
const timestamp = z.string().refine((v) => !Number.isNaN(Date.parse(v)) && /T.*(Z|[+-]\d{2}:?\d{2})$/.test(v), {
  message: 'must be an ISO-8601 timestamp with a time zone',
});
const email = z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

export const hrRecordSchema = z.object({
  /** The persona (or scenario) key this record comes from. */
  key: z.string().min(1),
  bambooId: z.string().regex(/^\d+$/, 'BambooHR ids are numbers written as strings'),
  workdayId: z.string().min(1),
  scimId: z.string().min(1),
  employeeNumber: z.string().min(1).nullable(),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  preferredName: z.string().min(1).nullable(),
  workEmail: email.nullable(),
  otherWorkEmails: z.array(email),
  homeEmail: email.nullable(),
  status: z.enum(['active', 'leave', 'terminated', 'pending']),
  employmentType: z.enum(['employee', 'contractor', 'intern']),
  hireDate: calendarDate,
  originalHireDate: calendarDate.nullable(),
  terminationDate: calendarDate.nullable(),
  lastDayOfWork: calendarDate.nullable(),
  leaveStart: calendarDate.nullable(),
  leaveEnd: calendarDate.nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  /** `key` of the manager's record. */
  managerKey: z.string().nullable(),
  lastChanged: timestamp,
  inSystems: z.object({ bamboohr: z.boolean(), workday: z.boolean(), scim: z.boolean() }),
  /** Set when HR deleted the record (not terminated: gone). Absent from every roster; BambooHR's change feed says Deleted. */
  deletedAt: timestamp.optional(),
  overrides: z
    .object({
      bamboohr: z.record(z.string(), z.string()).optional(),
      workday: z.record(z.string(), z.string()).optional(),
      scim: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export const hrPopulationSchema = z.object({
  format: z.literal('incydr-health/hr-population'),
  version: z.literal(1),
  companyDomain: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  workdayTenant: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -'),
  /** The reference time the population was derived at; the servers' "today". */
  now: timestamp,
  records: z.array(hrRecordSchema),
});

const UNIQUE_FIELDS = ['key', 'bambooId', 'workdayId', 'scimId'] as const;

/**
 * Ids must be unique per system. Checked on the raw value, next to the schema, so a file with both a malformed
 * record and a duplicate id hears about both at once.
 */
function duplicateIds(value: unknown): string[] {
  const records = (value as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) return [];
  const problems: string[] = [];
  for (const field of UNIQUE_FIELDS) {
    const seen = new Map<unknown, number>();
    records.forEach((record: unknown, index) => {
      const id = (record as Record<string, unknown> | null)?.[field];
      if (typeof id !== 'string') return;
      const first = seen.get(id);
      if (first === undefined) seen.set(id, index);
      else problems.push(`$.records[${index}].${field}: duplicate ${field} "${id}" (also records[${first}])`);
    });
  }
  return problems;
}

export type HrRecord = z.infer<typeof hrRecordSchema>;
export type HrPopulation = z.infer<typeof hrPopulationSchema>;

export class HrPopulationError extends Error {
  override readonly name = 'HrPopulationError';
  constructor(readonly problems: string[]) {
    super(`the HR population is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates the whole value; on failure lists every problem with its JSON path, and loads nothing. */
export function parseHrPopulation(value: unknown): HrPopulation {
  const result = hrPopulationSchema.safeParse(value);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
        return `$${path}: ${issue.message}`;
      });
  problems.push(...duplicateIds(value));
  if (result.success && problems.length === 0) return result.data;
  throw new HrPopulationError(problems);
}

export async function loadHrPopulationFile(file: string): Promise<HrPopulation> {
  const text = await readFile(file, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HrPopulationError([`${file} is not JSON: ${(error as Error).message}`]);
  }
  return parseHrPopulation(value);
}

export function exportHrPopulation(population: HrPopulation): string {
  return `${JSON.stringify(population, null, 2)}\n`;
}

export async function saveHrPopulationFile(file: string, population: HrPopulation): Promise<void> {
  await writeFile(file, exportHrPopulation(population), 'utf8');
}

/** A stable UUID-shaped id from a string (FNV-1a, four rounds): same persona, same SCIM id, every run. */
export function stableUuid(seed: string): string {
  let hex = '';
  for (let round = 0; round < 4; round += 1) {
    let hash = 0x811c9dc5 ^ round;
    for (let i = 0; i < seed.length; i += 1) {
      hash ^= seed.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function lastChangedOf(persona: Persona, now: string): string {
  const today = now.slice(0, 10);
  const dates = [persona.startDate, persona.terminationDate, persona.leaveStart, persona.leaveEnd].filter(
    (d): d is string => d !== null && d <= today,
  );
  const latest = dates.sort().at(-1) ?? persona.startDate;
  return `${latest <= today ? latest : today}T09:00:00Z`;
}

export interface PopulationOptions {
  now: string;
  companyDomain?: string;
  workdayTenant?: string;
}

/**
 * Only human personas with `inHr` get an HR record. Contractors are absent from BambooHR (it holds employees) and
 * appear in Workday as Contingent Workers and in SCIM with userType Contractor. The pre-change address of a name
 * change and other aliases are served as other work addresses.
 */
export function personasToHrPopulation(personas: readonly Persona[], options: PopulationOptions): HrPopulation {
  const records: HrRecord[] = [];
  personas.forEach((persona, index) => {
    if (!persona.inHr || persona.kind !== 'human') return;
    const contractor = persona.employmentType === 'contractor';
    records.push({
      key: persona.personaId,
      bambooId: String(100 + index),
      workdayId: persona.employeeId ?? `C-${String(index).padStart(5, '0')}`,
      scimId: stableUuid(persona.personaId),
      employeeNumber: persona.employeeId,
      firstName: persona.firstName,
      lastName: persona.lastName,
      preferredName: null,
      workEmail: persona.workEmail,
      otherWorkEmails: persona.aliases.filter((alias) => alias.includes('@') && alias !== persona.workEmail),
      homeEmail: persona.personalEmail,
      status: persona.status,
      employmentType: persona.employmentType,
      hireDate: persona.startDate,
      originalHireDate: null,
      terminationDate: persona.terminationDate,
      lastDayOfWork: persona.lastWorkingDay,
      leaveStart: persona.leaveStart,
      leaveEnd: persona.leaveEnd,
      department: persona.department,
      title: persona.title,
      managerKey: persona.managerPersonaId,
      lastChanged: lastChangedOf(persona, options.now),
      inSystems: { bamboohr: !contractor, workday: true, scim: true },
    });
  });
  return parseHrPopulation({
    format: 'incydr-health/hr-population',
    version: 1,
    companyDomain: options.companyDomain ?? 'acme',
    workdayTenant: options.workdayTenant ?? 'acme',
    now: options.now,
    records,
  });
}
