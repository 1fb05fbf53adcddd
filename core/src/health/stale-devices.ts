/**
 * Stale-device triage: one recommendation per active agent, with every reason behind it.
 *
 * Filter order is fixed and documented (docs/decisions/0007-health-engine.md):
 *   1. "keep newest" picks each user's most recently connected active agent over ALL their active agents,
 *      before any age filter; so a user whose devices are all stale still keeps one;
 *   2. then the age, version, health and silence checks run on every agent;
 *   3. then one action is chosen per agent by a fixed precedence (see `chooseAction`).
 */
import type { Agent, AgentType, User } from '../incydr/types.js';
import type { PersonStatus } from '../hr/person.js';
import type { ActionKind, PlanSubject, Reason } from './plan-types.js';
import type { AGENT_HEALTH_ISSUE_TYPES } from '../incydr/types.js';
import { commonUtcInstant, elapsedWholeDays, formatUtcDay, optionalInstant, toInstant, utcDayOfInstant } from './dates.js';
import { type EmploymentRecord, assertGraceDays, dayOrNull, employmentFacts } from './employment.js';
import {
  type ActionParams,
  type Evidence,
  type Finding,
  ReasonCounter,
  reason,
  sortFindings,
  sortReasons,
} from './findings.js';
import {
  type VersionStanding,
  type VersionWindow,
  deriveVersionWindow,
  formatVersion,
  isUpToDate,
  parseVersion,
  releaseOf,
  versionClassifier,
} from './versions.js';
import { compareCodeUnits } from './canonical-json.js';
import { HealthInputError } from './errors.js';
import type { ReasonCode } from './reason-codes.js';

/** Who should fix a troubleshooting item. */
export const TROUBLESHOOT_ROUTES = ['incydr-admin', 'device-management', 'desktop-support'] as const;
export type TroubleshootRoute = (typeof TROUBLESHOOT_ROUTES)[number];

/** The owner's HR facts, keyed by Incydr user id (the caller joins HR to users, e.g. from a MatchReport). */
export interface OwnerHrRecord extends EmploymentRecord {
  status: PersonStatus;
  sourceId?: string;
}

export interface StaleDeviceOptions {
  /** An agent is stale once at least this many whole days (24 h each) have passed since it last connected. */
  staleAfterDays: number;
  /** A connected agent is silent once its last file event is at least this many days old (Code42 flags 7). */
  silentAfterDays: number;
  /** Never propose deactivating a user's most recently connected agent for staleness alone. */
  keepNewestPerUser: boolean;
  /** Supported window: the current release plus this many previous releases (Code42: 2). */
  previousVersionsSupported: number;
  /**
   * The current agent release. Each agent type (CODE42, CODE42AAT, COMBINED) has its own release line, so the
   * window is worked out per type: give one version per type, or one version for all. When absent, the newest
   * version of that type in the fleet is taken as current.
   */
  currentVersion: string | Partial<Record<AgentType, string>> | null;
  /** Known releases (per type, or one list for all); the fleet's distinct versions of that type stand in when absent. */
  releases: string[] | Partial<Record<AgentType, string[]>> | null;
  /** Which agent field carries the version to compare. */
  versionField: 'productVersion' | 'appVersion';
  /**
   * How many leading numbers of a version name its release (2 = `major.minor`, 3 = `major.minor.patch`); the
   * window then counts releases, and versions differing only in later numbers (build numbers) stand together.
   * null (the default): every distinct version is its own release, which suits `productVersion`. With
   * `versionField: 'appVersion'`, whose last number is a build number, give a depth, or every build counts as a
   * release and most of the fleet looks behind.
   */
  releaseDepth: number | null;
  /** Grace days after an owner's last working day before their devices are deactivated. */
  departedGraceDays: number;
}

export const DEFAULT_STALE_DEVICE_OPTIONS: StaleDeviceOptions = {
  staleAfterDays: 30,
  silentAfterDays: 7,
  keepNewestPerUser: true,
  previousVersionsSupported: 2,
  currentVersion: null,
  releases: null,
  versionField: 'productVersion',
  releaseDepth: null,
  departedGraceDays: 0,
};

