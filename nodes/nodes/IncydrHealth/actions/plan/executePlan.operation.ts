import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { IncydrApiError, LegalHoldRefusalError, type IncydrClient } from '@incydr-health/core/incydr/index';
import type { Watchlist } from '@incydr-health/core/incydr/types';
import type { ActionKind, PlanItem, Reason } from '@incydr-health/core/health/plan-types';
import { selectApprovedItems } from '@incydr-health/core/health/plan';
import { guardItems } from '@incydr-health/core/health/preservation';
import { compareCodeUnits } from '@incydr-health/core/health/canonical-json';
import { InputProblem, describeType, pairedWithAll, readTextList } from '../shared/inputs.js';
import { incydrClientFor } from '../../../Incydr/transport/client.js';
import { readLiveSignals } from '../shared/live-signals.js';
import { manualHoldsProperty, manualHoldsValue, planValue, readRetries, retriesOption } from './plan-inputs.js';

const show = { resource: ['plan'], operation: ['executePlan'] };
const showFor = { show };

/** Exactly the statuses the portal's outcomes endpoint accepts, so Finish Run can forward them unchanged. */
export type OutcomeStatus = 'succeeded' | 'failed' | 'skipped';

export interface Outcome {
	itemId: string;
	action: ActionKind;
	subject: PlanItem['subject'];
	status: OutcomeStatus;
	message: string;
	preservedBy?: Reason[];
}

/** The actions that change the tenant; everything else in a plan is work for people (upgrade, troubleshoot, snooze). */
const TENANT_ACTIONS: ReadonlySet<ActionKind> = new Set<ActionKind>(['deactivate-user', 'deactivate-agent', 'add-to-watchlist', 'remove-from-watchlist']);

export const description: INodeProperties[] = [
	{
		displayName: 'Only approved items of a plan whose hash matches are executed, after the preservation guard has been run again against the live tenant. Every plan item gets one outcome item.',
		name: 'executeNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor,
	},
	{
		displayName: 'Plan',
		name: 'plan',
		type: 'json',
		required: true,
		default: "={{ $('Build Plan').first().json.plan }}",
		description: 'The plan as Build Plan made it (with its hash). Point the expression at your Build Plan node.',
		displayOptions: showFor,
	},
	{
		displayName: 'Approved Item IDs',
		name: 'approvedItemIds',
		type: 'string',
		required: true,
		default: '={{ $json.approvedItems }}',
		description: "Plan item IDs the approvers accepted: a list from an expression (the Portal node's Get Decision gives approvedItems) or IDs separated by commas",
		displayOptions: showFor,
	},
	{
		displayName: 'Approved Plan Hash',
		name: 'approvedHash',
		type: 'string',
		required: true,
		default: '={{ $json.plan.hash }}',
		description: 'The plan hash the approval names. If it differs from the plan\'s own hash, nothing is executed.',
		displayOptions: showFor,
	},
	manualHoldsProperty(show),
	{
		displayName: 'Options',
		name: 'executeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		options: [retriesOption()],
	},
];

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const plan = planValue(this.getNodeParameter('plan', 0));
	const rawIds = this.getNodeParameter('approvedItemIds', 0, '') as unknown;
	if (rawIds !== '' && !Array.isArray(rawIds) && typeof rawIds !== 'string') {
		throw new InputProblem(`Approved Item IDs must be a list or text, got ${describeType(rawIds)}`);
	}
	const approvedHash = String(this.getNodeParameter('approvedHash', 0, '') ?? '').trim();
	if (approvedHash === '') throw new InputProblem('Approved Plan Hash is empty', 'Give the hash the approval names, e.g. {{ $json.plan.hash }} after Get Decision.');
	const manualHolds = manualHoldsValue(this.getNodeParameter('manualHolds', 0, '[]'));
	// Refuses the whole plan (nothing executed) when its content or the approval's hash does not match.
	const approved = await selectApprovedItems(plan, readTextList(rawIds), approvedHash);

	const outcomes = new Map<string, Outcome>();
	const settle = (item: PlanItem, status: OutcomeStatus, message: string, preservedBy?: Reason[]) =>
		outcomes.set(item.id, { itemId: item.id, action: item.action, subject: item.subject, status, message, ...(preservedBy ? { preservedBy } : {}) });

	const tenantItems = approved.filter((item) => TENANT_ACTIONS.has(item.action));
	// Whether approved or not (the engine asks nobody to sign most of them), these never touch the tenant.
	for (const item of plan.items) if (!TENANT_ACTIONS.has(item.action)) settle(item, 'skipped', 'No tenant change for this action: it is work for a person.');

	if (tenantItems.length > 0) {
		const client = await incydrClientFor(this, readRetries(this, 'executeOptions'));
		// The second guard run: a hold or case opened while the approval waited must still stop the item.
		const signals = await readLiveSignals(client, tenantItems, manualHolds);
		const guarded = guardItems(tenantItems, signals);
		for (const { item, reasons } of guarded.preserved) {
			settle(item, 'skipped', `Preserved at execution time: ${reasons.map((r) => r.message).join(' ')}`, reasons);
		}
		const allowed = guarded.allowed.map((a) => a.item);
		await deactivateUsers(client, allowed.filter((i) => i.action === 'deactivate-user'), settle);
		await deactivateAgents(client, allowed.filter((i) => i.action === 'deactivate-agent'), settle);
		await changeWatchlists(client, allowed.filter((i) => i.action === 'add-to-watchlist' || i.action === 'remove-from-watchlist'), settle);
	}

	const pairedItem = pairedWithAll(this.getInputData().length);
	return plan.items.map((item) => {
		const outcome: Outcome = outcomes.get(item.id) ?? {
			itemId: item.id,
			action: item.action,
			subject: item.subject,
			status: 'skipped',
			message: 'Not approved.',
		};
		return { json: outcome as unknown as IDataObject, pairedItem };
	});
}

