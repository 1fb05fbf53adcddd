import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect, type ActorSearch } from '@incydr-health/core/incydr/index';
import { readId, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['actor'], operation } });

export const actorOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['actor'] } },
	options: [
		{ name: 'Get by ID', value: 'getById', action: 'Get an actor by ID', description: 'Retrieve one actor by its actor ID' },
		{ name: 'Get by Name', value: 'getByName', action: 'Get an actor by name', description: 'Retrieve the actor with exactly this name (a username or email address)' },
		{
			name: 'Get Family',
			value: 'getFamily',
			action: 'Get the family of an actor',
			description: 'Retrieve the parent actor and its child identities, found through any member',
		},
		{ name: 'Search', value: 'search', action: 'Search actors', description: 'List actors whose name starts or ends with some text, optionally only active ones' },
	],
	default: 'search',
};

export const actorFields: INodeProperties[] = [
	{
		displayName: 'Actor ID',
		name: 'actorId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Incydr actor ID (actorId)',
		displayOptions: show('getById'),
	},
	{
		displayName: 'Actor Name',
		name: 'actorName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'name@example.com',
		description: 'The exact name of the actor, usually a username or email address',
		displayOptions: show('getByName'),
	},
	{
		displayName: 'Find Family By',
		name: 'familyBy',
		type: 'options',
		options: [
			{ name: 'Actor ID', value: 'actorId', description: 'Look the family up through the ID of any of its actors' },
			{ name: 'Actor Name', value: 'name', description: 'Look the family up through the name of any of its actors' },
		],
		default: 'actorId',
		description: 'Whether the value below is an actor ID or an actor name',
		displayOptions: show('getFamily'),
	},
	{
		displayName: 'Actor ID or Name',
		name: 'familyMember',
		type: 'string',
		required: true,
		default: '',
		description: 'The ID or name (as chosen above) of any actor in the family, parent or child',
		displayOptions: show('getFamily'),
	},
	...returnAllAndLimit('actor', 'actors', ['search']),
	{
		displayName: 'Filters',
		name: 'actorFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('search'),
		options: [
			{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether to return only active actors (on) or only inactive actors (off)' },
			{ displayName: 'Name Ends With', name: 'nameEndsWith', type: 'string', default: '', placeholder: '@example.com', description: 'Only actors whose name ends with this text (case-insensitive)' },
			{ displayName: 'Name Starts With', name: 'nameStartsWith', type: 'string', default: '', description: 'Only actors whose name starts with this text (case-insensitive)' },
			{
				displayName: 'Prefer Parent',
				name: 'preferParent',
				type: 'boolean',
				default: false,
				description: 'Whether to return the parent actor in place of a matching child identity, each parent once',
			},
		],
	},
];

export const actorExecute: Record<string, Operation> = {
	async getById(client, i) {
		return [{ ...(await client.actors.byId(readId.call(this, 'actorId', 'Actor ID', i))) }];
	},

	async getByName(client, i) {
		return [{ ...(await client.actors.byName(readId.call(this, 'actorName', 'Actor Name', i))) }];
	},

	async getFamily(client, i) {
		const by = this.getNodeParameter('familyBy', i, 'actorId') as string;
		const member = readId.call(this, 'familyMember', 'Actor ID or Name', i);
		const family = await client.actors.family(by === 'name' ? { name: member } : { actorId: member });
		return [{ parent: { ...family.parent }, children: family.children.map((child) => ({ ...child })) }];
	},

	async search(client, i) {
		const raw = this.getNodeParameter('actorFilters', i, {}) as ActorSearch;
		const search: ActorSearch = {};
		if (raw.nameStartsWith?.trim()) search.nameStartsWith = raw.nameStartsWith.trim();
		if (raw.nameEndsWith?.trim()) search.nameEndsWith = raw.nameEndsWith.trim();
		if (raw.active !== undefined) search.active = raw.active;
		if (raw.preferParent) search.preferParent = true;
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.actors);
		return (await collect(client.actors.iterate(search, { pageSize }), limit)).map((actor) => ({ ...actor }));
	},
};