export interface StaleDeviceInput {
  agents: Agent[];
  users: User[];
  hrByUserId?: ReadonlyMap<string, OwnerHrRecord> | Record<string, OwnerHrRecord>;
  /** Latest file event per agent id; null = the agent never sent one. Agents absent from the map are not judged. */
  lastFileActivityByAgentId?: ReadonlyMap<string, string | null> | Record<string, string | null>;
  now: Date | string;
  options?: Partial<StaleDeviceOptions>;
}

export interface StaleDeviceReport {
  actions: Finding[];
  /** Active agents with reasons but no action (e.g. a stale newest device that is being kept). */
  kept: Finding[];
  /** The supported-version window per agent type present in the fleet. */
  windows: Partial<Record<AgentType, VersionWindow>>;
  summary: {
    asOf: string;
    activeAgents: number;
    /** Inactive agents are already deactivated and are not triaged. */
    inactiveAgentsSkipped: number;
    healthyAgents: number;
    countsByCode: Record<string, number>;
    countsByAction: Record<string, number>;
  };
}

interface HealthIssueRule {
  code: ReasonCode;
  route: TroubleshootRoute;
  message: string;
}

const HEALTH_CODES: Partial<Record<string, HealthIssueRule>> = {
  NOT_CONNECTING: {
    code: 'HEALTH_NOT_CONNECTING',
    route: 'desktop-support',
    message: 'Incydr reports the agent is not connecting.',
  },
  NOT_SENDING_SECURITY_EVENTS: {
    code: 'HEALTH_NOT_SENDING_SECURITY_EVENTS',
    route: 'incydr-admin',
    message: 'Incydr reports the agent is not sending security events.',
  },
  SECURITY_INGEST_REJECTED: {
    code: 'HEALTH_SECURITY_INGEST_REJECTED',
    route: 'incydr-admin',
    message: 'Incydr rejects the security events this agent sends.',
  },
  MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS: {
    code: 'HEALTH_MISSING_MACOS_FULL_DISK_ACCESS',
    route: 'device-management',
    message: 'The agent lacks the macOS Full Disk Access permission (grant it through the device-management profile).',
  },
  MISSING_MACOS_PERMISSION_ACCESSIBILITY: {
    code: 'HEALTH_MISSING_MACOS_ACCESSIBILITY',
    route: 'device-management',
    message: 'The agent lacks the macOS Accessibility permission (grant it through the device-management profile).',
  },
} satisfies Record<(typeof AGENT_HEALTH_ISSUE_TYPES)[number], HealthIssueRule>;

/** When several issues need different owners, the one that blocks Incydr's visibility most is routed first. */
const ROUTE_PRIORITY: readonly TroubleshootRoute[] = ['incydr-admin', 'device-management', 'desktop-support'];

