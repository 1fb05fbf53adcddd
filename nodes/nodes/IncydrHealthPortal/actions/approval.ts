import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { portalRequest } from '../transport.js';
import { readJson, readPositiveId, type Operation } from './common.js';

const show = (operation: string[]) => ({ show: { resource: ['approval'], operation } });

export const approvalOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['approval'] } },
	options: [
		{
			name: 'Request',
			value: 'request',
			action: 'Request approval of a plan',
			description: 'Submit a plan to HR and Legal with this execution\'s resume URL; follow with a Wait node (On Webhook Call)',
		},
		{
			name: 'Get Decision',
			value: 'getDecision',
			action: 'Get the decision on a request',
			description: 'Fetch the authoritative decision record: approved and rejected items and who decided',
		},
		{
			name: 'Get Preservation Register',
			value: 'getPreservationRegister',
			action: 'Get the preservation register',
			description: 'Manual holds (in the shape Execute Plan takes) and every subject the portal knows to be protected',
		},
	],
	default: 'request',
};

export const approvalFields: INodeProperties[] = [
	{
		displayName: 'Plan',
		name: 'plan',
		type: 'json',
		default: '={{ $json.plan }}',
		required: true,
		description: 'The action plan exactly as Incydr Health › Build Plan emitted it (with its hash)',
		displayOptions: show(['request']),
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '={{ "Incydr Health: " + $json.plan.kind + " (" + $json.plan.items.length + " items)" }}',
		required: true,
		description: 'Shown to reviewers and in their notification mail; keep names of people out of it',
		displayOptions: show(['request']),
	},
	{
		displayName: 'Resume URL',
		name: 'resumeUrl',
		type: 'string',
		default: '={{ $execution.resumeUrl }}',
		required: true,
		description: 'Where the portal sends the decision: this execution\'s resume URL, which the Wait node after this one listens on',
		displayOptions: show(['request']),
	},
	{
		displayName: 'Stages',
		name: 'stages',
		type: 'multiOptions',
		options: [
			{ name: 'HR', value: 'hr' },
			{ name: 'Legal', value: 'legal' },
		],
		default: [],
		description: 'Which roles decide; leave empty to use the roles the plan items require',
		displayOptions: show(['request']),
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		options: [
			{ name: 'Sequential (HR Then Legal)', value: 'sequential' },
			{ name: 'Parallel', value: 'parallel' },
		],
		default: 'sequential',
		description: 'Whether Legal waits until HR has decided every item, or both decide at once',
		displayOptions: show(['request']),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show(['request']),
		options: [
			{
				displayName: 'Deadline',
				name: 'deadline',
				type: 'dateTime',
				default: '',
				description: 'After this moment the request expires and authorises nothing; match it to the Wait node\'s time limit',
			},
			{
				displayName: 'Run ID',
				name: 'runId',
				type: 'string',
				default: '',
				description: 'The run (from Run › Start) the request belongs to, so the portal links them',
			},
			{
				displayName: 'Requester Email',
				name: 'requesterEmail',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Who hears when the request is decided or expires',
			},
		],
	},
	{
		displayName: 'Request ID',
		name: 'requestId',
		type: 'string',
		default: '={{ $json.body?.requestId }}',
		required: true,
		description: 'The approval request to read; the default reads it from the Wait node\'s output (the body the portal sent)',
		displayOptions: show(['getDecision']),
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Decision Record', value: 'record', description: 'One item: the whole record' },
			{ name: 'One Item per Approved Item', value: 'approvedItems', description: 'One item per approved plan item, with its decisions' },
		],
		default: 'record',
		description: 'What to emit',
		displayOptions: show(['getDecision']),
	},
];

function isoDeadline(context: IExecuteFunctions, value: unknown, itemIndex: number): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = Date.parse(String(value));
	if (Number.isNaN(ms)) throw new NodeOperationError(context.getNode(), `Deadline "${String(value)}" is not a date and time`, { itemIndex });
	return new Date(ms).toISOString();
}

