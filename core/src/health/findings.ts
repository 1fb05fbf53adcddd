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
 * By action, then subject type and id. Each finding's sort key is read once up front: at fleet scale the
 * comparator runs millions of times and should compare plain strings only.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const keyed = findings.map((finding) => ({
    action: finding.action ?? KEEP_SORT_KEY,
    type: finding.subject.type,
    id: finding.subject.id,
    finding,
  }));
  keyed.sort(
    (a, b) => compareCodeUnits(a.action, b.action) || compareCodeUnits(a.type, b.type) || compareCodeUnits(a.id, b.id),
  );
  return keyed.map((entry) => entry.finding);
}

/** Counts of findings per reason code, for run summaries and trend charts. */
export function countByCode(findings: Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) for (const r of f.reasons) counts[r.code] = (counts[r.code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareCodeUnits(a, b)));
}
