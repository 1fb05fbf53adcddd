/**
 * Plan serialization. JSON is canonical (sorted keys) so the file itself is reproducible; CSV follows RFC 4180
 * (CRLF line ends, fields quoted when they contain a comma, quote or line break, quotes doubled), one row per item.
 */
import type { ActionPlan, PlanItem } from './plan-types.js';
import { ACTION_KINDS, APPROVAL_ROLES } from './plan-types.js';
import { canonicalJson } from './canonical-json.js';
import { HealthInputError } from './errors.js';

export function planToJson(plan: ActionPlan): string {
  return canonicalJson(plan);
}

/** Parses and checks the shape of a stored plan. It does not check the hash: call verifyPlanHash for that. */
export function planFromJson(text: string): ActionPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HealthInputError(`The plan is not valid JSON: ${(error as Error).message}`, 'plan');
  }
  return assertPlanShape(value);
}

export const PLAN_CSV_COLUMNS = [
  'plan_kind',
  'plan_hash',
  'item_id',
  'action',
  'subject_type',
  'subject_id',
  'subject_name',
  'owner_user_id',
  'required_roles',
  'reason_codes',
  'reasons',
  'evidence',
  'params',
] as const;

export function planToCsv(plan: ActionPlan): string {
  const rows = [PLAN_CSV_COLUMNS.map(csvField).join(',')];
  for (const item of plan.items) rows.push(itemRow(plan, item).map(csvField).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

function itemRow(plan: ActionPlan, item: PlanItem): string[] {
  return [
    plan.kind,
    plan.hash,
    item.id,
    item.action,
    item.subject.type,
    item.subject.id,
    item.subject.name,
    item.subject.ownerUserId ?? '',
    item.requiredRoles.join(';'),
    item.reasons.map((r) => r.code).join(';'),
    item.reasons.map((r) => `${r.code}: ${r.message}`).join(' | '),
    canonicalJson(item.reasons.map((r) => ({ code: r.code, evidence: r.evidence }))),
    item.params ? canonicalJson(item.params) : '',
  ];
}

/**
 * A spreadsheet would run a cell starting with = + - @ (or a tab/CR) as a formula; usernames and hostnames come
 * from the tenant, so such cells get a leading apostrophe (OWASP "CSV injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function assertPlanShape(value: unknown): ActionPlan {
  const fail = (path: string, expected: string): never => {
    throw new HealthInputError(`The plan is malformed: ${path} must be ${expected}.`, path);
  };
  if (!isRecord(value)) return fail('plan', 'an object');
  if (value.version !== 1) fail('version', 'the number 1');
  if (typeof value.kind !== 'string' || value.kind === '') fail('kind', 'a non-empty string');
  if (typeof value.createdAt !== 'string') fail('createdAt', 'an ISO timestamp string');
  if (typeof value.hash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(value.hash))
    fail('hash', '"sha256:" followed by 64 hex digits');
  if (!Array.isArray(value.items)) return fail('items', 'an array');
  value.items.forEach((item: unknown, i: number) => {
    const at = `items[${i}]`;
    if (!isRecord(item)) return fail(at, 'an object');
    if (typeof item.id !== 'string') fail(`${at}.id`, 'a string');
    if (!(ACTION_KINDS as readonly unknown[]).includes(item.action))
      fail(`${at}.action`, `one of ${ACTION_KINDS.join(', ')}`);
    const subject = item.subject;
    if (
      !isRecord(subject) ||
      !['user', 'agent', 'actor'].includes(subject.type as string) ||
      typeof subject.id !== 'string' ||
      typeof subject.name !== 'string'
    ) {
      fail(`${at}.subject`, 'an object with type (user, agent or actor), id and name');
    }
    if (
      !Array.isArray(item.requiredRoles) ||
      !item.requiredRoles.every((r) => (APPROVAL_ROLES as readonly unknown[]).includes(r))
    ) {
      fail(`${at}.requiredRoles`, `a list of ${APPROVAL_ROLES.join(', ')}`);
    }
    if (!Array.isArray(item.reasons)) return fail(`${at}.reasons`, 'an array');
    item.reasons.forEach((r: unknown, j: number) => {
      if (!isRecord(r) || typeof r.code !== 'string' || typeof r.message !== 'string' || !isRecord(r.evidence)) {
        fail(`${at}.reasons[${j}]`, 'an object with code, message and evidence');
      }
    });
    if (item.params !== undefined && !isRecord(item.params)) fail(`${at}.params`, 'an object when present');
  });
  return value as unknown as ActionPlan;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
