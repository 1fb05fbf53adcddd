import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { createIncydrClient, type IncydrClient } from '@incydr-health/core/incydr/index';
import { incydrBaseUrl } from '../../../Incydr/transport/base-url.js';
import { CREDENTIAL_TYPE, DELEGATION_MARKER, n8nTransport } from '../../../Incydr/transport/n8n-transport.js';

export { CREDENTIAL_TYPE };

/**
 * A core client over the Incydr credential, exactly as the Incydr node builds it: n8n keeps the secret and the
 * token; the core only sees a marker. `retries` bounds how often a 429/5xx is tried again before an item fails.
 */
export async function incydrClientFor(context: IExecuteFunctions, retries: number): Promise<IncydrClient> {
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
		limits: { retry: { maxRetries: retries } },
	});
}
