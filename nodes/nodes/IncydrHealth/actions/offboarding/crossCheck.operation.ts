import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Actor, Agent, User } from '@incydr-health/core/incydr/types';
import type { Person } from '@incydr-health/core/hr/person';
import { matchIdentities } from '@incydr-health/core/matching/match';
import { AllowlistError } from '@incydr-health/core/matching/allowlist';
import { crossCheckOffboarding } from '@incydr-health/core/health/offboarding';
import { InputProblem, asItems, attempt, describeType, parseJson, findingJson, listValue, option, parseAsOf, readList, readTextList, requireFields, wholeNumberOption } from '../shared/inputs.js';

const showFor = { show: { resource: ['offboarding'], operation: ['crossCheck'] } };

export const PERSON_FIELDS = { source: 'string', sourceId: 'string', status: 'string', otherEmails: 'array' } as const;
export const USER_FIELDS = { userId: 'string', username: 'string', active: 'boolean' } as const;
export const AGENT_FIELDS = { agentId: 'string', userId: 'string', active: 'boolean' } as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Findings are computed over the whole tenant at once: each list below is an expression returning every item of a previous node, so rename the node names in the expressions to match your workflow.',
		name: 'crossCheckNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor,
	},
	{
		displayName: 'HR People',
		name: 'hrPeople',
		type: 'json',
		required: true,
		default: "={{ $('HR Directory').all().map(item => item.json) }}",
		description: 'The HR Directory node\'s people (the normalized Person shape), as a list',
		displayOptions: showFor,
	},
	{
		displayName: 'Incydr Users',
		name: 'incydrUsers',
		type: 'json',
		required: true,
		default: "={{ $('Incydr Users').all().map(item => item.json) }}",
		description: 'Every Incydr user (Incydr node: User › Get Many with Return All), as a list',
		displayOptions: showFor,
	},
	{
		displayName: 'Incydr Agents',
		name: 'incydrAgents',
		type: 'json',
		required: true,
		default: "={{ $('Incydr Agents').all().map(item => item.json) }}",
		description: 'Every Incydr agent, active and inactive (Incydr node: Agent › Get Many with Return All), as a list',
		displayOptions: showFor,
	},
	{
		displayName: 'Options',
		name: 'crossCheckOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Allowlist',
				name: 'allowlist',
				type: 'string',
				default: '',
				placeholder: 'svc-*@example.com, admin.jdoe@example.com',
				description: 'Service, admin and analyst accounts that are never actioned: usernames or user IDs, globs such as svc-* or /regexes/, separated by commas or new lines',
			},
			{
				displayName: 'As Of',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description: 'The date the HR facts are judged on. Empty means now; set it to reproduce an earlier run.',
			},
			{
				displayName: 'Departing Watchlist Members',
				name: 'departingWatchlist',
				type: 'json',
				default: '',
				description: 'Optional list of actors already on the departing-employee watchlist ({actorId} items, such as Incydr Watchlist › Get Members, or actor IDs), so they are not proposed again',
			},
			{
				displayName: 'Grace Days',
				name: 'graceDays',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 0 },
				default: 0,
				description: 'Whole days after the last working day before deactivation is due. 0: due the day after the last working day.',
			},
			{
				displayName: 'Include Kept Findings',
				name: 'includeKept',
				type: 'boolean',
				default: true,
				description: 'Whether to also output findings without an action (on leave, no HR record, allowlisted…), which explain what was deliberately left alone',
			},
			{
				displayName: 'Incydr Actors',
				name: 'incydrActors',
				type: 'json',
				default: '',
				description: 'Optional list of Incydr actors: their alternate names help matching, and their end dates appear as evidence',
			},
			{
				displayName: 'Propose Watchlist Removals',
				name: 'proposeWatchlistRemovals',
				type: 'boolean',
				default: false,
				description: 'Whether to propose taking people off the departing-employee watchlist once they are terminated in HR and the grace period is over. Needs Departing Watchlist Members.',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const people = requireFields<Person>(readList.call(this, 'hrPeople', 'HR People'), 'HR People', PERSON_FIELDS);
	const users = requireFields<User>(readList.call(this, 'incydrUsers', 'Incydr Users'), 'Incydr Users', USER_FIELDS);
	const agents = requireFields<Agent>(readList.call(this, 'incydrAgents', 'Incydr Agents'), 'Incydr Agents', AGENT_FIELDS);
	const actors = listValue(option<unknown>(this, 'crossCheckOptions', 'incydrActors', ''), 'Incydr Actors') as unknown as Actor[];
	const allowlist = readTextList(option(this, 'crossCheckOptions', 'allowlist', ''));
	const graceDays = wholeNumberOption(this, 'crossCheckOptions', 'graceDays', 'Grace Days', 0, 0);
	const asOf = parseAsOf(option<unknown>(this, 'crossCheckOptions', 'asOf', ''));

	const matched = attempt(() => matchIdentities({ people, users, actors, allowlist }));
	if (!matched.ok) {
		const { error } = matched;
		throw error instanceof AllowlistError ? new InputProblem(error.message, 'Check the Allowlist option.') : error;
	}
	const report = matched.value;
	const departingWatchlistActorIds = watchlistActorIds(option<unknown>(this, 'crossCheckOptions', 'departingWatchlist', ''));
	const proposeWatchlistRemovals = option<unknown>(this, 'crossCheckOptions', 'proposeWatchlistRemovals', false) === true;
	if (proposeWatchlistRemovals && departingWatchlistActorIds.length === 0 && !hasOption(this, 'departingWatchlist')) {
		throw new InputProblem('Propose Watchlist Removals needs Departing Watchlist Members', 'Add the Departing Watchlist Members option, e.g. the Incydr node\'s Watchlist › Get Members of the departing-employee list.');
	}
	const result = crossCheckOffboarding({
		matchReport: report,
		users,
		agents,
		actors,
		departingWatchlistActorIds,
		now: asOf,
		options: { graceDays, allowlist, proposeWatchlistRemovals },
	});
	const includeKept = option(this, 'crossCheckOptions', 'includeKept', true);
	const findings = includeKept ? [...result.actions, ...result.kept] : result.actions;
	return asItems.call(this, findings.map((finding) => findingJson('offboarding', finding)));
}


/** Watchlist members as items carrying actorId, or bare actor IDs (a list, or text separated by commas). */
function watchlistActorIds(value: unknown): string[] {
	if (typeof value === 'string' && !value.trim().startsWith('[')) return readTextList(value);
	const list = typeof value === 'string' ? parseJson(value, 'Departing Watchlist Members') : value;
	if (!Array.isArray(list)) throw new InputProblem(`Departing Watchlist Members must be a list, got ${describeType(list)}`);
	return list.map((entry, index) => {
		const actorId = typeof entry === 'string' ? entry : (entry as { actorId?: unknown } | null)?.actorId;
		if (typeof actorId !== 'string' || actorId === '') {
			throw new InputProblem(`Departing Watchlist Members[${index}] must be an actor ID or an item with actorId, got ${describeType(entry)}`);
		}
		return actorId;
	});
}

/** An option that was added in the editor, even if its list turned out empty (an empty watchlist is valid). */
function hasOption(context: IExecuteFunctions, name: string): boolean {
	const options = context.getNodeParameter('crossCheckOptions', 0, {}) as Record<string, unknown>;
	return Object.hasOwn(options, name);
}
