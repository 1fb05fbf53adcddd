/**
 * Maps what the Incydr Health analyses emit onto the portal's finding schema (`POST /runs/{id}/findings`).
 * Pure: no n8n, no I/O. Accepted inputs, recognised by shape:
 * - a portal finding already (`category`, `subjectType`, `subjectId`, ...): checked and passed on;
 * - a core `Finding` or a plan item (`subject`, `action`, `reasons`);
 * - a preserved item of the preservation guard (`item` plus blocking `reasons`): a preserved subject;
 * - an agent classified by Classify Version Window (`versionWindow.standing` outdated or unsupported).
 * Anything else is refused with a sentence saying why, never dropped.
 */
import type { PlanSubject, Reason } from '@incydr-health/core/health/plan-types';
import { reasonCodeSpec } from '@incydr-health/core/health/reason-codes';

/** The portal's categories (db/schema.ts FINDING_CATEGORIES; a test keeps the two in step). */
export const PORTAL_FINDING_CATEGORIES = [
	'stale-agent',
	'outdated-agent',
	'unsupported-agent',
	'unhealthy-agent',
	'terminated-active-user',
	'preserved-subject',
] as const;
export type PortalFindingCategory = (typeof PORTAL_FINDING_CATEGORIES)[number];

type DetailValue = string | number | boolean | null | string[];

export interface PortalFinding {
	category: PortalFindingCategory;
	subjectType: PlanSubject['type'];
	subjectId: string;
	subjectName: string;
	issue?: string | null;
	reason?: string | null;
	details?: Record<string, DetailValue>;
}

export type MappingResult = { ok: true; finding: PortalFinding } | { ok: false; problem: string };

const SUBJECT_TYPES = new Set(['user', 'agent', 'actor']);
// The portal's limits (portal/src/api-schemas.ts): longer text is cut rather than refused.
const LIMITS = { subjectId: 200, subjectName: 300, reason: 2000, issue: 100, detailKey: 100, detailText: 2000, detailList: 100 };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const isCategory = (value: unknown): value is PortalFindingCategory =>
	typeof value === 'string' && (PORTAL_FINDING_CATEGORIES as readonly string[]).includes(value);

function detailValue(value: unknown): DetailValue | undefined {
	if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
	if (typeof value === 'string') return cut(value, LIMITS.detailText);
	if (Array.isArray(value)) return value.slice(0, LIMITS.detailList).map((v) => cut(String(v), LIMITS.detailText));
	return undefined;
}

/** Evidence of every reason, flattened into the portal's `details` (first value of a key wins), plus the codes. */
function detailsOf(reasons: readonly Reason[], extra: Record<string, DetailValue> = {}): Record<string, DetailValue> {
	const details: Record<string, DetailValue> = { ...extra, reasonCodes: reasons.map((r) => r.code) };
	for (const r of reasons) {
		for (const [key, value] of Object.entries(isRecord(r.evidence) ? r.evidence : {})) {
			const shortKey = cut(key, LIMITS.detailKey);
			const v = detailValue(value);
			if (v !== undefined && !(shortKey in details)) details[shortKey] = v;
		}
	}
	return details;
}

function readSubject(value: unknown): PlanSubject | string {
	if (!isRecord(value)) return 'it has no subject';
	const { type, id, name } = value;
	if (typeof type !== 'string' || !SUBJECT_TYPES.has(type)) return 'its subject type is not user, agent or actor';
	if (typeof id !== 'string' || id.trim() === '') return 'its subject has no id';
	const label = typeof name === 'string' && name.trim() !== '' ? name : id;
	return { type: type as PlanSubject['type'], id, name: label };
}

function readReasons(value: unknown): Reason[] | string {
	if (!Array.isArray(value) || value.length === 0) return 'it has no reasons';
	const reasons: Reason[] = [];
	for (const r of value) {
		if (!isRecord(r) || typeof r.code !== 'string' || typeof r.message !== 'string') return 'a reason lacks its code or message';
		reasons.push({ code: r.code, message: r.message, evidence: (isRecord(r.evidence) ? r.evidence : {}) as Reason['evidence'] });
	}
	return reasons;
}

function build(category: PortalFindingCategory, subject: PlanSubject, reasons: Reason[], issue: string | null, extra: Record<string, DetailValue> = {}): PortalFinding {
	return {
		category,
		subjectType: subject.type,
		subjectId: cut(subject.id, LIMITS.subjectId),
		subjectName: cut(subject.name, LIMITS.subjectName),
		issue: issue === null ? null : cut(issue, LIMITS.issue),
		reason: cut(reasons.map((r) => r.message).join(' '), LIMITS.reason),
		details: detailsOf(reasons, extra),
	};
}

const isProtection = (code: string) => reasonCodeSpec(code)?.role === 'protection';

