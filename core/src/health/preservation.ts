/**
 * Preservation guard: splits proposed plan items into allowed and preserved, and says why for every one.
 *
 * It is called twice per workflow with the same signature: when the plan is made, and again immediately before
 * execution with the signals freshly read (a hold or case opened in between must still stop the deactivation).
 *
 * Rules (docs/decisions/0007-health-engine.md):
 * - Only destructive actions are blocked: deactivating a user or agent, and removing someone from a watchlist.
 * - Protections: an active membership in an active legal-hold matter, an OPEN case with the person as subject,
 *   membership of the departing-employee watchlist (not for a removal from that very list), a manual hold.
 * - An agent is protected when its owner is; an agent item whose owner is unknown is preserved (fail closed).
 * - Closed/archived cases and inactive matters or memberships do not protect; they travel with the item as
 *   advisories so Legal sees them, as do protections found on non-destructive items.
 * - Nothing is dropped: every proposed item comes back exactly once, allowed or preserved.
 */
import type { Case, WatchlistType } from '../incydr/types.js';
import type { IncydrIdentity } from '../matching/types.js';
import type { ActionKind, PlanItem, Reason } from './plan-types.js';
import { reason, sortReasons } from './findings.js';
import { HealthInputError } from './errors.js';

export const DESTRUCTIVE_ACTIONS: ReadonlySet<ActionKind> = new Set<ActionKind>([
  'deactivate-user',
  'deactivate-agent',
  'remove-from-watchlist',
]);

export function isDestructive(action: ActionKind): boolean {
  return DESTRUCTIVE_ACTIONS.has(action);
}

export type CaseSignal = Pick<Case, 'number' | 'name' | 'status' | 'subject' | 'subjectUsername'>;

export interface LegalHoldSignal {
  matterId: string;
  matterName: string;
  matterActive: boolean;
  custodianUserId: string;
  custodianUsername?: string | null;
  membershipActive: boolean;
}

export interface WatchlistMemberSignal {
  watchlistId: string;
  listType?: WatchlistType;
  title?: string | null;
  actorId: string;
  actorName?: string | null;
}

export interface ManualHold {
  subjectType: 'user' | 'agent' | 'actor';
  subjectId: string;
  reason: string;
  owner: string;
  createdAt?: string | null;
}

/** Everything the guard reads. Read it afresh for the second call; never reuse the plan-time copy. */
export interface PreservationSignals {
  cases: CaseSignal[];
  legalHolds: LegalHoldSignal[];
  /** Members of the departing-employee watchlist (actor based). */
  watchlistMembers: WatchlistMemberSignal[];
  manualHolds: ManualHold[];
  /**
   * Links actors to users (from the match report or an actor lookup); usernames link case subjects too. Required
   * whenever a watchlist member or a manual hold names an actor: without it such a signal could not protect anyone.
   */
  identities?: Pick<IncydrIdentity, 'userId' | 'username' | 'actorId'>[];
}

export interface AllowedItem {
  item: PlanItem;
  /** Non-blocking signals near the item (they put Legal in the loop). */
  advisories: Reason[];
}

export interface PreservedItem {
  item: PlanItem;
  /** Every protection that blocks the item, each with its evidence. */
  reasons: Reason[];
  advisories: Reason[];
}

export interface GuardResult {
  allowed: AllowedItem[];
  preserved: PreservedItem[];
}

interface PersonSignals {
  protections: Reason[];
  advisories: Reason[];
  /** Protections that come only from watchlist membership, so a watchlist removal can ignore them. */
  watchlistProtections: Reason[];
}

export function guardItems(items: readonly PlanItem[], signals: PreservationSignals): GuardResult {
  const index = indexSignals(signals, items);
  const allowed: AllowedItem[] = [];
  const preserved: PreservedItem[] = [];
  for (const item of items) {
    const found = signalsFor(item, index);
    if (isQuiet(found)) {
      // Nothing protects or concerns this item (most of a fleet): allowed as proposed.
      allowed.push({ item, advisories: [] });
      continue;
    }
    const blocking =
      item.action === 'remove-from-watchlist'
        ? found.protections
        : [...found.protections, ...found.watchlistProtections];
    const notBlocking = item.action === 'remove-from-watchlist' ? found.watchlistProtections : [];
    if (isDestructive(item.action) && blocking.length > 0) {
      preserved.push({
        item,
        reasons: sortReasons(blocking),
        advisories: sortReasons([...found.advisories, ...notBlocking]),
      });
    } else {
      allowed.push({ item, advisories: sortReasons([...blocking, ...notBlocking, ...found.advisories]) });
    }
  }
  return { allowed, preserved };
}

