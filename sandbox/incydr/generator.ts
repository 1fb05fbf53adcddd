/**
 * Deterministic tenant generator: from a seed, a size and a reference time it builds the personas (ground truth),
 * the Incydr tenant derived from them, and the truth tests assert against. Every share of the population is a
 * deliberate decision made here, and the truth is recorded from those decisions — never by re-running detection
 * logic over the served data.
 */
import type {
  Actor,
  Agent,
  AgentHealthIssueType,
  AgentOsType,
  AgentType,
  CaseDetail,
  CaseStatus,
  FileEvent,
  Matter,
  Role,
  User,
} from '@incydr-health/core/incydr/types';
import { AGENT_HEALTH_ISSUE_TYPES } from '@incydr-health/core/incydr/types';
import type { Reason } from '@incydr-health/core/health/plan-types';
import type { Persona, PersonaKind } from '../world.js';
import { Prng, weights } from './prng.js';
import {
  CASE_TOPICS,
  DEPARTMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  LOCATIONS,
  MATTER_TOPICS,
  SERVICE_ACCOUNT_PURPOSES,
  type DepartmentName,
} from './names.js';
import {
  WORLD_FORMAT,
  WORLD_FORMAT_VERSION,
  type AgentRelease,
  type CaseFileEventLink,
  type Custodianship,
  type TenantData,
  type Truth,
  type VersionClass,
  type WatchlistRecord,
  type World,
} from './world-types.js';

export interface GenerateOptions {
  seed: number | string;
  /** Number of Incydr users (HR-only people come on top). */
  users: number;
  /** Reference time; every relative date derives from it. */
  now: string | Date;
}

export const MAX_USERS = 200_000;
export const STALE_AFTER_DAYS = 30;
export const COMPANY_DOMAIN = 'northwind.example';
export const DEMO_API_CLIENT = {
  clientId: 'key-sandbox-demo',
  clientSecret: 'sandbox-demo-secret-not-for-production',
  name: 'Incydr Health demo client',
} as const;

/** Modelled on Code42's numbering (Code42 app 12.x, Incydr agent 2.x). The cloud accepts the newest three. */
export const AGENT_RELEASES: AgentRelease[] = [
  { agentType: 'COMBINED', supported: ['2.4.0', '2.3.1', '2.2.0'], unsupported: ['2.1.2', '2.0.0', '1.8.0'] },
  { agentType: 'CODE42AAT', supported: ['2.4.0', '2.3.1', '2.2.0'], unsupported: ['2.1.2', '1.9.1'] },
  { agentType: 'CODE42', supported: ['12.5.0', '12.4.0', '12.3.1'], unsupported: ['12.2.0', '11.0.2', '10.4.1'] },
];

const ROLES: Role[] = [
  { roleId: 'desktop-user', roleName: 'Desktop User' },
  { roleId: 'customer-cloud-admin', roleName: 'Customer Cloud Admin' },
  { roleId: 'insider-risk-admin', roleName: 'Insider Risk Admin' },
  { roleId: 'insider-risk-analyst', roleName: 'Insider Risk Analyst' },
  { roleId: 'security-center-user', roleName: 'Security Center User' },
];

type Archetype =
  | 'steady'
  | 'multi-device'
  | 'departed-active'
  | 'departed-clean'
  | 'leave'
  | 'future-departure'
  | 'pending'
  | 'contractor'
  | 'contractor-no-hr'
  | 'case-diff'
  | 'name-change'
  | 'rehire'
  | 'ambiguous-alias'
  | 'admin'
  | 'analyst'
  | 'service';

/** Placed first so that even a handful of users covers every pitfall the other engineers test against. */
const MUST_HAVE: Archetype[] = [
  'admin', 'analyst', 'service', 'departed-active', 'departed-active', 'departed-active', 'future-departure',
  'leave', 'multi-device', 'case-diff', 'name-change', 'rehire', 'contractor', 'contractor-no-hr',
  'ambiguous-alias', 'ambiguous-alias', 'departed-clean', 'pending', 'steady', 'steady',
];

const ARCHETYPE_SHARES: Record<Archetype, number> = {
  steady: 0.6,
  'multi-device': 0.08,
  'departed-active': 0.05,
  'departed-clean': 0.05,
  leave: 0.03,
  'future-departure': 0.02,
  pending: 0.01,
  contractor: 0.04,
  'contractor-no-hr': 0.01,
  'case-diff': 0.03,
  'name-change': 0.02,
  rehire: 0.01,
  'ambiguous-alias': 0.002,
  admin: 0.003,
  analyst: 0.005,
  service: 0.012,
};

type ConnectionBucket = 'fresh' | 'recent' | 'stale' | 'never';

// The population mixtures, each a deliberate share (see docs/decisions/0002-sandbox.md).
const ARCHETYPE_TABLE = weights(ARCHETYPE_SHARES);
const OS_MIX = weights<AgentOsType>({ WINDOWS: 0.6, MAC: 0.35, LINUX: 0.05 });
const AGENT_TYPE_MIX = weights<AgentType>({ COMBINED: 0.7, CODE42AAT: 0.2, CODE42: 0.1 });
const VERSION_MIX = weights({ current: 0.6, previous1: 0.15, previous2: 0.1, unsupported: 0.15 });
const CASE_STATUS_MIX = weights<CaseStatus>({ OPEN: 0.5, CLOSED: 0.35, ARCHIVED: 0.15 });
const CASE_SUBJECT_MIX = weights({ departed: 0.4, stale: 0.2, anyone: 0.35, none: 0.05 });
const PRIMARY_CONNECTION_MIX = weights<ConnectionBucket>({ fresh: 0.86, recent: 0.08, stale: 0.055, never: 0.005 });
const DEPARTED_CONNECTION_MIX = weights<ConnectionBucket>({ fresh: 0.3, recent: 0.3, stale: 0.4, never: 0 });
const LEAVE_CONNECTION_MIX = weights<ConnectionBucket>({ recent: 0.5, stale: 0.3, fresh: 0.2, never: 0 });

