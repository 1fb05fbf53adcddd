import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect, type MatterFilters } from '@incydr-health/core/incydr/index';
import { readId, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['legalHold'], operation } });
const LISTS = ['getManyMatters', 'getCustodians', 'getMemberships'];

export const legalHoldOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['legalHold'] } },
	options: [
		{ name: 'Get Custodians', value: 'getCustodians', action: 'Get the custodians of a matter', description: 'List the people held by one legal-hold matter' },
		{ name: 'Get Many Matters', value: 'getManyMatters', action: 'Get many legal hold matters', description: 'List legal-hold matters, optionally only active ones' },
		{
			name: 'Get User Memberships',
			value: 'getMemberships',
			action: 'Get the legal hold memberships of a user',
			description: 'List the matters a user is or was a custodian of; an active membership of an active matter protects the user',
		},
	],
	default: 'getManyMatters',
};

export const legalHoldFields: INodeProperties[] = [
	{
		displayName: 'Matter ID',
		name: 'matterId',
		type: 'string',
		required: true,
		default: '',
		description: 'The legal-hold matter ID',
		displayOptions: show('getCustodians'),
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Incydr user ID whose memberships to list',
		displayOptions: show('getMemberships'),
	},
	...returnAllAndLimit('legalHold', 'results', LISTS),
	{
		displayName: 'Filters',
		name: 'matterFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getManyMatters'),
		options: [
			{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether to return only active matters (on) or only deactivated matters (off)' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '', description: 'Only matters whose name contains this text' },
		],
	},
];

export const legalHoldExecute: Record<string, Operation> = {
	async getManyMatters(client, i) {
		const raw = this.getNodeParameter('matterFilters', i, {}) as MatterFilters;
		const filters: MatterFilters = { active: raw.active };
		if (raw.name?.trim()) filters.name = raw.name.trim();
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.matters);
		return (await collect(client.legalHold.iterateMatters(filters, { pageSize }), limit)).map((m) => ({ ...m }));
	},

	async getCustodians(client, i) {
		const matterId = readId.call(this, 'matterId', 'Matter ID', i);
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.custodians);
		return (await collect(client.legalHold.iterateCustodians(matterId, { pageSize }), limit)).map((c) => ({ matterId, ...c }));
	},

	async getMemberships(client, i) {
		const userId = readId.call(this, 'userId', 'User ID', i);
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.memberships);
		return (await collect(client.legalHold.iterateMemberships(userId, { pageSize }), limit)).map((m) => ({ userId, ...m }));
	},
};