const request: Operation = {
	kind: 'perItem',
	async run(this: IExecuteFunctions, base: string, itemIndex: number) {
		const plan = readJson(this, 'plan', 'Plan', itemIndex);
		if (typeof plan !== 'object' || plan === null || !Array.isArray((plan as IDataObject).items) || typeof (plan as IDataObject).hash !== 'string') {
			throw new NodeOperationError(this.getNode(), 'Plan is not an action plan: it needs items and a hash', {
				itemIndex,
				description: 'Point Plan at the plan Incydr Health › Build Plan emitted, e.g. {{ $json.plan }}.',
			});
		}
		const resumeUrl = String(this.getNodeParameter('resumeUrl', itemIndex, '') ?? '').trim();
		if (resumeUrl === '') {
			throw new NodeOperationError(this.getNode(), 'Resume URL is empty', { itemIndex, description: 'Use {{ $execution.resumeUrl }} and put a Wait node (On Webhook Call) after this node.' });
		}
		const title = String(this.getNodeParameter('title', itemIndex, '') ?? '').trim();
		if (title === '') throw new NodeOperationError(this.getNode(), 'Title is empty', { itemIndex });
		const stages = this.getNodeParameter('stages', itemIndex, []) as string[];
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const runId = extra.runId === undefined || extra.runId === '' ? undefined : Number(extra.runId);
		if (runId !== undefined && (!Number.isSafeInteger(runId) || runId <= 0)) {
			throw new NodeOperationError(this.getNode(), `Run ID must be a positive whole number, got ${JSON.stringify(extra.runId)}`, { itemIndex });
		}
		const body: IDataObject = {
			title,
			plan: plan as IDataObject,
			order: this.getNodeParameter('order', itemIndex, 'sequential') as string,
			resumeUrl,
		};
		if (stages.length > 0) body.stages = stages;
		const deadline = isoDeadline(this, extra.deadline, itemIndex);
		if (deadline) body.deadline = deadline;
		if (runId !== undefined) body.runId = runId;
		if (typeof extra.requesterEmail === 'string' && extra.requesterEmail.trim() !== '') body.requesterEmail = extra.requesterEmail.trim();
		const answer = await portalRequest<IDataObject>(this, base, 'POST', '/approval-requests', itemIndex, body);
		const items = (plan as { items: unknown[] }).items;
		return [{ ...answer, planHash: (plan as IDataObject).hash, items: items.length }];
	},
};

interface DecisionRecord extends IDataObject {
	requestId: number;
	approvedItems: string[];
	items: Array<IDataObject & { id: string }>;
}

const getDecision: Operation = {
	kind: 'perItem',
	async run(this: IExecuteFunctions, base: string, itemIndex: number) {
		const raw = this.getNodeParameter('requestId', itemIndex, '') as unknown;
		if (raw === undefined || raw === null || raw === '') {
			throw new NodeOperationError(this.getNode(), 'Request ID is empty: this item carries no approval request ID', {
				itemIndex,
				description:
					"After a Wait node whose time limit passed, the item has no body (no decision arrived): branch on {{ $json.body?.requestId }} before Get Decision, and act on nothing in the timeout branch.",
			});
		}
		const requestId = readPositiveId(this, 'requestId', 'Request ID', itemIndex);
		const record = await portalRequest<DecisionRecord>(this, base, 'GET', `/approval-requests/${requestId}`, itemIndex);
		if ((this.getNodeParameter('output', itemIndex, 'record') as string) !== 'approvedItems') return [record];
		const approved = new Set(record.approvedItems);
		return record.items
			.filter((item) => approved.has(item.id))
			.map((item) => ({ requestId: record.requestId, status: record.status, planHash: (record.plan as IDataObject | undefined)?.hash ?? null, ...item }));
	},
};

interface Register {
	entries: IDataObject[];
	manualHolds: IDataObject[];
}

const getPreservationRegister: Operation = {
	kind: 'perItem',
	async run(this: IExecuteFunctions, base: string, itemIndex: number) {
		const register = await portalRequest<Register>(this, base, 'GET', '/preservation-register', itemIndex);
		return [{ manualHolds: register.manualHolds, protectedSubjects: register.entries }];
	},
};

export const approvalExecute: Record<string, Operation> = { request, getDecision, getPreservationRegister };
