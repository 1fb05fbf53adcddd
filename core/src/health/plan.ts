/**
 * The frozen action plan. Findings become plan items; the same function makes the dry-run and the real run's
 * plan, so what approvers see is exactly what the executor may act on. The hash binds approvals to content:
 * `sha256:` + hex SHA-256 over the canonical JSON of `{ kind, items }` (sorted keys, no whitespace).
 */
import type { ActionKind, ActionPlan, ApprovalRole, PlanItem, Reason } from './plan-types.js';
import { ACTION_KINDS } from './plan-types.js';
import type { Finding } from './findings.js';
import { sortFindings, sortReasons } from './findings.js';
import { canonicalJson, compareCodeUnits, sha256Hex } from './canonical-json.js';
import {
  guardItems,
  type GuardResult,
  type PreservationSignals,
  type PreservedItem,
} from './preservation.js';
import { requiredRolesFor } from './approval-roles.js';
import { formatInstant, toInstant } from './dates.js';
import { HealthInputError, PlanIntegrityError } from './errors.js';

// The approval-role rule has its own module; re-exported here, where callers have always found it.
export { requiredRolesFor } from './approval-roles.js';

const ACTION_ORDER = new Map<ActionKind, number>(ACTION_KINDS.map((a, i) => [a, i]));

export function planItemId(action: ActionKind, subject: PlanItem['subject']): string {
  return `${action}:${subject.type}:${subject.id}`;
}

/**
 * Plan items from findings: findings without an action are left out (they are the "kept" list), findings on
 * the same item are merged, reasons sorted, roles derived, items sorted by action then subject.
 */
export function itemsFromFindings(findings: readonly Finding[]): PlanItem[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.action === null) continue;
    const id = planItemId(finding.action, finding.subject);
    const group = groups.get(id);
    if (group) group.push(finding);
    else groups.set(id, [finding]);
  }
  const items: PlanItem[] = [];
  for (const [id, group] of groups) items.push(mergeGroup(id, group));
  return sortItems(items);
}

function mergeGroup(id: string, group: Finding[]): PlanItem {
  // Several findings on one item: order them canonically first, so merged params never depend on input order.
  const ordered =
    group.length === 1
      ? group
      : group
          .map((f) => ({ f, key: canonicalJson(f) }))
          .sort((a, b) => compareCodeUnits(a.key, b.key))
          .map((e) => e.f);
  const [first] = ordered as [Finding, ...Finding[]];
  let params: PlanItem['params'];
  const reasons: Reason[] = [];
  for (const finding of ordered) {
    for (const r of finding.reasons) reasons.push(keyOrderedReason(r));
    if (finding.params) params = Object.assign({}, params, finding.params);
  }
  const action = first.action as ActionKind;
  const sorted = reasons.length === 1 ? reasons : sortReasons(reasons);
  // Roles are derived here, so the item is built once rather than built and then copied with its roles.
  return planItem(
    id,
    action,
    keyOrderedSubject(first.subject),
    sorted,
    requiredRolesFor(action, sorted),
    params ? keyOrdered(params) : undefined,
  );
}

/**
 * A plan item whose keys, at every depth, are created in code-unit order: its canonical JSON is then written by the
 * native serializer directly (see canonicalJson), which is what keeps hashing a six-figure plan cheap.
 */
function planItem(
  id: string,
  action: ActionKind,
  subject: PlanItem['subject'],
  reasons: Reason[],
  requiredRoles: ApprovalRole[],
  params: PlanItem['params'] | undefined,
): PlanItem {
  return params
    ? { action, id, params, reasons, requiredRoles, subject }
    : { action, id, reasons, requiredRoles, subject };
}

function keyOrderedSubject(subject: PlanItem['subject']): PlanItem['subject'] {
  return subject.ownerUserId === undefined
    ? { id: subject.id, name: subject.name, type: subject.type }
    : { id: subject.id, name: subject.name, ownerUserId: subject.ownerUserId, type: subject.type };
}

function keyOrderedReason(r: Reason): Reason {
  return { code: r.code, evidence: keyOrdered(r.evidence), message: r.message };
}

/**
 * The record itself when its keys are already in code-unit order with no undefined member (the analyses build their
 * evidence that way, so a plan item shares it rather than holding a copy); otherwise a sorted copy without the
 * undefined members. Shallow: a nested object out of order is left to canonicalJson, which still writes it in order.
 */
function keyOrdered<T extends Record<string, unknown>>(record: T): T {
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 0; i < keys.length && inOrder; i += 1) {
    const key = keys[i] as string;
    inOrder = record[key] !== undefined && (i === 0 || (keys[i - 1] as string) < key);
  }
  if (inOrder) return record;
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) if (record[key] !== undefined) out[key] = record[key];
  return out as T;
}

