import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { createIncydrClient, type IncydrClient } from '@incydr-health/core/incydr/index';
import { incydrBaseUrl } from './base-url.js';
import { CREDENTIAL_TYPE, DELEGATION_MARKER, n8nTransport } from './n8n-transport.js';

/**
 * A core client over the Incydr credential, for every node that calls Incydr: n8n keeps the secret and the token;
 * the core only sees a marker, and the transport never lets it ask for a token. `retries`, when given, bounds how
 * often a 429/5xx is tried again before an item fails; otherwise the core's default applies.
 */
export async function incydrClientFor(context: IExecuteFunctions, retries?: number): Promise<IncydrClient> {
	const credentials = await context.getCredentials<{ region?: string; baseUrl?: string; clientId?: string }>(CREDENTIAL_TYPE);
	let baseUrl: string;
	try {
		baseUrl = incydrBaseUrl(credentials);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message);
	}
	return createIncydrClient({
		baseUrl,
		clientId: String(credentials.clientId ?? '').trim() || 'unnamed-api-client',
		clientSecret: DELEGATION_MARKER,
		transport: n8nTransport(context),
		...(retries === undefined ? {} : { limits: { retry: { maxRetries: retries } } }),
	});
}
