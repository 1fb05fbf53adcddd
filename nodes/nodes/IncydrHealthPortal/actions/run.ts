import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { chunks, PORTAL_FINDING_CATEGORIES, toPortalFinding, type PortalFinding, type PortalFindingCategory } from '../findings.js';
import { portalRequest } from '../transport.js';
import { asNodeError, errorItem, readJson, readPositiveId, type Operation } from './common.js';

/** The portal takes at most this many findings per request (portal/src/api-schemas.ts). */
export const MAX_FINDINGS_PER_BATCH = 1000;
/** And at most this many outcomes per request. */
export const MAX_OUTCOMES_PER_REQUEST = 5000;
const OUTCOME_STATUSES = ['succeeded', 'failed', 'skipped'];

const show = (operation: string[]) => ({ show: { resource: ['run'], operation } });

export const runOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['run'] } },
	options: [
		{ name: 'Start', value: 'start', action: 'Start a run in the portal', description: 'Record that this workflow execution started; returns the run ID' },
		{
			name: 'Add Findings',
			value: 'addFindings',
			action: 'Add findings to a run',
			description: 'Send the input items as findings of a run, up to 1,000 per request',
		},
		{
			name: 'Finish',
			value: 'finish',
			action: 'Finish a run',
			description: 'Record how the run ended, and report the outcome of each executed plan item',
		},
	],
	default: 'start',
};

const runIdField = (operation: string): INodeProperties => ({
	displayName: 'Run ID',
	name: 'runId',
	type: 'string',
	default: "={{ $('Start Run').first().json.runId }}",
	required: true,
	description: 'The run ID that Run › Start returned; point the expression at your Start node',
	displayOptions: show([operation]),
});

export const runFields: INodeProperties[] = [
	{
		displayName: 'Workflow Name',
		name: 'workflowName',
		type: 'string',
		default: '={{ $workflow.name }}',
		required: true,
		description: 'Shown in the portal; together with the execution ID it identifies the run, so a retried Start updates the same run',
		displayOptions: show(['start']),
	},
	{
		displayName: 'Execution ID',
		name: 'executionId',
		type: 'string',
		default: '={{ $execution.id }}',
		required: true,
		description: 'The n8n execution this run belongs to',
		displayOptions: show(['start']),
	},
	{
		displayName: 'Trigger',
		name: 'trigger',
		type: 'options',
		options: [
			{ name: 'Manual', value: 'manual' },
			{ name: 'Schedule', value: 'schedule' },
			{ name: 'Webhook', value: 'webhook' },
			{ name: 'Other', value: 'other' },
		],
		default: 'schedule',
		description: 'What started the workflow, shown in the portal',
		displayOptions: show(['start']),
	},
	runIdField('addFindings'),
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		options: [
			{ name: 'From Each Finding', value: 'auto', description: 'Derived from the proposed action and reason codes' },
			{ name: 'Outdated Agent', value: 'outdated-agent' },
			{ name: 'Preserved Subject', value: 'preserved-subject' },
			{ name: 'Stale Agent', value: 'stale-agent' },
			{ name: 'Terminated Active User', value: 'terminated-active-user' },
			{ name: 'Unhealthy Agent', value: 'unhealthy-agent' },
			{ name: 'Unsupported Agent', value: 'unsupported-agent' },
		],
		default: 'auto',
		description: 'The portal category of the findings; leave it to derive each from the finding',
		displayOptions: show(['addFindings']),
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_FINDINGS_PER_BATCH },
		default: MAX_FINDINGS_PER_BATCH,
		description: 'Findings per request (at most 1,000, the portal\'s limit)',
		displayOptions: show(['addFindings']),
	},
	runIdField('finish'),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Succeeded', value: 'succeeded' },
			{ name: 'Failed', value: 'failed' },
			{ name: 'Cancelled', value: 'cancelled' },
		],
		default: 'succeeded',
		description: 'How the run ended',
		displayOptions: show(['finish']),
	},
	{
		displayName: 'Counts',
		name: 'counts',
		type: 'json',
		default: '{}',
		description: 'Figures to show with the run, e.g. {"usersChecked": 1200}; outcome counts are added when outcomes are reported',
		displayOptions: show(['finish']),
	},
	{
		displayName: 'Report Outcomes',
		name: 'reportOutcomes',
		type: 'boolean',
		default: true,
		description: 'Whether to forward the input items (the outcomes Incydr Health › Execute Plan emits) to the approval request',
		displayOptions: show(['finish']),
	},
	{
		displayName: 'Approval Request ID',
		name: 'requestId',
		type: 'string',
		default: "={{ $('Request Approval').first().json.requestId }}",
		required: true,
		description: 'The request the outcomes belong to; point the expression at your Request Approval node',
		displayOptions: { show: { resource: ['run'], operation: ['finish'], reportOutcomes: [true] } },
	},
];

const start: Operation = {
	kind: 'perItem',
	async run(this: IExecuteFunctions, base: string, itemIndex: number) {
		const text = (name: string, label: string) => {
			const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
			if (value === '') throw new NodeOperationError(this.getNode(), `${label} is empty`, { itemIndex });
			return value;
		};
		const answer = await portalRequest<{ run: IDataObject & { id: number }; created: boolean }>(this, base, 'POST', '/runs', itemIndex, {
			workflow: text('workflowName', 'Workflow Name'),
			executionId: text('executionId', 'Execution ID'),
			trigger: this.getNodeParameter('trigger', itemIndex, 'schedule') as string,
			status: 'running',
			startedAt: new Date().toISOString(),
		});
		return [{ runId: answer.run.id, created: answer.created, run: answer.run }];
	},
};