const DAY_MS = 86_400_000;

interface UserRecord {
  persona: Persona;
  user: User;
  actor: Actor;
  archetype: Archetype;
  agents: Agent[];
}

export function generateWorld(options: GenerateOptions): World {
  const nowMs = typeof options.now === 'string' ? Date.parse(options.now) : options.now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError(`"now" is not a valid date: ${String(options.now)}`);
  if (!Number.isInteger(options.users) || options.users < 1 || options.users > MAX_USERS) {
    throw new RangeError(`"users" must be a whole number from 1 to ${MAX_USERS}, got ${options.users}`);
  }
  return new WorldBuilder(options.seed, options.users, nowMs).build();
}

class WorldBuilder {
  private readonly rng: Prng;
  private readonly idBlock: string;
  private readonly startOfToday: number;
  private readonly usedEmails = new Set<string>();
  private readonly emailSuffixes = new Map<string, number>();
  private readonly personas: Persona[] = [];
  private readonly records: UserRecord[] = [];
  private readonly recordsByUserId = new Map<string, UserRecord>();
  private readonly agents: Agent[] = [];
  private readonly fileEvents: FileEvent[] = [];
  private readonly managers = new Map<DepartmentName, UserRecord>();
  private readonly agentClass = new Map<string, VersionClass>();
  private readonly staleAgentIds = new Set<string>();
  private pendingSharedAlias: { alias: string; lastName: string; initial: string } | null = null;
  private personaSeq = 0;
  private userSeq = 0;
  private agentSeq = 0;
  private actorSeq = 0;
  private childActorSeq = 0;
  private eventSeq = 0;

  constructor(
    private readonly seed: number | string,
    private readonly userCount: number,
    private readonly nowMs: number,
  ) {
    this.rng = new Prng(seed);
    this.idBlock = String(this.rng.int(100, 999));
    this.startOfToday = Math.floor(nowMs / DAY_MS) * DAY_MS;
  }

  build(): World {
    const rng = this.rng;
    const tenantUid = rng.uuid();
    const org = { orgId: `${this.idBlock}9000000000000001`, legacyOrgId: String(rng.int(1000, 9999)), orgGuid: rng.uuid(), orgName: 'Northwind Traders' };

    const archetypes = this.planArchetypes();
    const peopleRng = rng.fork('people');
    for (const archetype of archetypes) this.addPerson(archetype, peopleRng, org);
    const hrOnlyCount = Math.max(1, Math.round(this.userCount * 0.02));
    for (let i = 0; i < hrOnlyCount; i++) this.addHrOnlyPerson(peopleRng);

    const fileEventRng = rng.fork('file-events');
    for (const agent of this.agents) this.addFileEvents(agent, fileEventRng);

    const legal = this.buildLegalHold(rng.fork('legal-hold'));
    const cases = this.buildCases(rng.fork('cases'));
    const watchlists = this.buildWatchlists(rng.fork('watchlists'), tenantUid);

    const tenant: TenantData = {
      tenantUid,
      org,
      apiClients: [{ ...DEMO_API_CLIENT }],
      agentReleases: AGENT_RELEASES.map((r) => ({ ...r, supported: [...r.supported], unsupported: [...r.unsupported] })),
      roles: ROLES.map((r) => ({ ...r })),
      userRoles: this.records.map((r) => ({ userId: r.user.userId, roleIds: rolesFor(r.persona.kind) })),
      users: this.records.map((r) => r.user),
      agents: this.agents,
      actors: this.records.flatMap((r) => [r.actor, ...this.childActors(r)]),
      userActors: this.records.map((r) => ({ userId: r.user.userId, actorId: r.actor.actorId })),
      departments: Object.keys(DEPARTMENTS).sort(),
      policies: legal.policies,
      matters: legal.matters,
      custodianships: legal.custodianships,
      cases: cases.cases,
      caseFileEvents: cases.links,
      watchlists,
      fileEvents: this.fileEvents,
      auditEvents: [],
    };
    const truth = this.buildTruth(tenant);
    return {
      format: WORLD_FORMAT,
      version: WORLD_FORMAT_VERSION,
      seed: this.seed,
      now: new Date(this.nowMs).toISOString(),
      personas: this.personas,
      tenant,
      truth,
    };
  }

  private planArchetypes(): Archetype[] {
    const planRng = this.rng.fork('archetypes');
    const plan = MUST_HAVE.slice(0, this.userCount);
    while (plan.length < this.userCount) plan.push(planRng.weighted(ARCHETYPE_TABLE));
    // Ambiguity needs a partner: an unpaired last one becomes an ordinary employee.
    const ambiguous = plan.filter((a) => a === 'ambiguous-alias').length;
    if (ambiguous % 2 === 1) plan[plan.lastIndexOf('ambiguous-alias')] = 'steady';
    return plan;
  }

