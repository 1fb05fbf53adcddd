import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { route } from './actions/router.js';
import { hrDirectoryProperties } from './fields.js';

export class HrDirectory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HR Directory',
		name: 'hrDirectory',
		icon: { light: 'file:hrDirectory.svg', dark: 'file:hrDirectory.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["provider"]}}',
		description: 'Read people from BambooHR, Workday, a SCIM 2.0 server or a CSV file as one normalized record per person',
		defaults: { name: 'HR Directory' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'incydrHealthBambooHrApi', required: true, displayOptions: { show: { provider: ['bambooHr'] } } },
			{ name: 'incydrHealthWorkdayApi', required: true, displayOptions: { show: { provider: ['workday'] } } },
			{ name: 'incydrHealthScimApi', required: true, displayOptions: { show: { provider: ['scim'] } } },
		],
		properties: hrDirectoryProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
