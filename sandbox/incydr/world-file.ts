/**
 * Reading and writing world files (`--export` / `--tenant`). Loading validates the whole file — shape with zod,
 * then references between records — and refuses it listing every problem with its JSON path; a world is never
 * half-loaded. Writing streams the JSON so a 100,000-user world does not have to fit in one string.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { z } from 'zod';
import {
  AGENT_HEALTH_ISSUE_TYPES,
  AGENT_TYPES,
  CASE_STATUSES,
  WATCHLIST_TYPES,
} from '@incydr-health/core/incydr/types';
import { WORLD_FORMAT, WORLD_FORMAT_VERSION, type World } from './world-types.js';

const isoDateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date-time');
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date YYYY-MM-DD');
const id = z.string().min(1, 'must not be empty');
const text = z.string();

const personaSchema = z.strictObject({
  personaId: id,
  employeeId: text.nullable(),
  firstName: text,
  lastName: text,
  previousLastName: text.nullable(),
  workEmail: text,
  aliases: z.array(text),
  personalEmail: text.nullable(),
  department: text.nullable(),
  title: text.nullable(),
  managerPersonaId: text.nullable(),
  employmentType: z.enum(['employee', 'contractor', 'intern']),
  kind: z.enum(['human', 'service', 'admin', 'analyst']),
  status: z.enum(['active', 'leave', 'terminated', 'pending']),
  startDate: calendarDate,
  terminationDate: calendarDate.nullable(),
  lastWorkingDay: calendarDate.nullable(),
  leaveStart: calendarDate.nullable(),
  leaveEnd: calendarDate.nullable(),
  rehireOf: text.nullable(),
  incydrUserId: text.nullable(),
  incydrUsername: text.nullable(),
  inHr: z.boolean(),
});

const userSchema = z.strictObject({
  userId: id,
  legacyUserId: text,
  username: id,
  firstName: text.nullable(),
  lastName: text.nullable(),
  orgId: text,
  legacyOrgId: text,
  orgGuid: text,
  orgName: text,
  notes: text.nullable(),
  active: z.boolean(),
  blocked: z.boolean(),
  creationDate: isoDateTime,
  modificationDate: isoDateTime,
});

const agentSchema = z.strictObject({
  agentId: id,
  name: text,
  userId: id,
  osHostname: text,
  osName: text,
  machineId: text,
  serialNumber: text.nullable(),
  active: z.boolean(),
  agentType: z.enum(AGENT_TYPES),
  agentHealthIssueTypes: z.array(z.enum(AGENT_HEALTH_ISSUE_TYPES)),
  agentHealthModificationDate: isoDateTime.nullable(),
  appVersion: text,
  productVersion: text,
  lastConnected: isoDateTime.nullable(),
  externalReference: text.nullable(),
  creationDate: isoDateTime,
  modificationDate: isoDateTime,
});

const actorSchema = z.strictObject({
  actorId: id,
  name: id,
  active: z.boolean(),
  alternateNames: z.array(text),
  country: text.nullable(),
  department: text.nullable(),
  division: text.nullable(),
  employeeType: text.nullable(),
  endDate: calendarDate.nullable(),
  startDate: calendarDate.nullable(),
  firstName: text.nullable(),
  lastName: text.nullable(),
  locality: text.nullable(),
  region: text.nullable(),
  managerActorId: text.nullable(),
  notes: text.nullable(),
  parentActorId: text.nullable(),
  title: text.nullable(),
  inScope: z.boolean(),
});

const matterSchema = z.strictObject({
  matterId: id,
  name: text,
  description: text.nullable(),
  notes: text.nullable(),
  active: z.boolean(),
  creationDate: isoDateTime,
  policyId: id,
  creator: z.strictObject({ userId: text, username: text }).nullable(),
  creatorPrincipal: z.strictObject({ principalId: text, displayName: text, type: text }).nullable(),
});

const caseSchema = z.strictObject({
  number: z.number().int().min(1),
  name: z.string().min(1).max(50),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  subject: text.nullable(),
  subjectUsername: text.nullable(),
  status: z.enum(CASE_STATUSES),
  assignee: text.nullable(),
  assigneeUsername: text.nullable(),
  createdByUserUid: text,
  createdByUsername: text,
  lastModifiedByUserUid: text,
  lastModifiedByUsername: text,
  archivalTime: isoDateTime.nullable(),
  description: z.string().max(250).nullable(),
  findings: text.nullable(),
});

const fileEventSchema = z.looseObject({
  '@timestamp': isoDateTime,
  event: z.looseObject({ id: id, action: text, observer: text.optional(), inserted: isoDateTime.optional() }),
  user: z.looseObject({ email: text, id: id, deviceUid: text }),
});

const auditEventSchema = z.looseObject({
  id: id,
  type$: text,
  actorId: text,
  actorName: text,
  actorAgent: text.nullable(),
  actorIpAddress: text.nullable(),
  timestamp: isoDateTime,
  actorType: text,
});

const reasonSchema = z.strictObject({
  code: text,
  message: text,
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
});

const tenantSchema = z.strictObject({
  tenantUid: id,
  org: z.strictObject({ orgId: text, legacyOrgId: text, orgGuid: text, orgName: text }),
  apiClients: z.array(z.strictObject({ clientId: id, clientSecret: z.string().min(8, 'must be at least 8 characters'), name: text })).min(1, 'needs at least one API client'),
  agentReleases: z.array(
    z.strictObject({ agentType: z.enum(AGENT_TYPES), supported: z.tuple([text, text, text]), unsupported: z.array(text) }),
  ),
  roles: z.array(z.strictObject({ roleId: id, roleName: text })),
  userRoles: z.array(z.strictObject({ userId: id, roleIds: z.array(text) })),
  users: z.array(userSchema),
  agents: z.array(agentSchema),
  actors: z.array(actorSchema),
  userActors: z.array(z.strictObject({ userId: id, actorId: id })),
  departments: z.array(text),
  policies: z.array(z.strictObject({ policyId: id, name: text, creationDate: isoDateTime, modificationDate: isoDateTime })),
  matters: z.array(matterSchema),
  custodianships: z.array(z.strictObject({ matterId: id, userId: id, membershipActive: z.boolean(), membershipCreationDate: isoDateTime })),
  cases: z.array(caseSchema),
  caseFileEvents: z.array(z.strictObject({ caseNumber: z.number().int(), eventId: id })),
  watchlists: z.array(
    z.strictObject({
      watchlistId: id,
      listType: z.enum(WATCHLIST_TYPES),
      title: text.nullable(),
      description: text.nullable(),
      includedActors: z.array(z.strictObject({ actorId: id, addedTime: isoDateTime })),
    }),
  ),
  fileEvents: z.array(fileEventSchema),
  auditEvents: z.array(auditEventSchema),
});

const idList = z.array(text);

const truthSchema = z.strictObject({
  now: isoDateTime,
  staleAfterDays: z.number().int().min(1),
  users: z.array(z.strictObject({ userId: id, username: text, personaId: text.nullable(), protected: z.boolean(), reasons: z.array(reasonSchema) })),
  departedActiveUsers: z.array(z.strictObject({ userId: id, personaId: id, terminationDate: calendarDate, activeAgentIds: idList })),
  onLeaveUsers: z.array(z.strictObject({ userId: id, personaId: id, leaveStart: calendarDate, leaveEnd: calendarDate.nullable() })),
  futureDepartures: z.array(z.strictObject({ userId: id, personaId: id, terminationDate: calendarDate })),
  staleAgents: z.array(z.strictObject({ agentId: id, userId: id, lastConnected: isoDateTime.nullable() })),
  agentsByHealthIssue: z.strictObject(Object.fromEntries(AGENT_HEALTH_ISSUE_TYPES.map((t) => [t, idList])) as Record<(typeof AGENT_HEALTH_ISSUE_TYPES)[number], typeof idList>),
  agentsByVersionClass: z.strictObject({ current: idList, previous: idList, unsupported: idList }),
  usersWithoutDevices: idList,
  watchlistMembers: z.array(z.strictObject({ watchlistId: id, listType: z.enum(WATCHLIST_TYPES), actorIds: idList })),
});

export const worldSchema = z.strictObject({
  format: z.literal(WORLD_FORMAT),
  version: z.literal(WORLD_FORMAT_VERSION),
  seed: z.union([z.number(), z.string()]),
  now: isoDateTime,
  personas: z.array(personaSchema),
  tenant: tenantSchema,
  truth: truthSchema,
});

export interface WorldProblem {
  /** JSON path in the file, e.g. `tenant.users[3].active`. */
  path: string;
  message: string;
}