const addFindings: Operation = {
	kind: 'allItems',
	async run(this: IExecuteFunctions, base: string) {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		// Items are grouped by run (the Run ID may differ per item), then sent in batches; each batch's output item
		// is paired with the items it carried.
		const byRun = new Map<number, { finding: PortalFinding; index: number }[]>();
		for (let i = 0; i < items.length; i++) {
			try {
				const runId = readPositiveId(this, 'runId', 'Run ID', i);
				const category = this.getNodeParameter('category', i, 'auto') as PortalFindingCategory | 'auto';
				if (category !== 'auto' && !PORTAL_FINDING_CATEGORIES.includes(category)) {
					throw new NodeOperationError(this.getNode(), `Category "${String(category)}" is not a portal category`, { itemIndex: i });
				}
				const mapped = toPortalFinding(items[i]!.json, category === 'auto' ? null : category);
				if (!mapped.ok) {
					throw new NodeOperationError(this.getNode(), `Item ${i} cannot be sent as a finding: ${mapped.problem}`, { itemIndex: i });
				}
				const group = byRun.get(runId) ?? [];
				group.push({ finding: mapped.finding, index: i });
				byRun.set(runId, group);
			} catch (error) {
				const failure = asNodeError(this, error, `Item ${i}`, i);
				if (!this.continueOnFail()) throw failure;
				output.push(errorItem(failure, i));
			}
		}
		const batchSize = this.getNodeParameter('batchSize', 0, MAX_FINDINGS_PER_BATCH) as number;
		if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_FINDINGS_PER_BATCH) {
			throw new NodeOperationError(this.getNode(), `Batch Size must be a whole number from 1 to ${MAX_FINDINGS_PER_BATCH}, got ${String(batchSize)}`);
		}
		for (const [runId, group] of byRun) {
			const batches = chunks(group, batchSize);
			for (let b = 0; b < batches.length; b++) {
				const batch = batches[b]!;
				const indexes = batch.map((entry) => entry.index);
				try {
					const answer = await portalRequest<{ added: number; skipped: number }>(this, base, 'POST', `/runs/${runId}/findings`, indexes[0]!, {
						findings: batch.map((entry) => entry.finding) as unknown as IDataObject[],
					} as IDataObject);
					output.push({
						json: { runId, batch: b + 1, batches: batches.length, sent: batch.length, added: answer.added, skipped: answer.skipped },
						pairedItem: indexes.map((item) => ({ item })),
					});
				} catch (error) {
					const failure = asNodeError(this, error, `Findings batch ${b + 1}`, indexes[0]);
					if (!this.continueOnFail()) throw failure;
					output.push(errorItem(failure, indexes));
				}
			}
		}
		return output;
	},
};

interface Outcome {
	itemId: string;
	status: string;
	message: string | null;
}

function readOutcome(context: IExecuteFunctions, json: IDataObject, itemIndex: number): Outcome {
	const { itemId, status, message } = json;
	if (typeof itemId !== 'string' || itemId === '' || typeof status !== 'string' || !OUTCOME_STATUSES.includes(status)) {
		throw new NodeOperationError(
			context.getNode(),
			`Item ${itemIndex} is not a plan item outcome: it needs an itemId and a status of succeeded, failed or skipped`,
			{ itemIndex, description: 'Connect Finish after Incydr Health › Execute Plan, or turn off Report Outcomes.' },
		);
	}
	return { itemId, status, message: typeof message === 'string' ? message.slice(0, 2000) : null };
}

const finish: Operation = {
	kind: 'allItems',
	async run(this: IExecuteFunctions, base: string) {
		const items = this.getInputData();
		const all = items.map((_, i) => i);
		try {
			const runId = readPositiveId(this, 'runId', 'Run ID', 0);
			const counts = readJson(this, 'counts', 'Counts', 0) ?? {};
			if (typeof counts !== 'object' || counts === null || Array.isArray(counts) || Object.values(counts).some((v) => !Number.isInteger(v) || (v as number) < 0)) {
				throw new NodeOperationError(this.getNode(), 'Counts must be a JSON object of whole numbers, e.g. {"usersChecked": 1200}');
			}
			const figures = { ...(counts as Record<string, number>) };
			let reported: IDataObject | undefined;
			if (this.getNodeParameter('reportOutcomes', 0, true) as boolean) {
				const requestId = readPositiveId(this, 'requestId', 'Approval Request ID', 0);
				const outcomes = items.map((item, i) => readOutcome(this, item.json, i));
				let recorded = 0;
				for (const part of chunks(outcomes, MAX_OUTCOMES_PER_REQUEST)) {
					const answer = await portalRequest<{ recorded: number }>(this, base, 'POST', `/approval-requests/${requestId}/outcomes`, 0, {
						outcomes: part as unknown as IDataObject[],
					} as IDataObject);
					recorded += answer.recorded;
				}
				for (const status of OUTCOME_STATUSES) figures[`outcomes.${status}`] = outcomes.filter((o) => o.status === status).length;
				reported = { requestId, reported: outcomes.length, recorded };
			}
			const status = this.getNodeParameter('status', 0, 'succeeded') as string;
			const answer = await portalRequest<{ run: IDataObject }>(this, base, 'PATCH', `/runs/${runId}`, 0, {
				status,
				finishedAt: new Date().toISOString(),
				counts: figures,
			});
			return [{ json: { runId, status, counts: figures, ...(reported ? { outcomes: reported } : {}), run: answer.run }, pairedItem: all.map((item) => ({ item })) }];
		} catch (error) {
			const failure = asNodeError(this, error, 'Finish');
			if (!this.continueOnFail()) throw failure;
			return [errorItem(failure, all)];
		}
	},
};

export const runExecute: Record<string, Operation> = { start, addFindings, finish };