  // ---------------------------------------------------------------- people

  private addPerson(archetype: Archetype, rng: Prng, org: { orgId: string; legacyOrgId: string; orgGuid: string; orgName: string }): void {
    const kind: PersonaKind = archetype === 'admin' || archetype === 'analyst' || archetype === 'service' ? archetype : 'human';
    if (archetype === 'rehire') this.addEarlierEmployment(rng);
    const persona = kind === 'human' ? this.humanPersona(archetype, rng) : this.nonHumanPersona(kind, rng);
    const userNo = ++this.userSeq;
    const userId = `${this.idBlock}1${String(userNo).padStart(15, '0')}`;
    persona.incydrUserId = userId;
    persona.incydrUsername = this.incydrUsernameFor(archetype, persona);

    const created = Math.min(Date.parse(`${persona.startDate}T09:00:00.000Z`), this.nowMs - DAY_MS) - rng.int(0, 20) * DAY_MS;
    const deactivated = archetype === 'departed-clean';
    const modified = deactivated ? this.dateOf(persona.terminationDate) + rng.int(0, 5) * DAY_MS : created + rng.int(0, 200) * DAY_MS;
    const user: User = {
      userId,
      legacyUserId: String(700000 + userNo),
      username: persona.incydrUsername,
      firstName: persona.firstName,
      lastName: archetype === 'name-change' ? persona.previousLastName : persona.lastName,
      orgId: org.orgId,
      legacyOrgId: org.legacyOrgId,
      orgGuid: org.orgGuid,
      orgName: org.orgName,
      notes: kind === 'service' ? 'Shared service account' : null,
      active: !deactivated,
      blocked: deactivated && rng.chance(0.3),
      creationDate: iso(created),
      modificationDate: iso(Math.min(modified, this.nowMs)),
    };
    const actor = this.actorFor(persona, user, rng);
    const record: UserRecord = { persona, user, actor, archetype, agents: [] };
    this.records.push(record);
    this.recordsByUserId.set(userId, record);
    this.personas.push(persona);
    if (kind === 'human' && persona.department !== null) this.assignManager(record);
    this.addAgents(record, rng);
  }

  private humanPersona(archetype: Archetype, rng: Prng): Persona {
    let firstName: string = rng.pick(FIRST_NAMES);
    let lastName: string = rng.pick(LAST_NAMES);
    const aliases: string[] = [];
    let previousLastName: string | null = null;
    if (archetype === 'ambiguous-alias') {
      if (this.pendingSharedAlias === null) {
        const alias = `${fold(firstName).charAt(0)}.${fold(lastName)}@${COMPANY_DOMAIN}`;
        this.pendingSharedAlias = { alias, lastName, initial: firstName.charAt(0) };
        aliases.push(alias);
      } else {
        const shared = this.pendingSharedAlias;
        lastName = shared.lastName;
        const sameInitial = FIRST_NAMES.filter((n) => n.charAt(0) === shared.initial);
        firstName = rng.pick(sameInitial);
        aliases.push(shared.alias);
        this.pendingSharedAlias = null;
      }
    }
    if (archetype === 'name-change') {
      previousLastName = lastName;
      do lastName = rng.pick(LAST_NAMES);
      while (lastName === previousLastName);
    }
    const workEmail = this.uniqueEmail(firstName, lastName);
    if (archetype === 'name-change') aliases.push(this.uniqueEmail(firstName, previousLastName as string));
    const department = rng.pick(Object.keys(DEPARTMENTS) as DepartmentName[]);
    const startDaysAgo = archetype === 'pending' ? -rng.int(5, 30) : rng.int(45, 12 * 365);
    const persona: Persona = {
      personaId: `p-${String(++this.personaSeq).padStart(6, '0')}`,
      employeeId: archetype === 'contractor-no-hr' ? null : `E${String(100000 + this.personaSeq)}`,
      firstName,
      lastName,
      previousLastName,
      workEmail,
      aliases,
      personalEmail: rng.chance(0.6) ? `${fold(firstName)}${fold(lastName)}${rng.int(1, 99)}@mailbox.example` : null,
      department,
      title: rng.pick(DEPARTMENTS[department]),
      managerPersonaId: null,
      employmentType: archetype === 'contractor' || archetype === 'contractor-no-hr' ? 'contractor' : rng.chance(0.03) ? 'intern' : 'employee',
      kind: 'human',
      status: 'active',
      startDate: this.calendarDate(this.nowMs - startDaysAgo * DAY_MS),
      terminationDate: null,
      lastWorkingDay: null,
      leaveStart: null,
      leaveEnd: null,
      rehireOf: null,
      incydrUserId: null,
      incydrUsername: null,
      inHr: archetype !== 'contractor-no-hr',
    };
    if (archetype === 'departed-active' || archetype === 'departed-clean') {
      const daysAgo = rng.int(2, 400);
      persona.status = 'terminated';
      persona.terminationDate = this.calendarDate(this.nowMs - daysAgo * DAY_MS);
      persona.lastWorkingDay = this.calendarDate(this.nowMs - (daysAgo + rng.int(0, 14)) * DAY_MS);
      if (this.dateOf(persona.startDate) > this.dateOf(persona.lastWorkingDay)) {
        persona.startDate = this.calendarDate(this.dateOf(persona.lastWorkingDay) - rng.int(200, 2000) * DAY_MS);
      }
    } else if (archetype === 'future-departure') {
      const daysAhead = rng.int(3, 45);
      persona.terminationDate = this.calendarDate(this.nowMs + daysAhead * DAY_MS);
      persona.lastWorkingDay = this.calendarDate(this.nowMs + (daysAhead - rng.int(0, 2)) * DAY_MS);
    } else if (archetype === 'leave') {
      persona.status = 'leave';
      persona.leaveStart = this.calendarDate(this.nowMs - rng.int(5, 60) * DAY_MS);
      persona.leaveEnd = rng.chance(0.8) ? this.calendarDate(this.nowMs + rng.int(10, 90) * DAY_MS) : null;
    } else if (archetype === 'pending') {
      persona.status = 'pending';
    } else if (archetype === 'rehire') {
      const earlier = this.personas[this.personas.length - 1] as Persona;
      persona.firstName = earlier.firstName;
      persona.lastName = earlier.lastName;
      this.usedEmails.delete(persona.workEmail);
      persona.workEmail = earlier.workEmail;
      persona.rehireOf = earlier.personaId;
      persona.startDate = this.calendarDate(this.nowMs - rng.int(30, 300) * DAY_MS);
    }
    return persona;
  }

