import { describe, expect, it } from 'vitest';
import { requiredRolesFor } from '@incydr-health/core/health/approval-roles';
import { requiredRolesFor as viaPlan } from '@incydr-health/core/health/plan';
import { ACTION_KINDS, type ActionKind, type Reason } from '@incydr-health/core/health/plan-types';
import { REASON_CODES, type ReasonCode } from '@incydr-health/core/health/reason-codes';
import { HealthInputError } from '@incydr-health/core/health/errors';

const reasons = (...codes: string[]): Reason[] => codes.map((code) => ({ code, message: code, evidence: {} }));
const roles = (action: ActionKind, ...codes: string[]) => requiredRolesFor(action, reasons(...codes)).join('+') || '—';

describe('requiredRolesFor: HR for employment facts behind a destructive action, Legal near a case, hold or watchlist', () => {
  it.each<[ActionKind, string[], string]>([
    // Destructive: HR always; Legal when a signal is near.
    ['deactivate-user', ['TERMINATED_STILL_ACTIVE'], 'hr'],
    ['deactivate-agent', ['TERMINATED_ACTIVE_AGENT'], 'hr'],
    ['deactivate-agent', ['NOT_CONNECTED', 'REPLACED_BY_NEWER_DEVICE'], 'hr'],
    ['deactivate-agent', ['OWNER_DEPARTED', 'NOT_CONNECTED'], 'hr'],
    ['deactivate-agent', ['OWNER_DEACTIVATED'], 'hr'],
    ['deactivate-user', ['TERMINATED_STILL_ACTIVE', 'INACTIVE_LEGAL_HOLD'], 'hr+legal'],
    ['deactivate-agent', ['NOT_CONNECTED', 'CLOSED_CASE_SUBJECT'], 'hr+legal'],
    ['deactivate-agent', ['NOT_CONNECTED', 'OWNER_UNKNOWN'], 'hr+legal'],
    ['remove-from-watchlist', [], 'hr+legal'],
    ['remove-from-watchlist', ['DEPARTING_WATCHLIST_MEMBER'], 'hr+legal'],
    // Non-destructive: an employment fact near it (NOT_CONNECTED, OWNER_*) asks nobody; a signal asks Legal only.
    ['snooze', ['OWNER_ON_LEAVE', 'NOT_CONNECTED', 'KEPT_AS_NEWEST_DEVICE'], '—'],
    ['snooze', ['OWNER_ON_LEAVE', 'OUTDATED_AGENT'], '—'],
    ['troubleshoot-agent', ['NOT_CONNECTED', 'KEPT_AS_NEWEST_DEVICE'], '—'],
    ['troubleshoot-agent', ['OWNER_DEACTIVATED'], '—'],
    ['troubleshoot-agent', ['HEALTH_NOT_CONNECTING', 'CONNECTED_BUT_SILENT'], '—'],
    ['upgrade-agent', ['UNSUPPORTED_AGENT', 'OWNER_DEPARTED'], '—'],
    ['upgrade-agent', ['OUTDATED_AGENT'], '—'],
    ['upgrade-agent', ['OUTDATED_AGENT', 'CLOSED_CASE_SUBJECT'], 'legal'],
    ['troubleshoot-agent', ['NOT_CONNECTED', 'KEPT_AS_NEWEST_DEVICE', 'LEGAL_HOLD_CUSTODIAN'], 'legal'],
    ['snooze', ['OWNER_ON_LEAVE', 'NOT_CONNECTED', 'OPEN_CASE_SUBJECT', 'MANUAL_HOLD'], 'legal'],
    // Watchlist changes are monitoring decisions: Legal, and HR only for the removal (destructive).
    ['add-to-watchlist', ['DEPARTURE_SCHEDULED'], 'legal'],
    ['add-to-watchlist', [], 'legal'],
  ])('%s with %j needs %s', (action, codes, expected) => {
    expect(roles(action, ...codes)).toBe(expected);
  });

  it('every reason code marked HR brings HR in behind every destructive action and on no other', () => {
    const hrCodes = (Object.keys(REASON_CODES) as ReasonCode[]).filter((c) =>
      (REASON_CODES[c].approvers as readonly string[]).includes('hr'),
    );
    expect(hrCodes).toContain('NOT_CONNECTED');
    for (const action of ACTION_KINDS) {
      for (const code of hrCodes) {
        const needsHr = requiredRolesFor(action, reasons(code)).includes('hr');
        expect({ action, code, needsHr }).toEqual({
          action,
          code,
          needsHr: ['deactivate-user', 'deactivate-agent', 'remove-from-watchlist'].includes(action),
        });
      }
    }
  });

  it('every reason code marked Legal brings Legal in on every action', () => {
    const legalCodes = (Object.keys(REASON_CODES) as ReasonCode[]).filter((c) =>
      (REASON_CODES[c].approvers as readonly string[]).includes('legal'),
    );
    expect(legalCodes.length).toBeGreaterThan(5);
    for (const action of ACTION_KINDS) for (const code of legalCodes) expect(roles(action, code)).toMatch(/legal$/);
  });

  it('orders roles HR then Legal, whatever order the reasons come in', () => {
    expect(requiredRolesFor('deactivate-user', reasons('OPEN_CASE_SUBJECT', 'TERMINATED_STILL_ACTIVE'))).toEqual([
      'hr',
      'legal',
    ]);
  });

  it('refuses a reason code that is not documented, naming it', () => {
    expect(() => requiredRolesFor('upgrade-agent', reasons('MADE_UP'))).toThrow(HealthInputError);
    expect(() => requiredRolesFor('upgrade-agent', reasons('MADE_UP'))).toThrow(/"MADE_UP" is not documented/);
  });

  it('is the rule plan.ts has always exported', () => {
    expect(viaPlan).toBe(requiredRolesFor);
  });
});