/** The category an analysis finding belongs to, from its proposed action and reason codes. */
export function categoryOf(action: unknown, reasons: readonly Reason[]): { category: PortalFindingCategory; issue: string | null } | string {
	const codes = reasons.map((r) => r.code);
	switch (action) {
		case 'deactivate-user':
			return { category: 'terminated-active-user', issue: null };
		case 'deactivate-agent':
			return { category: 'stale-agent', issue: null };
		case 'upgrade-agent':
			return { category: codes.includes('UNSUPPORTED_AGENT') ? 'unsupported-agent' : 'outdated-agent', issue: null };
		case 'troubleshoot-agent': {
			const health = reasons.find((r) => typeof r.evidence?.healthIssue === 'string');
			return { category: 'unhealthy-agent', issue: health ? String(health.evidence.healthIssue) : (codes[0] ?? null) };
		}
		case null:
		case undefined:
			if (codes.some(isProtection)) return { category: 'preserved-subject', issue: null };
			return `it proposes no action and carries no protection (${codes.join(', ')}); set Category to record it anyway`;
		default:
			return `the portal has no finding category for the action "${String(action)}"; set Category to record it anyway`;
	}
}

function fromPortalShape(json: Record<string, unknown>): MappingResult {
	if (!isCategory(json.category)) return { ok: false, problem: `category "${String(json.category)}" is not one of ${PORTAL_FINDING_CATEGORIES.join(', ')}` };
	const subject = readSubject({ type: json.subjectType, id: json.subjectId, name: json.subjectName });
	if (typeof subject === 'string') return { ok: false, problem: subject };
	const details: Record<string, DetailValue> = {};
	for (const [key, value] of Object.entries(isRecord(json.details) ? json.details : {})) {
		const v = detailValue(value);
		if (v !== undefined) details[cut(key, LIMITS.detailKey)] = v;
	}
	return {
		ok: true,
		finding: {
			category: json.category,
			subjectType: subject.type,
			subjectId: cut(subject.id, LIMITS.subjectId),
			subjectName: cut(subject.name, LIMITS.subjectName),
			issue: typeof json.issue === 'string' ? cut(json.issue, LIMITS.issue) : null,
			reason: typeof json.reason === 'string' ? cut(json.reason, LIMITS.reason) : null,
			details,
		},
	};
}

function fromVersionWindow(json: Record<string, unknown>, window: Record<string, unknown>, forced: PortalFindingCategory | null): MappingResult {
	const standing = window.standing;
	const category = forced ?? (standing === 'unsupported' ? 'unsupported-agent' : standing === 'outdated' ? 'outdated-agent' : null);
	if (!category) return { ok: false, problem: `its agent version is ${String(standing)}, which is not a finding` };
	const id = json.agentId ?? json.deviceId ?? json.id;
	if (typeof id !== 'string' || id === '') return { ok: false, problem: 'the classified agent has no agentId' };
	const name = [json.name, json.hostName, json.hostname].find((v) => typeof v === 'string' && v !== '') as string | undefined;
	const version = String(window.version ?? '');
	return {
		ok: true,
		finding: {
			category,
			subjectType: 'agent',
			subjectId: cut(id, LIMITS.subjectId),
			subjectName: cut(name ?? id, LIMITS.subjectName),
			issue: null,
			reason: `Agent version ${version} is ${String(standing)}; the current release is ${String(window.currentRelease ?? '?')}.`,
			details: {
				version,
				release: detailValue(window.release) ?? null,
				releasesBehind: detailValue(window.releasesBehind) ?? null,
				currentRelease: detailValue(window.currentRelease) ?? null,
			},
		},
	};
}

/**
 * One input item's JSON to one portal finding. `forced` (the node's Category field) overrides the category the
 * shape implies; the subject and reasons must still be readable.
 */
export function toPortalFinding(json: unknown, forced: PortalFindingCategory | null = null): MappingResult {
	if (!isRecord(json)) return { ok: false, problem: 'it is not an object' };
	if ('category' in json && 'subjectId' in json) {
		const mapped = fromPortalShape(json);
		if (mapped.ok && forced) mapped.finding.category = forced;
		return mapped;
	}
	if (isRecord(json.versionWindow)) return fromVersionWindow(json, json.versionWindow, forced);
	// A preserved item of the preservation guard: the plan item sits in `item`, the blocking reasons beside it.
	if (isRecord(json.item) && Array.isArray(json.reasons)) {
		const subject = readSubject(json.item.subject);
		if (typeof subject === 'string') return { ok: false, problem: subject };
		const reasons = readReasons(json.reasons);
		if (typeof reasons === 'string') return { ok: false, problem: reasons };
		return { ok: true, finding: build(forced ?? 'preserved-subject', subject, reasons, null, { proposedAction: String(json.item.action ?? '') }) };
	}
	if ('subject' in json && 'reasons' in json) {
		const subject = readSubject(json.subject);
		if (typeof subject === 'string') return { ok: false, problem: subject };
		const reasons = readReasons(json.reasons);
		if (typeof reasons === 'string') return { ok: false, problem: reasons };
		const extra: Record<string, DetailValue> = typeof json.action === 'string' ? { proposedAction: json.action } : {};
		if (forced) return { ok: true, finding: build(forced, subject, reasons, null, extra) };
		const category = categoryOf(json.action, reasons);
		if (typeof category === 'string') return { ok: false, problem: category };
		return { ok: true, finding: build(category.category, subject, reasons, category.issue, extra) };
	}
	return {
		ok: false,
		problem: 'it is neither a portal finding, an Incydr Health finding or plan item, a preserved item, nor a version-window result',
	};
}

/** Splits a list into consecutive chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