export function triageStaleDevices(input: StaleDeviceInput): StaleDeviceReport {
  const options = { ...DEFAULT_STALE_DEVICE_OPTIONS, ...input.options };
  assertWholeDays(options.staleAfterDays, 'staleAfterDays', 1);
  assertWholeDays(options.silentAfterDays, 'silentAfterDays', 1);
  assertGraceDays(options.departedGraceDays, 'departedGraceDays');
  assertReleaseDepth(options.releaseDepth);
  const nowMs = toInstant(input.now, 'now');
  const today = utcDayOfInstant(nowMs);
  const activity = asMap(input.lastFileActivityByAgentId);

  const active = input.agents.filter((a) => a.active);
  // Last connection per agent, aligned with `active` by index: fleet-sized maps are the engine's main cost.
  const lastSeen = active.map(lastConnectedMs);
  const ownerOf = ownerSlotsOf(active, lastSeen, input.users, asMap(input.hrByUserId));
  const windows = versionWindowsByType(active, options);
  const classifiers = new Map<string, (value: string | null | undefined) => VersionStanding>();
  for (const [type, window] of Object.entries(windows)) classifiers.set(type, versionClassifier(window));
  // Findings with an action and kept ones are gathered apart and counted as they are made: the report needs no
  // further pass over the fleet's findings.
  const actions: Finding[] = [];
  const kept: Finding[] = [];
  const codeCounts = new ReasonCounter();
  const actionCounts = new Map<string, number>();
  let healthy = 0;
  // One context, refilled per agent: a fresh object per agent is garbage the collector pays for at fleet scale.
  const ctx: SignalContext = {
    agent: active[0] as Agent,
    owner: null,
    ownerHr: null,
    lastSeenMs: null,
    newestIndex: -1,
    activity,
    active,
    nowMs,
    today,
    window: null,
    classify: null,
    options,
  };
  for (let i = 0; i < active.length; i += 1) {
    const agent = active[i] as Agent;
    const slot = ownerOf[i] as OwnerSlot;
    const owner = slot.user;
    ctx.agent = agent;
    ctx.owner = owner;
    ctx.ownerHr = slot.hr;
    ctx.newestIndex = slot.newestIndex;
    ctx.lastSeenMs = lastSeen[i] ?? null;
    ctx.window = windows[agent.agentType] ?? null;
    ctx.classify = classifiers.get(agent.agentType) ?? null;
    const signals = collectSignals(ctx);
    if (signals.reasons.length === 0) {
      healthy += 1;
      continue;
    }
    const { action, params } = chooseAction(signals);
    const reasons = signals.reasons.length === 1 ? signals.reasons : sortReasons(signals.reasons);
    const finding: Finding = { subject: agentSubject(agent, owner), action, reasons };
    if (params) finding.params = params;
    (action === null ? kept : actions).push(finding);
    codeCounts.addReasons(reasons);
    actionCounts.set(action ?? 'none', (actionCounts.get(action ?? 'none') ?? 0) + 1);
  }

  return {
    actions: sortFindings(actions),
    kept: sortFindings(kept),
    windows,
    summary: {
      asOf: formatUtcDay(today),
      activeAgents: active.length,
      inactiveAgentsSkipped: input.agents.length - active.length,
      healthyAgents: healthy,
      countsByCode: codeCounts.byCode(),
      countsByAction: Object.fromEntries([...actionCounts].sort(([a], [b]) => compareCodeUnits(a, b))),
    },
  };
}

interface SignalContext {
  agent: Agent;
  owner: User | null;
  ownerHr: OwnerHrRecord | null;
  lastSeenMs: number | null;
  active: readonly Agent[];
  /** The owner's newest device, as its index in `active`. */
  newestIndex: number;
  activity: ReadonlyMap<string, string | null>;
  nowMs: number;
  today: number;
  window: VersionWindow | null;
  classify: ((value: string | null | undefined) => VersionStanding) | null;
  options: StaleDeviceOptions;
}

interface Signals {
  reasons: Reason[];
  ownerOnLeave: { until: string | null } | null;
  ownerGone: boolean;
  staleAndReplaceable: boolean;
  keptAsNewest: boolean;
  unsupported: boolean;
  outdated: boolean;
  routes: Set<TroubleshootRoute>;
}

const NO_SIGNALS: Signals = {
  reasons: [],
  ownerOnLeave: null,
  ownerGone: false,
  staleAndReplaceable: false,
  keptAsNewest: false,
  unsupported: false,
  outdated: false,
  routes: new Set(),
};

/** Most agents are healthy; this cheap test lets them skip building evidence at all. */
function mayHaveSignals(ctx: SignalContext, daysSince: number): boolean {
  const { agent, owner, ownerHr, options } = ctx;
  return (
    daysSince >= options.staleAfterDays ||
    agent.agentHealthIssueTypes.length > 0 ||
    (owner !== null && !owner.active) ||
    (ownerHr !== null && ownerHr.status !== 'active' && ownerHr.status !== 'pending') ||
    (ctx.classify !== null && !isUpToDate(ctx.classify(agent[options.versionField]))) ||
    (ctx.activity.size > 0 && ctx.activity.has(agent.agentId))
  );
}

