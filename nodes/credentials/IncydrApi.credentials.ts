import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';
import { INCYDR_REGIONS } from '@incydr-health/core/incydr/regions';
import { CUSTOM_REGION, incydrBaseUrl } from '../nodes/Incydr/transport/base-url.js';

const REGION_LABELS: Record<keyof typeof INCYDR_REGIONS, string> = {
	us: 'US (console.us.code42.com)',
	us2: 'US2 (console.us2.code42.com)',
	ie: 'Ireland / EU (console.ie.code42.com)',
	gov: 'US Government (console.gov.code42.com)',
};

// n8n evaluates this expression for the connection test; it mirrors incydrBaseUrl() for the valid cases.
const BASE_URL_EXPRESSION = `={{ $credentials.region === "${CUSTOM_REGION}" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ${JSON.stringify(INCYDR_REGIONS)}[$credentials.region] }}`;

export class IncydrApi implements ICredentialType {
	name = 'incydrApi';

	displayName = 'Incydr API';

	icon = { light: 'file:incydrApi.svg', dark: 'file:incydrApi.dark.svg' } as const;

	documentationUrl = 'https://github.com/incydr-health/incydr-health/tree/main/nodes#readme';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				...Object.entries(REGION_LABELS).map(([value, name]) => ({ name, value })),
				{ name: 'Custom Base URL', value: CUSTOM_REGION },
			],
			default: 'us',
			description: 'Where the Incydr tenant lives; the console address tells you (e.g. console.us2.code42.com is US2)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010',
			description: 'The API gateway to use instead of a region, such as a proxy or the Incydr Health sandbox',
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The API client ID from the Incydr console (Administration › Integrations › API Clients)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The secret shown once when the API client was created',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/** Exchanges the client id and secret for a bearer token; n8n calls it when the token is empty or refused. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const url = `${incydrBaseUrl(credentials)}/v1/oauth`;
		let answer: unknown;
		try {
			answer = await this.helpers.httpRequest({
				method: 'POST',
				url,
				auth: { username: String(credentials.clientId ?? ''), password: String(credentials.clientSecret ?? '') },
				json: true,
			});
		} catch (error) {
			// The underlying error carries the request (and so the basic-auth secret); only its status goes on.
			const status = (error as { response?: { status?: number }; httpCode?: string }).response?.status ??
				(error as { httpCode?: string }).httpCode;
			throw new Error(
				status === 401 || status === '401'
					? `Incydr refused the client ID and secret (POST ${url} answered 401)`
					: `Could not get an Incydr token from POST ${url}${status ? ` (HTTP ${status})` : ''}`,
			);
		}
		const token = (answer as { access_token?: unknown } | undefined)?.access_token;
		if (typeof token !== 'string' || token === '') {
			throw new Error(`POST ${url} did not answer with an access_token; is the base URL an Incydr API gateway?`);
		}
		return { sessionToken: token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.sessionToken}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v1/users',
			qs: { pageSize: 1 },
		},
	};
}
