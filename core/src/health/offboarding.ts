/**
 * Offboarding cross-check: HR employment facts against Incydr users, actors and agents.
 * Pure: every input, including `now`, is a parameter; nothing here performs I/O.
 */
import type { Actor, Agent, User } from '../incydr/types.js';
import type { Person } from '../hr/person.js';
import type { IdentityMatch, IncydrIdentity, MatchReport } from '../matching/types.js';
import type { PlanSubject } from './plan-types.js';
import { type UtcDay, formatUtcDay, toInstant, utcDayOfInstant } from './dates.js';
import { type EmploymentFacts, assertGraceDays, currentEmployment, dayOrNull, employmentFacts } from './employment.js';
import { type Evidence, type Finding, FindingCollector, countByCode, reason } from './findings.js';
import { compareCodeUnits } from './canonical-json.js';

export interface OffboardingOptions {
  /** Whole days after the last working day before deactivation is due (see employment.ts). Default 0. */
  graceDays: number;
  /** Service, admin and analyst accounts, by user id or username (case-insensitive): never actioned. */
  allowlist: string[];
  /**
   * Propose taking departed people off the departing-employee watchlist once their grace period is over (needs
   * `departingWatchlistActorIds`). Off by default: the list is Legal's monitoring, so only a workflow that owns the
   * list's upkeep should ask for removals.
   */
  proposeWatchlistRemovals: boolean;
}

export interface OffboardingInput {
  matchReport: MatchReport;
  users: User[];
  agents: Agent[];
  /** Optional: supplies the departure date Incydr itself knows (`endDate`) as evidence. */
  actors?: Actor[];
  /** Optional: actors already on the departing-employee watchlist, so they are not proposed again. */
  departingWatchlistActorIds?: string[];
  now: Date | string;
  options?: Partial<OffboardingOptions>;
}

export interface OffboardingReport {
  /** Findings with an action: the plan's raw material. */
  actions: Finding[];
  /** Findings without an action: what is deliberately left alone or needs a person to look, and why. */
  kept: Finding[];
  summary: {
    asOf: string;
    graceDays: number;
    countsByCode: Record<string, number>;
    /** Users the match report names that are missing from `users` (inputs read at different times). */
    unknownMatchedUserIds: string[];
    /** Users in `users` the match report does not mention at all. */
    usersNotInMatchReport: string[];
  };
}

export const DEFAULT_OFFBOARDING_OPTIONS: OffboardingOptions = { graceDays: 0, allowlist: [], proposeWatchlistRemovals: false };

