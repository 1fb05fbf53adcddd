import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/** Runs once per input item; the router pairs each returned object with that item and applies Continue On Fail. */
export interface PerItemOperation {
	kind: 'perItem';
	run(this: IExecuteFunctions, base: string, itemIndex: number): Promise<IDataObject[]>;
}

/** Takes every input item at once (batched calls); pairs its own output and handles Continue On Fail itself. */
export interface AllItemsOperation {
	kind: 'allItems';
	run(this: IExecuteFunctions, base: string): Promise<INodeExecutionData[]>;
}

export type Operation = PerItemOperation | AllItemsOperation;

/** A positive whole-number id from a field (a number, or digits from an expression). */
export function readPositiveId(context: IExecuteFunctions, name: string, label: string, itemIndex: number): number {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	const id = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isSafeInteger(id) || id <= 0) {
		throw new NodeOperationError(context.getNode(), `${label} must be a positive whole number, got ${JSON.stringify(value ?? null)}`, {
			itemIndex,
			description: 'Point it at the id a previous Incydr Health Portal node returned, with an expression.',
		});
	}
	return id;
}

/** A JSON value from a field: an object/array from an expression, or text holding JSON. */
export function readJson(context: IExecuteFunctions, name: string, label: string, itemIndex: number): unknown {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		throw new NodeOperationError(context.getNode(), `${label} is not valid JSON`, { itemIndex });
	}
}

export function errorItem(error: unknown, itemIndex: number | number[]): INodeExecutionData {
	const httpCode = (error as { httpCode?: unknown }).httpCode;
	return {
		json: { error: (error as Error).message, ...(typeof httpCode === 'string' ? { httpCode } : {}) },
		pairedItem: Array.isArray(itemIndex) ? itemIndex.map((item) => ({ item })) : { item: itemIndex },
	};
}

/** Keeps the node errors operations raise; anything else becomes an operation error naming what failed. */
export function asNodeError(context: IExecuteFunctions, error: unknown, what: string, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(context.getNode(), `${what} failed: ${message}`, itemIndex === undefined ? {} : { itemIndex });
}
