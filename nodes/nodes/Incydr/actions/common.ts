import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { IncydrClient } from '@incydr-health/core/incydr/index';

/** What an operation returns for one input item: the JSON objects that become its output items. */
export type OperationResult = IDataObject[];

export type Operation = (this: IExecuteFunctions, client: IncydrClient, itemIndex: number) => Promise<OperationResult>;

/** Thrown for input a person can fix in the node's fields; the router turns it into a NodeOperationError. */
export class InvalidParameterError extends Error {
	override readonly name = 'InvalidParameterError';
}

/** Return All + Limit for one resource's Get Many operation. */
export function returnAllAndLimit(resource: string, plural: string, operations: string[] = ['getMany']): INodeProperties[] {
	const show = { resource: [resource], operation: operations };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
			hint: `Stops paging through the ${plural} once this many have arrived`,
		},
	];
}

/** Reads Return All / Limit and turns them into a cap for `collect` and a page size that does not overshoot. */
export function readLimit(this: IExecuteFunctions, itemIndex: number, maxPageSize: number): { limit: number; pageSize: number } {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) {
		return { limit: Number.POSITIVE_INFINITY, pageSize: maxPageSize };
	}
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	if (!Number.isInteger(limit) || limit < 1) {
		throw new InvalidParameterError(`Limit must be a whole number of at least 1, got ${String(limit)}`);
	}
	return { limit, pageSize: Math.min(limit, maxPageSize) };
}

/** A required id field, trimmed; an empty value is a mistake the user can fix, not an API call. */
export function readId(this: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (id === '') throw new InvalidParameterError(`${label} is empty; give the ID to use (an expression such as {{ $json.${name} }} works)`);
	return id;
}

/**
 * Many ids from one field: a list from an expression, or text separated by commas, spaces or new lines.
 * Duplicates are dropped so each id yields one output item.
 */
export function readIds(this: IExecuteFunctions, name: string, label: string, itemIndex: number): string[] {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : typeof value === 'string' ? value.split(/[\s,]+/) : [String(value ?? '')];
	const ids = [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
	if (ids.length === 0) throw new InvalidParameterError(`${label} is empty; give one or more IDs separated by commas`);
	return ids;
}

/** An optional list filter: like readIds, but empty means "no filter" rather than a mistake. */
export function readOptionalList(value: unknown): string[] | undefined {
	const parts = Array.isArray(value) ? value.map((v) => String(v)) : typeof value === 'string' ? value.split(/[\n,]+/) : [];
	const list = [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
	return list.length > 0 ? list : undefined;
}

/** A whole number of at least `min` from a field, or an error naming the field. */
export function readWholeNumber(this: IExecuteFunctions, name: string, label: string, itemIndex: number, fallback: number, min = 1): number {
	const value = this.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
		throw new InvalidParameterError(`${label} must be a whole number of at least ${min}, got ${String(value)}`);
	}
	return value;
}