  /** The first employment of a rehired person: a terminated HR record with no Incydr user of its own. */
  private addEarlierEmployment(rng: Prng): void {
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const department = rng.pick(Object.keys(DEPARTMENTS) as DepartmentName[]);
    const leftDaysAgo = rng.int(500, 1500);
    this.personas.push({
      personaId: `p-${String(++this.personaSeq).padStart(6, '0')}`,
      employeeId: `E${String(100000 + this.personaSeq)}`,
      firstName,
      lastName,
      previousLastName: null,
      workEmail: this.uniqueEmail(firstName, lastName),
      aliases: [],
      personalEmail: null,
      department,
      title: rng.pick(DEPARTMENTS[department]),
      managerPersonaId: null,
      employmentType: 'employee',
      kind: 'human',
      status: 'terminated',
      startDate: this.calendarDate(this.nowMs - (leftDaysAgo + rng.int(300, 2000)) * DAY_MS),
      terminationDate: this.calendarDate(this.nowMs - leftDaysAgo * DAY_MS),
      lastWorkingDay: this.calendarDate(this.nowMs - leftDaysAgo * DAY_MS),
      leaveStart: null,
      leaveEnd: null,
      rehireOf: null,
      incydrUserId: null,
      incydrUsername: null,
      inHr: true,
    });
  }

  private addHrOnlyPerson(rng: Prng): void {
    const persona = this.humanPersona('steady', rng);
    this.personas.push(persona);
    const manager = persona.department === null ? undefined : this.managers.get(persona.department as DepartmentName);
    persona.managerPersonaId = manager?.persona.personaId ?? null;
  }

  private nonHumanPersona(kind: PersonaKind, rng: Prng): Persona {
    const personaId = `p-${String(++this.personaSeq).padStart(6, '0')}`;
    let firstName: string = rng.pick(FIRST_NAMES);
    let lastName: string = rng.pick(LAST_NAMES);
    let workEmail: string;
    if (kind === 'service') {
      const purpose = rng.pick(SERVICE_ACCOUNT_PURPOSES);
      firstName = 'svc';
      lastName = purpose;
      workEmail = this.claimEmail(`svc-${purpose}`);
    } else {
      workEmail = this.claimEmail(`${kind}.${fold(firstName).charAt(0)}${fold(lastName)}`);
    }
    return {
      personaId,
      employeeId: null,
      firstName,
      lastName,
      previousLastName: null,
      workEmail,
      aliases: [],
      personalEmail: null,
      department: null,
      title: null,
      managerPersonaId: null,
      employmentType: 'employee',
      kind,
      status: 'active',
      startDate: this.calendarDate(this.nowMs - rng.int(100, 3000) * DAY_MS),
      terminationDate: null,
      lastWorkingDay: null,
      leaveStart: null,
      leaveEnd: null,
      rehireOf: null,
      incydrUserId: null,
      incydrUsername: null,
      inHr: false,
    };
  }

  private incydrUsernameFor(archetype: Archetype, persona: Persona): string {
    if (archetype === 'case-diff') {
      const [local, domain] = persona.workEmail.split('@') as [string, string];
      return `${local.split('.').map(capitalize).join('.')}@${domain}`;
    }
    if (archetype === 'name-change') return persona.aliases[0] as string;
    return persona.workEmail;
  }

  private assignManager(record: UserRecord): void {
    const department = record.persona.department as DepartmentName;
    const manager = this.managers.get(department);
    if (manager === undefined) {
      if (record.archetype === 'steady' || record.archetype === 'multi-device') this.managers.set(department, record);
      return;
    }
    record.persona.managerPersonaId = manager.persona.personaId;
    record.actor.managerActorId = manager.actor.actorId;
  }

  private uniqueEmail(firstName: string, lastName: string): string {
    return this.claimEmail(`${fold(firstName)}.${fold(lastName)}`);
  }

  private claimEmail(local: string): string {
    let n = this.emailSuffixes.get(local) ?? 1;
    let candidate = n === 1 ? `${local}@${COMPANY_DOMAIN}` : `${local}${n}@${COMPANY_DOMAIN}`;
    while (this.usedEmails.has(candidate)) candidate = `${local}${++n}@${COMPANY_DOMAIN}`;
    this.emailSuffixes.set(local, n);
    this.usedEmails.add(candidate);
    return candidate;
  }