export function crossCheckOffboarding(input: OffboardingInput): OffboardingReport {
  const options = { ...DEFAULT_OFFBOARDING_OPTIONS, ...input.options };
  assertGraceDays(options.graceDays);
  const today = utcDayOfInstant(toInstant(input.now, 'now'));
  const users = new UserIndex(input.users, input.agents);
  const actors = actorsNamedBy(input.matchReport, input.actors ?? []);
  const onWatchlist = new Set(input.departingWatchlistActorIds ?? []);
  const allowlist = new Set(options.allowlist.map((entry) => entry.trim().toLowerCase()));
  // Most tenants list few or no accounts: with an empty list, no per-user lower-casing is needed at all.
  const isAllowlisted = (identity: IncydrIdentity, flagged = false): boolean =>
    flagged ||
    (allowlist.size > 0 &&
      (allowlist.has(identity.userId.toLowerCase()) || allowlist.has(identity.username.toLowerCase())));

  const out = new FindingCollector();
  const unknownMatchedUserIds = new Set<string>();

  // Ambiguous identities first: a user anyone is unsure about is never actioned by the rules below.
  const ambiguousUserIds = reportAmbiguities(input.matchReport, out, users);

  const matchesByUser = new Map<string, IdentityMatch[]>();
  for (const match of input.matchReport.matched) {
    const list = matchesByUser.get(match.identity.userId) ?? [];
    list.push(match);
    matchesByUser.set(match.identity.userId, list);
  }

  for (const [userId, matches] of matchesByUser) {
    const slot = users.get(userId);
    if (slot) users.cover(slot);
    if (ambiguousUserIds.has(userId)) continue;
    if (!slot) {
      unknownMatchedUserIds.add(userId);
      continue;
    }
    const { user } = slot;
    const { current, superseded } = currentEmployment(matches.map((m) => m.person));
    const match = matches.find((m) => m.person === current) ?? matches[0];
    if (!match) continue;
    const identity = match.identity;
    if (isAllowlisted(identity)) {
      keepAllowlisted(out, user, identity);
      continue;
    }
    const facts = employmentFacts(current, today, options.graceDays);
    const context: MatchedContext = {
      user,
      identity,
      match,
      person: current,
      superseded,
      facts,
      graceDays: options.graceDays,
      activeAgents: slot.activeAgents,
      actor: identity.actorId ? (actors.get(identity.actorId) ?? null) : null,
      onWatchlist: identity.actorId !== null && onWatchlist.has(identity.actorId),
      proposeWatchlistRemovals: options.proposeWatchlistRemovals,
      today,
    };
    assessMatchedUser(context, out);
  }

  for (const identity of input.matchReport.incydrOnly) {
    const slot = users.get(identity.userId);
    if (slot) users.cover(slot);
    if (ambiguousUserIds.has(identity.userId)) continue;
    if (!slot) {
      unknownMatchedUserIds.add(identity.userId);
      continue;
    }
    const { user } = slot;
    if (isAllowlisted(identity, identity.allowlisted)) {
      keepAllowlisted(out, user, identity);
      continue;
    }
    if (!user.active) continue; // No HR record and already deactivated: nothing left to decide.
    const devices = slot.activeAgents;
    const reasons = [
      reason('NO_HR_RECORD', `${user.username} is an active Incydr user with no HR record and is not allowlisted.`, {
        userId: user.userId,
        username: user.username,
        activeAgentCount: devices.length,
      }),
    ];
    if (devices.length === 0) reasons.push(noDevicesReason(user));
    out.add(userSubject(user), null, reasons);
  }

  const all = out.findings();
  return {
    actions: all.filter((f) => f.action !== null),
    kept: all.filter((f) => f.action === null),
    summary: {
      asOf: formatUtcDay(today),
      graceDays: options.graceDays,
      countsByCode: countByCode(all),
      unknownMatchedUserIds: [...unknownMatchedUserIds].sort(compareCodeUnits),
      usersNotInMatchReport: users.notCovered(input.users),
    },
  };
}

interface MatchedContext {
  user: User;
  identity: IncydrIdentity;
  match: IdentityMatch;
  person: Person;
  superseded: Person[];
  facts: EmploymentFacts;
  graceDays: number;
  activeAgents: Agent[];
  actor: Actor | null;
  onWatchlist: boolean;
  proposeWatchlistRemovals: boolean;
  today: UtcDay;
}

function assessMatchedUser(ctx: MatchedContext, out: FindingCollector): void {
  const { user, person, facts, activeAgents } = ctx;
  if (facts.standing === 'active') {
    // The common case, handled without building HR evidence for thousands of unremarkable employees.
    if (!user.active) out.add(userSubject(user), null, [deactivatedButEmployed(ctx, hrEvidence(ctx))]);
    else if (activeAgents.length === 0) out.add(userSubject(user), null, [noDevicesReason(user)]);
    return;
  }
  if (facts.standing === 'pending') return; // Hired, not started: an Incydr user (active or not) is expected either way.
  const evidence = hrEvidence(ctx);
  switch (facts.standing) {
    case 'departed': {
      const since =
        facts.departureDay === null ? 'HR gives no departure date' : `left on ${dayOrNull(facts.departureDay)}`;
      if (user.active) {
        out.add(userSubject(user), 'deactivate-user', [
          reason(
            'TERMINATED_STILL_ACTIVE',
            `${user.username} is terminated in HR (${since}) but still an active Incydr user.`,
            evidence,
          ),
        ]);
      }
      for (const agent of activeAgents) {
        out.add(agentSubject(agent), 'deactivate-agent', [
          reason(
            'TERMINATED_ACTIVE_AGENT',
            `Agent ${agent.osHostname || agent.name} belongs to ${user.username}, who is terminated in HR (${since}), and is still active.`,
            Object.assign(hrEvidence(ctx), agentEvidence(agent)),
          ),
        ]);
      }
      if (ctx.onWatchlist && ctx.proposeWatchlistRemovals) proposeWatchlistRemoval(ctx, since, out);
      return;
    }
    case 'in-grace':
      if (user.active || activeAgents.length > 0) {
        out.add(userSubject(user), null, [
          reason(
            'TERMINATION_IN_GRACE',
            `${user.username} left on ${dayOrNull(facts.departureDay)}; deactivation is due from ${dayOrNull(facts.dueDay)} (grace period of ${ctx.graceDays} days).`,
            Object.assign(evidence, { activeAgentCount: activeAgents.length }),
          ),
        ]);
      }
      return;
    case 'on-leave':
      out.add(userSubject(user), null, [
        reason(
          'ON_LEAVE',
          `${user.username} is on leave in HR: keep the user and devices, do not deactivate.`,
          evidence,
        ),
      ]);
      if (!user.active) out.add(userSubject(user), null, [deactivatedButEmployed(ctx, evidence)]);
      if (facts.scheduledDeparture) proposeWatchlist(ctx, evidence, out);
      return;
    case 'departing':
      proposeWatchlist(ctx, evidence, out);
      if (!user.active && person.status !== 'terminated')
        out.add(userSubject(user), null, [deactivatedButEmployed(ctx, evidence)]);
      return;
    case 'conflict':
      out.add(userSubject(user), null, [
        reason(
          'HR_STATUS_CONFLICT',
          `HR says ${user.username} is ${person.status} but the departure date ${dayOrNull(facts.departureDay)} has passed: HR must confirm.`,
          evidence,
        ),
      ]);
      return;
    case 'unknown':
      out.add(userSubject(user), null, [
        reason(
          'HR_STATUS_UNKNOWN',
          `HR status "${person.statusRaw ?? 'unknown'}" for ${user.username} could not be interpreted: HR must confirm.`,
          evidence,
        ),
      ]);
      return;
  }
}

