import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class IncydrHealthScimApi implements ICredentialType {
	name = 'incydrHealthScimApi';

	displayName = 'Incydr Health SCIM 2.0 API';

	icon = { light: 'file:incydrHealthScimApi.svg', dark: 'file:incydrHealthScimApi.dark.svg' } as const;

	documentationUrl = 'https://github.com/incydr-health/incydr-health/tree/main/nodes#hr-directory-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://graph.microsoft.com/rp/scim',
			description: 'The SCIM service root, without /Users at the end',
		},
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A token allowed to read Users; it is sent as "Authorization: Bearer <token>"',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}', Accept: 'application/scim+json, application/json' },
		},
	};

	// One user from the Users endpoint: proves the base URL, the token and its right to read Users.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).trim().replace(/\\/+$/, "") }}',
			url: '/Users',
			qs: { startIndex: 1, count: 1 },
		},
	};
}