  // ---------------------------------------------------------------- actors

  private actorFor(persona: Persona, user: User, rng: Prng): Actor {
    const location = rng.pick(LOCATIONS);
    // Other names the person is known by; the actor's own name is not one of them.
    const alternateNames = [...persona.aliases, persona.workEmail].filter((n) => n !== user.username);
    const knowsEndDate = persona.terminationDate !== null && (persona.status === 'terminated' || rng.chance(0.7));
    return {
      actorId: `${this.idBlock}3${String(++this.actorSeq).padStart(15, '0')}`,
      name: user.username,
      active: user.active,
      alternateNames: [...new Set(alternateNames)],
      country: persona.kind === 'human' ? location.country : null,
      department: persona.department,
      division: persona.department === null ? null : divisionOf(persona.department),
      employeeType: persona.kind === 'human' ? persona.employmentType : null,
      endDate: knowsEndDate ? persona.terminationDate : null,
      startDate: persona.kind === 'human' ? persona.startDate : null,
      firstName: persona.firstName,
      lastName: user.lastName,
      locality: persona.kind === 'human' ? location.locality : null,
      region: persona.kind === 'human' ? location.region : null,
      managerActorId: null,
      notes: null,
      parentActorId: null,
      title: persona.title,
      inScope: persona.kind === 'human',
    };
  }

  /** Each alias the person is known by is a child actor in the family (cloud aliases in Incydr). */
  private childActors(record: UserRecord): Actor[] {
    return record.actor.alternateNames.map((name) => ({
      ...record.actor,
      actorId: `${this.idBlock}4${String(++this.childActorSeq).padStart(15, '0')}`,
      name,
      alternateNames: [],
      parentActorId: record.actor.actorId,
      managerActorId: record.actor.managerActorId,
    }));
  }

  // ---------------------------------------------------------------- agents

  private addAgents(record: UserRecord, rng: Prng): void {
    const plan = agentPlan(record.archetype, rng);
    for (const [bucket, active] of plan) {
      const agent = this.makeAgent(record, bucket, active, rng);
      record.agents.push(agent);
      this.agents.push(agent);
    }
  }

  private makeAgent(record: UserRecord, bucket: ConnectionBucket, active: boolean, rng: Prng): Agent {
    const agentNo = ++this.agentSeq;
    const os: AgentOsType = rng.weighted(OS_MIX);
    const agentType: AgentType = rng.weighted(AGENT_TYPE_MIX);
    const release = AGENT_RELEASES.find((r) => r.agentType === agentType) as AgentRelease;
    const versionClass = rng.weighted(VERSION_MIX);
    const productVersion =
      versionClass === 'current' ? release.supported[0]
        : versionClass === 'previous1' ? release.supported[1]
          : versionClass === 'previous2' ? release.supported[2]
            : rng.pick(release.unsupported);
    const lastConnectedMs = this.lastConnectedFor(bucket, rng);
    const issues: AgentHealthIssueType[] = [];
    const daysSilent = lastConnectedMs === null ? Infinity : (this.nowMs - lastConnectedMs) / DAY_MS;
    if (daysSilent > 3) issues.push('NOT_CONNECTING');
    else if (rng.chance(0.04)) issues.push('NOT_SENDING_SECURITY_EVENTS');
    if (rng.chance(0.015)) issues.push('SECURITY_INGEST_REJECTED');
    if (os === 'MAC' && rng.chance(0.08)) issues.push('MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS');
    if (os === 'MAC' && rng.chance(0.05)) issues.push('MISSING_MACOS_PERMISSION_ACCESSIBILITY');
    const first = fold(record.persona.firstName);
    const hostname =
      os === 'WINDOWS' ? `DESKTOP-${rng.hex(7).toUpperCase()}`
        : os === 'MAC' ? `${capitalize(first)}s-MacBook-Pro-${rng.int(1, 9)}`
          : `${first}-ws-${rng.int(10, 99)}`;
    const created = (lastConnectedMs ?? this.nowMs - rng.int(40, 400) * DAY_MS) - rng.int(30, 1500) * DAY_MS;
    const agent: Agent = {
      agentId: `${this.idBlock}2${String(agentNo).padStart(15, '0')}`,
      name: hostname,
      userId: record.user.userId,
      osHostname: hostname,
      osName: os === 'WINDOWS' ? 'Win' : os === 'MAC' ? 'Mac' : 'Linux',
      machineId: rng.hex(16),
      serialNumber: os === 'LINUX' && rng.chance(0.5) ? null : os === 'MAC' ? `C02${rng.hex(9).toUpperCase()}` : rng.hex(8).toUpperCase(),
      active,
      agentType,
      agentHealthIssueTypes: issues,
      agentHealthModificationDate: issues.length > 0 ? iso(Math.min(this.nowMs, (lastConnectedMs ?? created) + 3 * DAY_MS)) : null,
      appVersion: `${productVersion}.${rng.int(10, 400)}`,
      productVersion,
      lastConnected: lastConnectedMs === null ? null : iso(lastConnectedMs),
      externalReference: null,
      creationDate: iso(created),
      modificationDate: iso(lastConnectedMs ?? created),
    };
    this.agentClass.set(agent.agentId, versionClass === 'current' ? 'current' : versionClass === 'unsupported' ? 'unsupported' : 'previous');
    if (active && (bucket === 'stale' || bucket === 'never')) this.staleAgentIds.add(agent.agentId);
    return agent;
  }

