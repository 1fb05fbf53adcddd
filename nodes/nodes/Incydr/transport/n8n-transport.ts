import type { IExecuteFunctions } from 'n8n-workflow';
import type { Transport } from '@incydr-health/core/incydr/index';
import { DELEGATION_MARKER, delegatedRequestOptions, sendAuthenticated, textResponse } from '../../shared/authenticated-transport.js';

export { DELEGATION_MARKER } from '../../shared/authenticated-transport.js';

export const CREDENTIAL_TYPE = 'incydrApi';

/**
 * The core client asks `/v1/oauth` for a token before each first call. In n8n the credential owns the token (its
 * preAuthentication fetches it, n8n stores and refreshes it), so that request is answered here without leaving the
 * process, and the bearer the core then sends is replaced by the credential's own in `authenticate`.
 */
const TOKEN_PATH = /\/v1\/oauth$/;

const DELEGATED_TOKEN_RESPONSE = JSON.stringify({
	access_token: DELEGATION_MARKER,
	token_type: 'bearer',
	expires_in: 86_400,
});

/** A core Transport over n8n's authenticated HTTP helper: one request per call, no retries of its own. */
export function n8nTransport(context: IExecuteFunctions): Transport {
	return async (request) => {
		if (request.method === 'POST' && TOKEN_PATH.test(new URL(request.url).pathname)) {
			return textResponse(200, DELEGATED_TOKEN_RESPONSE);
		}
		const options = delegatedRequestOptions(request);
		const first = await sendAuthenticated(context, CREDENTIAL_TYPE, options);
		if (first.status !== 401) return first;
		// A refused token: only an erroring request makes n8n refresh the credential's token and try once more.
		return await sendAuthenticated(context, CREDENTIAL_TYPE, { ...options, ignoreHttpStatusErrors: false });
	};
}
