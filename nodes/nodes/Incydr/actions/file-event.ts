import type { INodeProperties } from 'n8n-workflow';
import type { LatestEventSubject } from '@incydr-health/core/incydr/index';
import { readId, readWholeNumber, type Operation } from './common.js';

const SUBJECTS = ['deviceId', 'userId', 'username'] as const;
type SubjectKind = (typeof SUBJECTS)[number];
const SUBJECT_LABELS: Record<SubjectKind, string> = { deviceId: 'Device ID', userId: 'User ID', username: 'Username' };

export const fileEventOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['fileEvent'] } },
	options: [
		{
			name: 'Get Latest Event',
			value: 'getLatest',
			action: 'Get the latest file event',
			description: 'The newest file event of a device, user ID or username within the last N days, or found: false when there is none',
		},
	],
	default: 'getLatest',
};

const show = { show: { resource: ['fileEvent'], operation: ['getLatest'] } };

export const fileEventFields: INodeProperties[] = [
	{
		displayName: 'Subject',
		name: 'subjectType',
		type: 'options',
		options: SUBJECTS.map((value) => ({ name: SUBJECT_LABELS[value], value })),
		default: 'deviceId',
		description: 'Whose file activity to look at: a device (agent) ID, an Incydr user ID, or a username (email)',
		displayOptions: show,
	},
	{
		displayName: 'Subject Value',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		description: 'The device ID, user ID or username, as chosen in Subject',
		displayOptions: show,
	},
	{
		displayName: 'Within Days',
		name: 'withinDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30,
		description: 'How many days back to look for an event',
		displayOptions: show,
	},
];

export const fileEventExecute: Record<string, Operation> = {
	async getLatest(client, i) {
		const kind = this.getNodeParameter('subjectType', i, 'deviceId') as SubjectKind;
		if (!SUBJECTS.includes(kind)) throw new RangeError(`Subject must be one of ${SUBJECTS.join(', ')}, got '${String(kind)}'`);
		const value = readId.call(this, 'subject', SUBJECT_LABELS[kind], i);
		const withinDays = readWholeNumber.call(this, 'withinDays', 'Within Days', i, 30);
		const subject = { [kind]: value } as LatestEventSubject;
		const event = await client.fileEvents.latestEventFor({ ...subject, within: `P${withinDays}D` });
		return [
			{
				[kind]: value,
				withinDays,
				found: event !== null,
				eventTime: event?.['@timestamp'] ?? null,
				event: event === null ? null : { ...event },
			},
		];
	},
};
