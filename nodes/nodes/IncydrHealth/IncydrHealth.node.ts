import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import * as classifyVersionWindow from './actions/agent/classifyVersionWindow.operation.js';
import * as triageStaleDevices from './actions/agent/triageStaleDevices.operation.js';
import * as crossCheck from './actions/offboarding/crossCheck.operation.js';
import * as buildPlan from './actions/plan/buildPlan.operation.js';
import * as executePlan from './actions/plan/executePlan.operation.js';
import * as preservationGuard from './actions/plan/preservationGuard.operation.js';
import { CREDENTIAL_TYPE } from '../Incydr/transport/n8n-transport.js';
import { toNodeOperationError } from './actions/shared/inputs.js';

type WholeInputOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/** Operations that judge the whole input at once (a tenant, a plan) rather than item by item. */
const WHOLE_INPUT: Record<string, Record<string, WholeInputOperation>> = {
	agent: { triageStaleDevices: triageStaleDevices.execute },
	offboarding: { crossCheck: crossCheck.execute },
	plan: {
		preservationGuard: preservationGuard.execute,
		buildPlan: buildPlan.execute,
		executePlan: executePlan.execute,
	},
};

export class IncydrHealth implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Incydr Health',
		name: 'incydrHealth',
		icon: { light: 'file:incydrHealth.svg', dark: 'file:incydrHealth.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Checks the health of a Code42 Incydr tenant against HR: offboarding cross-check, stale-device triage, preservation guard, and approved action plans',
		defaults: { name: 'Incydr Health' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// One entry per credential type: n8n looks a node's credential up by name and checks only the first match.
		credentials: [
			{
				name: CREDENTIAL_TYPE,
				required: true,
				displayOptions: { show: { operation: ['executePlan', 'preservationGuard'] }, hide: { signalSource: ['input'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Offboarding', value: 'offboarding' },
					{ name: 'Plan', value: 'plan' },
				],
				default: 'agent',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['agent'] } },
				options: [
					{
						name: 'Classify Version Window',
						value: 'classifyVersionWindow',
						action: 'Classify agent versions against the supported window',
						description:
							'Mark each agent version as current, outdated (still supported), unsupported or ahead of the current release',
					},
					{
						name: 'Stale-Device Triage',
						value: 'triageStaleDevices',
						action: 'Triage stale and unhealthy agents',
						description:
							'One finding per agent that needs attention: deactivate, upgrade, troubleshoot (with a route) or snooze, with reason codes and evidence',
					},
				],
				default: 'classifyVersionWindow',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['offboarding'] } },
				options: [
					{
						name: 'Offboarding Cross-Check',
						value: 'crossCheck',
						action: 'Check leavers in the HR directory against users and agents',
						description:
							'One finding per user or agent: terminated but active, on leave, departing, no HR record, ambiguous identity… with reason codes and evidence',
					},
				],
				default: 'crossCheck',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['plan'] } },
				options: [
					{
						name: 'Build Plan',
						value: 'buildPlan',
						action: 'Build the frozen action plan from findings',
						description: 'One item with the plan (sorted items, approval roles, content hash) and a summary; this is the dry-run',
					},
					{
						name: 'Execute Plan',
						value: 'executePlan',
						action: 'Execute the approved items of a plan',
						description:
							'Checks the plan hash, runs the preservation guard against the live tenant, and performs only approved, unprotected items; one outcome per plan item',
					},
					{
						name: 'Preservation Guard',
						value: 'preservationGuard',
						action: 'Split proposed items into allowed and preserved',
						description:
							'Stops deactivations of anyone under legal hold, subject of an open case, on the departing watchlist or under a manual hold, with every reason',
					},
				],
				default: 'buildPlan',
			},
			...classifyVersionWindow.description,
			...triageStaleDevices.description,
			...crossCheck.description,
			...preservationGuard.description,
			...buildPlan.description,
			...executePlan.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource === 'agent' && operation === 'classifyVersionWindow') {
			return [await classifyVersionWindow.execute.call(this, items)];
		}
		const run = WHOLE_INPUT[resource]?.[operation];
		if (!run) {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known for resource "${resource}"`);
		}
		try {
			return [await run.call(this)];
		} catch (error) {
			const failure = toNodeOperationError.call(this, error);
			if (!this.continueOnFail()) throw failure;
			return [[{ json: { error: failure.message }, pairedItem: items.map((_, item) => ({ item })) }]];
		}
	}
}