function withRoles(item: PlanItem): PlanItem {
  return planItem(
    item.id,
    item.action,
    item.subject,
    item.reasons,
    requiredRolesFor(item.action, item.reasons),
    item.params,
  );
}

/** By action (the order of ACTION_KINDS), then subject type and id; each item's rank is looked up once. */
export function sortItems(items: readonly PlanItem[]): PlanItem[] {
  const keyed = items.map((item) => ({
    rank: ACTION_ORDER.get(item.action) ?? 99,
    type: item.subject.type,
    id: item.subject.id,
    item,
  }));
  keyed.sort((a, b) => a.rank - b.rank || compareCodeUnits(a.type, b.type) || compareCodeUnits(a.id, b.id));
  return keyed.map((entry) => entry.item);
}

export async function computePlanHash(kind: string, items: readonly PlanItem[]): Promise<string> {
  // Written key-ordered ({ items, kind }) so the native serializer can write it; the text is the same either way.
  // Writing it item by item into one byte buffer was measured (decision 0007) and saved nothing: Web Crypto cannot
  // hash incrementally, so the bytes meet in one buffer anyway, and the serializing and the walk dominate.
  return `sha256:${await sha256Hex(canonicalJson({ items, kind }))}`;
}

export async function buildPlan(
  kind: string,
  items: readonly PlanItem[],
  createdAt: Date | string,
): Promise<ActionPlan> {
  if (kind.trim() === '')
    throw new HealthInputError('A plan needs a kind, e.g. "offboarding" or "stale-devices".', 'kind');
  const sorted = sortItems(items);
  const seen = new Set<string>();
  for (const item of sorted) {
    if (seen.has(item.id))
      throw new HealthInputError(`Plan item ${item.id} appears twice; merge its reasons instead.`, 'items');
    seen.add(item.id);
  }
  return {
    version: 1,
    kind,
    createdAt: formatInstant(toInstant(createdAt, 'createdAt')),
    items: sorted,
    hash: await computePlanHash(kind, sorted),
  };
}

export interface ProposalInput {
  kind: string;
  findings: readonly Finding[];
  signals: PreservationSignals;
  now: Date | string;
}

export interface Proposal {
  /** Allowed items only, each carrying any advisory signals as extra reasons (which may add Legal). */
  plan: ActionPlan;
  /** Destructive items the guard stopped, with every reason. Not part of the plan or its hash. */
  preserved: PreservedItem[];
  /** Findings without an action: what is deliberately left alone, and why. */
  kept: Finding[];
}

/** Findings → items → guard → plan. A dry-run is exactly this result; the real run executes this plan. */
export async function proposePlan(input: ProposalInput): Promise<Proposal> {
  const items = itemsFromFindings(input.findings);
  const guarded: GuardResult = guardItems(items, input.signals);
  const allowed = guarded.allowed.map(({ item, advisories }) =>
    advisories.length === 0
      ? item
      : withRoles(
          planItem(
            item.id,
            item.action,
            item.subject,
            sortReasons([...item.reasons, ...advisories.map(keyOrderedReason)]),
            [],
            item.params,
          ),
        ),
  );
  return {
    plan: await buildPlan(input.kind, allowed, input.now),
    preserved: guarded.preserved,
    kept: sortFindings(input.findings.filter((f) => f.action === null)),
  };
}

export async function verifyPlanHash(plan: ActionPlan): Promise<boolean> {
  return (await computePlanHash(plan.kind, plan.items)) === plan.hash;
}

/**
 * The items an approval covers. Refuses (throws PlanIntegrityError) when the plan's content does not hash to
 * its own hash, when that hash is not the one the approval names, or when an approved id is not in the plan.
 */
export async function selectApprovedItems(
  plan: ActionPlan,
  approvedItemIds: Iterable<string>,
  expectedHash: string,
): Promise<PlanItem[]> {
  const actual = await computePlanHash(plan.kind, plan.items);
  if (actual !== plan.hash) {
    throw new PlanIntegrityError(
      `The plan's items were changed after it was made (content hashes to ${actual}, plan says ${plan.hash}); nothing may be executed.`,
    );
  }
  if (expectedHash !== plan.hash) {
    throw new PlanIntegrityError(
      `The approval is for plan ${expectedHash}, not for this plan (${plan.hash}); nothing may be executed.`,
    );
  }
  const approved = new Set(approvedItemIds);
  const known = new Set(plan.items.map((i) => i.id));
  const strangers = [...approved].filter((id) => !known.has(id)).sort(compareCodeUnits);
  if (strangers.length > 0) {
    throw new PlanIntegrityError(
      `The approval names items that are not in plan ${plan.hash}: ${strangers.join(', ')}.`,
    );
  }
  return plan.items.filter((item) => approved.has(item.id));
}
