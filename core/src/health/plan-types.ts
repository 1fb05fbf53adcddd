/**
 * The frozen action plan: what the kit proposes, what approvers decide on, and what the executor may act on.
 * A plan's `hash` covers its items only, so the same findings always yield the same hash.
 */

export const ACTION_KINDS = [
  'deactivate-user',
  'deactivate-agent',
  'upgrade-agent',
  'troubleshoot-agent',
  'snooze',
  'add-to-watchlist',
  'remove-from-watchlist',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const APPROVAL_ROLES = ['hr', 'legal'] as const;
export type ApprovalRole = (typeof APPROVAL_ROLES)[number];

export interface Reason {
  /** Stable machine code, e.g. `TERMINATED_STILL_ACTIVE`, `LEGAL_HOLD_CUSTODIAN`. */
  code: string;
  /** One sentence a reviewer understands. */
  message: string;
  /** The facts behind it: HR record ids and dates, matter ids and names, case numbers, last-connected times. */
  evidence: Record<string, string | number | boolean | null | string[]>;
}

export interface PlanSubject {
  type: 'user' | 'agent' | 'actor';
  id: string;
  /** Username, hostname or actor name: what a person recognises. */
  name: string;
  /** For agents: the owning user. */
  ownerUserId?: string | null;
}

export interface PlanItem {
  /** Deterministic: `<action>:<subject.type>:<subject.id>`. */
  id: string;
  action: ActionKind;
  subject: PlanSubject;
  reasons: Reason[];
  /** Roles that must approve this item, in the order they decide. */
  requiredRoles: ApprovalRole[];
  /** Extra action parameters, e.g. the watchlist id or a troubleshooting route. */
  params?: Record<string, string | number | boolean | null>;
}

export interface ActionPlan {
  version: 1;
  /** Which analysis produced it, e.g. `offboarding`, `stale-devices`. */
  kind: string;
  createdAt: string;
  items: PlanItem[];
  /** `sha256:<hex>` over the canonical JSON of `kind` and `items`. */
  hash: string;
}
