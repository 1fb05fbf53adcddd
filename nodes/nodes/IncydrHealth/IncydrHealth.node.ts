import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import * as classifyVersionWindow from './actions/agent/classifyVersionWindow.operation.js';

export class IncydrHealth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Incydr Health',
		name: 'incydrHealth',
		icon: { light: 'file:incydrHealth.svg', dark: 'file:incydrHealth.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Checks the health of a Code42 Incydr tenant: agents, users and their HR status',
		defaults: { name: 'Incydr Health' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Agent', value: 'agent' }],
				default: 'agent',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['agent'] } },
				options: [
					{
						name: 'Classify Version Window',
						value: 'classifyVersionWindow',
						action: 'Classify agent versions against the supported window',
						description:
							'Mark each agent version as current, outdated (still supported), unsupported or ahead of the current release',
					},
				],
				default: 'classifyVersionWindow',
			},
			...classifyVersionWindow.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource === 'agent' && operation === 'classifyVersionWindow') {
			return [await classifyVersionWindow.execute.call(this, items)];
		}
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`);
	}
}
