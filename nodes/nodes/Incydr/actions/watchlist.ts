import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect } from '@incydr-health/core/incydr/index';
import { readId, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['watchlist'], operation } });

export const watchlistOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['watchlist'] } },
	options: [
		{ name: 'Get Many', value: 'getMany', action: 'Get many watchlists', description: 'List watchlists, optionally only those an actor belongs to' },
		{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a watchlist', description: 'List the actors on one watchlist' },
	],
	default: 'getMany',
};

export const watchlistFields: INodeProperties[] = [
	{
		displayName: 'Watchlist ID',
		name: 'watchlistId',
		type: 'string',
		required: true,
		default: '',
		description: 'The watchlist ID (watchlistId)',
		displayOptions: show('getMembers'),
	},
	{
		displayName: 'Actor ID',
		name: 'actorId',
		type: 'string',
		default: '',
		description: 'Only watchlists this actor is a member of; leave empty for all watchlists',
		displayOptions: show('getMany'),
	},
	...returnAllAndLimit('watchlist', 'results', ['getMany', 'getMembers']),
];

export const watchlistExecute: Record<string, Operation> = {
	async getMany(client, i) {
		const actorId = (this.getNodeParameter('actorId', i, '') as string).trim();
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.watchlists);
		const watchlists = await collect(client.watchlists.iterate(actorId ? { actorId } : {}, { pageSize }), limit);
		return watchlists.map((w) => ({ ...w }));
	},

	async getMembers(client, i) {
		const watchlistId = readId.call(this, 'watchlistId', 'Watchlist ID', i);
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.watchlistMembers);
		const members = await collect(client.watchlists.iterateMembers(watchlistId, { pageSize }), limit);
		return members.map((m) => ({ watchlistId, ...m }));
	},
};
