import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';
import { buildPlan } from '@incydr-health/core/health/plan';
import { planToCsv } from '@incydr-health/core/health/plan-export';
import { compareCodeUnits } from '@incydr-health/core/health/canonical-json';
import { option, pairedWithAll, parseAsOf, readList } from '../shared/inputs.js';
import { proposedFrom, type ProposedInputs } from './plan-inputs.js';

const showFor = { show: { resource: ['plan'], operation: ['buildPlan'] } };
const OPTIONS = 'buildPlanOptions';

export const description: INodeProperties[] = [
	{
		displayName: 'Findings',
		name: 'findings',
		type: 'json',
		required: true,
		default: '={{ $input.all().map(item => item.json) }}',
		description:
			'Findings of an analysis, Preservation Guard results (preserved ones are left out of the plan and counted) or plan items, as a list',
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
				displayName: 'Attach CSV',
				name: 'attachCsv',
				type: 'boolean',
				default: false,
				description: 'Whether to attach the plan as a CSV file (one row per item) in the binary property "plan"',
			},
			{
				displayName: 'Created At',
				name: 'asOf',
				type: 'dateTime',
				default: '',
				description: "The plan's creation time. Empty means now. It is not part of the hash.",
			},
			{
				displayName: 'Plan Kind',
				name: 'kind',
				type: 'string',
				default: '',
				placeholder: 'offboarding',
				description: "Names the analysis behind the plan; part of the hash. Empty: taken from the findings (offboarding, stale-devices, or combined when they mix).",
			},
		],
	},
];

function kindOf(proposed: ProposedInputs, given: string): string {
	if (given.trim() !== '') return given.trim();
	const analyses = [...proposed.analyses];
	if (analyses.length === 1) return analyses[0]!;
	return analyses.length === 0 ? 'plan' : 'combined';
}

function countBy(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareCodeUnits(a, b)));
}

export function planSummary(plan: ActionPlan, proposed: ProposedInputs): IDataObject {
	return {
		items: plan.items.length,
		byAction: countBy(plan.items.map((item) => item.action)),
		byRequiredRole: countBy(plan.items.flatMap((item) => item.requiredRoles)),
		preserved: proposed.preserved.length,
		preservedItemIds: proposed.preserved.map((p) => p.itemId).sort(compareCodeUnits),
		kept: proposed.kept,
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const proposed = proposedFrom(readList.call(this, 'findings', 'Findings'), 'Findings');
	const kind = kindOf(proposed, String(option(this, OPTIONS, 'kind', '')));
	const plan = await buildPlan(kind, proposed.items, parseAsOf(option<unknown>(this, OPTIONS, 'asOf', '')));
	const output: INodeExecutionData = {
		json: { plan, summary: planSummary(plan, proposed) } as unknown as IDataObject,
		pairedItem: pairedWithAll(this.getInputData().length),
	};
	if (option(this, OPTIONS, 'attachCsv', false)) {
		const csv = planToCsv(plan);
		output.binary = {
			plan: await this.helpers.prepareBinaryData(Buffer.from(csv, 'utf8'), `plan-${plan.hash.slice(7, 19)}.csv`, 'text/csv'),
		};
	}
	return [output];
}
