import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Agent, AgentType, User } from '@incydr-health/core/incydr/types';
import { AGENT_TYPES } from '@incydr-health/core/incydr/types';
import type { Person } from '@incydr-health/core/hr/person';
import { matchIdentities } from '@incydr-health/core/matching/match';
import { triageStaleDevices, type OwnerHrRecord, type StaleDeviceOptions } from '@incydr-health/core/health/stale-devices';
import { AGENT_FIELDS, PERSON_FIELDS, USER_FIELDS } from '../offboarding/crossCheck.operation.js';
import {
	InputProblem,
	asItems,
	describeType,
	findingJson,
	listValue,
	option,
	parseAsOf,
	readList,
	requireFields,
	wholeNumberOption,
} from '../shared/inputs.js';

const showFor = { show: { resource: ['agent'], operation: ['triageStaleDevices'] } };
const OPTIONS = 'triageOptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Incydr Agents',
		name: 'triageAgents',
		type: 'json',
		required: true,
		default: "={{ $('Incydr Agents').all().map(item => item.json) }}",
		description: 'Every Incydr agent (Incydr node: Agent › Get Many with Return All), as a list. Inactive agents are counted, not triaged.',
		displayOptions: showFor,
	},
	{
		displayName: 'Incydr Users',
		name: 'triageUsers',
		type: 'json',
		required: true,
		default: "={{ $('Incydr Users').all().map(item => item.json) }}",
		description: 'Every Incydr user, as a list: a deactivated owner makes their active agents candidates for deactivation',
		displayOptions: showFor,
	},
	{
		displayName: 'Options',
		name: OPTIONS,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'As Of',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description: 'The moment ages are measured from. Empty means now.',
			},
			{
				displayName: 'Current Version',
				name: 'currentVersion',
				type: 'string',
				default: '',
				placeholder: 'COMBINED=2.4.0, CODE42=12.5.0',
				description: 'The current agent release: one version for all agent types, or TYPE=version pairs separated by commas. Empty: the newest version of each type in the fleet.',
			},
			{
				displayName: 'Departed Grace Days',
				name: 'departedGraceDays',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description: "Whole days after an owner's last working day before their devices are deactivated",
			},
			{
				displayName: 'HR People',
				name: 'hrPeople',
				type: 'json',
				default: '',
				description: "Optional list of HR people (HR Directory node): an owner on leave snoozes their devices, a departed owner's devices are deactivated",
			},
			{
				displayName: 'Include Kept Findings',
				name: 'includeKept',
				type: 'boolean',
				default: true,
				description: 'Whether to also output agents with reasons but no action (such as a stale newest device being kept)',
			},
			{
				displayName: 'Keep Newest Device',
				name: 'keepNewestPerUser',
				type: 'boolean',
				default: true,
				description: "Whether each user's most recently connected device is kept (and checked) rather than deactivated for staleness. Applied before the age filter.",
			},
			{
				displayName: 'Last File Activity',
				name: 'lastActivity',
				type: 'json',
				default: '',
				description: 'Optional list of {agentId, lastFileActivity} (null: never sent one). Only agents listed here are judged for silence.',
			},
			{
				displayName: 'Previous Releases Supported',
				name: 'previousVersionsSupported',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 2,
				description: 'How many releases before the current one are still supported (Code42 supports two)',
			},
			{
				displayName: 'Silent After Days',
				name: 'silentAfterDays',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 7,
				description: 'A connected agent whose last file event is at least this many days old is silent',
			},
			{
				displayName: 'Stale After Days',
				name: 'staleAfterDays',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: 30,
				description: 'An agent is stale once at least this many whole days have passed since it last connected',
			},
			{
				displayName: 'Version Field',
				name: 'versionField',
				type: 'options',
				options: [
					{ name: 'Product Version', value: 'productVersion' },
					{ name: 'App Version', value: 'appVersion' },
				],
				default: 'productVersion',
				description: 'Which agent field carries the version compared against the window',
			},
		],
	},
];

