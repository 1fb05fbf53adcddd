import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { PlanItem } from '@incydr-health/core/health/plan-types';
import { guardItems, type CaseSignal, type LegalHoldSignal, type PreservationSignals, type WatchlistMemberSignal } from '@incydr-health/core/health/preservation';
import { asItems, listValue, readList, requireFields } from '../shared/inputs.js';
import { incydrClientFor } from '../../../Incydr/transport/client.js';
import { readLiveSignals } from '../shared/live-signals.js';
import { manualHoldsProperty, manualHoldsValue, proposedFrom, readRetries, retriesOption } from './plan-inputs.js';

const show = { resource: ['plan'], operation: ['preservationGuard'] };
const showFor = { show };
const showInput = { show: { ...show, signalSource: ['input'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Proposed Items',
		name: 'proposedItems',
		type: 'json',
		required: true,
		default: '={{ $input.all().map(item => item.json) }}',
		description: 'Findings of an analysis, or plan items, as a list. Findings without an action are left out.',
		displayOptions: showFor,
	},
	{
		displayName: 'Protection Signals',
		name: 'signalSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Read Live From Incydr',
				value: 'live',
				description: 'Read open cases, legal-hold custodians of active matters and the departing-employee watchlist now, with the Incydr credential',
			},
			{ name: 'From Fields', value: 'input', description: 'Take cases, legal holds and watchlist members from earlier nodes' },
		],
		default: 'live',
		description: 'Where the cases, legal holds and watchlist members that protect people come from',
		displayOptions: showFor,
	},
	{
		displayName: 'Cases',
		name: 'cases',
		type: 'json',
		default: '[]',
		description: 'Incydr cases (Incydr node: Case › Get Many): open ones protect their subject, closed ones are shown to Legal',
		displayOptions: showInput,
	},
	{
		displayName: 'Legal Holds',
		name: 'legalHolds',
		type: 'json',
		default: '[]',
		description: 'Custodian memberships as {matterId, matterName, matterActive, custodianUserId, membershipActive}',
		displayOptions: showInput,
	},
	{
		displayName: 'Watchlist Members',
		name: 'watchlistMembers',
		type: 'json',
		default: '[]',
		description: 'Members of the departing-employee watchlist as {watchlistId, actorId, actorName}',
		displayOptions: showInput,
	},
	{
		displayName: 'Identities',
		name: 'identities',
		type: 'json',
		default: '[]',
		description: 'Links actors to users as {userId, username, actorId}; needed when watchlist members or manual holds name actors',
		displayOptions: showInput,
	},
	manualHoldsProperty(show),
	{
		displayName: 'Options',
		name: 'guardOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		options: [retriesOption()],
	},
];

function signalsFromFields(context: IExecuteFunctions): Omit<PreservationSignals, 'manualHolds'> {
	const identities = listValue(context.getNodeParameter('identities', 0, '[]'), 'Identities');
	return {
		cases: requireFields<CaseSignal>(listValue(context.getNodeParameter('cases', 0, '[]'), 'Cases'), 'Cases', { number: 'number', status: 'string' }),
		legalHolds: requireFields<LegalHoldSignal>(listValue(context.getNodeParameter('legalHolds', 0, '[]'), 'Legal Holds'), 'Legal Holds', {
			matterId: 'string',
			custodianUserId: 'string',
			matterActive: 'boolean',
			membershipActive: 'boolean',
		}),
		watchlistMembers: requireFields<WatchlistMemberSignal>(listValue(context.getNodeParameter('watchlistMembers', 0, '[]'), 'Watchlist Members'), 'Watchlist Members', {
			watchlistId: 'string',
			actorId: 'string',
		}),
		...(identities.length > 0 ? { identities: requireFields(identities, 'Identities', { userId: 'string', username: 'string' }) } : {}),
	};
}

export function guardResultJson(guard: 'allowed' | 'preserved', item: PlanItem, reasons: PlanItem['reasons'], advisories: PlanItem['reasons']): IDataObject {
	return {
		guard,
		itemId: item.id,
		action: item.action,
		subject: { ...item.subject },
		reasonCodes: reasons.map((r) => r.code),
		...(guard === 'preserved' ? { reasons } : {}),
		advisories,
		item,
	} as unknown as IDataObject;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const proposed = proposedFrom(readList.call(this, 'proposedItems', 'Proposed Items'), 'Proposed Items');
	const manualHolds = manualHoldsValue(this.getNodeParameter('manualHolds', 0, '[]'));
	const source = this.getNodeParameter('signalSource', 0) as string;
	const signals: PreservationSignals =
		source === 'live'
			? await readLiveSignals(await incydrClientFor(this, readRetries(this, 'guardOptions')), proposed.items, manualHolds)
			: { ...signalsFromFields(this), manualHolds };
	const result = guardItems(proposed.items, signals);
	// The analysis name rides along so Build Plan after the guard still names the plan after it.
	const analysis = proposed.analyses.size === 1 ? { analysis: [...proposed.analyses][0] } : {};
	return asItems.call(this, [
		...result.allowed.map(({ item, advisories }) => ({ ...analysis, ...guardResultJson('allowed', item, [], advisories) })),
		...result.preserved.map(({ item, reasons, advisories }) => ({ ...analysis, ...guardResultJson('preserved', item, reasons, advisories) })),
	]);
}
