import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

// Mirrors bambooHrApiRoot() in the node's transport: an explicit API root wins, else BambooHR's gateway for the domain.
const API_ROOT_EXPRESSION =
	'={{ String($credentials.baseUrl || "").trim() ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : "https://api.bamboohr.com/api/gateway.php/" + encodeURIComponent(String($credentials.companyDomain).trim()) + "/v1" }}';

export class IncydrHealthBambooHrApi implements ICredentialType {
	name = 'incydrHealthBambooHrApi';

	displayName = 'Incydr Health BambooHR API';

	icon = { light: 'file:incydrHealthBambooHrApi.svg', dark: 'file:incydrHealthBambooHrApi.dark.svg' } as const;

	documentationUrl = 'https://github.com/incydr-health/incydr-health/tree/main/nodes#hr-directory-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Company Domain',
			name: 'companyDomain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description: 'The part before .bamboohr.com in your BambooHR address (acme for https://acme.bamboohr.com)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API key created in BambooHR under your account menu › API Keys; it reads what its owner may see, so the owner needs access to every employee, terminated ones included',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4011/api/v1',
			description:
				'Leave empty for BambooHR itself. Set it to reach BambooHR through a proxy or the Incydr Health sandbox: the API root up to and including /v1.',
		},
	];

	// BambooHR takes the key as the basic-auth user name; the password is ignored, everyone sends "x".
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiKey}}', password: 'x' },
			headers: { Accept: 'application/json' },
		},
	};

	// The change feed with a recent "since" is BambooHR's cheapest authenticated read: ids only, usually none. Unlike
	// the directory, it works when directory sharing is off, as the node itself does.
	test: ICredentialTestRequest = {
		request: {
			baseURL: API_ROOT_EXPRESSION,
			url: '/employees/changed',
			qs: { since: '={{ $now.toUTC().minus({ minutes: 5 }).startOf("second").toISO({ suppressMilliseconds: true }) }}' },
		},
	};
}
