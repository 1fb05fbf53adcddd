import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

// Mirrors workdayReportUrl() in the node's transport: a base URL override replaces the report URL's scheme and host.
const REPORT_URL_EXPRESSION =
	'={{ String($credentials.baseUrl || "").trim() ? String($credentials.reportUrl).trim().replace(/^https?:\\/\\/[^/]+/i, String($credentials.baseUrl).trim().replace(/\\/+$/, "")) : String($credentials.reportUrl).trim() }}';

export class IncydrHealthWorkdayApi implements ICredentialType {
	name = 'incydrHealthWorkdayApi';

	displayName = 'Incydr Health Workday RaaS API';

	icon = { light: 'file:incydrHealthWorkdayApi.svg', dark: 'file:incydrHealthWorkdayApi.dark.svg' } as const;

	documentationUrl = 'https://github.com/incydr-health/incydr-health/tree/main/nodes#hr-directory-credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Report URL',
			name: 'reportUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://wd5-services1.myworkday.com/ccx/service/customreport2/acme/ISU_Incydr/Incydr_Workers',
			description:
				'The REST URL of the custom report, as Workday shows it under the report\'s Actions › Web Service › View URLs. The report needs the columns listed in the Incydr Health README; ?format=json is added for you.',
		},
		{
			displayName: 'Integration User Name',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ISU_Incydr',
			description: 'The Integration System User the report is shared with (user or user@tenant both work)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The integration user's password",
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4012',
			description:
				"Leave empty to call the report URL's own host. Set it to send the same report path to a proxy or the Incydr Health sandbox instead.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.username}}', password: '={{$credentials.password}}' },
			headers: { Accept: 'application/json' },
		},
	};

	// RaaS has no cheaper call than the report itself; running it proves the URL, the user and the report's sharing.
	test: ICredentialTestRequest = {
		request: {
			url: REPORT_URL_EXPRESSION,
			qs: { format: 'json' },
		},
	};
}
