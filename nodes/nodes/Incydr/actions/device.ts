import type { INodeProperties } from 'n8n-workflow';
import { DEVICE_SORT_KEYS, MAX_PAGE_SIZES, collect, type DeviceFilters } from '@incydr-health/core/incydr/index';
import { readId, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['device'], operation } });
const SORT_NAMES: Record<(typeof DEVICE_SORT_KEYS)[number], string> = {
	name: 'Name',
	osHostname: 'Hostname',
	os: 'Operating System',
	lastConnected: 'Last Connected',
};

export const deviceOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['device'] } },
	options: [
		{ name: 'Get', value: 'get', action: 'Get a device', description: 'Retrieve one device by ID (the older device view of an agent)' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many devices', description: 'List devices, optionally only active or blocked ones' },
	],
	default: 'getMany',
};

export const deviceFields: INodeProperties[] = [
	{
		displayName: 'Device ID',
		name: 'deviceId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Incydr device ID (deviceId; the same as the agent ID)',
		displayOptions: show('get'),
	},
	...returnAllAndLimit('device', 'devices'),
	{
		displayName: 'Filters',
		name: 'deviceFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getMany'),
		options: [
			{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether to return only active devices (on) or only deactivated devices (off)' },
			{ displayName: 'Blocked', name: 'blocked', type: 'boolean', default: false, description: 'Whether to return only blocked devices (on) or only devices that are not blocked (off)' },
		],
	},
	{
		displayName: 'Sort',
		name: 'deviceSort',
		type: 'collection',
		placeholder: 'Add Sort',
		default: {},
		displayOptions: show('getMany'),
		options: [
			{
				displayName: 'Sort By',
				name: 'sortKey',
				type: 'options',
				options: DEVICE_SORT_KEYS.map((value) => ({ name: SORT_NAMES[value], value })),
				default: 'name',
				description: 'The field to sort the devices by',
			},
			{
				displayName: 'Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'asc' },
					{ name: 'Descending', value: 'desc' },
				],
				default: 'asc',
				description: 'The sort order',
			},
		],
	},
];

export const deviceExecute: Record<string, Operation> = {
	async get(client, i) {
		return [{ ...(await client.devices.get(readId.call(this, 'deviceId', 'Device ID', i))) }];
	},

	async getMany(client, i) {
		const filters: DeviceFilters = {
			...(this.getNodeParameter('deviceFilters', i, {}) as Pick<DeviceFilters, 'active' | 'blocked'>),
			...(this.getNodeParameter('deviceSort', i, {}) as Pick<DeviceFilters, 'sortKey' | 'sortDirection'>),
		};
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.devices);
		return (await collect(client.devices.iterate(filters, { pageSize }), limit)).map((device) => ({ ...device }));
	},
};
