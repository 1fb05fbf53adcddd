/**
 * The live, mutable tenant behind one sandbox server: indexes over the loaded world and every state change the
 * API offers. Mutations are the only writers; each real change appends an audit event. HTTP concerns stay in the
 * routes; this module throws SandboxHttpError for refusals so routes stay thin.
 */
import type {
  Actor,
  Agent,
  AuditEvent,
  CaseDetail,
  CaseStatus,
  Device,
  FileEvent,
  Matter,
  User,
} from '@incydr-health/core/incydr/types';
import { activeLegalHold, badRequest, notFound, SandboxHttpError } from './errors.js';
import type { ApiClient, Custodianship, TenantData, WatchlistRecord } from './world-types.js';

export interface Clock {
  now(): number;
}

/** Who made a call: becomes the actor fields of audit events. */
export interface CallContext {
  client: ApiClient;
  ipAddress: string | null;
  userAgent: string | null;
}

export class IncydrState {
  readonly tenantUid: string;
  readonly org: TenantData['org'];
  readonly apiClients: ApiClient[];
  readonly roles: TenantData['roles'];
  readonly departments: string[];
  readonly policies: TenantData['policies'];
  readonly users: User[];
  readonly agents: Agent[];
  readonly actors: Actor[];
  readonly matters: Matter[];
  readonly custodianships: Custodianship[];
  readonly cases: CaseDetail[];
  readonly watchlists: WatchlistRecord[];
  readonly fileEvents: FileEvent[];
  readonly auditEvents: AuditEvent[];
  readonly userById = new Map<string, User>();
  readonly userByUsername = new Map<string, User>();
  readonly agentById = new Map<string, Agent>();
  readonly agentsByUser = new Map<string, Agent[]>();
  readonly actorById = new Map<string, Actor>();
  readonly actorByName = new Map<string, Actor>();
  readonly actorByUserId = new Map<string, Actor>();
  readonly childrenOfActor = new Map<string, Actor[]>();
  readonly matterById = new Map<string, Matter>();
  readonly caseByNumber = new Map<number, CaseDetail>();
  readonly caseEvents = new Map<number, string[]>();
  readonly fileEventById = new Map<string, FileEvent>();
  readonly userRoles = new Map<string, { roleId: string; assigned: string }[]>();
  private auditSeq = 0;
  /** Bumped when an agent's sortable fields change, so cached sort orders are rebuilt. */
  agentRevision = 0;

  constructor(
    tenant: TenantData,
    readonly clock: Clock,
  ) {
    // A deep copy: a server must never mutate the world object its caller (or another server) holds.
    const t = structuredClone(tenant);
    this.tenantUid = t.tenantUid;
    this.org = t.org;
    this.apiClients = t.apiClients;
    this.roles = t.roles;
    this.departments = t.departments;
    this.policies = t.policies;
    this.users = t.users;
    this.agents = t.agents;
    this.actors = t.actors;
    this.matters = t.matters;
    this.custodianships = t.custodianships;
    this.cases = t.cases;
    this.watchlists = t.watchlists;
    this.fileEvents = t.fileEvents;
    this.auditEvents = t.auditEvents;
    for (const u of this.users) {
      this.userById.set(u.userId, u);
      this.userByUsername.set(u.username.toLowerCase(), u);
    }
    for (const a of this.agents) {
      this.agentById.set(a.agentId, a);
      const list = this.agentsByUser.get(a.userId) ?? [];
      list.push(a);
      this.agentsByUser.set(a.userId, list);
    }
    for (const a of this.actors) {
      this.actorById.set(a.actorId, a);
      // A shared alias (two people, one name) resolves to the first actor holding it, never to a child over its parent.
      const key = a.name.toLowerCase();
      const held = this.actorByName.get(key);
      if (!held || (held.parentActorId !== null && a.parentActorId === null)) this.actorByName.set(key, a);
      if (a.parentActorId !== null) {
        const list = this.childrenOfActor.get(a.parentActorId) ?? [];
        list.push(a);
        this.childrenOfActor.set(a.parentActorId, list);
      }
    }
    for (const link of t.userActors) {
      const actor = this.actorById.get(link.actorId);
      if (actor) this.actorByUserId.set(link.userId, actor);
    }
    for (const m of this.matters) this.matterById.set(m.matterId, m);
    for (const c of this.cases) this.caseByNumber.set(c.number, c);
    for (const link of t.caseFileEvents) {
      const list = this.caseEvents.get(link.caseNumber) ?? [];
      list.push(link.eventId);
      this.caseEvents.set(link.caseNumber, list);
    }
    for (const e of this.fileEvents) this.fileEventById.set(e.event.id, e);
    for (const ur of t.userRoles) {
      const user = this.userById.get(ur.userId);
      this.userRoles.set(ur.userId, ur.roleIds.map((roleId) => ({ roleId, assigned: user?.creationDate ?? this.nowIso() })));
    }
    this.auditSeq = this.auditEvents.length;
  }

  nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ------------------------------------------------------------------ lookups

  user(userId: string): User {
    const user = this.userById.get(userId);
    if (!user) throw notFound('user', userId);
    return user;
  }

  agent(agentId: string): Agent {
    const agent = this.agentById.get(agentId);
    if (!agent) throw notFound('agent', agentId);
    return agent;
  }

  matter(matterId: string): Matter {
    const matter = this.matterById.get(matterId);
    if (!matter) throw notFound('legal-hold matter', matterId);
    return matter;
  }

  caseDetail(number: number): CaseDetail {
    const found = this.caseByNumber.get(number);
    if (!found) throw notFound('case', number);
    return found;
  }

  watchlist(watchlistId: string): WatchlistRecord {
    const found = this.watchlists.find((w) => w.watchlistId === watchlistId);
    if (!found) throw notFound('watchlist', watchlistId);
    return found;
  }

  actor(actorId: string): Actor {
    const actor = this.actorById.get(actorId);
    if (!actor) throw notFound('actor', actorId);
    return actor;
  }

  /** Active memberships in active matters: the only ones that protect a user from deactivation. */
  protectingMatters(userId: string): Matter[] {
    const result: Matter[] = [];
    for (const c of this.custodianships) {
      if (c.userId !== userId || !c.membershipActive) continue;
      const matter = this.matterById.get(c.matterId);
      if (matter?.active) result.push(matter);
    }
    return result;
  }

  /** The older `/v1/devices` view, derived from the agent so both always agree. */
  deviceOf(agent: Agent): Device {
    const user = this.userById.get(agent.userId);
    const [osVersion, osArch] = agent.osName === 'Win' ? ['10.0.22631', 'amd64'] : agent.osName === 'Mac' ? ['14.6.1', 'aarch64'] : ['6.8.0', 'amd64'];
    const build = Number(agent.appVersion.split('.')[3] ?? 0);
    return {
      deviceId: agent.agentId,
      legacyDeviceId: String(Number(agent.agentId.slice(-9))),
      name: agent.name,
      osHostname: agent.osHostname,
      status: agent.active ? 'Active' : 'Deactivated',
      active: agent.active,
      blocked: false,
      alertState: 0,
      userId: agent.userId,
      legacyUserId: user?.legacyUserId ?? '',
      orgId: this.org.orgId,
      orgGuid: this.org.orgGuid,
      externalReferenceInfo: agent.externalReference,
      notes: null,
      lastConnected: agent.lastConnected,
      osName: agent.osName === 'Win' ? 'win64' : agent.osName === 'Mac' ? 'mac' : 'linux',
      osVersion,
      osArch,
      address: '10.0.0.12:4247',
      remoteAddress: '203.0.113.24',
      timeZone: 'UTC',
      version: agent.productVersion,
      build,
      creationDate: agent.creationDate,
      modificationDate: agent.modificationDate,
      loginDate: agent.lastConnected,
    };
  }

  // ------------------------------------------------------------------ audit

  private audit(ctx: CallContext, type: string, resourceId: string, details: Record<string, unknown>): void {
    this.auditEvents.push({
      id: `${this.tenantUid.slice(0, 8)}-audit-${String(++this.auditSeq).padStart(8, '0')}`,
      type$: `audit_log::${type}/1`,
      actorId: ctx.client.clientId,
      actorName: ctx.client.name,
      actorAgent: ctx.userAgent,
      actorIpAddress: ctx.ipAddress,
      timestamp: this.nowIso(),
      actorType: 'API_CLIENT',
      resourceId,
      ...details,
    });
  }

  // ------------------------------------------------------------------ users

