/**
 * A small, hand-modelled world built by code: personas covering every identity pitfall of the reference (§8.3),
 * plus the Incydr users and actors that belong to them. Used until the Incydr tenant generator is available, and
 * kept afterwards because each pitfall here is named and pinned.
 */
import type { Persona } from '../../../sandbox/world.js';
import type { Actor, User } from '../../../core/src/incydr/types.js';

export const NOW = '2026-11-25T12:00:00Z';

export interface Scenario {
  personas: Persona[];
  users: User[];
  actors: Actor[];
  /** Employee ids the Incydr side carries (SCIM-provisioned external ids), by userId. */
  employeeIdsByUserId: Map<string, string>;
  /** Personas whose HR record must come out ambiguous (by design of the pitfall). */
  ambiguousPersonaIds: Set<string>;
  /** Personas whose record is cleared at exit: served without a work e-mail. */
  clearedEmailPersonaIds: Set<string>;
  allowlist: string[];
  /** pitfall name → persona ids that model it. */
  pitfalls: Record<string, string[]>;
}

let counter = 0;

function persona(overrides: Partial<Persona> & Pick<Persona, 'firstName' | 'lastName'>): Persona {
  counter += 1;
  const id = `p-${String(counter).padStart(6, '0')}`;
  const email = `${overrides.firstName.toLowerCase()}.${overrides.lastName.toLowerCase()}@acme.example`;
  return {
    personaId: id,
    employeeId: `E${100000 + counter}`,
    previousLastName: null,
    workEmail: email,
    aliases: [],
    personalEmail: null,
    department: 'Engineering',
    title: 'Engineer',
    managerPersonaId: null,
    employmentType: 'employee',
    kind: 'human',
    status: 'active',
    startDate: '2021-03-01',
    terminationDate: null,
    lastWorkingDay: null,
    leaveStart: null,
    leaveEnd: null,
    rehireOf: null,
    incydrUserId: `u-${String(counter).padStart(6, '0')}`,
    incydrUsername: email,
    inHr: true,
    ...overrides,
  };
}

function userOf(p: Persona): User {
  return {
    userId: p.incydrUserId!,
    legacyUserId: String(900000 + Number(p.incydrUserId!.slice(2))),
    username: p.incydrUsername!,
    firstName: p.firstName,
    lastName: p.previousLastName ?? p.lastName,
    orgId: 'org-1',
    legacyOrgId: '1',
    orgGuid: 'org-guid-1',
    orgName: 'Acme',
    notes: null,
    active: true,
    blocked: false,
    creationDate: `${p.startDate}T00:00:00Z`,
    modificationDate: `${p.startDate}T00:00:00Z`,
  };
}

function actorOf(p: Persona, alternateNames: string[] = []): Actor {
  return {
    actorId: `a-${p.incydrUserId!.slice(2)}`,
    name: p.incydrUsername!,
    active: true,
    alternateNames,
    country: null,
    department: p.department,
    division: null,
    employeeType: p.employmentType,
    endDate: p.terminationDate,
    startDate: p.startDate,
    firstName: p.firstName,
    lastName: p.lastName,
    locality: null,
    region: null,
    managerActorId: null,
    notes: null,
    parentActorId: null,
    title: p.title,
    inScope: true,
  };
}

const FIRST = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lia', 'Max', 'Nia', 'Oli'];
const LAST = ['Abbott', 'Berg', 'Cruz', 'Dunn', 'Ernst', 'Fox', 'Gray', 'Holm', 'Ito', 'Jansen', 'Kerr', 'Lund'];
const STATUSES: Persona['status'][] = ['active', 'active', 'active', 'terminated', 'leave', 'active', 'pending'];

