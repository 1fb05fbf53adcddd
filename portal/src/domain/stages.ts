/**
 * The approval stage machine, as pure functions over a request's shape and its decisions.
 *
 * Rules: an item needs a decision from each of its required roles; an item with no required role (the engine asks
 * nobody to sign an upgrade, troubleshooting or snooze item) is carried for information and never decided; a
 * rejection by any stage ends the item (later
 * stages never see it). In `sequential` order a stage opens only once every earlier stage is complete; in
 * `parallel` order all stages are open at once. A request is resolved when every stage is complete.
 */
export type StageRole = 'hr' | 'legal';
export type StageOrder = 'sequential' | 'parallel';
export type Verdict = 'approve' | 'reject';

export interface StageItem {
  id: number;
  requiredRoles: readonly StageRole[];
}

export interface StageRequest {
  stages: readonly StageRole[];
  order: StageOrder;
  items: readonly StageItem[];
}

export interface StageDecision {
  itemId: number;
  stage: StageRole;
  verdict: Verdict;
}

export type ItemState = 'approved' | 'rejected' | 'pending' | 'no-approval-needed';
export type StageState = 'waiting' | 'open' | 'complete';

export type DecideRefusal =
  | 'stage-not-in-request'
  | 'item-not-in-request'
  | 'stage-not-required-for-item'
  | 'stage-waiting'
  | 'already-decided'
  | 'item-already-rejected';

function decisionsFor(decisions: readonly StageDecision[], itemId: number): StageDecision[] {
  return decisions.filter((d) => d.itemId === itemId);
}

export function itemState(item: StageItem, decisions: readonly StageDecision[]): ItemState {
  // Checked first: "every required role approved" is vacuously true for an empty list, and an item nobody signed
  // must never be reported as approved.
  if (item.requiredRoles.length === 0) return 'no-approval-needed';
  const own = decisionsFor(decisions, item.id);
  if (own.some((d) => d.verdict === 'reject')) return 'rejected';
  const approvedBy = new Set(own.filter((d) => d.verdict === 'approve').map((d) => d.stage));
  return item.requiredRoles.every((role) => approvedBy.has(role)) ? 'approved' : 'pending';
}

/** Groups decisions by item once, so whole-request checks stay linear in the number of items and decisions. */
function byItem(decisions: readonly StageDecision[]): Map<number, StageDecision[]> {
  const grouped = new Map<number, StageDecision[]>();
  for (const d of decisions) {
    const list = grouped.get(d.itemId);
    if (list) list.push(d);
    else grouped.set(d.itemId, [d]);
  }
  return grouped;
}

function awaitingWith(request: StageRequest, grouped: Map<number, StageDecision[]>, stage: StageRole): StageItem[] {
  return request.items.filter((item) => {
    if (!item.requiredRoles.includes(stage)) return false;
    const own = grouped.get(item.id) ?? [];
    if (own.some((d) => d.verdict === 'reject')) return false;
    return !own.some((d) => d.stage === stage);
  });
}

/** Items that still need `stage`'s decision (ignoring whether the stage is open yet). */
export function itemsAwaiting(request: StageRequest, decisions: readonly StageDecision[], stage: StageRole): StageItem[] {
  return awaitingWith(request, byItem(decisions), stage);
}

export function stageStates(request: StageRequest, decisions: readonly StageDecision[]): Record<StageRole, StageState | null> {
  const states: Record<StageRole, StageState | null> = { hr: null, legal: null };
  const grouped = byItem(decisions);
  let earlierComplete = true;
  for (const stage of request.stages) {
    const open = request.order === 'parallel' || earlierComplete;
    if (!open) {
      states[stage] = 'waiting';
      continue;
    }
    const complete = awaitingWith(request, grouped, stage).length === 0;
    states[stage] = complete ? 'complete' : 'open';
    earlierComplete = earlierComplete && complete;
  }
  return states;
}

/** Stages a reviewer can act on right now. */
export function openStages(request: StageRequest, decisions: readonly StageDecision[]): StageRole[] {
  const states = stageStates(request, decisions);
  return request.stages.filter((s) => states[s] === 'open');
}

export function isResolved(request: StageRequest, decisions: readonly StageDecision[]): boolean {
  const states = stageStates(request, decisions);
  return request.stages.every((s) => states[s] === 'complete');
}

/** Why `stage` may not decide `itemId` now, or null when it may (role and protection are checked elsewhere). */
export function refuseDecision(
  request: StageRequest,
  decisions: readonly StageDecision[],
  stage: StageRole,
  itemId: number,
): DecideRefusal | null {
  if (!request.stages.includes(stage)) return 'stage-not-in-request';
  const item = request.items.find((i) => i.id === itemId);
  if (!item) return 'item-not-in-request';
  if (!item.requiredRoles.includes(stage)) return 'stage-not-required-for-item';
  const own = decisionsFor(decisions, itemId);
  if (own.some((d) => d.stage === stage)) return 'already-decided';
  if (own.some((d) => d.verdict === 'reject')) return 'item-already-rejected';
  if (stageStates(request, decisions)[stage] !== 'open') return 'stage-waiting';
  return null;
}

export const REFUSAL_MESSAGES: Record<DecideRefusal, string> = {
  'stage-not-in-request': 'This request does not need a decision from that stage.',
  'item-not-in-request': 'That item is not part of this request.',
  'stage-not-required-for-item': 'This item does not need a decision from that stage.',
  'stage-waiting': 'This stage opens once the earlier stage has decided every item.',
  'already-decided': 'This item was already decided for this stage.',
  'item-already-rejected': 'This item was already rejected by another stage.',
};

/**
 * Checks a submitted stage layout: stages are distinct, and every item's required roles are stages of the request.
 * Returns human-readable problems (empty when valid).
 */
export function layoutProblems(request: StageRequest): string[] {
  const problems: string[] = [];
  if (!request.items.some((i) => i.requiredRoles.length > 0)) {
    problems.push('No item in this plan needs a decision (upgrade, troubleshooting and snooze items need none), so there is nothing to ask HR or Legal.');
  } else if (request.stages.length === 0) problems.push('At least one stage (hr or legal) is required.');
  if (new Set(request.stages).size !== request.stages.length) problems.push('Each stage may appear only once.');
  for (const item of request.items) {
    const extra = item.requiredRoles.filter((r) => !request.stages.includes(r));
    if (extra.length > 0) problems.push(`Item ${item.id} needs ${extra.join(', ')}, which is not a stage of the request.`);
  }
  for (const stage of request.stages) {
    if (!request.items.some((i) => i.requiredRoles.includes(stage))) {
      problems.push(`Stage ${stage} is listed but no item needs it.`);
    }
  }
  return problems;
}
