/**
 * Who must approve a plan item. The rule, in full (docs/reason-codes.md, "Who approves"):
 * - **HR** signs every destructive item (deactivate a user or an agent, remove from a watchlist): HR owns the
 *   employment facts such an action rests on. A reason code marked HR is an employment fact; it brings HR in only
 *   behind a destructive action. On a non-destructive item (upgrade, troubleshoot, snooze, add to a watchlist) it
 *   adds nobody: the action takes nothing away that HR would need to confirm.
 * - **Legal** signs every item with a case, hold or watchlist signal near it (a reason code marked Legal, on any
 *   item), and every change to a watchlist, since watchlists are the monitoring Legal answers for.
 * - Nobody else: an item with neither is executed by the Incydr admin without sign-off.
 * Roles come in the order they decide: HR, then Legal.
 */
import type { ActionKind, ApprovalRole, Reason } from './plan-types.js';
import { APPROVAL_ROLES } from './plan-types.js';
import { isDestructive } from './preservation.js';
import { reasonCodeSpec } from './reason-codes.js';
import { HealthInputError } from './errors.js';

const WATCHLIST_CHANGES: ReadonlySet<ActionKind> = new Set<ActionKind>(['add-to-watchlist', 'remove-from-watchlist']);

export function requiredRolesFor(action: ActionKind, reasons: readonly Reason[]): ApprovalRole[] {
  const destructive = isDestructive(action);
  const roles = new Set<ApprovalRole>();
  if (destructive) roles.add('hr');
  if (WATCHLIST_CHANGES.has(action)) roles.add('legal');
  for (const r of reasons) {
    const spec = reasonCodeSpec(r.code);
    if (!spec) {
      throw new HealthInputError(
        `Reason code ${JSON.stringify(r.code)} is not documented in docs/reason-codes.md; refusing to plan it.`,
        'reasons',
      );
    }
    for (const role of spec.approvers) if (role === 'legal' || destructive) roles.add(role);
  }
  return APPROVAL_ROLES.filter((role) => roles.has(role));
}