function proposeWatchlist(ctx: MatchedContext, evidence: Evidence, out: FindingCollector): void {
  const { identity, user, facts } = ctx;
  const subject: PlanSubject = identity.actorId
    ? { type: 'actor', id: identity.actorId, name: identity.username }
    : userSubject(user);
  const departure = dayOrNull(facts.departureDay);
  const message = ctx.onWatchlist
    ? `${user.username} leaves on ${departure} and is already on the departing-employee watchlist.`
    : `${user.username} leaves on ${departure}: add to the departing-employee watchlist; do not deactivate yet.`;
  out.add(
    subject,
    ctx.onWatchlist ? null : 'add-to-watchlist',
    [reason('DEPARTURE_SCHEDULED', message, Object.assign(hrEvidence(ctx), { alreadyOnWatchlist: ctx.onWatchlist }))],
    ctx.onWatchlist ? undefined : { watchlistType: 'DEPARTING_EMPLOYEE', departureDate: departure },
  );
}

/** Only called for a listed actor, so the subject is always the actor the watchlist holds. */
function proposeWatchlistRemoval(ctx: MatchedContext, since: string, out: FindingCollector): void {
  const { identity, facts } = ctx;
  if (identity.actorId === null) return;
  const graceOver = facts.departureDay === null ? '' : ` and the grace period of ${ctx.graceDays} days is over`;
  out.add(
    { type: 'actor', id: identity.actorId, name: identity.username },
    'remove-from-watchlist',
    [
      reason(
        'DEPARTURE_GRACE_ENDED',
        `${identity.username} is terminated in HR (${since})${graceOver}: take them off the departing-employee watchlist.`,
        Object.assign(hrEvidence(ctx), { actorId: identity.actorId }),
      ),
    ],
    { watchlistType: 'DEPARTING_EMPLOYEE' },
  );
}

function deactivatedButEmployed(ctx: MatchedContext, evidence: Evidence) {
  return reason(
    'ACTIVE_IN_HR_DEACTIVATED_IN_INCYDR',
    `${ctx.user.username} is ${ctx.person.status} in HR but deactivated in Incydr: their activity is not monitored.`,
    evidence,
  );
}

function noDevicesReason(user: User) {
  return reason('USER_WITHOUT_DEVICES', `${user.username} is an active Incydr user with no active agent.`, {
    userId: user.userId,
    username: user.username,
  });
}

function keepAllowlisted(out: FindingCollector, user: User, identity: IncydrIdentity): void {
  out.add(userSubject(user), null, [
    reason(
      'ALLOWLISTED_ACCOUNT',
      `${user.username} is an allowlisted service, admin or analyst account: never actioned.`,
      {
        userId: identity.userId,
        username: identity.username,
      },
    ),
  ]);
}

