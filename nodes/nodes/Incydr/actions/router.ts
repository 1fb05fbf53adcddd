import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { incydrClientFor } from '../transport/client.js';
import { actorExecute } from './actor.js';
import { agentExecute } from './agent.js';
import { auditLogExecute } from './audit-log.js';
import { caseExecute } from './case.js';
import type { Operation } from './common.js';
import { departmentExecute } from './department.js';
import { asNodeError } from './node-errors.js';
import { deviceExecute } from './device.js';
import { fileEventExecute } from './file-event.js';
import { legalHoldExecute } from './legal-hold.js';
import { userExecute } from './user.js';
import { watchlistExecute } from './watchlist.js';

const OPERATIONS: Record<string, Record<string, Operation>> = {
	actor: actorExecute,
	agent: agentExecute,
	auditLog: auditLogExecute,
	case: caseExecute,
	department: departmentExecute,
	device: deviceExecute,
	fileEvent: fileEventExecute,
	legalHold: legalHoldExecute,
	user: userExecute,
	watchlist: watchlistExecute,
};


/** Reads resource and operation once, runs it per item, and owns pairedItem, continueOnFail and error mapping. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = OPERATIONS[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`);
	}
	const client = await incydrClientFor(this);
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const results = await run.call(this, client, i);
			for (const json of results) output.push({ json, pairedItem: { item: i } });
		} catch (error) {
			const failure = asNodeError(this, error, `${resource}.${operation}`, i);
			if (!this.continueOnFail()) throw failure;
			const httpCode = failure instanceof NodeApiError ? failure.httpCode : null;
			output.push({ json: { error: failure.message, ...(httpCode ? { httpCode } : {}) }, pairedItem: { item: i } });
		}
	}
	return [output];
}
