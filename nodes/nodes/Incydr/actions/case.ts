import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect, type CaseFilters } from '@incydr-health/core/incydr/index';
import { InvalidParameterError, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['case'], operation } });

export const caseOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['case'] } },
	options: [
		{ name: 'Get', value: 'get', action: 'Get a case', description: 'Retrieve one case by its number, with description and findings' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many cases', description: 'List cases, optionally only those with a given status' },
	],
	default: 'getMany',
};

export const caseFields: INodeProperties[] = [
	{
		displayName: 'Case Number',
		name: 'caseNumber',
		type: 'number',
		typeOptions: { minValue: 1 },
		required: true,
		default: 1,
		description: 'The number Incydr gave the case',
		displayOptions: show('get'),
	},
	...returnAllAndLimit('case', 'cases'),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Open', value: 'OPEN' },
			{ name: 'Closed', value: 'CLOSED' },
			{ name: 'Archived', value: 'ARCHIVED' },
		],
		default: 'OPEN',
		description: 'Only cases with this status; open cases are the ones that protect their subject from offboarding',
		displayOptions: show('getMany'),
	},
];

export const caseExecute: Record<string, Operation> = {
	async get(client, i) {
		const caseNumber = this.getNodeParameter('caseNumber', i) as number;
		if (!Number.isInteger(caseNumber) || caseNumber < 1) {
			throw new InvalidParameterError(`Case Number must be a whole number of at least 1, got ${String(caseNumber)}`);
		}
		return [{ ...(await client.cases.get(caseNumber)) }];
	},

	async getMany(client, i) {
		const status = this.getNodeParameter('status', i, '') as string;
		const filters: CaseFilters = status === '' ? {} : { status: status as CaseFilters['status'] };
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.cases);
		const cases = await collect(client.cases.iterate(filters, { pageSize }), limit);
		return cases.map((c) => ({ ...c }));
	},
};
