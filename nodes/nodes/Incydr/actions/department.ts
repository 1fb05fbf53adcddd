import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect } from '@incydr-health/core/incydr/index';
import { readLimit, returnAllAndLimit, type Operation } from './common.js';

export const departmentOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['department'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getMany',
			action: 'Get many departments',
			description: 'List the department names Incydr knows from the identity provider',
		},
	],
	default: 'getMany',
};

export const departmentFields: INodeProperties[] = [
	...returnAllAndLimit('department', 'departments'),
	{
		displayName: 'Name Contains',
		name: 'departmentName',
		type: 'string',
		default: '',
		description: 'Only departments whose name contains this text (case-insensitive); leave empty for all departments',
		displayOptions: { show: { resource: ['department'], operation: ['getMany'] } },
	},
];

export const departmentExecute: Record<string, Operation> = {
	async getMany(client, i) {
		const name = (this.getNodeParameter('departmentName', i, '') as string).trim();
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.departments);
		// Incydr answers with bare names; each becomes an object so it can be an n8n item.
		return (await collect(client.departments.iterate(name ? { name } : {}, { pageSize }), limit)).map((department) => ({ department }));
	},
};