  /** Buckets keep clear of the 30-day stale boundary so the truth does not depend on how a day is rounded. */
  private lastConnectedFor(bucket: ConnectionBucket, rng: Prng): number | null {
    switch (bucket) {
      case 'fresh':
        return this.nowMs - (rng.chance(0.7) ? rng.int(1, 240) * 60_000 : rng.int(4, 72) * 3_600_000);
      case 'recent':
        return this.nowMs - rng.int(3 * 24, 25 * 24) * 3_600_000;
      case 'stale':
        return this.startOfToday - (rng.chance(0.75) ? rng.int(35, 365) : rng.int(366, 1500)) * DAY_MS - rng.int(0, 23) * 3_600_000;
      case 'never':
        return null;
    }
  }

  private addFileEvents(agent: Agent, rng: Prng): void {
    if (agent.lastConnected === null) return;
    const record = this.recordsByUserId.get(agent.userId) as UserRecord;
    const connected = Date.parse(agent.lastConnected);
    const silentSince = agent.agentHealthIssueTypes.includes('NOT_SENDING_SECURITY_EVENTS') ? rng.int(8, 40) * DAY_MS : rng.int(0, 120) * 60_000;
    const count = rng.chance(0.15) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const at = connected - silentSince - i * rng.int(1, 30) * DAY_MS;
      const fileName = rng.pick(['roadmap.pptx', 'customers.csv', 'main.ts', 'budget.xlsx', 'notes.txt', 'design.fig']);
      this.fileEvents.push({
        '@timestamp': iso(at),
        event: {
          id: `0_${this.idBlock}_${agent.agentId}_${String(++this.eventSeq).padStart(9, '0')}`,
          action: rng.pick(['file-created', 'file-modified', 'file-moved', 'application-read']),
          observer: 'Endpoint',
          inserted: iso(at + rng.int(1, 600) * 1000),
        },
        user: { email: record.user.username, id: record.user.userId, deviceUid: agent.agentId },
        file: { name: fileName, directory: `C:/Users/${fold(record.persona.firstName)}/Documents/` },
        source: { domain: agent.osHostname, name: agent.osName },
      });
    }
  }

  // ---------------------------------------------------------------- legal hold, cases, watchlists

  private humans(...archetypes: Archetype[]): UserRecord[] {
    return this.records.filter((r) => archetypes.includes(r.archetype));
  }

  private buildLegalHold(rng: Prng): { policies: TenantData['policies']; matters: Matter[]; custodianships: Custodianship[] } {
    const policyCreated = iso(this.nowMs - 900 * DAY_MS);
    const policies = [
      { policyId: rng.uuid(), name: 'Standard preservation', creationDate: policyCreated, modificationDate: policyCreated },
      { policyId: rng.uuid(), name: 'Litigation — full endpoint', creationDate: policyCreated, modificationDate: policyCreated },
    ];
    const admins = this.humans('admin');
    const creator = admins[0] ?? this.records[0];
    const matterCount = Math.min(60, Math.max(3, Math.round(this.userCount / 1500)));
    const matters: Matter[] = [];
    for (let i = 0; i < matterCount; i++) {
      const active = i === 0 || i === 2 || (i !== 1 && rng.chance(0.7));
      matters.push({
        matterId: `${this.idBlock}5${String(i + 1).padStart(15, '0')}`,
        name: `${rng.pick(MATTER_TOPICS)} ${2020 + (i % 7)}-${String(i + 1).padStart(3, '0')}`,
        description: 'Preservation of endpoint data for counsel',
        notes: null,
        active,
        creationDate: iso(this.nowMs - rng.int(30, 800) * DAY_MS),
        policyId: (policies[i % 2] as { policyId: string }).policyId,
        creator: creator ? { userId: creator.user.userId, username: creator.user.username } : null,
        creatorPrincipal: creator ? { principalId: creator.user.userId, displayName: creator.user.username, type: 'USER' } : null,
      });
    }
    const custodianships: Custodianship[] = [];
    const seen = new Set<string>();
    const add = (matter: Matter, record: UserRecord | undefined, membershipActive: boolean): void => {
      if (record === undefined || seen.has(`${matter.matterId}/${record.user.userId}`)) return;
      seen.add(`${matter.matterId}/${record.user.userId}`);
      custodianships.push({
        matterId: matter.matterId,
        userId: record.user.userId,
        membershipActive,
        membershipCreationDate: iso(Date.parse(matter.creationDate) + rng.int(0, 20) * DAY_MS),
      });
    };
    const departed = this.humans('departed-active');
    const [activeMatter, inactiveMatter] = [matters[0] as Matter, matters[1] as Matter];
    // Fixed decisions the tests lean on: departed #0 is protected by a hold; departed #1 only has an inactive
    // membership and a membership in an inactive matter, so nothing protects them.
    add(activeMatter, departed[0], true);
    add(activeMatter, departed[1], false);
    add(inactiveMatter, departed[1], true);
    add(activeMatter, this.humans('future-departure')[0], true);
    add(activeMatter, this.humans('multi-device')[0], true);
    const pool = this.humans('steady', 'multi-device', 'departed-active', 'departed-clean', 'leave', 'future-departure', 'contractor', 'case-diff', 'name-change');
    const reserved = new Set([departed[1]?.user.userId, departed[2]?.user.userId]);
    const candidates = pool.filter((r) => !reserved.has(r.user.userId));
    for (const matter of matters) {
      const size = Math.min(candidates.length, rng.int(2, 6) + Math.round(this.userCount / 4000));
      for (let k = 0; k < size; k++) {
        const preferDeparted = rng.chance(0.3) && departed.length > 3;
        const record = preferDeparted ? rng.pick(departed.slice(3)) : rng.pick(candidates);
        add(matter, record, rng.chance(0.9));
      }
    }
    return { policies, matters, custodianships };
  }

  private buildCases(rng: Prng): { cases: CaseDetail[]; links: CaseFileEventLink[] } {
    const analysts = this.humans('analyst');
    const analyst = analysts[0] ?? (this.records[0] as UserRecord);
    const departed = this.humans('departed-active');
    const staleOwners = this.records.filter((r) => r.agents.some((a) => this.staleAgentIds.has(a.agentId)));
    const everyone = this.humans('steady', 'multi-device', 'departed-active', 'departed-clean', 'future-departure', 'contractor', 'case-diff', 'name-change', 'leave');
    const count = Math.min(400, Math.max(4, Math.round(this.userCount / 250)));
    const fixed: [CaseStatus, UserRecord | undefined][] = [
      ['OPEN', departed[2]],
      ['CLOSED', departed[1]],
      ['ARCHIVED', departed[0]],
      ['OPEN', staleOwners.find((r) => r.archetype === 'multi-device') ?? staleOwners[0]],
    ];
    const eventsByUser = new Map<string, string[]>();
    for (const e of this.fileEvents) {
      const list = eventsByUser.get(e.user.id) ?? [];
      list.push(e.event.id);
      eventsByUser.set(e.user.id, list);
    }
    const cases: CaseDetail[] = [];
    const links: CaseFileEventLink[] = [];
    const reservedUnprotected = departed[1]?.user.userId;
    for (let i = 0; i < count; i++) {
      let status: CaseStatus;
      let subject: UserRecord | undefined;
      const pinned = fixed[i];
      if (pinned !== undefined) [status, subject] = pinned;
      else {
        status = rng.weighted(CASE_STATUS_MIX);
        const from = rng.weighted(CASE_SUBJECT_MIX);
        subject = from === 'none' ? undefined : rng.pick(from === 'departed' && departed.length > 0 ? departed : from === 'stale' && staleOwners.length > 0 ? staleOwners : everyone.length > 0 ? everyone : this.records);
        if (status === 'OPEN' && subject?.user.userId === reservedUnprotected) status = 'CLOSED';
      }
      const created = this.nowMs - rng.int(2, 500) * DAY_MS;
      const updated = Math.min(this.nowMs, created + rng.int(0, 60) * DAY_MS);
      const number = i + 1;
      cases.push({
        number,
        name: `${rng.pick(CASE_TOPICS)}`.slice(0, 42) + ` #${number}`,
        createdAt: iso(created),
        updatedAt: iso(updated),
        subject: subject?.user.userId ?? null,
        subjectUsername: subject?.user.username ?? null,
        status,
        assignee: rng.chance(0.8) ? analyst.user.userId : null,
        assigneeUsername: null,
        createdByUserUid: analyst.user.userId,
        createdByUsername: analyst.user.username,
        lastModifiedByUserUid: analyst.user.userId,
        lastModifiedByUsername: analyst.user.username,
        archivalTime: status === 'ARCHIVED' ? iso(updated) : null,
        description: 'Opened from an alert on sensitive file activity',
        findings: status === 'OPEN' ? null : 'Reviewed with the manager; files accounted for.',
      });
      const last = cases[cases.length - 1] as CaseDetail;
      if (last.assignee !== null) last.assigneeUsername = analyst.user.username;
      const eventIds = subject ? (eventsByUser.get(subject.user.userId) ?? []) : [];
      for (const eventId of eventIds.slice(0, 3)) links.push({ caseNumber: number, eventId });
    }
    return { cases, links };
  }

  private buildWatchlists(rng: Prng, _tenantUid: string): WatchlistRecord[] {
    const added = (): string => iso(this.nowMs - rng.int(1, 90) * DAY_MS);
    const departing = [
      ...this.humans('future-departure').filter((_, i) => i === 0 || rng.chance(0.9)),
      ...this.humans('departed-active').filter(() => rng.chance(0.5)),
    ];
    const highImpactPool = this.humans('steady');
    const highImpact = highImpactPool.filter((_, i) => i === 0 || rng.chance(0.02));
    return [
      {
        watchlistId: rng.uuid(),
        listType: 'DEPARTING_EMPLOYEE',
        title: null,
        description: 'People leaving the company',
        includedActors: departing.map((r) => ({ actorId: r.actor.actorId, addedTime: added() })),
      },
      {
        watchlistId: rng.uuid(),
        listType: 'HIGH_IMPACT_EMPLOYEE',
        title: null,
        description: 'Executives and key engineers',
        includedActors: highImpact.map((r) => ({ actorId: r.actor.actorId, addedTime: added() })),
      },
    ];
  }

  // ---------------------------------------------------------------- truth

  private buildTruth(tenant: TenantData): Truth {
    const activeMatters = new Map(tenant.matters.filter((m) => m.active).map((m) => [m.matterId, m]));
    const reasons = new Map<string, Reason[]>();
    const push = (userId: string, reason: Reason): void => {
      const list = reasons.get(userId) ?? [];
      list.push(reason);
      reasons.set(userId, list);
    };
    for (const c of tenant.custodianships) {
      const matter = activeMatters.get(c.matterId);
      if (!c.membershipActive || matter === undefined) continue;
      push(c.userId, {
        code: 'LEGAL_HOLD_CUSTODIAN',
        message: `Custodian of active legal-hold matter "${matter.name}"`,
        evidence: { matterId: matter.matterId, matterName: matter.name },
      });
    }
    for (const c of tenant.cases) {
      if (c.status !== 'OPEN' || c.subject === null) continue;
      push(c.subject, {
        code: 'OPEN_CASE_SUBJECT',
        message: `Subject of open case #${c.number}`,
        evidence: { caseNumber: c.number, caseStatus: c.status },
      });
    }
    const byIssue = Object.fromEntries(AGENT_HEALTH_ISSUE_TYPES.map((t) => [t, [] as string[]])) as Truth['agentsByHealthIssue'];
    const byClass: Truth['agentsByVersionClass'] = { current: [], previous: [], unsupported: [] };
    for (const agent of tenant.agents) {
      for (const issue of agent.agentHealthIssueTypes) byIssue[issue].push(agent.agentId);
      byClass[this.agentClass.get(agent.agentId) as VersionClass].push(agent.agentId);
    }
    return {
      now: new Date(this.nowMs).toISOString(),
      staleAfterDays: STALE_AFTER_DAYS,
      users: this.records.map((r) => {
        const list = reasons.get(r.user.userId) ?? [];
        return { userId: r.user.userId, username: r.user.username, personaId: r.persona.personaId, protected: list.length > 0, reasons: list };
      }),
      departedActiveUsers: this.records
        .filter((r) => r.archetype === 'departed-active')
        .map((r) => ({
          userId: r.user.userId,
          personaId: r.persona.personaId,
          terminationDate: r.persona.terminationDate as string,
          activeAgentIds: r.agents.filter((a) => a.active).map((a) => a.agentId),
        })),
      onLeaveUsers: this.records
        .filter((r) => r.persona.status === 'leave')
        .map((r) => ({ userId: r.user.userId, personaId: r.persona.personaId, leaveStart: r.persona.leaveStart as string, leaveEnd: r.persona.leaveEnd })),
      futureDepartures: this.records
        .filter((r) => r.archetype === 'future-departure')
        .map((r) => ({ userId: r.user.userId, personaId: r.persona.personaId, terminationDate: r.persona.terminationDate as string })),
      staleAgents: tenant.agents
        .filter((a) => this.staleAgentIds.has(a.agentId))
        .map((a) => ({ agentId: a.agentId, userId: a.userId, lastConnected: a.lastConnected })),
      agentsByHealthIssue: byIssue,
      agentsByVersionClass: byClass,
      usersWithoutDevices: this.records.filter((r) => r.agents.length === 0).map((r) => r.user.userId),
      watchlistMembers: tenant.watchlists.map((w) => ({ watchlistId: w.watchlistId, listType: w.listType, actorIds: w.includedActors.map((a) => a.actorId) })),
    };
  }

  // ---------------------------------------------------------------- dates

  private calendarDate(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10);
  }

  private dateOf(calendarDate: string | null): number {
    return calendarDate === null ? this.nowMs : Date.parse(`${calendarDate}T00:00:00.000Z`);
  }
}