type Settle = (item: PlanItem, status: OutcomeStatus, message: string, preservedBy?: Reason[]) => void;

/** Incydr itself refusing a deactivation for a legal hold is a protection the guard could not see: skipped, with why. */
function refusedByHold(item: PlanItem, refusal: string, settle: Settle): void {
	settle(item, 'skipped', `Incydr refused: ${refusal}`, [
		{ code: 'LEGAL_HOLD_CUSTODIAN', message: 'Incydr refused the deactivation because of an active legal hold.', evidence: { refusedBy: 'incydr' } },
	]);
}

async function deactivateUsers(client: IncydrClient, items: PlanItem[], settle: Settle): Promise<void> {
	for (const item of items) {
		try {
			const user = await client.users.get(item.subject.id);
			if (!user.active) {
				settle(item, 'succeeded', `User ${user.username} was already deactivated; nothing changed.`);
				continue;
			}
			await client.users.deactivate(item.subject.id);
			settle(item, 'succeeded', `Deactivated user ${user.username}.`);
		} catch (error) {
			if (error instanceof LegalHoldRefusalError) refusedByHold(item, error.apiMessage ?? error.message, settle);
			else settle(item, 'failed', errorText(error));
		}
	}
}

async function deactivateAgents(client: IncydrClient, items: PlanItem[], settle: Settle): Promise<void> {
	const toDeactivate: PlanItem[] = [];
	// Read after the users: deactivating a user also deactivates their agents, which then need nothing more.
	for (const item of items) {
		try {
			const agent = await client.agents.get(item.subject.id);
			if (agent.active) toDeactivate.push(item);
			else settle(item, 'succeeded', `Agent ${item.subject.name} was already inactive; nothing changed.`);
		} catch (error) {
			settle(item, 'failed', errorText(error));
		}
	}
	if (toDeactivate.length === 0) return;
	let results;
	try {
		results = await client.agents.deactivate(toDeactivate.map((item) => item.subject.id));
	} catch (error) {
		for (const item of toDeactivate) settle(item, 'failed', errorText(error));
		return;
	}
	const byId = new Map(toDeactivate.map((item) => [item.subject.id, item]));
	for (const result of results) {
		const item = byId.get(result.agentId)!;
		if (result.status === 'done') settle(item, 'succeeded', `Deactivated agent ${item.subject.name}.`);
		else if (result.status === 'not-found') settle(item, 'failed', `Incydr has no agent ${result.agentId}.`);
		else if (result.status === 'legal-hold') refusedByHold(item, result.message, settle);
		else settle(item, 'failed', result.message);
	}
}

async function changeWatchlists(client: IncydrClient, items: PlanItem[], settle: Settle): Promise<void> {
	if (items.length === 0) return;
	let watchlists: Watchlist[];
	try {
		watchlists = await client.watchlists.list();
	} catch (error) {
		for (const item of items) settle(item, 'failed', errorText(error));
		return;
	}
	for (const item of items) {
		const adding = item.action === 'add-to-watchlist';
		const wantedId = typeof item.params?.watchlistId === 'string' ? item.params.watchlistId : null;
		const wantedType = typeof item.params?.watchlistType === 'string' ? item.params.watchlistType : 'DEPARTING_EMPLOYEE';
		const watchlist = watchlists
			.filter((w) => (wantedId ? w.watchlistId === wantedId : w.listType === wantedType))
			.sort((a, b) => compareCodeUnits(a.watchlistId, b.watchlistId))[0];
		if (!watchlist) {
			settle(item, 'failed', `The tenant has no ${wantedId ? `watchlist ${wantedId}` : `${wantedType} watchlist`}.`);
			continue;
		}
		try {
			// Watchlists hold actors; a user subject (the analysis had no actors) is found by name, as Incydr names actors.
			const actorId = item.subject.type === 'actor' ? item.subject.id : (await client.actors.byName(item.subject.name)).actorId;
			const memberOf = await client.watchlists.list({ actorId });
			const present = memberOf.some((w) => w.watchlistId === watchlist.watchlistId);
			const label = watchlist.title ?? watchlist.listType;
			if (present === adding) {
				settle(item, 'succeeded', `${item.subject.name} was already ${adding ? 'on' : 'off'} the ${label} watchlist; nothing changed.`);
				continue;
			}
			if (adding) await client.watchlists.addIncludedActors(watchlist.watchlistId, [actorId]);
			else await client.watchlists.removeIncludedActors(watchlist.watchlistId, [actorId]);
			settle(item, 'succeeded', `${adding ? 'Added' : 'Removed'} ${item.subject.name} ${adding ? 'to' : 'from'} the ${label} watchlist.`);
		} catch (error) {
			settle(item, 'failed', error instanceof IncydrApiError ? error.message : errorText(error));
		}
	}
}
