import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { agentFields, agentOperations } from './actions/agent.js';
import { caseFields, caseOperations } from './actions/case.js';
import { legalHoldFields, legalHoldOperations } from './actions/legal-hold.js';
import { route } from './actions/router.js';
import { userFields, userOperations } from './actions/user.js';
import { watchlistFields, watchlistOperations } from './actions/watchlist.js';

export class Incydr implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Incydr',
		name: 'incydr',
		icon: { light: 'file:incydr.svg', dark: 'file:incydr.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and manage users, agents, cases, legal holds and watchlists in a Code42 Incydr tenant',
		defaults: { name: 'Incydr' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'incydrApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Case', value: 'case' },
					{ name: 'Legal Hold', value: 'legalHold' },
					{ name: 'User', value: 'user' },
					{ name: 'Watchlist', value: 'watchlist' },
				],
				default: 'agent',
			},
			agentOperations,
			caseOperations,
			legalHoldOperations,
			userOperations,
			watchlistOperations,
			...agentFields,
			...caseFields,
			...legalHoldFields,
			...userFields,
			...watchlistFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