/** Which agents a person of this archetype has: [connection bucket, active]. */
function agentPlan(archetype: Archetype, rng: Prng): [ConnectionBucket, boolean][] {
  const primary = (): ConnectionBucket => rng.weighted(PRIMARY_CONNECTION_MIX);
  switch (archetype) {
    case 'admin':
    case 'analyst':
    case 'service':
    case 'pending':
      return [];
    case 'multi-device': {
      const plan: [ConnectionBucket, boolean][] = [['fresh', true], ['stale', rng.chance(0.85)]];
      if (rng.chance(0.3)) plan.push(['stale', true]);
      return plan;
    }
    case 'departed-active': {
      const n = rng.chance(0.7) ? 1 : 2;
      return Array.from({ length: n }, (_, i): [ConnectionBucket, boolean] => [
        rng.weighted(DEPARTED_CONNECTION_MIX),
        i === 0 || rng.chance(0.7),
      ]);
    }
    case 'departed-clean':
      return Array.from({ length: rng.int(1, 2) }, (): [ConnectionBucket, boolean] => ['stale', false]);
    case 'leave':
      return [[rng.weighted(LEAVE_CONNECTION_MIX), true]];
    case 'future-departure':
      return [['fresh', true]];
    default: {
      const roll = rng.next();
      const n = roll < 0.5 ? 1 : roll < 0.9 ? 2 : 3;
      return Array.from({ length: n }, (): [ConnectionBucket, boolean] => [primary(), true]);
    }
  }
}

function rolesFor(kind: PersonaKind): string[] {
  switch (kind) {
    case 'admin':
      return ['customer-cloud-admin', 'insider-risk-admin'];
    case 'analyst':
      return ['insider-risk-analyst', 'security-center-user'];
    case 'service':
      return [];
    case 'human':
      return ['desktop-user'];
  }
}

function divisionOf(department: string): string {
  if (['Engineering', 'Research & Development', 'Product', 'Security', 'IT Operations'].includes(department)) return 'Technology';
  if (['Sales', 'Marketing', 'Customer Success'].includes(department)) return 'Go to Market';
  return 'Corporate';
}

/** Lower-case ASCII for an e-mail local part: drops accents and apostrophes. */
function fold(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
