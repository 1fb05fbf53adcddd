import type { IExecuteFunctions } from 'n8n-workflow';
import type { Transport } from '@incydr-health/core/hr/index';
import { delegatedRequestOptions, sendAuthenticated } from '../../shared/authenticated-transport.js';

export { DELEGATION_MARKER } from '../../shared/authenticated-transport.js';

/**
 * A core Transport over n8n's authenticated HTTP helper: one request per call, no retries of its own (the core's
 * executor retries); the credential's `authenticate` supplies the secret.
 */
export function n8nTransport(context: IExecuteFunctions, credentialType: string): Transport {
	return async (request) => await sendAuthenticated(context, credentialType, delegatedRequestOptions(request));
}