interface SignalIndex {
  byUser: Map<string, PersonSignals>;
  byAgent: Map<string, Reason[]>;
  userIdsByActor: Map<string, Set<string>>;
  unlinkedByActor: Map<string, PersonSignals>;
}

function indexSignals(signals: PreservationSignals, items: readonly PlanItem[]): SignalIndex {
  assertActorSignalsCanBeLinked(signals);
  const byUser = new Map<string, PersonSignals>();
  const byAgent = new Map<string, Reason[]>();
  const userIdsByActor = new Map<string, Set<string>>();
  const userIdsByName = new Map<string, Set<string>>();
  const unlinkedByActor = new Map<string, PersonSignals>();
  const bucket = (map: Map<string, PersonSignals>, key: string): PersonSignals => {
    let entry = map.get(key);
    if (!entry) {
      entry = { protections: [], advisories: [], watchlistProtections: [] };
      map.set(key, entry);
    }
    return entry;
  };
  const link = <K>(map: Map<K, Set<string>>, key: K, userId: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(userId);
    map.set(key, set);
  };
  // Identities can number a whole tenant; only the actors and names some signal or item refers to are linked.
  const wantedActors = new Set<string>();
  const wantedNames = new Set<string>();
  for (const m of signals.watchlistMembers) {
    wantedActors.add(m.actorId);
    if (m.actorName) wantedNames.add(m.actorName.trim().toLowerCase());
  }
  for (const c of signals.cases) if (c.subjectUsername) wantedNames.add(c.subjectUsername.trim().toLowerCase());
  for (const h of signals.manualHolds) if (h.subjectType === 'actor') wantedActors.add(h.subjectId);
  for (const item of items) if (item.subject.type === 'actor') wantedActors.add(item.subject.id);
  for (const identity of signals.identities ?? []) {
    if (identity.actorId && wantedActors.has(identity.actorId)) link(userIdsByActor, identity.actorId, identity.userId);
    if (wantedNames.size > 0) {
      const name = identity.username.trim().toLowerCase();
      if (wantedNames.has(name)) link(userIdsByName, name, identity.userId);
    }
  }

  for (const hold of signals.legalHolds) {
    const evidence = {
      matterId: hold.matterId,
      matterName: hold.matterName,
      matterActive: hold.matterActive,
      membershipActive: hold.membershipActive,
      custodianUserId: hold.custodianUserId,
      custodianUsername: hold.custodianUsername ?? null,
    };
    const target = bucket(byUser, hold.custodianUserId);
    if (hold.matterActive && hold.membershipActive) {
      target.protections.push(
        reason(
          'LEGAL_HOLD_CUSTODIAN',
          `Custodian in the active legal-hold matter "${hold.matterName}" (${hold.matterId}).`,
          evidence,
        ),
      );
    } else {
      const why = hold.matterActive ? 'the membership is inactive' : 'the matter is inactive';
      target.advisories.push(
        reason(
          'INACTIVE_LEGAL_HOLD',
          `Was a custodian in legal-hold matter "${hold.matterName}" (${hold.matterId}), but ${why}.`,
          evidence,
        ),
      );
    }
  }

  for (const c of signals.cases) {
    const subjects = new Set<string>();
    if (c.subject) subjects.add(c.subject);
    if (c.subjectUsername)
      for (const id of userIdsByName.get(c.subjectUsername.trim().toLowerCase()) ?? []) subjects.add(id);
    const evidence = {
      caseNumber: c.number,
      caseName: c.name,
      caseStatus: c.status,
      subjectUserId: c.subject,
      subjectUsername: c.subjectUsername,
    };
    for (const userId of subjects) {
      const target = bucket(byUser, userId);
      if (c.status === 'OPEN')
        target.protections.push(
          reason('OPEN_CASE_SUBJECT', `Subject of open case #${c.number} "${c.name}".`, evidence),
        );
      else
        target.advisories.push(
          reason(
            'CLOSED_CASE_SUBJECT',
            `Subject of ${c.status.toLowerCase()} case #${c.number} "${c.name}".`,
            evidence,
          ),
        );
    }
  }

  for (const member of signals.watchlistMembers) {
    const evidence = {
      watchlistId: member.watchlistId,
      watchlistType: member.listType ?? 'DEPARTING_EMPLOYEE',
      watchlistTitle: member.title ?? null,
      actorId: member.actorId,
      actorName: member.actorName ?? null,
    };
    const r = reason(
      'DEPARTING_WATCHLIST_MEMBER',
      `On the departing-employee watchlist${member.title ? ` "${member.title}"` : ''}: the departure review is not finished.`,
      evidence,
    );
    const userIds = new Set(userIdsByActor.get(member.actorId) ?? []);
    // Actor names are usernames in Incydr; linking by name as well errs towards protecting.
    if (member.actorName)
      for (const id of userIdsByName.get(member.actorName.trim().toLowerCase()) ?? []) userIds.add(id);
    for (const userId of userIds) bucket(byUser, userId).watchlistProtections.push(r);
    bucket(unlinkedByActor, member.actorId).watchlistProtections.push(r);
  }

  for (const hold of signals.manualHolds) {
    const evidence = {
      holdSubjectType: hold.subjectType,
      holdSubjectId: hold.subjectId,
      holdReason: hold.reason,
      holdOwner: hold.owner,
      holdCreatedAt: hold.createdAt ?? null,
    };
    const r = reason('MANUAL_HOLD', `Manual hold by ${hold.owner}: ${hold.reason}`, evidence);
    if (hold.subjectType === 'agent') {
      const list = byAgent.get(hold.subjectId) ?? [];
      list.push(r);
      byAgent.set(hold.subjectId, list);
    } else if (hold.subjectType === 'user') {
      bucket(byUser, hold.subjectId).protections.push(r);
    } else {
      for (const userId of userIdsByActor.get(hold.subjectId) ?? []) bucket(byUser, userId).protections.push(r);
      bucket(unlinkedByActor, hold.subjectId).protections.push(r);
    }
  }
  return { byUser, byAgent, userIdsByActor, unlinkedByActor };
}