function collectSignals(ctx: SignalContext): Signals {
  const { agent, owner, ownerHr, options } = ctx;
  // Staleness, measured from last connection (or from registration for an agent that never connected).
  const since = ctx.lastSeenMs ?? toInstant(agent.creationDate, `agent ${agent.agentId} creationDate`);
  const daysSince = elapsedWholeDays(since, ctx.nowMs);
  if (!mayHaveSignals(ctx, daysSince)) return NO_SIGNALS;
  const s: Signals = {
    reasons: [],
    ownerOnLeave: null,
    ownerGone: false,
    staleAndReplaceable: false,
    keptAsNewest: false,
    unsupported: false,
    outdated: false,
    routes: new Set(),
  };
  const name = agent.osHostname || agent.name;
  const stale = daysSince >= options.staleAfterDays;
  if (stale) {
    const newestOfOwner = ctx.active[ctx.newestIndex] ?? null;
    const isNewest = newestOfOwner?.agentId === agent.agentId;
    const described =
      ctx.lastSeenMs === null
        ? `has never connected (registered ${daysSince} days ago)`
        : `has not connected for ${daysSince} days`;
    s.reasons.push(
      reason(
        'NOT_CONNECTED',
        `Agent ${name} ${described} (threshold ${options.staleAfterDays} days).`,
        staleEvidence(agent, owner, daysSince, options.staleAfterDays),
      ),
    );
    if (options.keepNewestPerUser && isNewest) {
      s.keptAsNewest = true;
      s.reasons.push(
        reason(
          'KEPT_AS_NEWEST_DEVICE',
          `Agent ${name} is its owner's most recently connected device, so it is kept and checked rather than deactivated.`,
          agentEvidence(agent, owner),
        ),
      );
      s.routes.add('desktop-support');
    } else {
      s.staleAndReplaceable = true;
      const newer = options.keepNewestPerUser ? newestOfOwner : null;
      if (newer && newer.agentId !== agent.agentId) {
        s.reasons.push(
          reason(
            'REPLACED_BY_NEWER_DEVICE',
            `The owner has a more recently connected device, ${newer.osHostname || newer.name}.`,
            replacedEvidence(agent, owner, newer),
          ),
        );
      }
    }
  }

  // The owner: gone from the company, deactivated in Incydr, or on leave.
  let leaveReason: Reason | null = null;
  let employedPerHr = false;
  if (ownerHr) {
    const facts = employmentFacts(ownerHr, ctx.today, options.departedGraceDays);
    employedPerHr = facts.standing === 'active' || facts.standing === 'departing' || facts.standing === 'conflict';
    if (facts.standing === 'departed') {
      s.ownerGone = true;
      s.reasons.push(
        reason(
          'OWNER_DEPARTED',
          `The owner ${owner?.username ?? agent.userId} has left the company according to HR.`,
          ownerHrEvidence(agent, owner, ownerHr, facts.dueDay),
        ),
      );
    } else if (facts.standing === 'on-leave') {
      s.ownerOnLeave = { until: ownerHr.leaveEnd };
      leaveReason = reason(
        'OWNER_ON_LEAVE',
        `The owner ${owner?.username ?? agent.userId} is on leave${ownerHr.leaveEnd ? ` until ${ownerHr.leaveEnd}` : ''}: snooze, do not deactivate.`,
        ownerHrEvidence(agent, owner, ownerHr, facts.dueDay),
      );
    }
  }
  if (owner && !owner.active && !s.ownerOnLeave) {
    if (employedPerHr) {
      // HR says the owner still works here: the deactivated user is the likelier mistake, so nothing is
      // deactivated on this signal; the Incydr admin looks at the user instead.
      s.routes.add('incydr-admin');
      s.reasons.push(
        reason(
          'OWNER_DEACTIVATED',
          `The owner ${owner.username} is deactivated in Incydr although HR says they are employed: check the user before touching this agent.`,
          employedOwnerEvidence(agent, owner, ownerHr),
        ),
      );
    } else {
      s.ownerGone = true;
      s.reasons.push(
        reason(
          'OWNER_DEACTIVATED',
          `The owner ${owner.username} is deactivated in Incydr but this agent is still active.`,
          agentEvidence(agent, owner),
        ),
      );
    }
  }

  // Version against the supported window.
  if (ctx.window && ctx.classify) {
    const version = agent[options.versionField];
    const window = ctx.window;
    switch (ctx.classify(version)) {
      case 'outdated':
        s.outdated = true;
        s.reasons.push(
          reason(
            'OUTDATED_AGENT',
            `Agent ${name} runs ${version}, behind the current ${ctx.window.current} but still supported: upgrade.`,
            versionEvidence(agent, owner, version, options.versionField, window),
          ),
        );
        break;
      case 'unsupported':
        s.unsupported = true;
        s.reasons.push(
          reason(
            'UNSUPPORTED_AGENT',
            `Agent ${name} runs ${version}, older than the oldest supported ${ctx.window.oldestSupported}: upgrade now.`,
            versionEvidence(agent, owner, version, options.versionField, window),
          ),
        );
        break;
      case 'unreadable':
        s.routes.add('incydr-admin');
        s.reasons.push(
          reason(
            'VERSION_UNREADABLE',
            `Agent ${name} reports a version that cannot be read (${JSON.stringify(version)}).`,
            versionEvidence(agent, owner, version, options.versionField, window),
          ),
        );
        break;
      case 'current':
      case 'ahead':
        break;
    }
  }

  // Health issues, one reason each.
  const issues =
    agent.agentHealthIssueTypes.length === 0 ? [] : [...new Set(agent.agentHealthIssueTypes)].sort(compareCodeUnits);
  for (const issue of issues) {
    const known = HEALTH_CODES[issue];
    const route = known?.route ?? 'incydr-admin';
    s.routes.add(route);
    s.reasons.push(
      known
        ? reason(
            known.code,
            known.message,
            healthEvidence(agent, owner, issue, route),
          )
        : reason(
            'HEALTH_ISSUE_UNRECOGNIZED',
            `Incydr reports a health issue this kit does not know: ${issue}.`,
            unrecognizedHealthEvidence(agent, owner, issue, route),
          ),
    );
  }

  // Connected but silent: only judged when the caller supplied this agent's last file activity.
  if (!stale && ctx.activity.has(agent.agentId)) {
    const last = optionalInstant(ctx.activity.get(agent.agentId), `last file activity of agent ${agent.agentId}`);
    const from = last ?? toInstant(agent.creationDate, `agent ${agent.agentId} creationDate`);
    const silentDays = elapsedWholeDays(from, ctx.nowMs);
    if (silentDays >= options.silentAfterDays) {
      s.routes.add('incydr-admin');
      s.reasons.push(
        reason(
          'CONNECTED_BUT_SILENT',
          last === null
            ? `Agent ${name} connects but has never sent a file event (registered ${silentDays} days ago).`
            : `Agent ${name} connects but has sent no file event for ${silentDays} days (threshold ${options.silentAfterDays}).`,
          silenceEvidence(agent, owner, ctx.activity.get(agent.agentId) ?? null, silentDays, options.silentAfterDays),
        ),
      );
    }
  }
  // Leave only matters when something would otherwise happen to the device; a healthy device is left alone.
  if (leaveReason && s.reasons.length > 0) s.reasons.push(leaveReason);
  else s.ownerOnLeave = null;
  return s;
}

