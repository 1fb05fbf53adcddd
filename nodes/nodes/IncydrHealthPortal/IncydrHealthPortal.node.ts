import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { approvalExecute, approvalFields, approvalOperations } from './actions/approval.js';
import { asNodeError, errorItem, type Operation } from './actions/common.js';
import { runExecute, runFields, runOperations } from './actions/run.js';
import { CREDENTIAL_TYPE, portalApiBase } from './transport.js';

const OPERATIONS: Record<string, Record<string, Operation>> = { run: runExecute, approval: approvalExecute };

export class IncydrHealthPortal implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Incydr Health Portal',
		name: 'incydrHealthPortal',
		icon: { light: 'file:incydrHealthPortal.svg', dark: 'file:incydrHealthPortal.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Record runs and findings in the Incydr Health approvals portal, ask HR and Legal to approve a plan, and read their decision',
		defaults: { name: 'Incydr Health Portal' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Approval', value: 'approval' },
					{ name: 'Run', value: 'run' },
				],
				default: 'approval',
			},
			approvalOperations,
			runOperations,
			...approvalFields,
			...runFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const op = OPERATIONS[resource]?.[operation];
		if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`);
		const base = await portalApiBase(this);
		if (op.kind === 'allItems') return [await op.run.call(this, base)];
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				for (const json of await op.run.call(this, base, i)) output.push({ json, pairedItem: { item: i } });
			} catch (error) {
				const failure = asNodeError(this, error, `Portal ${resource}.${operation}`, i);
				if (!this.continueOnFail()) throw failure;
				output.push(errorItem(failure, i));
			}
		}
		return [output];
	}
}