  setUserActive(ctx: CallContext, userId: string, active: boolean): void {
    const user = this.user(userId);
    if (user.active === active) return;
    if (!active) {
      const matters = this.protectingMatters(userId);
      if (matters.length > 0) {
        throw activeLegalHold(
          `Cannot deactivate user ${userId} (${user.username}): ACTIVE_LEGAL_HOLD — the user is a custodian of active legal-hold matter(s) ${matters.map((m) => `${m.matterId} "${m.name}"`).join(', ')}.`,
          { userId, matters: matters.map((m) => ({ matterId: m.matterId, name: m.name })) },
        );
      }
    }
    user.active = active;
    user.modificationDate = this.nowIso();
    const actor = this.actorByUserId.get(userId);
    if (actor) actor.active = active;
    this.audit(ctx, active ? 'user_activated' : 'user_deactivated', userId, { userId, username: user.username });
    // As in the Code42 console, deactivating a user deactivates their devices; reactivation leaves them off.
    if (!active) {
      const live = (this.agentsByUser.get(userId) ?? []).filter((a) => a.active).map((a) => a.agentId);
      if (live.length > 0) this.setAgentsActive(ctx, live, false);
    }
  }

  setUserRoles(ctx: CallContext, userId: string, roleIds: string[]) {
    const user = this.user(userId);
    const known = new Set(this.roles.map((r) => r.roleId));
    const unknown = roleIds.filter((r) => !known.has(r));
    if (unknown.length > 0) {
      throw badRequest(`Unknown role id(s): ${unknown.join(', ')}. Known roles: ${[...known].join(', ')}.`, unknown.map((r) => ({ path: 'roleIds', message: `unknown role ${r}` })));
    }
    const before = this.userRoles.get(userId) ?? [];
    const beforeIds = new Set(before.map((r) => r.roleId));
    const wanted = [...new Set(roleIds)];
    const newly = wanted.filter((r) => !beforeIds.has(r));
    const removed = [...beforeIds].filter((r) => !wanted.includes(r));
    if (newly.length > 0 || removed.length > 0) {
      const now = this.nowIso();
      this.userRoles.set(userId, wanted.map((roleId) => before.find((r) => r.roleId === roleId) ?? { roleId, assigned: now }));
      this.audit(ctx, 'user_roles_updated', userId, { userId, username: user.username, rolesAdded: newly, rolesRemoved: removed });
    }
    return { processedReplacementRoleIds: wanted, newlyAssignedRolesIds: newly, unassignedRolesIds: removed, ignoredRolesIds: [] as string[] };
  }

  // ------------------------------------------------------------------ agents

  /**
   * All-or-nothing batch: unknown ids → 404 `{agentsNotFound}` (what the CLI reads to retry without them); an agent
   * whose owner is protected by a legal hold → 400 ACTIVE_LEGAL_HOLD. Either way nothing in the batch changes.
   */
  setAgentsActive(ctx: CallContext, agentIds: string[], active: boolean): void {
    const missing = agentIds.filter((id) => !this.agentById.has(id));
    if (missing.length > 0) {
      throw new SandboxHttpError(404, {
        status: 404,
        error: 'NOT_FOUND',
        message: `No agent(s) with id(s) ${missing.join(', ')}; nothing in this request was changed.`,
        agentsNotFound: missing,
      });
    }
    const agents = [...new Set(agentIds)].map((id) => this.agentById.get(id) as Agent);
    if (!active) {
      const held = agents
        .filter((a) => a.active)
        .map((a) => ({ agent: a, matters: this.protectingMatters(a.userId) }))
        .filter((h) => h.matters.length > 0);
      if (held.length > 0) {
        throw activeLegalHold(
          `Cannot deactivate agent(s) ${held.map((h) => h.agent.agentId).join(', ')}: ACTIVE_LEGAL_HOLD — the owner is a custodian of an active legal-hold matter. Nothing in this request was changed.`,
          {
            agentsOnLegalHold: held.map((h) => ({ agentId: h.agent.agentId, userId: h.agent.userId, matterIds: h.matters.map((m) => m.matterId) })),
          },
        );
      }
    }
    const now = this.nowIso();
    for (const agent of agents) {
      if (agent.active === active) continue;
      agent.active = active;
      agent.modificationDate = now;
      this.audit(ctx, active ? 'agent_activated' : 'agent_deactivated', agent.agentId, { agentId: agent.agentId, userId: agent.userId, hostname: agent.osHostname });
    }
  }

  updateAgent(ctx: CallContext, agentId: string, patch: { name?: string | null; externalReference?: string | null }): void {
    const agent = this.agent(agentId);
    const changes: Record<string, unknown> = {};
    if (patch.name !== undefined && patch.name !== null && patch.name !== agent.name) {
      changes.name = patch.name;
      agent.name = patch.name;
    }
    if (patch.externalReference !== undefined && patch.externalReference !== agent.externalReference) {
      changes.externalReference = patch.externalReference;
      agent.externalReference = patch.externalReference;
    }
    if (Object.keys(changes).length === 0) return;
    this.agentRevision += 1;
    agent.modificationDate = this.nowIso();
    this.audit(ctx, 'agent_updated', agentId, { agentId, changes });
  }

