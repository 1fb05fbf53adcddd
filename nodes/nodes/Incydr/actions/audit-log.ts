import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { collect, type AuditLogFilters } from '@incydr-health/core/incydr/index';
import { DEFAULT_PAGE_SIZES } from '@incydr-health/core/incydr/page-sizes';
import { readLimit, readOptionalList, returnAllAndLimit, type Operation } from './common.js';

export const auditLogOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['auditLog'] } },
	options: [
		{ name: 'Count', value: 'count', action: 'Count audit log events', description: 'Count the audit log events that match the filters, without fetching them' },
		{ name: 'Search', value: 'search', action: 'Search the audit log', description: 'List audit log events, newest first, filtered by date range, event type or actor' },
	],
	default: 'search',
};

export const auditLogFields: INodeProperties[] = [
	...returnAllAndLimit('auditLog', 'events', ['search']),
	{
		displayName: 'Filters',
		name: 'auditFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['auditLog'], operation: ['search', 'count'] } },
		options: [
			{
				displayName: 'Actor Names',
				name: 'actorNames',
				type: 'string',
				default: '',
				placeholder: 'admin@example.com, Demo API client',
				description: 'Only events by one of these actors (usernames or API client IDs), separated by commas',
			},
			{
				displayName: 'End Time',
				name: 'endTime',
				type: 'dateTime',
				default: '',
				description: 'Only events at or before this moment',
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'string',
				default: '',
				placeholder: 'user_deactivated, watchlist_actor_included',
				description: 'Only events of one of these types, separated by commas (short names such as user_deactivated work)',
			},
			{
				displayName: 'Start Time',
				name: 'startTime',
				type: 'dateTime',
				default: '',
				description: 'Only events at or after this moment',
			},
		],
	},
];

interface RawAuditFilters {
	startTime?: string;
	endTime?: string;
	eventTypes?: string | string[];
	actorNames?: string | string[];
}

function auditFilters(raw: RawAuditFilters): AuditLogFilters {
	const filters: AuditLogFilters = {};
	// Empty date fields mean "no bound"; a bad date is reported by the core client, naming the field.
	if (raw.startTime?.trim()) filters.startTime = raw.startTime.trim();
	if (raw.endTime?.trim()) filters.endTime = raw.endTime.trim();
	const eventTypes = readOptionalList(raw.eventTypes);
	if (eventTypes) filters.eventTypes = eventTypes;
	const actorNames = readOptionalList(raw.actorNames);
	if (actorNames) filters.actorNames = actorNames;
	return filters;
}

export const auditLogExecute: Record<string, Operation> = {
	async search(client, i) {
		const filters = auditFilters(this.getNodeParameter('auditFilters', i, {}) as RawAuditFilters);
		const { limit, pageSize } = readLimit.call(this, i, DEFAULT_PAGE_SIZES.auditLog);
		// The client caps audit pages at its default size (a full 10,000-event page is needlessly heavy).
		// Audit events carry free-form detail fields typed unknown; they are JSON from the API, so valid n8n data.
		return (await collect(client.auditLog.iterate(filters, { pageSize }), limit)).map((event) => ({ ...event }) as IDataObject);
	},

	async count(client, i) {
		const filters = auditFilters(this.getNodeParameter('auditFilters', i, {}) as RawAuditFilters);
		return [{ count: await client.auditLog.count(filters) }];
	},
};
