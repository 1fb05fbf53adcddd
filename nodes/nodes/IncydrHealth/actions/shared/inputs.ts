import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { HealthInputError, PlanIntegrityError } from '@incydr-health/core/health/errors';
import { IncydrApiError } from '@incydr-health/core/incydr/index';
import type { Finding } from '@incydr-health/core/health/findings';
import { planItemId } from '@incydr-health/core/health/plan';
import { formatInstant, toInstant } from '@incydr-health/core/health/dates';

/** Thrown for an input or parameter a person can fix; the node turns it into a NodeOperationError. */
export class InputProblem extends Error {
	override readonly name = 'InputProblem';
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
	}
}

/** Runs `fn`, handing back what it threw instead of throwing, so callers can turn it into a node error. */
export function attempt<T>(fn: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** Parsed JSON text, or a problem naming the field. */
export function parseJson(text: string, label: string): unknown {
	const parsed = attempt(() => JSON.parse(text) as unknown);
	if (!parsed.ok) throw new InputProblem(`${label} is not a list: the text is not valid JSON`, 'Use an expression returning a list, or JSON text starting with [.');
	return parsed.value;
}

/** A list given as an expression result or JSON text; empty text means an empty list. */
export function listValue(value: unknown, label: string): IDataObject[] {
	if (value === '' || value === null || value === undefined) return [];
	const parsed = typeof value === 'string' ? parseJson(value, label) : value;
	if (!Array.isArray(parsed)) throw new InputProblem(`${label} must be a list, got ${describeType(parsed)}`);
	parsed.forEach((entry, index) => {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InputProblem(`${label}[${index}] must be an object, got ${describeType(entry)}`);
	});
	return parsed as IDataObject[];
}

/**
 * A list taken "by field": the parameter is an expression returning an array (the default ones read a previous
 * node's items), or JSON text of an array. Read once, for the first item: the analyses judge a whole tenant at a
 * time, not one item.
 */
export function readList(this: IExecuteFunctions, name: string, label: string, options: { optional?: boolean } = {}): IDataObject[] {
	const raw = this.getNodeParameter(name, 0, options.optional ? '' : undefined) as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') {
			if (options.optional) return [];
			throw new InputProblem(`${label} is empty`, `Give an expression returning a list, e.g. {{ $('Node Name').all().map(item => item.json) }}.`);
		}
		value = parseJson(raw, label);
	}
	if (value === null || value === undefined) {
		if (options.optional) return [];
		throw new InputProblem(`${label} is empty`, 'Check that the expression points at a node that ran before this one.');
	}
	if (!Array.isArray(value)) {
		throw new InputProblem(`${label} must be a list, got ${describeType(value)}`, 'An expression such as {{ $(\'Node Name\').all().map(item => item.json) }} returns a list.');
	}
	value.forEach((entry, index) => {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw new InputProblem(`${label}[${index}] must be an object, got ${describeType(entry)}`);
		}
	});
	return value as IDataObject[];
}

/** Checks the fields every entry of a list must carry, so a wrong expression fails with a sentence, not a crash. */
export function requireFields<T>(list: IDataObject[], label: string, fields: Record<string, 'string' | 'number' | 'boolean' | 'array' | 'object'>): T[] {
	list.forEach((entry, index) => {
		for (const [field, type] of Object.entries(fields)) {
			const value = entry[field];
			const ok = type === 'array' ? Array.isArray(value) : type === 'object' ? value !== null && typeof value === 'object' : typeof value === type;
			if (!ok) {
				throw new InputProblem(
					`${label}[${index}].${field} must be ${type === 'array' ? 'a list' : `a ${type}`}, got ${describeType(value)}`,
					`Is ${label} pointing at the right node? Each entry needs ${Object.keys(fields).join(', ')}.`,
				);
			}
		}
	});
	return list as unknown as T[];
}

export function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
	return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}

/** Comma- or line-separated text, or a list from an expression; empty entries dropped. */
export function readTextList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : typeof value === 'string' ? value.split(/[\n,]+/) : [];
	return [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ''))];
}

/** Options live in a collection; this reads one with a fallback, as if it were a top-level parameter. */
export function option<T>(context: IExecuteFunctions, collection: string, name: string, fallback: T): T {
	const options = context.getNodeParameter(collection, 0, {}) as Record<string, unknown>;
	const value = options[name];
	return (value === undefined ? fallback : value) as T;
}

/** A whole number of at least `min` from an options collection, or a problem naming the option. */
export function wholeNumberOption(context: IExecuteFunctions, collection: string, name: string, label: string, fallback: number, min: number): number {
	const value = option<unknown>(context, collection, name, fallback);
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
		throw new InputProblem(`${label} must be a whole number of at least ${min}, got ${describeType(value)}`);
	}
	return value;
}

/** The analysis date: the option when set (so re-runs are reproducible), else now. */
export function parseAsOf(value: unknown): string {
	if (value === '' || value === null || value === undefined) return new Date().toISOString();
	if (typeof value !== 'string' && !(value instanceof Date)) throw new InputProblem(`As Of must be a date and time, got ${describeType(value)}`);
	// The core reads a time without a zone as UTC, so a run means the same thing on every n8n host.
	return formatInstant(toInstant(value, 'As Of'));
}

/** A finding as an n8n item: flat enough to filter on, complete enough to rebuild the plan item from. */
export function findingJson(analysis: string, finding: Finding): IDataObject {
	return {
		analysis,
		itemId: finding.action === null ? null : planItemId(finding.action, finding.subject),
		action: finding.action,
		subject: { ...finding.subject },
		reasonCodes: finding.reasons.map((r) => r.code),
		reasons: finding.reasons.map((r) => ({ code: r.code, message: r.message, evidence: { ...r.evidence } })),
		...(finding.params ? { params: { ...finding.params } } : {}),
	};
}

/** Every output item of a whole-input operation is paired with all of the input items it was computed from. */
export function pairedWithAll(count: number): Array<{ item: number }> {
	return Array.from({ length: Math.max(count, 1) }, (_, item) => ({ item }));
}

export function asItems(this: IExecuteFunctions, jsons: IDataObject[]): INodeExecutionData[] {
	const pairedItem = pairedWithAll(this.getInputData().length);
	return jsons.map((json) => ({ json, pairedItem }));
}

/** Anything thrown by an operation, as the n8n error a person reads in the editor. */
export function toNodeOperationError(this: IExecuteFunctions, error: unknown): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const node = this.getNode();
	if (error instanceof InputProblem) return new NodeOperationError(node, error.message, error.hint ? { description: error.hint } : {});
	if (error instanceof HealthInputError) return new NodeOperationError(node, error.message, { description: `Check the input behind "${error.field}".` });
	if (error instanceof PlanIntegrityError) {
		return new NodeOperationError(node, error.message, {
			description: 'Nothing was executed. Point Plan at the plan the approval was given for, and Approved Plan Hash at the hash the approval names.',
		});
	}
	if (error instanceof IncydrApiError) return new NodeOperationError(node, error.message, { description: error.apiMessage ?? undefined });
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message);
}
