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

	// The custom report the node runs, asked for one field of the records changed after the year 2999: it proves the key,
	// the company domain and the report permission the node needs, and returns nobody. The directory, which n8n's
	// built-in BambooHR credential reads, fails when directory sharing is off although the node would work.
	test: ICredentialTestRequest = {
		request: {
			baseURL: API_ROOT_EXPRESSION,
			url: '/reports/custom',
			method: 'POST',
			qs: { format: 'JSON' },
			headers: { 'Content-Type': 'application/json' },
			body: { title: 'incydr-health-connection-test', fields: ['firstName'], filters: { lastChanged: { includeNull: 'no', value: '2999-01-01T00:00:00Z' } } },
		},
	};
}