/**
 * One action per agent, by precedence:
 *   snooze (owner on leave) > deactivate (owner gone, or stale and not the kept newest device)
 *   > upgrade (unsupported: it cannot talk to the cloud, so fixing anything else first is wasted)
 *   > troubleshoot (health issues, silence, kept stale newest device, unreadable version) > upgrade (outdated).
 */
function chooseAction(s: Signals): { action: ActionKind | null; params?: ActionParams } {
  if (s.ownerOnLeave) return { action: 'snooze', params: { snoozeUntil: s.ownerOnLeave.until } };
  if (s.ownerGone || s.staleAndReplaceable) return { action: 'deactivate-agent' };
  if (s.unsupported) return { action: 'upgrade-agent', params: { urgency: 'unsupported' } };
  if (s.routes.size > 0) {
    const ordered = ROUTE_PRIORITY.filter((r) => s.routes.has(r));
    return { action: 'troubleshoot-agent', params: { route: ordered[0] ?? null, routes: ordered.join(',') } };
  }
  if (s.outdated) return { action: 'upgrade-agent', params: { urgency: 'outdated' } };
  return { action: null };
}

function versionWindowsByType(agents: Agent[], options: StaleDeviceOptions): Partial<Record<AgentType, VersionWindow>> {
  const versionsByType = new Map<AgentType, string[]>();
  for (const agent of agents) {
    const list = versionsByType.get(agent.agentType);
    if (list) list.push(agent[options.versionField]);
    else versionsByType.set(agent.agentType, [agent[options.versionField]]);
  }
  const windows: Partial<Record<AgentType, VersionWindow>> = {};
  for (const type of [...versionsByType.keys()].sort(compareCodeUnits)) {
    const current =
      typeof options.currentVersion === 'string' || options.currentVersion === null
        ? options.currentVersion
        : (options.currentVersion[type] ?? null);
    const releases =
      Array.isArray(options.releases) || options.releases === null
        ? options.releases
        : (options.releases[type] ?? null);
    const window = deriveVersionWindow(versionsByType.get(type) ?? [], {
      currentVersion: current,
      releases,
      previousVersionsSupported: options.previousVersionsSupported,
      releaseDepth: options.releaseDepth,
    });
    if (window) windows[type] = window;
  }
  return windows;
}

