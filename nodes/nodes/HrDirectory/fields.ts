import type { INodeProperties } from 'n8n-workflow';

const forProviders = (...provider: string[]) => ({ show: { provider } });
const forOperations = (...operation: string[]) => ({ show: { operation } });

const provider: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'BambooHR', value: 'bambooHr', description: 'BambooHR REST API with an API key' },
		{ name: 'CSV', value: 'csv', description: 'A CSV export from any HR system, from a file or text' },
		{ name: 'SCIM 2.0', value: 'scim', description: 'Any SCIM 2.0 server that exposes /Users (Entra ID, HiBob, in-house)' },
		{ name: 'Workday', value: 'workday', description: 'A Workday custom report published as a web service (RaaS)' },
	],
	default: 'bambooHr',
	description: 'The HR system to read people from',
};

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Find Person',
			value: 'findPerson',
			action: 'Find a person by email or ID',
			description: 'One person, looked up by work e-mail (aliases included) or by their ID in the HR system',
		},
		{
			name: 'Get Changes Since',
			value: 'getChanges',
			action: 'Get people changed since a date',
			description: 'People whose HR record changed at or after a moment, for incremental runs',
		},
		{
			name: 'Get Many People',
			value: 'getMany',
			action: 'Get many people',
			description: 'Everyone in the HR system, terminated people included, optionally filtered',
		},
	],
	default: 'getMany',
};

const csvFields: INodeProperties[] = [
	{
		displayName: 'CSV Source',
		name: 'csvSource',
		type: 'options',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file in a binary property of the input item (from Read File, HTTP Request, a form…)' },
			{ name: 'Text', value: 'text', description: 'CSV text typed here or taken from an expression' },
		],
		default: 'binary',
		description: 'Where the CSV comes from',
		displayOptions: forProviders('csv'),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The name of the binary property of the input item that holds the CSV file',
		displayOptions: { show: { provider: ['csv'], csvSource: ['binary'] } },
	},
	{
		displayName: 'CSV Text',
		name: 'csvText',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'employee_id,work_email,first_name,last_name,status,termination_date',
		description:
			'The CSV, header first. Required columns: employee_id, work_email (or username), first_name, last_name, status; optional: termination_date, last_day_worked, hire_date, employment_type, department, title, manager_email, other_emails (separated by ;) and more, see the README.',
		displayOptions: { show: { provider: ['csv'], csvSource: ['text'] } },
	},
];

const getManyFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: forOperations('getMany', 'getChanges'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		hint: 'HR systems answer with the whole roster (or every change) in one go; the limit trims what the node outputs',
		displayOptions: { show: { operation: ['getMany', 'getChanges'], returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Applied by the node to the people the provider returns, so they work the same for every provider',
		displayOptions: forOperations('getMany', 'getChanges'),
		options: [
			{
				displayName: 'Department',
				name: 'department',
				type: 'string',
				default: '',
				placeholder: 'Sales',
				description: 'Only people in this department (exact name, case-insensitive)',
			},
			{
				displayName: 'Employment Type',
				name: 'employmentType',
				type: 'multiOptions',
				options: [
					{ name: 'Contractor', value: 'contractor' },
					{ name: 'Employee', value: 'employee' },
					{ name: 'Intern', value: 'intern' },
					{ name: 'Other', value: 'other' },
				],
				default: [],
				description: 'Only people with one of these employment types',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: [
					{ name: 'Active', value: 'active' },
					{ name: 'On Leave', value: 'leave' },
					{ name: 'Pending (Hired, Not Started)', value: 'pending' },
					{ name: 'Terminated', value: 'terminated' },
					{ name: 'Unknown', value: 'unknown' },
				],
				default: [],
				description:
					'Only people with one of these statuses. A future termination date keeps a person Active until the day; SCIM reports inactive users as Terminated with no date.',
			},
		],
	},
];

const getChangesFields: INodeProperties[] = [
	{
		displayName: 'Changed Since',
		name: 'since',
		type: 'dateTime',
		default: '',
		required: true,
		description:
			"People whose record changed at or after this moment. A time without a zone is read in the workflow's time zone. BambooHR asks its change feed (records it deleted are not output); SCIM filters on meta.lastModified, and when the server cannot filter that way the node reads all users and filters itself; Workday RaaS and CSV have no change feed, so the node reads the whole report or file and keeps rows whose last-updated column (Last_Functionally_Updated, last_changed) is at or after the moment, plus rows without one.",
		displayOptions: forOperations('getChanges'),
	},
];

const findPersonFields: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{ name: 'Email', value: 'email', description: 'Work e-mail, or any other work address or alias on the record (case-insensitive)' },
			{ name: 'ID', value: 'id', description: 'The record ID in the HR system (BambooHR ID, Workday Employee_ID, SCIM ID, CSV employee_id)' },
		],
		default: 'email',
		description: 'How to identify the person',
		displayOptions: forOperations('findPerson'),
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'The work e-mail address to look for; a username works too where the source keeps one (SCIM userName, the CSV username column)',
		displayOptions: { show: { operation: ['findPerson'], findBy: ['email'] } },
	},
	{
		displayName: 'Person ID',
		name: 'personId',
		type: 'string',
		default: '',
		required: true,
		description: 'The ID of the record in the HR system',
		displayOptions: { show: { operation: ['findPerson'], findBy: ['id'] } },
	},
	{
		displayName: 'Error If Not Found',
		name: 'errorIfNotFound',
		type: 'boolean',
		default: false,
		description: 'Whether to stop with an error when nobody matches; otherwise the item produces no output',
		displayOptions: forOperations('findPerson'),
	},
];

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'Settings most workflows leave alone: time zone, CSV format, Workday prompts',
	options: [
		{
			displayName: 'Company Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'America/New_York',
			description:
				"The IANA time zone in which today's date is compared with termination dates (a termination dated today counts from midnight there). Empty means the workflow's time zone.",
		},
		{
			displayName: 'CSV Date Format',
			name: 'dateFormat',
			type: 'options',
			options: [
				{ name: 'YYYY-MM-DD Only', value: 'iso' },
				{ name: 'Also MM/DD/YYYY', value: 'mdy' },
				{ name: 'Also DD/MM/YYYY', value: 'dmy' },
			],
			default: 'iso',
			description: 'How to read dates with slashes; the node never guesses the order of day and month',
			displayOptions: { show: { '/provider': ['csv'] } },
		},
		{
			displayName: 'CSV Delimiter',
			name: 'delimiter',
			type: 'options',
			options: [
				{ name: 'Detect From the Header', value: 'auto' },
				{ name: 'Comma', value: ',' },
				{ name: 'Semicolon', value: ';' },
			],
			default: 'auto',
			description: 'The character between fields',
			displayOptions: { show: { '/provider': ['csv'] } },
		},
		{
			displayName: 'Report Prompts',
			name: 'prompts',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			description: "Values for the Workday report's prompts, sent as query parameters (dates as YYYY-MM-DD)",
			displayOptions: { show: { '/provider': ['workday'] } },
			options: [
				{
					displayName: 'Prompt',
					name: 'prompt',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'From_Date', description: "The prompt's alias as the report defines it" },
						{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: '2026-11-01', description: 'The value to send' },
					],
				},
			],
		},
	],
};

export const hrDirectoryProperties: INodeProperties[] = [provider, operation, ...csvFields, ...getManyFields, ...getChangesFields, ...findPersonFields, options];