export class WorldFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: WorldProblem[],
  ) {
    super(`${source} is not a valid sandbox world (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n')}`);
  }
}

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

/** Validates parsed JSON as a world; throws WorldFileError listing every problem. */
export function parseWorld(json: unknown, source = 'world'): World {
  const result = worldSchema.safeParse(json);
  if (!result.success) {
    throw new WorldFileError(source, result.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })));
  }
  const world = result.data as World;
  const problems = referenceProblems(world);
  if (problems.length > 0) throw new WorldFileError(source, problems);
  return world;
}

/** Records that point at ids the world does not contain, and duplicated ids. */
function referenceProblems(world: World): WorldProblem[] {
  const t = world.tenant;
  const problems: WorldProblem[] = [];
  const unique = (items: { id: string; path: string }[], what: string): Set<string> => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.id)) problems.push({ path: item.path, message: `duplicate ${what} ${JSON.stringify(item.id)}` });
      seen.add(item.id);
    }
    return seen;
  };
  const users = unique(t.users.map((u, i) => ({ id: u.userId, path: `tenant.users[${i}].userId` })), 'user id');
  const agents = unique(t.agents.map((a, i) => ({ id: a.agentId, path: `tenant.agents[${i}].agentId` })), 'agent id');
  const actors = unique(t.actors.map((a, i) => ({ id: a.actorId, path: `tenant.actors[${i}].actorId` })), 'actor id');
  const matters = unique(t.matters.map((m, i) => ({ id: m.matterId, path: `tenant.matters[${i}].matterId` })), 'matter id');
  const cases = unique(t.cases.map((c, i) => ({ id: String(c.number), path: `tenant.cases[${i}].number` })), 'case number');
  const policies = new Set(t.policies.map((p) => p.policyId));
  const events = new Set(t.fileEvents.map((e) => e.event.id));
  const roles = new Set(t.roles.map((r) => r.roleId));
  const personas = unique(world.personas.map((p, i) => ({ id: p.personaId, path: `personas[${i}].personaId` })), 'persona id');
  const must = (ok: boolean, path: string, message: string) => {
    if (!ok) problems.push({ path, message });
  };
  t.agents.forEach((a, i) => must(users.has(a.userId), `tenant.agents[${i}].userId`, `unknown user ${JSON.stringify(a.userId)}`));
  t.userActors.forEach((l, i) => {
    must(users.has(l.userId), `tenant.userActors[${i}].userId`, `unknown user ${JSON.stringify(l.userId)}`);
    must(actors.has(l.actorId), `tenant.userActors[${i}].actorId`, `unknown actor ${JSON.stringify(l.actorId)}`);
  });
  t.actors.forEach((a, i) => {
    if (a.parentActorId !== null) must(actors.has(a.parentActorId), `tenant.actors[${i}].parentActorId`, `unknown actor ${JSON.stringify(a.parentActorId)}`);
    if (a.managerActorId !== null) must(actors.has(a.managerActorId), `tenant.actors[${i}].managerActorId`, `unknown actor ${JSON.stringify(a.managerActorId)}`);
  });
  t.userRoles.forEach((ur, i) => {
    must(users.has(ur.userId), `tenant.userRoles[${i}].userId`, `unknown user ${JSON.stringify(ur.userId)}`);
    ur.roleIds.forEach((r, j) => must(roles.has(r), `tenant.userRoles[${i}].roleIds[${j}]`, `unknown role ${JSON.stringify(r)}`));
  });
  t.matters.forEach((m, i) => must(policies.has(m.policyId), `tenant.matters[${i}].policyId`, `unknown policy ${JSON.stringify(m.policyId)}`));
  t.custodianships.forEach((c, i) => {
    must(matters.has(c.matterId), `tenant.custodianships[${i}].matterId`, `unknown matter ${JSON.stringify(c.matterId)}`);
    must(users.has(c.userId), `tenant.custodianships[${i}].userId`, `unknown user ${JSON.stringify(c.userId)}`);
  });
  t.cases.forEach((c, i) => {
    if (c.subject !== null) must(users.has(c.subject), `tenant.cases[${i}].subject`, `unknown user ${JSON.stringify(c.subject)}`);
    if (c.assignee !== null) must(users.has(c.assignee), `tenant.cases[${i}].assignee`, `unknown user ${JSON.stringify(c.assignee)}`);
  });
  t.caseFileEvents.forEach((l, i) => {
    must(cases.has(String(l.caseNumber)), `tenant.caseFileEvents[${i}].caseNumber`, `unknown case ${l.caseNumber}`);
    must(events.has(l.eventId), `tenant.caseFileEvents[${i}].eventId`, `unknown file event ${JSON.stringify(l.eventId)}`);
  });
  t.watchlists.forEach((w, i) =>
    w.includedActors.forEach((a, j) => must(actors.has(a.actorId), `tenant.watchlists[${i}].includedActors[${j}].actorId`, `unknown actor ${JSON.stringify(a.actorId)}`)),
  );
  t.fileEvents.forEach((e, i) => {
    must(users.has(e.user.id), `tenant.fileEvents[${i}].user.id`, `unknown user ${JSON.stringify(e.user.id)}`);
    must(agents.has(e.user.deviceUid), `tenant.fileEvents[${i}].user.deviceUid`, `unknown agent ${JSON.stringify(e.user.deviceUid)}`);
  });
  world.personas.forEach((p, i) => {
    if (p.incydrUserId !== null) must(users.has(p.incydrUserId), `personas[${i}].incydrUserId`, `unknown user ${JSON.stringify(p.incydrUserId)}`);
    if (p.managerPersonaId !== null) must(personas.has(p.managerPersonaId), `personas[${i}].managerPersonaId`, `unknown persona ${JSON.stringify(p.managerPersonaId)}`);
    if (p.rehireOf !== null) must(personas.has(p.rehireOf), `personas[${i}].rehireOf`, `unknown persona ${JSON.stringify(p.rehireOf)}`);
  });
  return problems;
}

export async function loadWorldFile(path: string): Promise<World> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    throw new WorldFileError(path, [{ path: '(file)', message: `cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new WorldFileError(path, [{ path: '(file)', message: `is not valid JSON: ${(err as Error).message}` }]);
  }
  return parseWorld(json, path);
}

/**
 * Writes the world as compact JSON, byte-identical to `JSON.stringify(world)`, streaming large arrays element by
 * element so huge worlds stay below V8's maximum string length.
 */
export async function exportWorldFile(world: World, path: string): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([err]) => Promise.reject(err as Error));
  failed.catch(() => undefined); // observed through the races below
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  };
  const emit = async (value: unknown): Promise<void> => {
    if (Array.isArray(value) && value.length > 1000) {
      await write('[');
      for (let i = 0; i < value.length; i++) await write((i === 0 ? '' : ',') + JSON.stringify(value[i] ?? null));
      await write(']');
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      await write('{');
      let first = true;
      for (const [key, v] of Object.entries(value)) {
        if (v === undefined) continue;
        await write(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        await emit(v);
      }
      await write('}');
    } else {
      await write(JSON.stringify(value));
    }
  };
  await emit(world);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
