import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class IncydrHealthPortalApi implements ICredentialType {
	name = 'incydrHealthPortalApi';

	displayName = 'Incydr Health Portal API';

	icon = { light: 'file:incydrHealthPortalApi.svg', dark: 'file:incydrHealthPortalApi.dark.svg' } as const;

	documentationUrl = 'https://github.com/incydr-health/incydr-health/tree/main/nodes#incydr-health-portal-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Portal URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://approvals.corp.example',
			description: 'Where the Incydr Health approvals portal is reached from n8n (its PORTAL_PUBLIC_URL, or an internal address)',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A token created in the portal under Admin › API tokens (starts with ihp_); give it the scopes the operations you use need',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiToken}}' },
		},
	};

	// GET /api/v1/token changes nothing and answers for a token of any scope, so the test proves URL and token only.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.url).trim().replace(/\\/+$/, "") }}/api/v1',
			url: '/token',
		},
	};
}