/** "2.4.0" for every type, or "COMBINED=2.4.0, CODE42=12.5.0". */
export function parseCurrentVersion(text: string): StaleDeviceOptions['currentVersion'] {
	const trimmed = text.trim();
	if (trimmed === '') return null;
	if (!trimmed.includes('=')) return trimmed;
	const perType: Partial<Record<AgentType, string>> = {};
	for (const pair of trimmed.split(/[,\n]+/).map((p) => p.trim()).filter(Boolean)) {
		const [type, version] = pair.split('=').map((p) => p.trim());
		if (!type || !version || !(AGENT_TYPES as readonly string[]).includes(type.toUpperCase())) {
			throw new InputProblem(
				`Current Version: "${pair}" is not TYPE=version with TYPE one of ${AGENT_TYPES.join(', ')}`,
				'Give one version for all agent types, or pairs such as COMBINED=2.4.0, CODE42=12.5.0.',
			);
		}
		perType[type.toUpperCase() as AgentType] = version;
	}
	return perType;
}

function hrByUserId(people: Person[], users: User[]): Map<string, OwnerHrRecord> {
	const byUser = new Map<string, OwnerHrRecord>();
	if (people.length === 0) return byUser;
	for (const match of matchIdentities({ people, users }).matched) {
		const known = byUser.get(match.identity.userId);
		// A rehire claims one user with two records: the matcher already explains which is current; keep the newest start.
		if (!known || (match.person.startDate ?? '') > (known.startDate ?? '')) byUser.set(match.identity.userId, match.person);
	}
	return byUser;
}

function lastActivityByAgent(entries: IDataObject[]): Map<string, string | null> {
	const map = new Map<string, string | null>();
	entries.forEach((entry, index) => {
		const agentId = entry.agentId;
		const last = entry.lastFileActivity ?? null;
		if (typeof agentId !== 'string' || (last !== null && typeof last !== 'string')) {
			throw new InputProblem(
				`Last File Activity[${index}] must be {agentId, lastFileActivity} with an ISO time or null, got agentId ${describeType(agentId)}`,
			);
		}
		map.set(agentId, last);
	});
	return map;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const agents = requireFields<Agent>(readList.call(this, 'triageAgents', 'Incydr Agents'), 'Incydr Agents', AGENT_FIELDS);
	const users = requireFields<User>(readList.call(this, 'triageUsers', 'Incydr Users'), 'Incydr Users', USER_FIELDS);
	const people = requireFields<Person>(listValue(option<unknown>(this, OPTIONS, 'hrPeople', ''), 'HR People'), 'HR People', PERSON_FIELDS);
	const activity = lastActivityByAgent(listValue(option<unknown>(this, OPTIONS, 'lastActivity', ''), 'Last File Activity'));
	const versionField = option(this, OPTIONS, 'versionField', 'productVersion');
	if (versionField !== 'productVersion' && versionField !== 'appVersion') {
		throw new InputProblem(`Version Field must be productVersion or appVersion, got ${describeType(versionField)}`);
	}
	const report = triageStaleDevices({
		agents,
		users,
		hrByUserId: hrByUserId(people, users),
		lastFileActivityByAgentId: activity,
		now: parseAsOf(option<unknown>(this, OPTIONS, 'asOf', '')),
		options: {
			staleAfterDays: wholeNumberOption(this, OPTIONS, 'staleAfterDays', 'Stale After Days', 30, 1),
			silentAfterDays: wholeNumberOption(this, OPTIONS, 'silentAfterDays', 'Silent After Days', 7, 1),
			previousVersionsSupported: wholeNumberOption(this, OPTIONS, 'previousVersionsSupported', 'Previous Releases Supported', 2, 0),
			departedGraceDays: wholeNumberOption(this, OPTIONS, 'departedGraceDays', 'Departed Grace Days', 0, 0),
			keepNewestPerUser: option(this, OPTIONS, 'keepNewestPerUser', true),
			currentVersion: parseCurrentVersion(String(option(this, OPTIONS, 'currentVersion', ''))),
			versionField,
		},
	});
	const includeKept = option(this, OPTIONS, 'includeKept', true);
	const findings = includeKept ? [...report.actions, ...report.kept] : report.actions;
	return asItems.call(this, findings.map((finding) => findingJson('stale-devices', finding)));
}
