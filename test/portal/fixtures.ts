/** Generated fixtures: action plans and findings built by code, deterministic for a given seed size. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@incydr-health/core/health/canonical-json';
import type { ActionPlan, ApprovalRole, PlanItem } from '@incydr-health/core/health/plan-types';

/** The plan builder's hash (sha256 over canonical JSON of kind + items), computed synchronously for fixtures. */
export function planHash(kind: string, items: PlanItem[]): string {
  return `sha256:${createHash('sha256').update(canonicalJson({ items, kind })).digest('hex')}`;
}

export interface PlanOptions {
  kind?: string;
  roles?: ApprovalRole[];
  /** Makes the hash differ between otherwise equal plans. */
  salt?: string;
}

export function makePlan(count: number, options: PlanOptions = {}): ActionPlan {
  const kind = options.kind ?? 'offboarding';
  const items: PlanItem[] = Array.from({ length: count }, (_, i) => {
    const userId = `u-${options.salt ?? ''}${i + 1}`;
    return {
      id: `deactivate-user:user:${userId}`,
      action: 'deactivate-user',
      subject: { type: 'user', id: userId, name: `person${i + 1}@corp.example` },
      reasons: [
        {
          code: 'TERMINATED_STILL_ACTIVE',
          message: `HR shows person ${i + 1} terminated, but the Incydr user is active.`,
          evidence: { hrRecordId: `HR-${1000 + i}`, terminationDate: '2026-11-01', lastConnected: '2026-11-20T10:00:00Z' },
        },
      ],
      requiredRoles: options.roles ?? ['hr', 'legal'],
    };
  });
  return { version: 1, kind, createdAt: '2026-11-25T08:00:00Z', items, hash: planHash(kind, items) };
}

export function resumeUrl(executionId: string, base = 'http://127.0.0.1:5678'): string {
  return `${base}/webhook-waiting/${executionId}?signature=secret-signature-${executionId}`;
}
