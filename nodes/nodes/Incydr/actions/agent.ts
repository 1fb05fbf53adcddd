import type { INodeProperties } from 'n8n-workflow';
import { MAX_PAGE_SIZES, collect, type AgentFilters } from '@incydr-health/core/incydr/index';
import { AGENT_HEALTH_ISSUE_TYPES, AGENT_OS_TYPES, AGENT_SORT_KEYS, AGENT_TYPES } from '@incydr-health/core/incydr/types';
import { InvalidParameterError, readId, readIds, readLimit, returnAllAndLimit, type Operation } from './common.js';

const show = (...operation: string[]) => ({ show: { resource: ['agent'], operation } });
const titled = (value: string) => value.toLowerCase().split('_').map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
const choices = (values: readonly string[]) => values.map((value) => ({ name: titled(value), value }));

export const agentOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['agent'] } },
	options: [
		{
			name: 'Activate',
			value: 'activate',
			action: 'Activate agents',
			description: 'Reactivate one or more agents; one output item per agent ID with its outcome',
		},
		{
			name: 'Deactivate',
			value: 'deactivate',
			action: 'Deactivate agents',
			description: 'Deactivate one or more agents; agents of legal-hold custodians are refused and reported, not changed',
		},
		{ name: 'Get', value: 'get', action: 'Get an agent', description: 'Retrieve one agent by ID' },
		{ name: 'Get Many', value: 'getMany', action: 'Get many agents', description: 'List agents, optionally filtered by activity, health, OS or user' },
	],
	default: 'getMany',
};

export const agentFields: INodeProperties[] = [
	{
		displayName: 'Agent ID',
		name: 'agentId',
		type: 'string',
		required: true,
		default: '',
		description: 'The Incydr agent ID',
		displayOptions: show('get'),
	},
	{
		displayName: 'Agent IDs',
		name: 'agentIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'agent-1, agent-2',
		description: 'One or more agent IDs separated by commas, or an expression giving a list. Each ID becomes one output item with its outcome: done, not-found, legal-hold or failed.',
		displayOptions: show('activate', 'deactivate'),
	},
	...returnAllAndLimit('agent', 'agents'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getMany'),
		options: [
			{ displayName: 'Active', name: 'active', type: 'boolean', default: true, description: 'Whether to return only active agents (on) or only deactivated agents (off)' },
			{ displayName: 'Agent Type', name: 'agentType', type: 'options', options: choices(AGENT_TYPES), default: 'COMBINED', description: 'Only agents of this type' },
			{
				displayName: 'Connected in Last Days',
				name: 'connectedInLastDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 7,
				description: 'Only agents that connected within this many days',
			},
			{
				displayName: 'Health Issue Types',
				name: 'anyOfAgentHealthIssueTypes',
				type: 'multiOptions',
				options: choices(AGENT_HEALTH_ISSUE_TYPES),
				default: [],
				description: 'Only agents with at least one of these health issues',
			},
			{ displayName: 'Healthy', name: 'agentHealthy', type: 'boolean', default: true, description: 'Whether to return only agents without health issues (on) or only agents with at least one (off)' },
			{
				displayName: 'Not Connected in Last Days',
				name: 'notConnectedInLastDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'Only agents silent for at least this many days (stale agents)',
			},
			{ displayName: 'OS Types', name: 'anyOfAgentOsTypes', type: 'multiOptions', options: choices(AGENT_OS_TYPES), default: [], description: 'Only agents on one of these operating systems' },
			{ displayName: 'Serial Number', name: 'serialNumber', type: 'string', default: '', description: 'Only the agent on the machine with this serial number' },
			{ displayName: 'User ID', name: 'userId', type: 'string', default: '', description: 'Only agents of this Incydr user' },
		],
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort',
		default: {},
		displayOptions: show('getMany'),
		options: [
			{ displayName: 'Sort By', name: 'srtKey', type: 'options', options: choices(AGENT_SORT_KEYS), default: 'NAME', description: 'The field to sort the agents by' },
			{
				displayName: 'Direction',
				name: 'srtDir',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASC' },
					{ name: 'Descending', value: 'DESC' },
				],
				default: 'ASC',
				description: 'The sort order',
			},
		],
	},
];

type RawAgentFilters = Omit<AgentFilters, 'userId' | 'serialNumber'> & { userId?: string; serialNumber?: string };

function agentFilters(raw: RawAgentFilters, sort: Pick<AgentFilters, 'srtKey' | 'srtDir'>): AgentFilters {
	const filters: AgentFilters = { ...raw, ...sort };
	for (const key of ['userId', 'serialNumber'] as const) {
		const value = raw[key]?.trim();
		if (value) filters[key] = value;
		else delete filters[key];
	}
	for (const key of ['anyOfAgentHealthIssueTypes', 'anyOfAgentOsTypes'] as const) {
		if (filters[key]?.length === 0) delete filters[key];
	}
	if (filters.connectedInLastDays !== undefined && filters.notConnectedInLastDays !== undefined) {
		if (filters.notConnectedInLastDays < filters.connectedInLastDays) {
			throw new InvalidParameterError(
				`No agent can have connected in the last ${filters.connectedInLastDays} days and not in the last ${filters.notConnectedInLastDays}; check the two day filters`,
			);
		}
	}
	return filters;
}

export const agentExecute: Record<string, Operation> = {
	async get(client, i) {
		return [{ ...(await client.agents.get(readId.call(this, 'agentId', 'Agent ID', i))) }];
	},

	async getMany(client, i) {
		const filters = agentFilters(
			this.getNodeParameter('filters', i, {}) as RawAgentFilters,
			this.getNodeParameter('sort', i, {}) as Pick<AgentFilters, 'srtKey' | 'srtDir'>,
		);
		const { limit, pageSize } = readLimit.call(this, i, MAX_PAGE_SIZES.agents);
		const agents = await collect(client.agents.iterate(filters, { pageSize }), limit);
		return agents.map((agent) => ({ ...agent }));
	},

	async activate(client, i) {
		const outcomes = await client.agents.activate(readIds.call(this, 'agentIds', 'Agent IDs', i));
		return outcomes.map((outcome) => ({ ...outcome, action: 'activate' }));
	},

	async deactivate(client, i) {
		const outcomes = await client.agents.deactivate(readIds.call(this, 'agentIds', 'Agent IDs', i));
		return outcomes.map((outcome) => ({ ...outcome, action: 'deactivate' }));
	},
};
