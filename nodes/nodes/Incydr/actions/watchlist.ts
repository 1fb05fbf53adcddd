import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { IncydrApiError, MAX_PAGE_SIZES, collect, type IncydrClient } from '@incydr-health/core/incydr/index';
import { readId, readIds, readLimit, returnAllAndLimit, type Operation } from './common.js';
import { asNodeError } from './node-errors.js';

const show = (...operation: string[]) => ({ show: { resource: ['watchlist'], operation } });

export const watchlistOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['watchlist'] } },
	options: [
		{
			name: 'Add Included Actors',
			value: 'addIncludedActors',
			action: 'Add actors to a watchlist',
			description: 'Include one or more actors on a watchlist; one output item per actor ID with its outcome',
		},
		{ name: 'Get Many', value: 'getMany', action: 'Get many watchlists', description: 'List watchlists, optionally only those an actor belongs to' },
		{ name: 'Get Members', value: 'getMembers', action: 'Get the members of a watchlist', description: 'List the actors on one watchlist' },
		{
			name: 'Remove Included Actors',
			value: 'removeIncludedActors',
			action: 'Remove actors from a watchlist',
			description: 'Take one or more included actors off a watchlist; one output item per actor ID with its outcome',
		},
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
		displayOptions: show('getMembers', 'addIncludedActors', 'removeIncludedActors'),
	},
	{
		displayName: 'Actor IDs',
		name: 'actorIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'actor-1, actor-2',
		description:
			'One or more actor IDs separated by commas, or an expression giving a list. Each ID becomes one output item with its outcome: done, not-found or failed.',
		displayOptions: show('addIncludedActors', 'removeIncludedActors'),
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

	async addIncludedActors(client, i) {
		const watchlistId = readId.call(this, 'watchlistId', 'Watchlist ID', i);
		return await changeIncludedActors.call(this, i, client, 'addIncludedActors', watchlistId, readIds.call(this, 'actorIds', 'Actor IDs', i));
	},

	async removeIncludedActors(client, i) {
		const watchlistId = readId.call(this, 'watchlistId', 'Watchlist ID', i);
		return await changeIncludedActors.call(this, i, client, 'removeIncludedActors', watchlistId, readIds.call(this, 'actorIds', 'Actor IDs', i));
	},
};

type IncludedActorsAction = 'addIncludedActors' | 'removeIncludedActors';

/**
 * One batched request in the usual case. Incydr refuses a whole request (400) when any actor ID in it is unknown,
 * so only then is each ID sent on its own to tell which ones were refused; both changes are set operations, so
 * repeating the IDs that already went through changes nothing. Failures that concern every ID (permission, an
 * unknown watchlist, the API unreachable) are not per-ID outcomes: they stop the item.
 */
async function changeIncludedActors(
	this: IExecuteFunctions,
	itemIndex: number,
	client: IncydrClient,
	action: IncludedActorsAction,
	watchlistId: string,
	actorIds: string[],
): Promise<IDataObject[]> {
	const change = (ids: string[]) => client.watchlists[action](watchlistId, ids);
	try {
		await change(actorIds);
		return actorIds.map((actorId) => ({ watchlistId, actorId, status: 'done', action }));
	} catch (error) {
		if (!isRefusedRequest(error)) throw asNodeError(this, error, `watchlist.${action}`, itemIndex);
	}
	const outcomes: IDataObject[] = [];
	for (const actorId of actorIds) {
		try {
			await change([actorId]);
			outcomes.push({ watchlistId, actorId, status: 'done', action });
		} catch (error) {
			if (!isRefusedRequest(error)) throw asNodeError(this, error, `watchlist.${action}`, itemIndex);
			const message = error.apiMessage ?? error.message;
			const status = /unknown|not found/i.test(message) ? 'not-found' : 'failed';
			outcomes.push({ watchlistId, actorId, status, action, message });
		}
	}
	return outcomes;
}

function isRefusedRequest(error: unknown): error is IncydrApiError {
	return error instanceof IncydrApiError && error.status === 400;
}