/** Each user's most recently connected active agent; ties go to the later registration, then the lower id. */
export function newestAgentPerUser(agents: readonly Agent[], lastSeen: readonly (number | null)[]): Map<string, Agent> {
  const newest = new Map<string, Agent>();
  for (const slot of new Set(ownerSlotsOf(agents, lastSeen, [], new Map()))) {
    newest.set((agents[slot.newestIndex] as Agent).userId, agents[slot.newestIndex] as Agent);
  }
  return newest;
}

/** What triage needs about an agent's owner, shared by all of that owner's agents. */
interface OwnerSlot {
  user: User | null;
  hr: OwnerHrRecord | null;
  /** The owner's newest active agent, as its index into the agents list. */
  newestIndex: number;
}

/**
 * Each agent's owner slot, aligned with `agents` by index: one map keyed by user id serves the owner, their HR
 * record and their newest device, so the fleet is looked up once rather than once per question (user-id lookups were
 * a third of triage's time). A later user with the same id wins.
 */
function ownerSlotsOf(
  agents: readonly Agent[],
  lastSeen: readonly (number | null)[],
  users: readonly User[],
  hr: ReadonlyMap<string, OwnerHrRecord>,
): OwnerSlot[] {
  const byUserId = new Map<string, OwnerSlot>();
  for (const user of users) byUserId.set(user.userId, { user, hr: null, newestIndex: -1 });
  const slots: OwnerSlot[] = [];
  for (let i = 0; i < agents.length; i += 1) {
    const userId = (agents[i] as Agent).userId;
    let slot = byUserId.get(userId);
    if (slot === undefined) {
      slot = { user: null, hr: null, newestIndex: -1 };
      byUserId.set(userId, slot);
    }
    if (slot.newestIndex < 0) {
      // First agent of this owner: their HR record is read once here, not once per device.
      slot.hr = hr.get(userId) ?? null;
      slot.newestIndex = i;
    } else if (isNewer(agents, lastSeen, i, slot.newestIndex)) {
      slot.newestIndex = i;
    }
    slots.push(slot);
  }
  return slots;
}

function isNewer(agents: readonly Agent[], lastSeen: readonly (number | null)[], ai: number, bi: number): boolean {
  const la = lastSeen[ai] ?? -Infinity;
  const lb = lastSeen[bi] ?? -Infinity;
  if (la !== lb) return la > lb;
  const a = agents[ai] as Agent;
  const b = agents[bi] as Agent;
  const ca = toInstant(a.creationDate, `agent ${a.agentId} creationDate`);
  const cb = toInstant(b.creationDate, `agent ${b.agentId} creationDate`);
  if (ca !== cb) return ca > cb;
  return a.agentId < b.agentId;
}

function lastConnectedMs(agent: Agent): number | null {
  const value = agent.lastConnected;
  // The usual layout is read without the error label, which would otherwise be a new string for every agent.
  const common = typeof value === 'string' ? commonUtcInstant(value) : null;
  return common ?? optionalInstant(value, `agent ${agent.agentId} lastConnected`);
}

/*
 * Evidence records, one builder per kind, each writing its keys in code-unit (alphabetical) order. That order is the
 * plan's canonical order, so plan items can hold these records as they are instead of re-creating each one sorted
 * (a copy per reason, 100,000+ on a big fleet). A test holds every builder to that order; a record out of order is
 * still correct, only copied. Written as whole literals, never `{ ...base, extra }` or Object.assign, which would
 * put the extra keys last.
 */

function agentEvidence(agent: Agent, owner: User | null): Evidence {
  return {
    agentId: agent.agentId,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
  };
}

function staleEvidence(agent: Agent, owner: User | null, daysSince: number, staleAfterDays: number): Evidence {
  return {
    agentId: agent.agentId,
    daysSinceLastConnected: daysSince,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
    staleAfterDays,
  };
}