  // ------------------------------------------------------------------ legal hold

  addCustodian(ctx: CallContext, matterId: string, userId: string): Custodianship {
    const matter = this.matter(matterId);
    const user = this.user(userId);
    const existing = this.custodianships.find((c) => c.matterId === matterId && c.userId === userId);
    if (existing) {
      if (!existing.membershipActive) {
        existing.membershipActive = true;
        this.audit(ctx, 'legal_hold_custodian_added', userId, { matterId, matterName: matter.name, userId, username: user.username });
      }
      return existing;
    }
    const created: Custodianship = { matterId, userId, membershipActive: true, membershipCreationDate: this.nowIso() };
    this.custodianships.push(created);
    this.audit(ctx, 'legal_hold_custodian_added', userId, { matterId, matterName: matter.name, userId, username: user.username });
    return created;
  }

  removeCustodian(ctx: CallContext, matterId: string, userId: string): void {
    const matter = this.matter(matterId);
    this.user(userId);
    const existing = this.custodianships.find((c) => c.matterId === matterId && c.userId === userId && c.membershipActive);
    if (!existing) return;
    existing.membershipActive = false;
    this.audit(ctx, 'legal_hold_custodian_removed', userId, { matterId, matterName: matter.name, userId });
  }

  setMatterActive(ctx: CallContext, matterId: string, active: boolean): void {
    const matter = this.matter(matterId);
    if (matter.active === active) return;
    matter.active = active;
    this.audit(ctx, active ? 'legal_hold_matter_reactivated' : 'legal_hold_matter_deactivated', matterId, { matterId, matterName: matter.name });
  }

  createMatter(ctx: CallContext, input: { policyId: string; name: string; description?: string | null; notes?: string | null }): Matter {
    if (!this.policies.some((p) => p.policyId === input.policyId)) throw notFound('legal-hold policy', input.policyId);
    const matter: Matter = {
      matterId: `${this.tenantUid.replace(/\D/g, '').slice(0, 3).padEnd(3, '7')}6${String(this.matters.length + 1).padStart(15, '0')}`,
      name: input.name,
      description: input.description ?? null,
      notes: input.notes ?? null,
      active: true,
      creationDate: this.nowIso(),
      policyId: input.policyId,
      creator: null,
      creatorPrincipal: { principalId: ctx.client.clientId, displayName: ctx.client.name, type: 'API_CLIENT' },
    };
    this.matters.push(matter);
    this.matterById.set(matter.matterId, matter);
    this.audit(ctx, 'legal_hold_matter_created', matter.matterId, { matterId: matter.matterId, matterName: matter.name });
    return matter;
  }

  // ------------------------------------------------------------------ cases

  createCase(ctx: CallContext, input: { name: string; subject?: string | null; assignee?: string | null; description?: string | null; findings?: string | null }): CaseDetail {
    if (this.cases.some((c) => c.name === input.name)) {
      throw badRequest(`A case named "${input.name}" already exists; case names must be unique.`, [{ path: 'name', message: 'is already used by another case' }]);
    }
    const subject = input.subject ? this.user(input.subject) : null;
    const assignee = input.assignee ? this.user(input.assignee) : null;
    const now = this.nowIso();
    const number = this.cases.reduce((max, c) => Math.max(max, c.number), 0) + 1;
    const created: CaseDetail = {
      number,
      name: input.name,
      createdAt: now,
      updatedAt: now,
      subject: subject?.userId ?? null,
      subjectUsername: subject?.username ?? null,
      status: 'OPEN',
      assignee: assignee?.userId ?? null,
      assigneeUsername: assignee?.username ?? null,
      createdByUserUid: ctx.client.clientId,
      createdByUsername: ctx.client.name,
      lastModifiedByUserUid: ctx.client.clientId,
      lastModifiedByUsername: ctx.client.name,
      archivalTime: null,
      description: input.description ?? null,
      findings: input.findings ?? null,
    };
    this.cases.push(created);
    this.caseByNumber.set(number, created);
    this.audit(ctx, 'case_created', String(number), { caseNumber: number, caseName: created.name, subject: created.subject });
    return created;
  }

