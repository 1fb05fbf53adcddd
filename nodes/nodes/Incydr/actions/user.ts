import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect, type UserFilters } from '@incydr-health/core/incydr/index';
import { readId, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['user'], operation } });

export const userOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['user'] } },
	options: [
		{ name: 'Activate', value: 'activate', action: 'Activate a user', description: 'Reactivate a deactivated Incydr user' },
		{
			name: 'Deactivate',
			value: 'deactivate',
			action: 'Deactivate a user',
			description: 'Deactivate an Incydr user; Incydr refuses it for custodians of an active legal hold',
		},
		{ name: 'Get', value: 'get', action: 'Get a user', description: 'Retrieve one Incydr user by ID' },
		{ name: 'Get Devices', value: 'getDevices', action: 'Get the devices of a user', description: 'List the devices registered to a user' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many users', description: 'List Incydr users, optionally filtered' },
	],
	default: 'getMany',
};

export const userFields: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1234567890123456789',
		description: 'The Incydr user ID (userId), not the username',
		displayOptions: show('get', 'activate', 'deactivate', 'getDevices'),
	},
	...returnAllAndLimit('user', 'users'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getMany'),
		options: [
			{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether to return only active users (on) or only deactivated users (off)' },
			{ displayName: 'Blocked', name: 'blocked', type: 'boolean', default: false, description: 'Whether to return only blocked users (on) or only unblocked users (off)' },
			{ displayName: 'Username', name: 'username', type: 'string', default: '', placeholder: 'name@example.com', description: 'Only the user with exactly this username (usually the email address)' },
		],
	},
];

export const userExecute: Record<string, Operation> = {
	async get(client, i) {
		return [{ ...(await client.users.get(readId.call(this, 'userId', 'User ID', i))) }];
	},

	async getMany(client, i) {
		const raw = this.getNodeParameter('filters', i, {}) as { active?: boolean; blocked?: boolean; username?: string };
		const filters: UserFilters = { active: raw.active, blocked: raw.blocked };
		if (raw.username !== undefined && raw.username.trim() !== '') filters.username = raw.username.trim();
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.users);
		const users = await collect(client.users.iterate(filters, { pageSize }), limit);
		return users.map((user) => ({ ...user }));
	},

	async activate(client, i) {
		const userId = readId.call(this, 'userId', 'User ID', i);
		await client.users.activate(userId);
		return [{ userId, status: 'done', action: 'activate' }];
	},

	async deactivate(client, i) {
		const userId = readId.call(this, 'userId', 'User ID', i);
		await client.users.deactivate(userId);
		return [{ userId, status: 'done', action: 'deactivate' }];
	},

	async getDevices(client, i) {
		const devices = await collect(client.users.iterateDevices(readId.call(this, 'userId', 'User ID', i)));
		return devices.map((device) => ({ ...device }));
	},
};