function replacedEvidence(agent: Agent, owner: User | null, newer: Agent): Evidence {
  return {
    agentId: agent.agentId,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    newerAgentId: newer.agentId,
    newerHostname: newer.osHostname,
    newerLastConnected: newer.lastConnected,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
  };
}

function ownerHrEvidence(agent: Agent, owner: User | null, hr: OwnerHrRecord, dueDay: number | null): Evidence {
  return {
    agentId: agent.agentId,
    deactivationDueOn: dayOrNull(dueDay),
    hostname: agent.osHostname,
    hrSourceId: hr.sourceId ?? null,
    hrStatus: hr.status,
    lastConnected: agent.lastConnected,
    lastWorkingDay: hr.lastWorkingDay,
    leaveEnd: hr.leaveEnd,
    leaveStart: hr.leaveStart,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
    terminationDate: hr.terminationDate,
  };
}

function employedOwnerEvidence(agent: Agent, owner: User | null, hr: OwnerHrRecord | null): Evidence {
  return {
    agentId: agent.agentId,
    hostname: agent.osHostname,
    hrSourceId: hr?.sourceId ?? null,
    hrStatus: hr?.status ?? null,
    lastConnected: agent.lastConnected,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
  };
}

function versionEvidence(
  agent: Agent,
  owner: User | null,
  version: string,
  field: StaleDeviceOptions['versionField'],
  window: VersionWindow,
): Evidence {
  const evidence: Evidence = {
    agentId: agent.agentId,
    agentType: agent.agentType,
    currentVersion: window.current,
    currentVersionSource: window.currentSource,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    oldestSupportedVersion: window.oldestSupported,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
  };
  // Only with a release depth does the agent's release differ from its version, so only then is it worth showing.
  if (window.releaseDepth !== null) {
    const parts = parseVersion(version);
    evidence.release = parts ? formatVersion(releaseOf(parts, window.releaseDepth)) : null;
    evidence.releaseDepth = window.releaseDepth;
  }
  evidence.supportedVersions = window.supported;
  evidence.version = version;
  evidence.versionField = field;
  return evidence;
}

function healthEvidence(agent: Agent, owner: User | null, issue: string, route: TroubleshootRoute): Evidence {
  return {
    agentId: agent.agentId,
    healthIssue: issue,
    healthModified: agent.agentHealthModificationDate,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
    route,
  };
}

function unrecognizedHealthEvidence(agent: Agent, owner: User | null, issue: string, route: TroubleshootRoute): Evidence {
  return {
    agentId: agent.agentId,
    healthIssue: issue,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
    route,
  };
}

function silenceEvidence(
  agent: Agent,
  owner: User | null,
  lastFileActivity: string | null,
  daysSilent: number,
  silentAfterDays: number,
): Evidence {
  return {
    agentId: agent.agentId,
    daysSilent,
    hostname: agent.osHostname,
    lastConnected: agent.lastConnected,
    lastFileActivity,
    osName: agent.osName,
    ownerUserId: agent.userId,
    ownerUsername: owner?.username ?? null,
    silentAfterDays,
  };
}

function agentSubject(agent: Agent, owner: User | null): PlanSubject {
  return {
    type: 'agent',
    id: agent.agentId,
    name: agent.osHostname || agent.name || agent.agentId,
    ownerUserId: owner?.userId ?? agent.userId ?? null,
  };
}

function asMap<V>(value: ReadonlyMap<string, V> | Record<string, V> | undefined): ReadonlyMap<string, V> {
  if (value === undefined) return new Map();
  if (value instanceof Map) return value;
  return new Map(Object.entries(value));
}

/** Checked up front, so a bad depth is reported even for an empty fleet (no window is derived then). */
function assertReleaseDepth(value: number | null): void {
  if (value !== null && (!Number.isInteger(value) || value < 1)) {
    throw new HealthInputError(
      `releaseDepth must be a whole number of version parts (1 or more, e.g. 2 for major.minor) or null, got ${String(value)}.`,
      'releaseDepth',
    );
  }
}

function assertWholeDays(value: number, field: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new HealthInputError(`${field} must be a whole number of days (${min} or more), got ${value}.`, field);
  }
}
