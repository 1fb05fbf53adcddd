import type { IExecuteFunctions } from 'n8n-workflow';
import type { DateOrder } from '@incydr-health/core/hr/index';

/** Thrown for input a person can fix in the node's fields; the router turns it into a NodeOperationError. */
export class InvalidParameterError extends Error {
	override readonly name = 'InvalidParameterError';
}

export function readLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return Number.POSITIVE_INFINITY;
	const limit = context.getNodeParameter('limit', itemIndex, 50) as unknown;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new InvalidParameterError(`Limit must be a whole number of at least 1, got ${String(limit)}`);
	}
	return limit;
}

export function readText(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new InvalidParameterError(`${label} is empty; fill it in (an expression such as {{ $json.${name} }} works)`);
	return text;
}

/** Throws a message naming the field when the zone is not one Intl knows, instead of a bare RangeError later. */
export function requireTimeZone(timeZone: string, label: string): string {
	if (!isTimeZone(timeZone)) {
		throw new InvalidParameterError(`${label} "${timeZone}" is not a time zone; use an IANA name such as Europe/Berlin or UTC`);
	}
	return timeZone;
}

function isTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

export interface NodeOptions {
	timeZone?: string;
	dateFormat?: DateOrder;
	delimiter?: 'auto' | ',' | ';';
	prompts?: { prompt?: Array<{ name?: string; value?: string }> };
}

export function readOptions(context: IExecuteFunctions, itemIndex: number): NodeOptions {
	return context.getNodeParameter('options', itemIndex, {}) as NodeOptions;
}

/** Workday prompts as query parameters; a prompt without a name is a mistake, not something to send. */
export function promptsOf(options: NodeOptions): Record<string, string> | undefined {
	const entries = options.prompts?.prompt ?? [];
	if (entries.length === 0) return undefined;
	const prompts: Record<string, string> = {};
	entries.forEach((entry, index) => {
		const name = (entry.name ?? '').trim();
		if (name === '') throw new InvalidParameterError(`Report Prompts: prompt ${index + 1} has no name`);
		prompts[name] = String(entry.value ?? '').trim();
	});
	return prompts;
}
