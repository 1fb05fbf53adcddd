/**
 * What every analysis returns: per subject, the action it recommends (or none) and every reason behind that.
 * Findings with an action become plan items; findings without one are the "kept" list that explains why the
 * kit deliberately left something alone.
 */
import type { ActionKind, PlanSubject, Reason } from './plan-types.js';
import type { ReasonCode } from './reason-codes.js';
import { canonicalJson, compareCodeUnits } from './canonical-json.js';

export type Evidence = Reason['evidence'];
export type ActionParams = Record<string, string | number | boolean | null>;

export interface Finding {
  subject: PlanSubject;
  /** null: keep as is; the reasons explain why, or what a person should look at. */
  action: ActionKind | null;
  reasons: Reason[];
  params?: ActionParams;
}

export function reason(code: ReasonCode, message: string, evidence: Evidence): Reason {
  return { code, message, evidence };
}

/**
 * Collects findings, merging reasons that land on the same subject and action. `add` takes ownership of the reasons
 * list it is given (every caller passes a fresh one), so no finding pays for a defensive copy.
 */
export class FindingCollector {
  /**
   * Findings by subject id: the finding itself, or a list once an id has several (one per action and subject type).
   * Keyed by the id string the inputs already hold rather than by a composed key, and a list only where needed:
   * a fresh key or list per finding would be garbage the collector pays for at tenant scale.
   */
  private readonly bySubjectId = new Map<string, Finding | Finding[]>();
  private readonly all: Finding[] = [];

  add(subject: PlanSubject, action: ActionKind | null, reasons: Reason[], params?: ActionParams): void {
    const sameId = this.bySubjectId.get(subject.id);
    const existing = sameId === undefined ? undefined : pick(sameId, subject.type, action);
    if (!existing) {
      const finding: Finding = { subject, action, reasons };
      if (params) finding.params = { ...params };
      if (sameId === undefined) this.bySubjectId.set(subject.id, finding);
      else if (Array.isArray(sameId)) sameId.push(finding);
      else this.bySubjectId.set(subject.id, [sameId, finding]);
      this.all.push(finding);
      return;
    }
    existing.reasons.push(...reasons);
    if (params) existing.params = Object.assign({}, existing.params, params);
  }

  has(subjectType: PlanSubject['type'], subjectId: string, action: ActionKind | null): boolean {
    const sameId = this.bySubjectId.get(subjectId);
    return sameId !== undefined && pick(sameId, subjectType, action) !== undefined;
  }

  findings(): Finding[] {
    // The collector owns these objects, so their reasons are put in order in place rather than copied.
    for (const finding of this.all) if (finding.reasons.length > 1) finding.reasons = sortReasons(finding.reasons);
    return sortFindings(this.all);
  }
}

function pick(
  sameId: Finding | Finding[],
  subjectType: PlanSubject['type'],
  action: ActionKind | null,
): Finding | undefined {
  if (!Array.isArray(sameId)) return sameId.action === action && sameId.subject.type === subjectType ? sameId : undefined;
  for (const finding of sameId) if (finding.action === action && finding.subject.type === subjectType) return finding;
  return undefined;
}

/** Sorted by code, then by evidence, with exact duplicates removed: order of discovery never shows. */
export function sortReasons(reasons: Reason[]): Reason[] {
  if (reasons.length <= 1) return [...reasons];
  const sorted = [...reasons].sort((a, b) => compareCodeUnits(a.code, b.code));
  if (sorted.every((r, i) => i === 0 || sorted[i - 1]?.code !== r.code)) return sorted;
  // Only reasons sharing a code need their canonical text, to order and dedupe them.
  const keyed = sorted.map((r) => ({ r, key: canonicalJson(r) }));
  keyed.sort((a, b) => compareCodeUnits(a.r.code, b.r.code) || compareCodeUnits(a.key, b.key));
  return keyed.filter((entry, i) => i === 0 || keyed[i - 1]?.key !== entry.key).map((entry) => entry.r);
}

/** Kept findings (no action) sort after every action. */
const KEEP_SORT_KEY = '~keep';

/**
 * By action, then subject type and id. Findings are first split by action (a few kinds) and each group is sorted on
 * its own: an analysis emits a group's findings in input order, which is usually id order already, and the sort
 * (TimSort) then costs one comparison per finding instead of n log n. Each sort key is read once up front, so the
 * comparator compares plain strings only. Stable: equal keys keep their input order.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const byAction = new Map<string, Finding[]>();
  for (const finding of findings) {
    const action = finding.action ?? KEEP_SORT_KEY;
    const group = byAction.get(action);
    if (group) group.push(finding);
    else byAction.set(action, [finding]);
  }
  const sorted: Finding[] = [];
  for (const action of [...byAction.keys()].sort(compareCodeUnits)) {
    const keyed = (byAction.get(action) as Finding[]).map((finding) => ({
      type: finding.subject.type,
      id: finding.subject.id,
      finding,
    }));
    keyed.sort((a, b) => compareCodeUnits(a.type, b.type) || compareCodeUnits(a.id, b.id));
    for (const entry of keyed) sorted.push(entry.finding);
  }
  return sorted;
}

/** Counts of findings per reason code, for run summaries and trend charts. */
export function countByCode(findings: readonly Finding[]): Record<string, number> {
  const counts = new ReasonCounter();
  for (const f of findings) counts.addReasons(f.reasons);
  return counts.byCode();
}

/** Counts reasons by code as findings are made, so a summary needs no second pass over a fleet's findings. */
export class ReasonCounter {
  private readonly counts = new Map<string, number>();

  addReasons(reasons: readonly Reason[]): void {
    for (const r of reasons) this.counts.set(r.code, (this.counts.get(r.code) ?? 0) + 1);
  }

  /** Counts as a record with its keys in code-unit order. */
  byCode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const code of [...this.counts.keys()].sort(compareCodeUnits)) out[code] = this.counts.get(code) as number;
    return out;
  }
}