/** Fail closed: an actor-based protection that cannot reach its user would silently protect nobody. */
function assertActorSignalsCanBeLinked(signals: PreservationSignals): void {
  if (signals.identities !== undefined) return;
  const member = signals.watchlistMembers[0];
  if (member) {
    throw new HealthInputError(
      `Watchlist member ${member.actorId} cannot be linked to an Incydr user: pass identities (user id, username, actor id) with the signals.`,
      'identities',
    );
  }
  const hold = signals.manualHolds.find((h) => h.subjectType === 'actor');
  if (hold) {
    throw new HealthInputError(
      `Manual hold on actor ${hold.subjectId} cannot be linked to an Incydr user: pass identities (user id, username, actor id) with the signals.`,
      'identities',
    );
  }
}

const NONE: PersonSignals = { protections: [], advisories: [], watchlistProtections: [] };
/** Shared by every agent without holds of its own (most of a fleet), instead of a fresh empty list each; never written to. */
const NO_REASONS: readonly Reason[] = [];

function isQuiet(found: PersonSignals): boolean {
  return found.protections.length === 0 && found.advisories.length === 0 && found.watchlistProtections.length === 0;
}

function signalsFor(item: PlanItem, index: SignalIndex): PersonSignals {
  const { subject } = item;
  switch (subject.type) {
    case 'user':
      return index.byUser.get(subject.id) ?? NONE;
    case 'agent': {
      const own = index.byAgent.get(subject.id) ?? NO_REASONS;
      if (!subject.ownerUserId && isDestructive(item.action)) {
        const unknown = reason(
          'OWNER_UNKNOWN',
          'The agent has no known owner, so holds and cases cannot be ruled out.',
          { agentId: subject.id },
        );
        return { protections: [...own, unknown], advisories: [], watchlistProtections: [] };
      }
      const owner = (subject.ownerUserId ? index.byUser.get(subject.ownerUserId) : undefined) ?? NONE;
      // The guard only reads what it is handed, so without holds of its own the agent shares its owner's signals.
      if (own.length === 0) return owner;
      return {
        protections: [...owner.protections, ...own],
        advisories: owner.advisories,
        watchlistProtections: owner.watchlistProtections,
      };
    }
    case 'actor': {
      const merged: PersonSignals = { protections: [], advisories: [], watchlistProtections: [] };
      const direct = index.unlinkedByActor.get(subject.id);
      const sources = [direct, ...[...(index.userIdsByActor.get(subject.id) ?? [])].map((id) => index.byUser.get(id))];
      for (const s of sources) {
        if (!s) continue;
        merged.protections.push(...s.protections);
        merged.advisories.push(...s.advisories);
        merged.watchlistProtections.push(...s.watchlistProtections);
      }
      return merged;
    }
  }
}
