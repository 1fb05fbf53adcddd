import type { IExecuteFunctions } from 'n8n-workflow';
import {
	createBambooHrConnector,
	createCsvConnector,
	createScimConnector,
	createWorkdayConnector,
	type DateOrder,
	type HrConnector,
} from '@incydr-health/core/hr/index';
import { DELEGATION_MARKER, n8nTransport } from './n8n-transport.js';

export const PROVIDERS = ['bambooHr', 'workday', 'scim', 'csv'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CREDENTIAL_TYPES = {
	bambooHr: 'incydrHealthBambooHrApi',
	workday: 'incydrHealthWorkdayApi',
	scim: 'incydrHealthScimApi',
} as const satisfies Record<Exclude<Provider, 'csv'>, string>;

export const PROVIDER_LABELS: Record<Provider, string> = {
	bambooHr: 'BambooHR',
	workday: 'Workday',
	scim: 'SCIM 2.0',
	csv: 'CSV',
};

/** A credential value the user must fix in the credential, not in the node. */
export class CredentialSettingError extends Error {
	override readonly name = 'CredentialSettingError';
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

function requireHttpUrl(value: string, what: string): string {
	if (!/^https?:\/\/[^\s/]+/i.test(value)) {
		throw new CredentialSettingError(`${what} must start with http:// or https://, got "${value}"`);
	}
	return value.replace(/\/+$/, '');
}

/** The API root the BambooHR credential points at; the credential's test request computes the same. */
export function bambooHrApiRoot(credentials: { companyDomain?: unknown; baseUrl?: unknown }): string {
	const override = text(credentials.baseUrl);
	if (override) return requireHttpUrl(override, 'The BambooHR credential\'s API Base URL');
	const domain = text(credentials.companyDomain);
	if (!domain) throw new CredentialSettingError('The BambooHR credential has no Company Domain');
	if (!/^[A-Za-z0-9-]+$/.test(domain)) {
		throw new CredentialSettingError(
			`The BambooHR credential's Company Domain "${domain}" should be only the part before .bamboohr.com (letters, digits, dashes)`,
		);
	}
	return `https://api.bamboohr.com/api/gateway.php/${domain}/v1`;
}

/** The report URL the Workday credential points at, with a base URL override replacing its scheme and host. */
export function workdayReportUrl(credentials: { reportUrl?: unknown; baseUrl?: unknown }): string {
	const reportUrl = requireHttpUrl(text(credentials.reportUrl), "The Workday credential's Report URL");
	const override = text(credentials.baseUrl);
	if (!override) return reportUrl;
	return reportUrl.replace(/^https?:\/\/[^/]+/i, requireHttpUrl(override, "The Workday credential's Base URL Override"));
}

export function scimBaseUrl(credentials: { baseUrl?: unknown }): string {
	return requireHttpUrl(text(credentials.baseUrl), "The SCIM credential's Base URL");
}

export interface CsvSettings {
	load: () => Promise<string> | string;
	delimiter?: ',' | ';';
	dateFormat?: DateOrder;
}

export interface ConnectorSettings {
	/** Workday report prompts, sent as query parameters. */
	prompts?: Record<string, string>;
	timeZone?: string;
	csv?: CsvSettings;
}

/**
 * Builds the core connector for a provider. Only the credential's non-secret settings (domain, URLs) are read here;
 * the key, password or token stay inside n8n, which applies them to each request.
 */
export async function connectorFor(context: IExecuteFunctions, provider: Provider, settings: ConnectorSettings): Promise<HrConnector> {
	const timeZone = settings.timeZone;
	switch (provider) {
		case 'bambooHr': {
			const credentials = await context.getCredentials<{ companyDomain?: string; baseUrl?: string }>(CREDENTIAL_TYPES.bambooHr);
			return createBambooHrConnector({
				companyDomain: text(credentials.companyDomain) || 'company',
				apiKey: DELEGATION_MARKER,
				baseUrl: bambooHrApiRoot(credentials),
				transport: n8nTransport(context, CREDENTIAL_TYPES.bambooHr),
				timeZone,
			});
		}
		case 'workday': {
			const credentials = await context.getCredentials<{ reportUrl?: string; baseUrl?: string; username?: string }>(CREDENTIAL_TYPES.workday);
			return createWorkdayConnector({
				reportUrl: workdayReportUrl(credentials),
				username: text(credentials.username) || 'integration-user',
				password: DELEGATION_MARKER,
				prompts: settings.prompts,
				transport: n8nTransport(context, CREDENTIAL_TYPES.workday),
				timeZone,
			});
		}
		case 'scim': {
			const credentials = await context.getCredentials<{ baseUrl?: string }>(CREDENTIAL_TYPES.scim);
			return createScimConnector({
				baseUrl: scimBaseUrl(credentials),
				token: DELEGATION_MARKER,
				transport: n8nTransport(context, CREDENTIAL_TYPES.scim),
				timeZone,
			});
		}
		case 'csv': {
			if (!settings.csv) throw new CredentialSettingError('CSV needs a file or text to read');
			return createCsvConnector({ ...settings.csv, timeZone });
		}
	}
}