  updateCase(
    ctx: CallContext,
    number: number,
    patch: { name?: string; subject?: string | null; assignee?: string | null; description?: string | null; findings?: string | null; status?: CaseStatus },
  ): CaseDetail {
    const found = this.caseDetail(number);
    const changes: Record<string, unknown> = {};
    if (patch.name !== undefined && patch.name !== found.name) {
      if (this.cases.some((c) => c.name === patch.name && c.number !== number)) {
        throw badRequest(`A case named "${patch.name}" already exists; case names must be unique.`, [{ path: 'name', message: 'is already used by another case' }]);
      }
      changes.name = found.name = patch.name;
    }
    if (patch.subject !== undefined && patch.subject !== found.subject) {
      const subject = patch.subject === null ? null : this.user(patch.subject);
      changes.subject = found.subject = subject?.userId ?? null;
      found.subjectUsername = subject?.username ?? null;
    }
    if (patch.assignee !== undefined && patch.assignee !== found.assignee) {
      const assignee = patch.assignee === null ? null : this.user(patch.assignee);
      changes.assignee = found.assignee = assignee?.userId ?? null;
      found.assigneeUsername = assignee?.username ?? null;
    }
    if (patch.description !== undefined && patch.description !== found.description) changes.description = found.description = patch.description;
    if (patch.findings !== undefined && patch.findings !== found.findings) changes.findings = found.findings = patch.findings;
    if (patch.status !== undefined && patch.status !== found.status) {
      changes.status = found.status = patch.status;
      found.archivalTime = patch.status === 'ARCHIVED' ? this.nowIso() : null;
    }
    if (Object.keys(changes).length > 0) {
      found.updatedAt = this.nowIso();
      found.lastModifiedByUserUid = ctx.client.clientId;
      found.lastModifiedByUsername = ctx.client.name;
      this.audit(ctx, 'case_updated', String(number), { caseNumber: number, changes });
    }
    return found;
  }

  deleteCase(ctx: CallContext, number: number): void {
    const found = this.caseByNumber.get(number);
    if (!found) return;
    this.cases.splice(this.cases.indexOf(found), 1);
    this.caseByNumber.delete(number);
    this.caseEvents.delete(number);
    this.audit(ctx, 'case_deleted', String(number), { caseNumber: number, caseName: found.name });
  }

  addCaseFileEvents(ctx: CallContext, number: number, eventIds: string[]): void {
    this.caseDetail(number);
    const unknown = eventIds.filter((id) => !this.fileEventById.has(id));
    if (unknown.length > 0) throw badRequest(`Unknown file event id(s): ${unknown.join(', ')}.`, unknown.map((id) => ({ path: 'events', message: `unknown event ${id}` })));
    const list = this.caseEvents.get(number) ?? [];
    const added = eventIds.filter((id) => !list.includes(id));
    if (added.length === 0) return;
    list.push(...added);
    this.caseEvents.set(number, list);
    this.audit(ctx, 'case_file_events_added', String(number), { caseNumber: number, eventIds: added });
  }

  // ------------------------------------------------------------------ watchlists

  changeIncludedActors(ctx: CallContext, watchlistId: string, actorIds: string[], include: boolean): void {
    const list = this.watchlist(watchlistId);
    const unknown = actorIds.filter((id) => !this.actorById.has(id));
    if (unknown.length > 0) {
      throw badRequest(`Unknown actor id(s): ${unknown.join(', ')}; nothing in this request was changed.`, unknown.map((id) => ({ path: 'actorIds', message: `unknown actor ${id}` })));
    }
    const current = new Set(list.includedActors.map((a) => a.actorId));
    const now = this.nowIso();
    const changed: string[] = [];
    for (const actorId of new Set(actorIds)) {
      if (include && !current.has(actorId)) {
        list.includedActors.push({ actorId, addedTime: now });
        changed.push(actorId);
      } else if (!include && current.has(actorId)) {
        list.includedActors.splice(list.includedActors.findIndex((a) => a.actorId === actorId), 1);
        changed.push(actorId);
      }
    }
    for (const actorId of changed) {
      this.audit(ctx, include ? 'watchlist_actor_included' : 'watchlist_actor_removed', actorId, { watchlistId, listType: list.listType, actorId });
    }
  }

  // ------------------------------------------------------------------ actors

  updateActor(ctx: CallContext, actorId: string, patch: { notes?: string | null; startDate?: string | null; endDate?: string | null }): Actor {
    const actor = this.actor(actorId);
    const changes: Record<string, unknown> = {};
    for (const key of ['notes', 'startDate', 'endDate'] as const) {
      if (patch[key] !== undefined && patch[key] !== actor[key]) changes[key] = actor[key] = patch[key] ?? null;
    }
    if (Object.keys(changes).length > 0) this.audit(ctx, 'actor_updated', actorId, { actorId, changes });
    return actor;
  }
}