function reportAmbiguities(report: MatchReport, out: FindingCollector, users: UserIndex): Set<string> {
  const ambiguous = new Set<string>();
  for (const entry of report.ambiguous) {
    const candidates = [...entry.candidates].sort((a, b) => compareCodeUnits(a.identity.userId, b.identity.userId));
    for (const candidate of candidates) {
      ambiguous.add(candidate.identity.userId);
      const slot = users.get(candidate.identity.userId);
      if (slot) users.cover(slot);
      out.add({ type: 'user', id: candidate.identity.userId, name: candidate.identity.username }, null, [
        reason(
          'AMBIGUOUS_IDENTITY',
          `${candidate.identity.username} could be one of several HR records or people; no action until HR resolves it.`,
          {
            hrSource: entry.person.source,
            hrSourceId: entry.person.sourceId,
            employeeId: entry.person.employeeId,
            hrStatus: entry.person.status,
            candidateUsernames: candidates.map((c) => c.identity.username).sort(compareCodeUnits),
            matchMethod: candidate.method,
            matchKey: candidate.key,
            explanation: entry.explanation,
          },
        ),
      ]);
    }
  }
  return ambiguous;
}

function hrEvidence(ctx: MatchedContext): Evidence {
  const { person, match, facts, user } = ctx;
  return {
    userId: user.userId,
    username: user.username,
    userActive: user.active,
    hrSource: person.source,
    hrSourceId: person.sourceId,
    employeeId: person.employeeId,
    hrStatus: person.status,
    hrStatusRaw: person.statusRaw,
    startDate: person.startDate,
    terminationDate: person.terminationDate,
    lastWorkingDay: person.lastWorkingDay,
    leaveStart: person.leaveStart,
    leaveEnd: person.leaveEnd,
    graceDays: ctx.graceDays,
    deactivationDueOn: dayOrNull(facts.dueDay),
    asOf: formatUtcDay(ctx.today),
    matchMethod: match.method,
    matchKey: match.key,
    matchConfidence: match.confidence,
    supersededHrRecords: ctx.superseded.map((p) => `${p.source}:${p.sourceId}`).sort(compareCodeUnits),
    incydrEndDate: ctx.actor?.endDate ?? null,
  };
}

function agentEvidence(agent: Agent): Evidence {
  return {
    agentId: agent.agentId,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
  };
}

function userSubject(user: User): PlanSubject {
  return { type: 'user', id: user.userId, name: user.username };
}

function agentSubject(agent: Agent): PlanSubject {
  return { type: 'agent', id: agent.agentId, name: agent.osHostname || agent.name, ownerUserId: agent.userId };
}

/** Only matched users' actors are ever read (for their end date); a tenant has far more actors than that. */
function actorsNamedBy(report: MatchReport, actors: Actor[]): Map<string, Actor> {
  const wanted = new Set<string>();
  for (const m of report.matched) if (m.identity.actorId) wanted.add(m.identity.actorId);
  const found = new Map<string, Actor>();
  for (const actor of actors) if (wanted.has(actor.actorId)) found.set(actor.actorId, actor);
  return found;
}

/** A user with what the cross-check asks about them: their active agents, and whether the match report names them. */
interface UserSlot {
  user: User;
  activeAgents: Agent[];
  covered: boolean;
}

/** Shared by every user without an active agent; never written to (a slot gets its own list on its first agent). */
const NO_AGENTS: Agent[] = [];

/**
 * Users by id, each with their active agents and a mark for "named by the match report". One map serves all three
 * questions: lookups by user id were most of the cross-check's time, and a tenant has six-figure user counts.
 * A later user with the same id wins.
 */
class UserIndex {
  private readonly byId = new Map<string, UserSlot>();
  private coveredCount = 0;

  constructor(users: readonly User[], agents: readonly Agent[]) {
    for (const user of users) this.byId.set(user.userId, { user, activeAgents: NO_AGENTS, covered: false });
    for (const agent of agents) {
      if (!agent.active) continue;
      const slot = this.byId.get(agent.userId);
      if (slot === undefined) continue; // Its owner is not among the users: nobody asks for it.
      if (slot.activeAgents === NO_AGENTS) slot.activeAgents = [agent];
      else slot.activeAgents.push(agent);
    }
  }

  get(userId: string): UserSlot | undefined {
    return this.byId.get(userId);
  }

  /** Marks a user as named by the match report. */
  cover(slot: UserSlot): void {
    if (slot.covered) return;
    slot.covered = true;
    this.coveredCount += 1;
  }

  /**
   * Users the match report does not mention, sorted. When every distinct user is covered (the usual case, since the
   * report is made from these users) the tenant-wide pass is skipped.
   */
  notCovered(users: readonly User[]): string[] {
    if (this.coveredCount === this.byId.size) return [];
    return users
      .map((u) => u.userId)
      .filter((id) => this.byId.get(id)?.covered !== true)
      .sort(compareCodeUnits);
  }
}
