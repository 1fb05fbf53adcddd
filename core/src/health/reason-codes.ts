/**
 * Every reason code the health engine can emit, with the roles that must approve an item carrying it.
 * docs/reason-codes.md explains each code for people; a test keeps that page and this list in step.
 * Plan building refuses a code that is not listed here, so an undocumented code cannot reach an approver.
 */
import type { ApprovalRole } from './plan-types.js';

export type ReasonArea = 'offboarding' | 'stale-devices' | 'preservation';

/**
 * - `action`: the finding proposes an action.
 * - `keep`: the subject is deliberately left alone (or needs a person to look); the reason says why.
 * - `protection`: a preservation signal that blocks destructive actions.
 * - `advisory`: a preservation signal near an item that does not block it but puts Legal in the loop.
 */
export type ReasonRole = 'action' | 'keep' | 'protection' | 'advisory';

export interface ReasonCodeSpec {
  area: ReasonArea;
  role: ReasonRole;
  /** Roles an item carrying this reason needs, on top of the HR sign-off every destructive item needs. */
  approvers: readonly ApprovalRole[];
}

const HR = ['hr'] as const;
const LEGAL = ['legal'] as const;
const HR_AND_LEGAL = ['hr', 'legal'] as const;
const NOBODY = [] as const;

export const REASON_CODES = {
  // Offboarding cross-check
  TERMINATED_STILL_ACTIVE: { area: 'offboarding', role: 'action', approvers: HR },
  TERMINATED_ACTIVE_AGENT: { area: 'offboarding', role: 'action', approvers: HR },
  TERMINATION_IN_GRACE: { area: 'offboarding', role: 'keep', approvers: NOBODY },
  DEPARTURE_SCHEDULED: { area: 'offboarding', role: 'action', approvers: HR_AND_LEGAL },
  DEPARTURE_GRACE_ENDED: { area: 'offboarding', role: 'action', approvers: HR_AND_LEGAL },
  ON_LEAVE: { area: 'offboarding', role: 'keep', approvers: NOBODY },
  ACTIVE_IN_HR_DEACTIVATED_IN_INCYDR: { area: 'offboarding', role: 'keep', approvers: HR },
  HR_STATUS_CONFLICT: { area: 'offboarding', role: 'keep', approvers: HR },
  HR_STATUS_UNKNOWN: { area: 'offboarding', role: 'keep', approvers: HR },
  NO_HR_RECORD: { area: 'offboarding', role: 'keep', approvers: HR },
  USER_WITHOUT_DEVICES: { area: 'offboarding', role: 'keep', approvers: NOBODY },
  AMBIGUOUS_IDENTITY: { area: 'offboarding', role: 'keep', approvers: HR },
  ALLOWLISTED_ACCOUNT: { area: 'offboarding', role: 'keep', approvers: NOBODY },
  // Stale-device triage
  NOT_CONNECTED: { area: 'stale-devices', role: 'action', approvers: HR },
  REPLACED_BY_NEWER_DEVICE: { area: 'stale-devices', role: 'action', approvers: HR },
  KEPT_AS_NEWEST_DEVICE: { area: 'stale-devices', role: 'keep', approvers: NOBODY },
  OWNER_DEPARTED: { area: 'stale-devices', role: 'action', approvers: HR },
  OWNER_DEACTIVATED: { area: 'stale-devices', role: 'action', approvers: HR },
  OWNER_ON_LEAVE: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  OUTDATED_AGENT: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  UNSUPPORTED_AGENT: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  VERSION_UNREADABLE: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  HEALTH_NOT_CONNECTING: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  HEALTH_NOT_SENDING_SECURITY_EVENTS: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  HEALTH_SECURITY_INGEST_REJECTED: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  HEALTH_MISSING_MACOS_FULL_DISK_ACCESS: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  HEALTH_MISSING_MACOS_ACCESSIBILITY: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  HEALTH_ISSUE_UNRECOGNIZED: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  CONNECTED_BUT_SILENT: { area: 'stale-devices', role: 'action', approvers: NOBODY },
  // Preservation guard
  LEGAL_HOLD_CUSTODIAN: { area: 'preservation', role: 'protection', approvers: LEGAL },
  OPEN_CASE_SUBJECT: { area: 'preservation', role: 'protection', approvers: LEGAL },
  DEPARTING_WATCHLIST_MEMBER: { area: 'preservation', role: 'protection', approvers: LEGAL },
  MANUAL_HOLD: { area: 'preservation', role: 'protection', approvers: LEGAL },
  OWNER_UNKNOWN: { area: 'preservation', role: 'protection', approvers: LEGAL },
  INACTIVE_LEGAL_HOLD: { area: 'preservation', role: 'advisory', approvers: LEGAL },
  CLOSED_CASE_SUBJECT: { area: 'preservation', role: 'advisory', approvers: LEGAL },
} as const satisfies Record<string, ReasonCodeSpec>;

export type ReasonCode = keyof typeof REASON_CODES;

export function isReasonCode(code: string): code is ReasonCode {
  return Object.hasOwn(REASON_CODES, code);
}

export function reasonCodeSpec(code: string): ReasonCodeSpec | null {
  return isReasonCode(code) ? REASON_CODES[code] : null;
}
