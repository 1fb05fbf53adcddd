import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { Finding } from '@incydr-health/core/health/findings';
import type { ActionPlan, PlanItem, Reason } from '@incydr-health/core/health/plan-types';
import { ACTION_KINDS } from '@incydr-health/core/health/plan-types';
import { itemsFromFindings, requiredRolesFor } from '@incydr-health/core/health/plan';
import { planFromJson } from '@incydr-health/core/health/plan-export';
import { sortReasons } from '@incydr-health/core/health/findings';
import type { ManualHold } from '@incydr-health/core/health/preservation';
import { InputProblem, describeType, listValue } from '../shared/inputs.js';

/** What the plan operations accept from earlier steps, item by item. */
export interface ProposedInputs {
	items: PlanItem[];
	/** Guard results that were preserved: never planned, but counted and named in the summary. */
	preserved: Array<{ itemId: string; reasonCodes: string[] }>;
	kept: number;
	analyses: Set<string>;
}

const isRecord = (value: unknown): value is IDataObject => value !== null && typeof value === 'object' && !Array.isArray(value);

function isPlanItem(value: unknown): value is PlanItem {
	return isRecord(value) && typeof value.id === 'string' && Array.isArray(value.requiredRoles) && Array.isArray(value.reasons) && isRecord(value.subject);
}

function asFinding(entry: IDataObject, index: number, label: string): Finding {
	const { action, subject, reasons } = entry;
	const actionOk = action === null || (typeof action === 'string' && (ACTION_KINDS as readonly string[]).includes(action));
	if (!actionOk || !isRecord(subject) || typeof subject.id !== 'string' || !Array.isArray(reasons)) {
		throw new InputProblem(
			`${label}[${index}] is not a finding, a guard result or a plan item (action ${describeType(action)}, subject ${describeType(subject)})`,
			'Connect this node to an Offboarding Cross-Check, Stale-Device Triage or Preservation Guard, or point the field at their items.',
		);
	}
	const finding: Finding = { subject: subject as unknown as Finding['subject'], action: action as Finding['action'], reasons: reasons as unknown as Reason[] };
	if (isRecord(entry.params)) finding.params = entry.params as Finding['params'];
	return finding;
}

/** Advisories found by a guard travel with an allowed item as extra reasons, which may add Legal as approver. */
function withAdvisories(item: PlanItem, advisories: unknown): PlanItem {
	if (!Array.isArray(advisories) || advisories.length === 0) return item;
	const reasons = sortReasons([...item.reasons, ...(advisories as Reason[])]);
	return { ...item, reasons, requiredRoles: requiredRolesFor(item.action, reasons) };
}

/** Findings, guard results ({guard, item}) and plan items, in any mix: each becomes a plan item or is counted. */
export function proposedFrom(entries: IDataObject[], label: string): ProposedInputs {
	const findings: Finding[] = [];
	const direct: PlanItem[] = [];
	const result: ProposedInputs = { items: [], preserved: [], kept: 0, analyses: new Set() };
	entries.forEach((entry, index) => {
		// n8n's "Always Output Data" hands on one empty item when an analysis found nothing: that is no finding.
		if (Object.keys(entry).length === 0) return;
		if (typeof entry.analysis === 'string') result.analyses.add(entry.analysis);
		if (isPlanItem(entry.item)) {
			if (entry.guard === 'preserved') {
				result.preserved.push({ itemId: entry.item.id, reasonCodes: Array.isArray(entry.reasonCodes) ? (entry.reasonCodes as string[]) : [] });
			} else {
				direct.push(withAdvisories(entry.item, entry.advisories));
			}
			return;
		}
		if (isPlanItem(entry)) {
			direct.push(entry);
			return;
		}
		const finding = asFinding(entry, index, label);
		if (finding.action === null) result.kept += 1;
		else findings.push(finding);
	});
	result.items = [...itemsFromFindings(findings), ...direct];
	return result;
}

/** A plan given as an object from an expression, or as its JSON text; its shape is checked, not yet its hash. */
export function planValue(value: unknown): ActionPlan {
	if (value === '' || value === null || value === undefined) {
		throw new InputProblem('Plan is empty', "Point it at the Build Plan node's plan, e.g. {{ $('Build Plan').first().json.plan }}.");
	}
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return planFromJson(text);
}

const HOLD_SUBJECT_TYPES = ['user', 'agent', 'actor'];

/** Manual holds in the core's shape (the portal's preservation register exports them). */
export function manualHoldsValue(value: unknown): ManualHold[] {
	return listValue(value, 'Manual Holds').map((hold, index) => {
		const ok =
			typeof hold.subjectType === 'string' &&
			HOLD_SUBJECT_TYPES.includes(hold.subjectType) &&
			typeof hold.subjectId === 'string' &&
			typeof hold.reason === 'string' &&
			typeof hold.owner === 'string';
		if (!ok) {
			throw new InputProblem(
				`Manual Holds[${index}] must have subjectType (user, agent or actor), subjectId, reason and owner`,
				'Use the Portal node\'s Get Preservation Register output, or JSON such as [{"subjectType":"user","subjectId":"…","reason":"…","owner":"legal@example.com"}].',
			);
		}
		return {
			subjectType: hold.subjectType as ManualHold['subjectType'],
			subjectId: hold.subjectId as string,
			reason: hold.reason as string,
			owner: hold.owner as string,
			createdAt: typeof hold.createdAt === 'string' ? hold.createdAt : null,
		};
	});
}

export function manualHoldsProperty(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Manual Holds',
		name: 'manualHolds',
		type: 'json',
		default: '[]',
		description:
			'Holds placed by people, as a list of {subjectType, subjectId, reason, owner}: the Portal node\'s Get Preservation Register output fits as-is',
		displayOptions: { show },
	};
}

export function retriesOption(): INodeProperties {
	return {
		displayName: 'Retries',
		name: 'retries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
		default: 4,
		description: 'How often a rate-limited or failed Incydr request is tried again (with backoff) before it counts as failed',
	};
}

export function readRetries(context: IExecuteFunctions, collection: string): number {
	const options = context.getNodeParameter(collection, 0, {}) as Record<string, unknown>;
	const retries = options.retries ?? 4;
	if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 10) {
		throw new InputProblem(`Retries must be a whole number from 0 to 10, got ${describeType(retries)}`);
	}
	return retries;
}
