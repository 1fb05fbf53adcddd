import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { IncydrApiError } from '@incydr-health/core/incydr/index';
import { InvalidParameterError } from './common.js';

/** API failures keep their operation and status; anything the user can fix in the node's fields is an operation error. */
export function asNodeError(context: IExecuteFunctions, error: unknown, operation: string, itemIndex: number): NodeApiError | NodeOperationError {
	const node = context.getNode();
	if (error instanceof IncydrApiError) {
		const status = error.status === undefined ? undefined : String(error.status);
		return new NodeApiError(node, error.toJSON() as JsonObject, {
			itemIndex,
			// The core's message already names the API operation, method, path, status and the API's own words.
			message: error.message,
			description: error.apiMessage,
			httpCode: status,
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	if (error instanceof InvalidParameterError || error instanceof TypeError || error instanceof RangeError) {
		return new NodeOperationError(node, error.message, { itemIndex });
	}
	return new NodeOperationError(node, error as Error, { itemIndex, message: `Incydr ${operation} failed: ${(error as Error)?.message ?? String(error)}` });
}
