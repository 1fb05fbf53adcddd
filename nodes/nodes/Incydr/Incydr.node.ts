import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { actorFields, actorOperations } from './actions/actor.js';
import { agentFields, agentOperations } from './actions/agent.js';
import { auditLogFields, auditLogOperations } from './actions/audit-log.js';
import { caseFields, caseOperations } from './actions/case.js';
import { departmentFields, departmentOperations } from './actions/department.js';
import { deviceFields, deviceOperations } from './actions/device.js';
import { fileEventFields, fileEventOperations } from './actions/file-event.js';
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
		description: 'Read and manage users, agents, devices, actors, cases, legal holds and watchlists, and search the audit log and file events of a Code42 Incydr tenant',
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
					{ name: 'Actor', value: 'actor' },
					{ name: 'Agent', value: 'agent' },
					{ name: 'Audit Log', value: 'auditLog' },
					{ name: 'Case', value: 'case' },
					{ name: 'Department', value: 'department' },
					{ name: 'Device', value: 'device' },
					{ name: 'File Event', value: 'fileEvent' },
					{ name: 'Legal Hold', value: 'legalHold' },
					{ name: 'User', value: 'user' },
					{ name: 'Watchlist', value: 'watchlist' },
				],
				default: 'agent',
			},
			actorOperations,
			agentOperations,
			auditLogOperations,
			caseOperations,
			departmentOperations,
			deviceOperations,
			fileEventOperations,
			legalHoldOperations,
			userOperations,
			watchlistOperations,
			...actorFields,
			...agentFields,
			...auditLogFields,
			...caseFields,
			...departmentFields,
			...deviceFields,
			...fileEventFields,
			...legalHoldFields,
			...userFields,
			...watchlistFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
