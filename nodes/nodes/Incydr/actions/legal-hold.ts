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
		{
			name: 'Add Custodian',
			value: 'addCustodian',
			action: 'Add a custodian to a matter',
			description: 'Place a user on a legal-hold matter; adding a current custodian again changes nothing',
		},
		{ name: 'Get Custodians', value: 'getCustodians', action: 'Get the custodians of a matter', description: 'List the people held by one legal-hold matter' },
		{ name: 'Get Many Matters', value: 'getManyMatters', action: 'Get many legal hold matters', description: 'List legal-hold matters, optionally only active ones' },
		{
			name: 'Get User Memberships',
			value: 'getMemberships',
			action: 'Get the legal hold memberships of a user',
			description: 'List the matters a user is or was a custodian of; an active membership of an active matter protects the user',
		},
		{
			name: 'Remove Custodian',
			value: 'removeCustodian',
			action: 'Remove a custodian from a matter',
			description: 'Release a user from a legal-hold matter; removing someone who is not a custodian changes nothing',
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
		displayOptions: show('getCustodians', 'addCustodian', 'removeCustodian'),
	},
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Incydr user ID (userId) of the custodian',
		displayOptions: show('getMemberships', 'addCustodian', 'removeCustodian'),
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

	async addCustodian(client, i) {
		const matterId = readId.call(this, 'matterId', 'Matter ID', i);
		const userId = readId.call(this, 'userId', 'User ID', i);
		const answer = await client.legalHold.addCustodian(matterId, userId);
		return [{ matterId, userId, status: 'done', action: 'addCustodian', ...answer }];
	},

	async removeCustodian(client, i) {
		const matterId = readId.call(this, 'matterId', 'Matter ID', i);
		const userId = readId.call(this, 'userId', 'User ID', i);
		await client.legalHold.removeCustodian(matterId, userId);
		return [{ matterId, userId, status: 'done', action: 'removeCustodian' }];
	},
};