export function buildScenario(options: { fillers?: number } = {}): Scenario {
  counter = 0;
  const pitfalls: Record<string, string[]> = {};
  const add = (name: string, ...ps: Persona[]) => {
    pitfalls[name] = ps.map((p) => p.personaId);
    return ps;
  };
  const alternateNames = new Map<string, string[]>();

  const manager = persona({ firstName: 'Lee', lastName: 'Wong', department: 'Sales', title: 'Head of Sales' });
  const fillers: Persona[] = [];
  for (let i = 0; i < (options.fillers ?? 24); i += 1) {
    const status = STATUSES[i % STATUSES.length]!;
    const p = persona({
      firstName: FIRST[i % FIRST.length]!,
      lastName: `${LAST[i % LAST.length]!}${i >= LAST.length ? i : ''}`,
      status,
      managerPersonaId: manager.personaId,
      startDate: status === 'pending' ? '2026-12-14' : `20${18 + (i % 6)}-0${1 + (i % 9)}-15`,
      terminationDate: status === 'terminated' ? '2026-10-31' : null,
      lastWorkingDay: status === 'terminated' ? '2026-10-24' : null,
      leaveStart: status === 'leave' ? '2026-09-01' : null,
      leaveEnd: status === 'leave' ? '2027-02-28' : null,
    });
    fillers.push(p);
  }

  // Case differences: HR and Incydr spell the address with different capitals.
  const caseDiff = persona({ firstName: 'Dana', lastName: 'Ortiz', status: 'terminated', terminationDate: '2026-10-31' });
  caseDiff.workEmail = 'dana.ortiz@acme.example';
  caseDiff.incydrUsername = 'Dana.Ortiz@ACME.example';
  add('case-difference', caseDiff);

  // Unicode: HR writes the address decomposed (NFD), Incydr composed (NFC).
  const unicode = persona({ firstName: 'José', lastName: 'García' });
  unicode.workEmail = 'jose.garcía@acme.example'.normalize('NFD');
  unicode.incydrUsername = 'Jose.García@acme.example'.normalize('NFC').replace('Jose', 'jose');
  add('unicode-normalization', unicode);

  // A personal address is never a key, even when an Incydr account happens to carry it.
  const personal = persona({ firstName: 'Priya', lastName: 'Nair', status: 'terminated', terminationDate: '2026-11-14' });
  personal.personalEmail = 'priya.nair@gmail.example';
  personal.incydrUserId = null;
  personal.incydrUsername = null;
  const gmailAccount = persona({ firstName: 'Priya', lastName: 'Outside', inHr: false });
  gmailAccount.incydrUsername = 'priya.nair@gmail.example';
  add('personal-email-not-a-key', personal, gmailAccount);

  // HR blanks the work address at exit: the employee id (provisioned to Incydr) still ties the records.
  const cleared = persona({ firstName: 'Omar', lastName: 'Haddad', status: 'terminated', terminationDate: '2026-11-20' });
  add('email-cleared-at-exit', cleared);

  // Name change: HR has the new name and address and keeps the old one as an alias; Incydr still has the old.
  const renamed = persona({ firstName: 'Mia', lastName: 'Santos', previousLastName: 'Lopez' });
  renamed.workEmail = 'mia.santos@acme.example';
  renamed.aliases = ['mia.lopez@acme.example'];
  renamed.incydrUsername = 'mia.lopez@acme.example';
  // Name change seen only from Incydr's side: the actor learnt the new address as an alternate name.
  const renamedActorSide = persona({ firstName: 'Noor', lastName: 'Khan', previousLastName: 'Aziz' });
  renamedActorSide.workEmail = 'noor.khan@acme.example';
  renamedActorSide.incydrUsername = 'noor.aziz@acme.example';
  alternateNames.set(renamedActorSide.personaId, ['noor.khan@acme.example']);
  add('name-change', renamed, renamedActorSide);

  // Acquisition: the Incydr username is on the acquired company's domain, known to HR as an alias.
  const acquired = persona({ firstName: 'Jin', lastName: 'Kim' });
  acquired.aliases = ['jin.kim@oldco.example'];
  acquired.incydrUsername = 'jin.kim@oldco.example';
  add('alias-other-domain', acquired);

  // Contractor: absent from BambooHR, a Contingent Worker in Workday.
  const contractor = persona({ firstName: 'Theo', lastName: 'Grant', employmentType: 'contractor', employeeId: null });
  add('contractor', contractor);

  // Rehire kept as a second HR record: the old one terminated, the new one current, one Incydr user.
  const firstStint = persona({
    firstName: 'Sam',
    lastName: 'Park',
    status: 'terminated',
    startDate: '2019-06-01',
    terminationDate: '2023-01-31',
    lastWorkingDay: '2023-01-31',
  });
  const rehired = persona({ firstName: 'Sam', lastName: 'Park', startDate: '2024-02-12', rehireOf: firstStint.personaId });
  rehired.incydrUserId = firstStint.incydrUserId;
  rehired.incydrUsername = firstStint.incydrUsername;
  rehired.workEmail = firstStint.workEmail;
  add('rehire', firstStint, rehired);

  // Two people share an inbox: the second lists the first's address as an alias -> one user, two claims.
  const inboxOwner = persona({ firstName: 'Rae', lastName: 'Moss' });
  const inboxSharer = persona({ firstName: 'Ty', lastName: 'Bell' });
  inboxSharer.aliases = [inboxOwner.workEmail];
  inboxSharer.incydrUserId = null;
  inboxSharer.incydrUsername = null;
  add('shared-inbox', inboxOwner, inboxSharer);

  // Two Incydr users share an alternate name that is one HR person's only address there.
  const twinA = persona({ firstName: 'Ana', lastName: 'Ruiz' });
  const twinB = persona({ firstName: 'Ana', lastName: 'Ruiz-Bell' });
  const sharedAlias = persona({ firstName: 'Support', lastName: 'Lead' });
  sharedAlias.incydrUserId = null;
  sharedAlias.incydrUsername = null;
  sharedAlias.aliases = ['helpdesk@acme.example'];
  alternateNames.set(twinA.personaId, ['helpdesk@acme.example']);
  alternateNames.set(twinB.personaId, ['helpdesk@acme.example']);
  add('two-users-share-an-alias', sharedAlias);

  // Future-dated termination, last day before termination date, leave of absence.
  const departing = persona({ firstName: 'Ivy', lastName: 'Stone', terminationDate: '2026-12-18', lastWorkingDay: '2026-12-11' });
  const gardenLeave = persona({ firstName: 'Carl', lastName: 'Vega', status: 'terminated', terminationDate: '2026-11-14', lastWorkingDay: '2026-11-07' });
  const onLeave = persona({ firstName: 'Beth', lastName: 'Lane', status: 'leave', leaveStart: '2026-10-01', leaveEnd: '2027-01-31' });
  add('future-termination', departing);
  add('last-day-before-termination', gardenLeave);
  add('leave-of-absence', onLeave);

  // In HR only / in Incydr only.
  const hrOnly = persona({ firstName: 'Uma', lastName: 'Reed' });
  hrOnly.incydrUserId = null;
  hrOnly.incydrUsername = null;
  const incydrOnly = persona({ firstName: 'Vic', lastName: 'Hale', inHr: false });
  add('missing-from-incydr', hrOnly);
  add('missing-from-hr', incydrOnly);

  // Accounts with no HR record by design.
  const service = persona({ firstName: 'Backup', lastName: 'Service', kind: 'service', employeeId: null, inHr: false });
  service.incydrUsername = 'svc-backup@acme.example';
  const admin = persona({ firstName: 'Root', lastName: 'Admin', kind: 'admin', employeeId: null, inHr: false });
  admin.incydrUsername = 'admin-jlee';
  const analyst = persona({ firstName: 'Soc', lastName: 'Analyst', kind: 'analyst', employeeId: null, inHr: false });
  analyst.incydrUsername = 'soc-analyst-07@acme.example';
  add('service-and-admin-accounts', service, admin, analyst);

  const personas = [
    manager,
    ...fillers,
    caseDiff,
    unicode,
    personal,
    gmailAccount,
    cleared,
    renamed,
    renamedActorSide,
    acquired,
    contractor,
    firstStint,
    rehired,
    inboxOwner,
    inboxSharer,
    twinA,
    twinB,
    sharedAlias,
    departing,
    gardenLeave,
    onLeave,
    hrOnly,
    incydrOnly,
    service,
    admin,
    analyst,
  ];
  const users: User[] = [];
  const actors: Actor[] = [];
  const employeeIdsByUserId = new Map<string, string>();
  const seenUsers = new Set<string>();
  for (const p of personas) {
    if (!p.incydrUserId || seenUsers.has(p.incydrUserId)) continue;
    seenUsers.add(p.incydrUserId);
    users.push(userOf(p));
    actors.push(actorOf(p, alternateNames.get(p.personaId) ?? []));
  }
  // Only the cleared-at-exit person's employee id is provisioned, so every other rung is exercised too.
  employeeIdsByUserId.set(cleared.incydrUserId!, cleared.employeeId!);
  return {
    personas,
    users,
    actors,
    employeeIdsByUserId,
    ambiguousPersonaIds: new Set([inboxOwner.personaId, inboxSharer.personaId, sharedAlias.personaId]),
    clearedEmailPersonaIds: new Set([cleared.personaId]),
    allowlist: ['svc-*@acme.example', 'admin-jlee', '/^soc-analyst-\\d+@acme\\.example$/'],
    pitfalls,
  };
}
